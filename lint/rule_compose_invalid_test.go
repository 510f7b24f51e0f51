package lint

import "testing"

func TestRuleComposeInvalid(t *testing.T) {
	runRuleCases(t, "compose-invalid", []ruleCase{
		{"valid", "services:\n  a:\n    image: x:1\n", nil},
		{"version", "version: '3'\nservices:\n  a:\n    image: x:1\n", []wantFinding{{1, SeverityInfo, "obsolete"}}},
		{"unknown service key", "services:\n  a:\n    image: x:1\n    enviroment: {}\n", []wantFinding{{4, SeverityError, "unknown key enviroment"}}},
		{"unknown top-level key", "servces:\n  a:\n    image: x:1\n", []wantFinding{{1, SeverityError, "unknown key servces at the top level"}}},
		{"wrong type", "services:\n  a:\n    image: x:1\n    ports: \"9092:9092\"\n", []wantFinding{{4, SeverityError, "services.a.ports must be a"}}},
		{"undefined volume", "services:\n  a:\n    image: x:1\n    volumes:\n      - ./x:/x\n      - data:/data\n", []wantFinding{{6, SeverityError, "undefined volume data"}}},
		{"environment not a mapping or list", "services:\n  a:\n    image: x:1\n    environment: 7\n", []wantFinding{{4, SeverityError, "must be a mapping or a list"}}},
		{"environment value not a scalar", "services:\n  a:\n    image: x:1\n    environment:\n      A: [1]\n", []wantFinding{{5, SeverityError, "services.a.environment.A must be a string"}}},
		{"environment list", "services:\n  a:\n    image: x:1\n    environment:\n      - A=1\n      - {B: 2}\n      - A=1\n", []wantFinding{{6, SeverityError, "not a mapping"}, {7, SeverityError, "lists A=1 twice"}}},
		{"bad interpolation", "services:\n  a:\n    image: x:1\n    environment:\n      A: ${A\n      B: $${LITERAL}\n", []wantFinding{{5, SeverityError, "invalid interpolation"}}},
		{"bad condition", "services:\n  a:\n    image: x:1\n    depends_on:\n      b:\n        condition: service_ok\n  b:\n    image: y:1\n", []wantFinding{{6, SeverityError, "condition"}}},
		{"past undefined depends_on", "services:\n  a:\n    image: x:1\n    depends_on: [nope]\n    networks: [n1]\n", []wantFinding{{5, SeverityError, "undefined network n1"}}},
		{"interpolation is not an error", "services:\n  a:\n    image: x:${TAG:?set TAG}\n    ports: [\"${PORT}:9092\"]\n    cpus: ${CPUS}\n", nil},
		{"empty file", "", []wantFinding{{1, SeverityError, "empty compose file"}}},
	})
}
