package lint

import "testing"

func TestRuleMinInsync(t *testing.T) {
	runRuleCases(t, "min-insync", []ruleCase{
		{"transaction log default above one broker", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
`, []wantFinding{{4, SeverityWarning, "transaction.state.log.min.isr defaults to 2"}}},
		{"min.insync.replicas above the default replication factor", `services:
  k1: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_MIN_INSYNC_REPLICAS: 2}}
  k2: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_MIN_INSYNC_REPLICAS: 2, KAFKA_DEFAULT_REPLICATION_FACTOR: 3}}
  k3: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_MIN_INSYNC_REPLICAS: 2, KAFKA_DEFAULT_REPLICATION_FACTOR: 3}}
`, []wantFinding{{2, SeverityWarning, "above KAFKA_DEFAULT_REPLICATION_FACTOR (1): Kafka 3.7 and later cap the minimum"}}},
		// Kafka 3.6 and older refuse acks=all writes below the minimum.
		{"cp-kafka 7.6 is Kafka 3.6", `services:
  kafka:
    image: confluentinc/cp-kafka:7.6.1
    environment:
      KAFKA_MIN_INSYNC_REPLICAS: 2
`, []wantFinding{{4, SeverityError, "transactional producers fail with NOT_ENOUGH_REPLICAS"}, {5, SeverityError, "NOT_ENOUGH_REPLICAS on topics created with the default replication factor"}}},
		{"fits", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
      KAFKA_MIN_INSYNC_REPLICAS: 1
`, nil},
	})
}
