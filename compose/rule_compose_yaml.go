package compose

import (
	"regexp"
	"strconv"
	"strings"
)

// ruleComposeYAML reports a file that is not YAML at all.
var ruleComposeYAML = LintRule{
	Name:    "compose-yaml",
	Summary: "the file is not valid YAML",
	check: func(p *lintProject, r *lintReporter) {
		if !p.yamlBroken {
			return
		}
		line, msg := lintYAMLError(p.yamlErr.Error())
		r.errorf(lintPos{line, 1}, "fix the YAML syntax at this line: indentation (spaces, never tabs), a missing colon or an unclosed quote or bracket are the usual causes",
			"invalid YAML: %s", msg)
	},
}

var lintYAMLLine = regexp.MustCompile(`line (\d+)`)

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
