package lint

import "testing"

func TestRuleListenerUndefined(t *testing.T) {
	runRuleCases(t, "listener-undefined", []ruleCase{
		{"defined", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_LISTENERS: A://0.0.0.0:29092,B://0.0.0.0:9092
      KAFKA_ADVERTISED_LISTENERS: A://kafka:29092,B://localhost:9092
`, nil},
		{"derived by cp-kafka", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: A://kafka:29092,B://localhost:9092
`, nil},
		{"missing name", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_LISTENERS: A://0.0.0.0:29092
      KAFKA_ADVERTISED_LISTENERS: A://kafka:29092,B://localhost:9092
`, []wantFinding{{6, SeverityError, "advertises B, which KAFKA_LISTENERS does not define"}}},
		{"inline, case-insensitive names", `services:
  kafka:
    image: apache/kafka:3.9.1
    command: /opt/kafka/bin/kafka-server-start.sh /k/server.properties
    configs: [{source: p, target: /k/server.properties}]
configs:
  p:
    content: |
      listeners=internal://:29092
      advertised.listeners=INTERNAL://kafka:29092,EXTERNAL://localhost:9092
`, []wantFinding{{10, SeverityError, "advertises EXTERNAL"}}},
	})
}
