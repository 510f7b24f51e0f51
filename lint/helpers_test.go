package lint

import (
	"strings"
	"testing"
)

// wantFinding is one expected finding of the rule under test: its line, its
// severity and a part of its message.
type wantFinding struct {
	line int
	sev  Severity
	msg  string
}

// ruleCase is one table row of a rule test.
type ruleCase struct {
	name string
	src  string
	want []wantFinding
}

// runRuleCases lints each case and compares the findings of one rule (and
// only those) with the expectations, in file order.
func runRuleCases(t *testing.T, rule string, cases []ruleCase) {
	t.Helper()
	known := false
	for _, r := range Rules() {
		known = known || r.Name == rule
	}
	if !known {
		t.Fatalf("no rule named %s in the registry", rule)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []Finding
			for _, f := range Check("case.yml", t.TempDir(), []byte(c.src)) {
				if f.Rule == rule {
					got = append(got, f)
				}
			}
			if len(got) != len(c.want) {
				var b strings.Builder
				for _, f := range got {
					b.WriteString("\n  " + f.String())
				}
				t.Fatalf("%d %s finding(s), want %d:%s", len(got), rule, len(c.want), b.String())
			}
			for i, w := range c.want {
				f := got[i]
				if f.Line != w.line || f.Severity != w.sev || !strings.Contains(f.Message, w.msg) {
					t.Errorf("finding %d = %s\nwant line %d, %s, message containing %q", i, f, w.line, w.sev, w.msg)
				}
				if f.Hint == "" {
					t.Errorf("finding %d has no hint: %s", i, f)
				}
			}
		})
	}
}
