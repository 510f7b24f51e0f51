package lint

import "testing"

func TestRuleWrongMode(t *testing.T) {
	runRuleCases(t, "wrong-mode", []ruleCase{
		{"KRaft setting on a ZooKeeper broker", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
`, []wantFinding{{6, SeverityError, "KAFKA_CONTROLLER_LISTENER_NAMES is a KRaft setting, and service kafka runs with ZooKeeper (zookeeper.connect): Kafka refuses to start"}}},
		{"ignored KRaft setting on a ZooKeeper broker", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_METADATA_LOG_DIR: /var/lib/kafka/meta
`, []wantFinding{{6, SeverityWarning, "KAFKA_METADATA_LOG_DIR is a KRaft setting"}}},
		// Issue 17: in ZooKeeper mode node.id is an alias of broker.id
		// (Kafka 3.9's KafkaConfig copies one into the other).
		{"node.id on a ZooKeeper broker is broker.id", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_NODE_ID: 1
      KAFKA_BROKER_ID: 1
`, nil},
		{"ZooKeeper setting on a KRaft node", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_ZOOKEEPER_SESSION_TIMEOUT_MS: 18000
`, []wantFinding{{6, SeverityWarning, "ZooKeeper-mode setting"}}},
		{"both modes", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_PROCESS_ROLES: broker
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
`, []wantFinding{{6, SeverityWarning, "set together with KAFKA_PROCESS_ROLES: process.roles makes this a KRaft node, which starts without ever connecting to ZooKeeper"}}},
		{"migration uses both", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_PROCESS_ROLES: controller
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_ZOOKEEPER_METADATA_MIGRATION_ENABLE: "true"
`, nil},
		{"apache/kafka runs KRaft only", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
`, []wantFinding{{5, SeverityError, "only runs KRaft"}}},
	})
}
