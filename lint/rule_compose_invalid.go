package lint

import (
	"fmt"

	"github.com/compose-spec/compose-go/v2/template"
	"go.yaml.in/yaml/v3"
)

// ruleComposeInvalid reports what docker compose would reject: it loads
// the file with compose-go, the loader Docker Compose itself uses, and
// turns its error into a finding at the entry it names. The environment
// entries, which the linter hands to compose-go emptied, are checked here
// the way compose-go would check them.
var ruleComposeInvalid = Rule{
	Name:    "compose-invalid",
	Summary: "docker compose would reject the file (schema, types, references, interpolation)",
	check: func(p *project, r *reporter) {
		if k, _ := yGet(p.root, "version"); k != nil {
			r.infof(posOf(k), "delete the line: Compose v2 ignores it and prints a warning",
				"the top-level version attribute is obsolete")
		}
		for _, s := range p.services {
			checkEnvironment(s, r)
		}
		if p.composeDone == nil {
			p.startCompose()
		}
		<-p.composeDone
		res := p.compose
		switch {
		case res.alias != nil:
			r.errorf(posOf(res.alias), "replace the alias with the entries it should share, or anchor a smaller part",
				"YAML alias *%s is used inside the node &%s it refers to: docker compose gives up on the file (maximum node visit limit)", res.alias.Value, res.alias.Value)
		case res.tooBig:
			r.errorf(position{line: 1, col: 1}, "share less through anchors and aliases",
				"the file expands to more than %d nodes through YAML aliases: docker compose gives up on it (maximum node visit limit)", maxExpanded)
		case res.err != nil:
			pos, msg, hint := p.locateComposeError(res.err.Error())
			r.errorf(pos, hint, "%s", msg)
		}
	},
}

// checkEnvironment checks a service's environment as the Compose
// schema and interpolation do: a mapping of scalars or a list of distinct
// strings, with well-formed ${...} expressions.
func checkEnvironment(s *service, r *reporter) {
	if s.envKey == nil {
		return
	}
	_, v := yGet(s.node, "environment")
	where := "services." + s.name + ".environment"
	checkTemplate := func(n *yaml.Node, what string) {
		if _, err := template.Substitute(n.Value, func(string) (string, bool) { return "1", true }); err != nil {
			r.errorf(posOf(n), "write $$ for a literal dollar sign; ${VAR}, ${VAR:-default} and ${VAR:?message} are the supported forms",
				"invalid interpolation in %s: %v", what, err)
		}
	}
	switch {
	case yIsNull(v):
	case v.Kind == yaml.MappingNode:
		for _, pr := range yPairs(v) {
			val := yDeref(pr.value)
			if val == nil || val.Kind != yaml.ScalarNode {
				r.errorf(posOf(pr.key), "give the variable a single value: a string, a number or a boolean",
					"%s.%s must be a string, number, boolean or null", where, pr.key.Value)
				continue
			}
			checkTemplate(val, where+"."+pr.key.Value)
		}
	case v.Kind == yaml.SequenceNode:
		seen := map[string]bool{}
		for _, it := range ySeq(v) {
			if it.Kind != yaml.ScalarNode {
				r.errorf(posOf(it), "write each entry as NAME=value",
					"%s entries must be strings (NAME=value), not a %s", where, kindName(it))
				continue
			}
			if seen[it.Value] {
				r.errorf(posOf(it), "remove the repeated entry", "%s lists %s twice", where, it.Value)
			}
			seen[it.Value] = true
			checkTemplate(it, fmt.Sprintf("%s entry %s", where, it.Value))
		}
	default:
		r.errorf(posOf(s.envKey), "write the variables as a mapping (NAME: value) or a list (- NAME=value)",
			"%s must be a mapping or a list", where)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}
