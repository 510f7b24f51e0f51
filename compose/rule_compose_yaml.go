package compose

import (
	"regexp"
	"strconv"
	"strings"

	yamlv4 "go.yaml.in/yaml/v4"
)

// ruleComposeYAML reports a file that is not YAML at all.
var ruleComposeYAML = LintRule{
	Name:    "compose-yaml",
	Summary: "the file is not valid YAML, or repeats a key",
	check: func(p *lintProject, r *lintReporter) {
		if !p.yamlBroken {
			for _, d := range yDuplicateKeys(p.root) {
				r.errorf(lintPosOf(d.key), "keep one of the two entries",
					"key %s is written twice in the same mapping (first at line %d): docker compose refuses the file", d.key.Value, d.first.Line)
			}
			return
		}
		pos, msg := lintYAMLProblem(p.src, p.yamlErr.Error())
		r.errorf(pos, "fix the YAML syntax here: indentation (spaces, never tabs), a missing colon, or an unclosed quote or bracket are the usual causes",
			"invalid YAML: %s", msg)
	},
}

var (
	lintYAMLLine      = regexp.MustCompile(`line (\d+)`)
	lintYAMLProblemRe = regexp.MustCompile(`line (\d+)(?:, column (\d+))?: ([^:]+)$`)
)

// lintYAMLProblem locates a YAML syntax error. The parser compose-go uses
// (yaml v4) names the problem's own position, where v3 often names the
// start of the enclosing block; its "line N, column M" marks count lines
// from 0, its bare "line N" marks from 1.
func lintYAMLProblem(src []byte, v3msg string) (lintPos, string) {
	var x any
	if err := yamlv4.Unmarshal(src, &x); err != nil {
		if m := lintYAMLProblemRe.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			col := 1
			if m[2] != "" {
				line++
				col, _ = strconv.Atoi(m[2])
			}
			return lintPos{line: line, col: col}, m[3]
		}
	}
	line, msg := lintYAMLError(v3msg)
	return lintPos{line: line, col: 1}, msg
}

// lintYAMLError extracts the line from a YAML parser error and drops the
// parser's prefixes from the message.
func lintYAMLError(s string) (int, string) {
	line := 1
	if m := lintYAMLLine.FindStringSubmatch(s); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	s = strings.TrimPrefix(s, "yaml: ")
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "line ") {
		s = s[i+2:]
	}
	return line, s
}
