package lint

import "testing"

func TestRuleInterBrokerListener(t *testing.T) {
	runRuleCases(t, "inter-broker-listener", []ruleCase{
		{"default PLAINTEXT exists", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
`, nil},
		{"custom names without the setting", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:29092,EXTERNAL://localhost:9092
`, []wantFinding{{5, SeverityError, "no listener is named PLAINTEXT"}}},
		{"names a missing listener", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:29092
      KAFKA_INTER_BROKER_LISTENER_NAME: BROKER
`, []wantFinding{{6, SeverityError, "BROKER, which is not one of the advertised listeners"}}},
		{"both settings", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:29092
      KAFKA_INTER_BROKER_LISTENER_NAME: INTERNAL
      KAFKA_SECURITY_INTER_BROKER_PROTOCOL: PLAINTEXT
`, []wantFinding{{7, SeverityError, "both set"}}},
		{"security protocol names the listener", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:29092
      KAFKA_SECURITY_INTER_BROKER_PROTOCOL: SSL
`, []wantFinding{{6, SeverityError, "look for a listener named SSL"}}},
	})
}
