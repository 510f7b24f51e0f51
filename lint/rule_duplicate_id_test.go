package lint

import "testing"

func TestRuleDuplicateID(t *testing.T) {
	runRuleCases(t, "duplicate-id", []ruleCase{
		{"distinct", `services:
  k1: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_BROKER_ID: 1}}
  k2: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_BROKER_ID: 2}}
`, nil},
		{"broker.id twice", `services:
  k1:
    image: confluentinc/cp-kafka:7.9.6
    environment: {KAFKA_BROKER_ID: 1}
  k2:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: 1
`, []wantFinding{{8, SeverityError, "KAFKA_BROKER_ID is 1, the same id as service k1 (line 4)"}}},
		{"node.id against a controller", `services:
  c:
    image: apache/kafka:3.9.1
    environment: {KAFKA_PROCESS_ROLES: controller, KAFKA_NODE_ID: 100}
  b:
    image: bitnamilegacy/kafka:3.9
    environment: [KAFKA_CFG_PROCESS_ROLES=broker, KAFKA_CFG_NODE_ID=100]
`, []wantFinding{{7, SeverityError, "KAFKA_CFG_NODE_ID is 100"}}},
		{"generated ids", `services:
  k1: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_BROKER_ID: -1}}
  k2: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_BROKER_ID: -1}}
`, nil},
	})
}
