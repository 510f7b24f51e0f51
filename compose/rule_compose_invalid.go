package compose

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
	"go.yaml.in/yaml/v3"
)

// ruleComposeInvalid loads the file with compose-go, the loader Docker
// Compose itself uses, and turns its error into a finding at the entry it
// names.
var ruleComposeInvalid = LintRule{
	Name:    "compose-invalid",
	Summary: "docker compose would reject the file (schema, types, references)",
	check: func(p *lintProject, r *lintReporter) {
		if k, _ := yGet(p.root, "version"); k != nil {
			r.infof(lintPosOf(k), "delete the line: Compose v2 ignores it and prints a warning",
				"the top-level version attribute is obsolete")
		}
		err := lintComposeLoad(p, p.src)
		if err != nil && strings.Contains(err.Error(), "depends on undefined service") {
			// Rule depends-on reports every such entry; load the file
			// again without them so that the next problem shows.
			err = nil
			if pruned := p.withoutUndefinedDeps(); pruned != nil {
				err = lintComposeLoad(p, pruned)
			}
			if err != nil && strings.Contains(err.Error(), "depends on undefined service") {
				return
			}
		}
		if err == nil {
			return
		}
		pos, msg, hint := p.locateComposeError(err.Error())
		r.errorf(pos, hint, "%s", msg)
	},
}

var lintLogrusOnce sync.Once

// lintComposeLoad runs compose-go's loader over src. Every ${VAR} is
// looked up as "1": the linter must not fail on unset variables, and "1"
// is a valid value for the typed fields (ports, counts, booleans) where an
// empty string would not be.
func lintComposeLoad(p *lintProject, src []byte) (err error) {
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
		ConfigFiles: []types.ConfigFile{{Filename: p.file, Content: src}},
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

// withoutUndefinedDeps returns the file with every depends_on entry that
// names no service removed, or nil when it cannot be rewritten.
func (p *lintProject) withoutUndefinedDeps() []byte {
	var doc yaml.Node
	if yaml.Unmarshal(p.src, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	_, svcs := yGet(doc.Content[0], "services")
	for _, pr := range yPairs(svcs) {
		_, deps := yGet(pr.value, "depends_on")
		if deps == nil {
			continue
		}
		var keep []*yaml.Node
		switch deps.Kind {
		case yaml.SequenceNode:
			for _, it := range deps.Content {
				if v, ok := yScalar(it); !ok || p.byName[v] != nil {
					keep = append(keep, it)
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(deps.Content); i += 2 {
				if p.byName[deps.Content[i].Value] != nil || deps.Content[i].Value == "<<" {
					keep = append(keep, deps.Content[i], deps.Content[i+1])
				}
			}
		}
		deps.Content = keep
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return nil
	}
	return out
}

var (
	lintComposePath    = regexp.MustCompile(`(?:^|\s)((?:services|volumes|networks|configs|secrets|include|name|version|x-[^.\s]*)(?:\.[^\s:]+)*)`)
	lintComposeService = regexp.MustCompile(`service "?([^"\s]+)"?`)
	lintComposeRef     = regexp.MustCompile(`undefined (network|volume|config|secret|model) "?([^":\s]+)"?`)
	lintComposeQuoted  = regexp.MustCompile(`parsing "([^"]*)"`)
	lintComposeExtra   = regexp.MustCompile(`^(\S*)\s*additional properties '([^']+)' not allowed$`)
	lintComposeFalse   = regexp.MustCompile(`^(\S+)\.([^.\s]+) false schema$`)
	lintComposeYAMLAt  = regexp.MustCompile(`line (\d+): [^l]`)
)

// locateComposeError finds the entry a compose-go error names, and returns
// its position, the message without compose-go's prefixes, and a hint.
func (p *lintProject) locateComposeError(msg string) (lintPos, string, string) {
	for _, prefix := range []string{"validating " + p.file + ": ", "failed to parse " + p.file + ": "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ": invalid compose project")
	if strings.HasPrefix(msg, "yaml:") {
		// A YAML problem yaml v3 let through, such as a duplicate key.
		line := 1
		if all := lintComposeYAMLAt.FindAllStringSubmatch(msg, -1); len(all) > 0 {
			line, _ = strconv.Atoi(all[len(all)-1][1])
		}
		clean := msg
		if i := strings.LastIndex(msg, "line "+strconv.Itoa(line)+": "); i >= 0 {
			clean = msg[i+len("line "+strconv.Itoa(line)+": "):]
		}
		return lintPos{line, 1}, "invalid YAML: " + clean, "each key may appear once per mapping: merge the two entries"
	}
	if m := lintComposeExtra.FindStringSubmatch(msg); m != nil {
		return p.unknownComposeKey(m[1], m[2])
	}
	if m := lintComposeFalse.FindStringSubmatch(msg); m != nil {
		return p.unknownComposeKey(m[1], m[2])
	}
	if m := lintComposeRef.FindStringSubmatch(msg); m != nil {
		if sm := lintComposeService.FindStringSubmatch(msg); sm != nil {
			if s := p.byName[sm[1]]; s != nil {
				return p.locateRef(s, m[1], m[2]), msg, lintComposeHint(msg)
			}
		}
	}
	if m := lintComposePath.FindStringSubmatch(msg); m != nil && p.root != nil {
		want := ""
		if q := lintComposeQuoted.FindStringSubmatch(msg); q != nil {
			want = q[1]
		}
		if n := yNodeAtPath(p.root, lintSplitPath(p.root, m[1]), want); n != nil && n != p.root {
			return lintPosOf(n), msg, lintComposeHint(msg)
		}
	}
	if sm := lintComposeService.FindStringSubmatch(msg); sm != nil {
		if s := p.byName[sm[1]]; s != nil {
			return lintPosOf(s.key), msg, lintComposeHint(msg)
		}
	}
	return lintPos{1, 1}, msg, lintComposeHint(msg)
}

// unknownComposeKey reports a key the Compose specification does not have,
// with the nearest key it does.
func (p *lintProject) unknownComposeKey(parent, key string) (lintPos, string, string) {
	where := "at the top level"
	n := p.root
	if parent != "" {
		where = "in " + parent
		n = yValueAtPath(p.root, lintSplitPath(p.root, parent))
	}
	pos := lintPos{1, 1}
	if k, _ := yGet(n, key); k != nil {
		pos = lintPosOf(k)
	}
	hint := "check the key against the Compose specification (https://docs.docker.com/reference/compose-file/)"
	if near := lintNearest(key, lintComposeKeys()); near != "" {
		hint = "did you mean " + near + "?"
	}
	return pos, fmt.Sprintf("unknown key %s %s: the Compose specification has no such key", key, where), hint
}

var (
	lintComposeKeysOnce sync.Once
	lintComposeKeyList  []string
)

// lintComposeKeys returns every property name the Compose specification
// defines, for suggestions.
func lintComposeKeys() []string {
	lintComposeKeysOnce.Do(func() {
		var spec any
		if json.Unmarshal([]byte(schema.Schema), &spec) != nil {
			return
		}
		seen := map[string]bool{}
		var walk func(v any)
		walk = func(v any) {
			switch t := v.(type) {
			case map[string]any:
				if props, ok := t["properties"].(map[string]any); ok {
					for k := range props {
						if !seen[k] {
							seen[k] = true
							lintComposeKeyList = append(lintComposeKeyList, k)
						}
					}
				}
				for _, c := range t {
					walk(c)
				}
			case []any:
				for _, c := range t {
					walk(c)
				}
			}
		}
		walk(spec)
		sort.Strings(lintComposeKeyList)
	})
	return lintComposeKeyList
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
