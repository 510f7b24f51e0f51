package lint

import "testing"

func TestRuleDependsOn(t *testing.T) {
	runRuleCases(t, "depends-on", []ruleCase{
		{"defined", "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: y:1\n", nil},
		{"list", "services:\n  a:\n    image: x:1\n    depends_on:\n      - zookeper\n  zookeeper:\n    image: y:1\n",
			[]wantFinding{{5, SeverityError, "depends on zookeper"}}},
		{"map", "services:\n  a:\n    image: x:1\n    depends_on:\n      kafka:\n        condition: service_healthy\n      zk:\n        condition: service_started\n  kafka:\n    image: y:1\n",
			[]wantFinding{{7, SeverityError, "depends on zk"}}},
	})
}
