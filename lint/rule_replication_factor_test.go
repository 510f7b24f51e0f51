package lint

import "testing"

func TestRuleReplicationFactor(t *testing.T) {
	runRuleCases(t, "replication-factor", []ruleCase{
		{"one broker, defaults", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
`, []wantFinding{{4, SeverityError, "offsets.topic.replication.factor defaults to 3"}, {4, SeverityError, "transaction.state.log.replication.factor defaults to 3"}}},
		{"one broker, set", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_DEFAULT_REPLICATION_FACTOR: 2
      KAFKA_CONFLUENT_METRICS_REPORTER_TOPIC_REPLICAS: 3
`, []wantFinding{{7, SeverityError, "KAFKA_DEFAULT_REPLICATION_FACTOR is 2"}, {8, SeverityError, "KAFKA_CONFLUENT_METRICS_REPORTER_TOPIC_REPLICAS is 3"}}},
		{"three brokers, defaults fit", `services:
  k1: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_BROKER_ID: 1}}
  k2: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_BROKER_ID: 2}}
  k3: {image: "confluentinc/cp-kafka:7.9.6", environment: {KAFKA_BROKER_ID: 3}}
`, nil},
		{"controllers are not brokers", `services:
  c1:
    image: apache/kafka:3.9.1
    environment: {KAFKA_PROCESS_ROLES: controller}
  b1:
    image: apache/kafka:3.9.1
    environment: {KAFKA_PROCESS_ROLES: broker, KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 2, KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1}
`, []wantFinding{{7, SeverityError, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR is 2, but the file runs 1 broker"}}},
		{"bitnami's sample configuration already lowers them", `services:
  kafka:
    image: bitnamilegacy/kafka:3.6
    environment: [KAFKA_CFG_ZOOKEEPER_CONNECT=zk:2181]
`, nil},
		{"scaled services are not counted", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    scale: 3
    environment: {KAFKA_ZOOKEEPER_CONNECT: zk:2181}
`, nil},
	})
}
