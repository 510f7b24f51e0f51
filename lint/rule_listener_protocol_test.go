package lint

import "testing"

func TestRuleListenerProtocol(t *testing.T) {
	runRuleCases(t, "listener-protocol", []ruleCase{
		{"protocol names need no map", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_LISTENERS: PLAINTEXT://0.0.0.0:9092,SSL://0.0.0.0:9093
`, nil},
		{"missing map", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_LISTENERS: INTERNAL://0.0.0.0:29092,PLAINTEXT://0.0.0.0:9092
`, []wantFinding{{5, SeverityError, "listener INTERNAL has no security protocol"}}},
		{"incomplete map", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_LISTENERS: INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9092
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: INTERNAL:PLAINTEXT
`, []wantFinding{{6, SeverityError, "listener EXTERNAL has no security protocol"}}},
		{"KRaft controller with the default map", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093
      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
`, nil},
	})
}
