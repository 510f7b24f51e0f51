package lint

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

// composeResult is what compose-go says about a file.
type composeResult struct {
	// alias is an alias used inside the node it refers to; tooBig says
	// the aliases expand beyond compose-go's limit. compose-go is not run
	// on such files: it takes seconds to give up on them.
	alias  *yaml.Node
	tooBig bool
	err    error
}

// startCompose runs compose-go over the file in the background, so that it
// overlaps with the linter's own rules; rule compose-invalid waits for it.
func (p *project) startCompose() {
	p.composeDone = make(chan struct{})
	go func() {
		defer close(p.composeDone)
		defer func() {
			if rec := recover(); rec != nil {
				p.compose = composeResult{err: fmt.Errorf("compose-go could not load the file: %v", rec)}
			}
		}()
		p.compose = p.runCompose()
	}()
}

func (p *project) runCompose() composeResult {
	if alias, size := aliasCheck(p.root); alias != nil || size > maxExpanded {
		return composeResult{alias: alias, tooBig: alias == nil}
	}
	err := composeLoad(p, p.composeSource(false))
	if err != nil && strings.Contains(err.Error(), "depends on undefined service") {
		// Rule depends-on reports every such entry; load the file
		// again without them so that the next problem shows.
		err = composeLoad(p, p.composeSource(true))
		if err != nil && strings.Contains(err.Error(), "depends on undefined service") {
			err = nil
		}
	}
	if err != nil && strings.Contains(err.Error(), "already defined at line") {
		// Rule compose-yaml reports duplicate keys at their own lines.
		err = nil
	}
	return composeResult{err: err}
}

// composeSource is the file as handed to compose-go: every service's
// environment is emptied (rule compose-invalid checks it itself: it is
// most of a Kafka compose file, and compose-go's cost grows with every
// value it walks), and with pruneDeps the depends_on entries that name no
// service are dropped. Only what is replaced is copied; the rest of the
// tree is shared, read-only, with the rules running meanwhile.
func (p *project) composeSource(pruneDeps bool) []byte {
	if p.root == nil {
		return p.src
	}
	root := *p.root
	root.Content = append([]*yaml.Node(nil), p.root.Content...)
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "services" || root.Content[i+1].Kind != yaml.MappingNode {
			continue
		}
		svcs := *root.Content[i+1]
		svcs.Content = append([]*yaml.Node(nil), svcs.Content...)
		for j := 1; j < len(svcs.Content); j += 2 {
			if svcs.Content[j].Kind != yaml.MappingNode {
				continue
			}
			svc := *svcs.Content[j]
			svc.Content = append([]*yaml.Node(nil), svc.Content...)
			for k := 0; k+1 < len(svc.Content); k += 2 {
				v := svc.Content[k+1]
				switch svc.Content[k].Value {
				case "environment":
					// Keep the anchor: an alias elsewhere may name it.
					svc.Content[k+1] = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Anchor: v.Anchor, Line: v.Line, Column: v.Column}
				case "depends_on":
					if pruneDeps {
						svc.Content[k+1] = p.prunedDeps(v)
					}
				}
			}
			svcs.Content[j] = &svc
		}
		root.Content[i+1] = &svcs
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{&root}})
	if err != nil {
		return p.src
	}
	return out
}

// prunedDeps returns a copy of a depends_on value without the entries that
// name no service.
func (p *project) prunedDeps(deps *yaml.Node) *yaml.Node {
	d := yDeref(deps)
	if d == nil {
		return deps
	}
	out := *d
	out.Anchor = deps.Anchor
	out.Content = nil
	switch d.Kind {
	case yaml.SequenceNode:
		for _, it := range d.Content {
			if v, ok := yScalar(it); !ok || p.byName[v] != nil {
				out.Content = append(out.Content, it)
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(d.Content); i += 2 {
			if p.byName[d.Content[i].Value] != nil || d.Content[i].Value == "<<" {
				out.Content = append(out.Content, d.Content[i], d.Content[i+1])
			}
		}
	default:
		return deps
	}
	return &out
}

// maxExpanded is compose-go's own limit on the nodes it visits.
const maxExpanded = 100_000

// aliasCheck returns an alias used inside the node it refers to, if
// there is one, and the number of nodes the tree has once every alias is
// expanded (capped just above maxExpanded).
func aliasCheck(root *yaml.Node) (*yaml.Node, int) {
	size := map[*yaml.Node]int{}
	open := map[*yaml.Node]bool{}
	var recursive *yaml.Node
	var walk func(n *yaml.Node) int
	walk = func(n *yaml.Node) int {
		if n == nil || recursive != nil {
			return 0
		}
		if s, ok := size[n]; ok {
			return s
		}
		if open[n] {
			return 0
		}
		open[n] = true
		total := 1
		if n.Kind == yaml.AliasNode {
			if open[n.Alias] {
				recursive = n
				return 0
			}
			total += walk(n.Alias)
		}
		for _, c := range n.Content {
			total = min(total+walk(c), maxExpanded+1)
		}
		open[n] = false
		size[n] = total
		return total
	}
	total := walk(root)
	return recursive, total
}

var logrusOnce sync.Once

// composeLoad runs compose-go's loader over src. Every ${VAR} is
// looked up as "1": the linter must not fail on unset variables, and "1"
// is a valid value for the typed fields (ports, counts, booleans) where an
// empty string would not be.
func composeLoad(p *project, src []byte) (err error) {
	logrusOnce.Do(func() {
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

var (
	composePath    = regexp.MustCompile(`(?:^|\s)((?:services|volumes|networks|configs|secrets|include|name|version|x-[^.\s]*)(?:\.[^\s:]+)*)`)
	composeService = regexp.MustCompile(`service "?([^"\s]+)"?`)
	composeRef     = regexp.MustCompile(`undefined (network|volume|config|secret|model) "?([^":\s]+)"?`)
	composeQuoted  = regexp.MustCompile(`parsing "([^"]*)"`)
	composeExtra   = regexp.MustCompile(`^(\S*)\s*additional properties ('[^']+'(?:, '[^']+')*) not allowed$`)
	composeFalse   = regexp.MustCompile(`^(\S+)\.([^.\s]+) false schema$`)
	composeYAMLAt  = regexp.MustCompile(`line (\d+): [^l]`)
)

// locateComposeError finds the entry a compose-go error names, and returns
// its position, the message without compose-go's prefixes, and a hint.
func (p *project) locateComposeError(msg string) (position, string, string) {
	for _, prefix := range []string{"validating " + p.file + ": ", "failed to parse " + p.file + ": "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ": invalid compose project")
	if strings.HasPrefix(msg, "yaml:") {
		// A YAML problem yaml v3 let through, such as a duplicate key.
		line := 1
		if all := composeYAMLAt.FindAllStringSubmatch(msg, -1); len(all) > 0 {
			line, _ = strconv.Atoi(all[len(all)-1][1])
		}
		clean := msg
		if i := strings.LastIndex(msg, "line "+strconv.Itoa(line)+": "); i >= 0 {
			clean = msg[i+len("line "+strconv.Itoa(line)+": "):]
		}
		return position{line: line, col: 1}, "invalid YAML: " + clean, "each key may appear once per mapping: merge the two entries"
	}
	if m := composeExtra.FindStringSubmatch(msg); m != nil {
		var keys []string
		for _, k := range strings.Split(m[2], ", ") {
			keys = append(keys, strings.Trim(k, "'"))
		}
		return p.unknownComposeKey(m[1], keys...)
	}
	if m := composeFalse.FindStringSubmatch(msg); m != nil {
		return p.unknownComposeKey(m[1], m[2])
	}
	if m := composeRef.FindStringSubmatch(msg); m != nil {
		if sm := composeService.FindStringSubmatch(msg); sm != nil {
			if s := p.byName[sm[1]]; s != nil {
				return p.locateRef(s, m[1], m[2]), msg, composeHint(msg)
			}
		}
	}
	if m := composePath.FindStringSubmatch(msg); m != nil && p.root != nil {
		want := ""
		if q := composeQuoted.FindStringSubmatch(msg); q != nil {
			want = q[1]
		}
		if n := yNodeAtPath(p.root, splitPath(p.root, m[1]), want); n != nil && n != p.root {
			return posOf(n), msg, composeHint(msg)
		}
	}
	if sm := composeService.FindStringSubmatch(msg); sm != nil {
		if s := p.byName[sm[1]]; s != nil {
			return posOf(s.key), msg, composeHint(msg)
		}
	}
	return position{line: 1, col: 1}, msg, composeHint(msg)
}

// unknownComposeKey reports keys the Compose specification does not have
// (the first one written, when compose-go names several), with the
// nearest key it does.
func (p *project) unknownComposeKey(parent string, keys ...string) (position, string, string) {
	where := "at the top level"
	n := p.root
	if parent != "" {
		where = "in " + parent
		n = yValueAtPath(p.root, splitPath(p.root, parent))
	}
	pos, key := position{line: 1, col: 1}, keys[0]
	found := false
	for _, pr := range yPairs(n) {
		for _, k := range keys {
			if pr.key.Value == k && !found {
				pos, key, found = posOf(pr.key), k, true
			}
		}
	}
	if !found {
		sort.Strings(keys)
		key = keys[0]
	}
	hint := "check the key against the Compose specification (https://docs.docker.com/reference/compose-file/)"
	if near := nearest(key, composeKeys()); near != "" {
		hint = "did you mean " + near + "?"
	}
	return pos, fmt.Sprintf("unknown key %s %s: the Compose specification has no such key", key, where), hint
}

var (
	composeKeysOnce sync.Once
	composeKeyList  []string
)

// composeKeys returns every property name the Compose specification
// defines, for suggestions.
func composeKeys() []string {
	composeKeysOnce.Do(func() {
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
							composeKeyList = append(composeKeyList, k)
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
		sort.Strings(composeKeyList)
	})
	return composeKeyList
}

// locateRef finds where service s refers to an undefined network, volume,
// config or secret.
func (p *project) locateRef(s *service, kind, name string) position {
	key := map[string]string{"network": "networks", "volume": "volumes", "config": "configs", "secret": "secrets", "model": "models"}[kind]
	k, v := yGet(s.node, key)
	for _, it := range ySeq(v) {
		if str, ok := yScalar(it); ok {
			src, _, _ := strings.Cut(str, ":")
			if src == name {
				return posOf(it)
			}
			continue
		}
		if _, sv := yGet(it, "source"); sv != nil && sv.Value == name {
			return posOf(it)
		}
	}
	for _, pr := range yPairs(v) {
		if pr.key.Value == name {
			return posOf(pr.key)
		}
	}
	if k != nil {
		return posOf(k)
	}
	return posOf(s.key)
}

func composeHint(msg string) string {
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
