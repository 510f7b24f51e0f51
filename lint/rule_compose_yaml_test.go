package lint

import "testing"

func TestRuleComposeYAML(t *testing.T) {
	runRuleCases(t, "compose-yaml", []ruleCase{
		{"valid", "services:\n  a:\n    image: x:1\n", nil},
		{"bad indentation", "services:\n  a:\n    image: x:1\n   environment: {}\n", []wantFinding{{4, SeverityError, "invalid YAML"}}},
		{"unclosed flow", "services:\n  a:\n    ports: [1, 2\n  b:\n    image: y\n", []wantFinding{{4, SeverityError, "invalid YAML"}}},
		{"duplicate key", "services:\n  a:\n    image: x:1\n    environment:\n      A: 1\n      A: 2\n", []wantFinding{{6, SeverityError, "key A is written twice in the same mapping (first at line 5)"}}},
		{"tab", "services:\n  a:\n\timage: x\n", []wantFinding{{3, SeverityError, "cannot start any token"}}},
	})
}
