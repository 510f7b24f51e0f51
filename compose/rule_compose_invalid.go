package compose

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// ruleComposeInvalid loads the file with compose-go, the loader Docker
// Compose itself uses, and turns its error into a finding at the entry it
// names.
var ruleComposeInvalid = LintRule{
	Name:    "compose-invalid",
	Summary: "docker compose would reject the file (schema, types, references)",
	check: func(p *lintProject, r *lintReporter) {
		if _, v := yGet(p.root, "version"); v != nil {
			k, _ := yGet(p.root, "version")
			r.infof(lintPosOf(k), "delete the line: Compose v2 ignores it and prints a warning",
				"the top-level version attribute is obsolete")
		}
		err := lintComposeLoad(p)
		if err == nil {
			return
		}
		msg := err.Error()
		if strings.Contains(msg, "depends on undefined service") {
			return // rule depends-on reports every one of them
		}
		pos, msg := p.locateComposeError(msg)
		r.errorf(pos, lintComposeHint(msg), "%s", msg)
	},
}

var lintLogrusOnce sync.Once

// lintComposeLoad runs compose-go's loader over the file. Every ${VAR} is
// looked up as "1": the linter must not fail on unset variables, and "1"
// is a valid value for the typed fields (ports, counts, booleans) where an
// empty string would not be.
func lintComposeLoad(p *lintProject) (err error) {
	lintLogrusOnce.Do(func() {
		// compose-go reports deprecations through logrus, which kafkit
		// does not otherwise use; the linter reports what matters as
		// findings instead of stray lines on stderr.
		logrus.SetOutput(io.Discard)
	})
	defer func() {
		if rec := recover(); rec != nil {
			err = fmt.Errorf("compose-go could not load the file: %v", rec)
		}
	}()
	details := types.ConfigDetails{
		WorkingDir:  p.dir,
		ConfigFiles: []types.ConfigFile{{Filename: p.file, Content: p.src}},
		Environment: types.Mapping{},
	}
	_, err = loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("kafkit-lint", true)
		o.SkipResolveEnvironment = true
		o.SkipResolveLabels = true
		o.ResolvePaths = false
		o.Interpolate.LookupValue = func(string) (string, bool) { return "1", true }
	})
	return err
}

var (
	lintComposePath    = regexp.MustCompile(`(?:^|\s)((?:services|volumes|networks|configs|secrets|include|name|version|x-[^.\s]*)(?:\.[^\s:]+)*)`)
	lintComposeService = regexp.MustCompile(`service "?([^"\s]+)"?`)
	lintComposeRef     = regexp.MustCompile(`undefined (network|volume|config|secret|model) "?([^":\s]+)"?`)
	lintComposeQuoted  = regexp.MustCompile(`parsing "([^"]*)"`)
)

// locateComposeError finds the entry a compose-go error names and returns
// the message without compose-go's file-name prefixes.
func (p *lintProject) locateComposeError(msg string) (lintPos, string) {
	for _, prefix := range []string{"validating " + p.file + ": ", "failed to parse " + p.file + ": "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	msg = strings.TrimSuffix(msg, ": invalid compose project")
	if m := lintYAMLLine.FindStringSubmatch(msg); m != nil && strings.HasPrefix(msg, "yaml:") {
		line, clean := lintYAMLError(msg)
		return lintPos{line, 1}, "invalid YAML: " + clean
	}
	if m := lintComposeRef.FindStringSubmatch(msg); m != nil {
		if sm := lintComposeService.FindStringSubmatch(msg); sm != nil {
			if s := p.byName[sm[1]]; s != nil {
				return p.locateRef(s, m[1], m[2]), msg
			}
		}
	}
	if m := lintComposePath.FindStringSubmatch(msg); m != nil && p.root != nil {
		want := ""
		if q := lintComposeQuoted.FindStringSubmatch(msg); q != nil {
			want = q[1]
		}
		if n := yNodeAtPath(p.root, lintSplitPath(p.root, m[1]), want); n != nil && n != p.root {
			return lintPosOf(n), msg
		}
	}
	if sm := lintComposeService.FindStringSubmatch(msg); sm != nil {
		if s := p.byName[sm[1]]; s != nil {
			return lintPosOf(s.key), msg
		}
	}
	return lintPos{1, 1}, msg
}

// locateRef finds where service s refers to an undefined network, volume,
// config or secret.
func (p *lintProject) locateRef(s *lintService, kind, name string) lintPos {
	key := map[string]string{"network": "networks", "volume": "volumes", "config": "configs", "secret": "secrets", "model": "models"}[kind]
	k, v := yGet(s.node, key)
	for _, it := range ySeq(v) {
		if str, ok := yScalar(it); ok {
			src, _, _ := strings.Cut(str, ":")
			if src == name {
				return lintPosOf(it)
			}
			continue
		}
		if _, sv := yGet(it, "source"); sv != nil && sv.Value == name {
			return lintPosOf(it)
		}
	}
	for _, pr := range yPairs(v) {
		if pr.key.Value == name {
			return lintPosOf(pr.key)
		}
	}
	if k != nil {
		return lintPosOf(k)
	}
	return lintPosOf(s.key)
}

func lintComposeHint(msg string) string {
	switch {
	case strings.Contains(msg, "additional properties"):
		return "check the spelling of the key against the Compose specification (https://docs.docker.com/reference/compose-file/)"
	case strings.Contains(msg, "undefined volume"):
		return "declare the named volume under the top-level volumes: key, or use a path (./dir) for a bind mount"
	case strings.Contains(msg, "undefined network"):
		return "declare the network under the top-level networks: key"
	case strings.Contains(msg, "undefined config"), strings.Contains(msg, "undefined secret"):
		return "declare it under the top-level configs: or secrets: key"
	case strings.Contains(msg, "must be a"):
		return "write the value in the form the Compose specification expects for this key"
	case strings.Contains(msg, "neither an image nor a build"):
		return "add image: (or build:) to the service"
	}
	return "docker compose refuses the file until this is fixed"
}
