package lint

import (
	"regexp"
	"strconv"
	"strings"

	yamlv4 "go.yaml.in/yaml/v4"
)

// ruleComposeYAML reports a file that is not YAML at all.
var ruleComposeYAML = Rule{
	Name:    "compose-yaml",
	Summary: "the file is not valid YAML, or repeats a key",
	check: func(p *project, r *reporter) {
		if !p.yamlBroken {
			for _, d := range yDuplicateKeys(p.root) {
				r.errorf(posOf(d.key), "keep one of the two entries",
					"key %s is written twice in the same mapping (first at line %d): docker compose refuses the file", d.key.Value, d.first.Line)
			}
			return
		}
		pos, msg := yamlProblem(p.src, p.yamlErr.Error())
		r.errorf(pos, "fix the YAML syntax here: indentation (spaces, never tabs), a missing colon, or an unclosed quote or bracket are the usual causes",
			"invalid YAML: %s", msg)
	},
}

var (
	yamlLine      = regexp.MustCompile(`line (\d+)`)
	yamlProblemRe = regexp.MustCompile(`line (\d+)(?:, column (\d+))?: ([^:]+)$`)
)

// yamlProblem locates a YAML syntax error. The parser compose-go uses
// (yaml v4) names the problem's own position, where v3 often names the
// start of the enclosing block; its "line N, column M" marks count lines
// from 0, its bare "line N" marks from 1.
func yamlProblem(src []byte, v3msg string) (position, string) {
	var x any
	if err := yamlv4.Unmarshal(src, &x); err != nil {
		if m := yamlProblemRe.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			col := 1
			if m[2] != "" {
				line++
				col, _ = strconv.Atoi(m[2])
			}
			return position{line: line, col: col}, m[3]
		}
	}
	line, msg := yamlError(v3msg)
	return position{line: line, col: 1}, msg
}

// yamlError extracts the line from a YAML parser error and drops the
// parser's prefixes from the message.
func yamlError(s string) (int, string) {
	line := 1
	if m := yamlLine.FindStringSubmatch(s); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	s = strings.TrimPrefix(s, "yaml: ")
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "line ") {
		s = s[i+2:]
	}
	return line, s
}
