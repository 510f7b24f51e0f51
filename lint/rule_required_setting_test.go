package lint

import "testing"

func TestRuleRequiredSetting(t *testing.T) {
	runRuleCases(t, "required-setting", []ruleCase{
		{"cp-kafka ZooKeeper mode", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: 1
`, []wantFinding{{4, SeverityError, "without KAFKA_ADVERTISED_LISTENERS"}, {4, SeverityError, "without KAFKA_ZOOKEEPER_CONNECT"}}},
		{"cp-kafka KRaft", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_NODE_ID: 1
      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093
`, []wantFinding{{4, SeverityError, "without KAFKA_CONTROLLER_LISTENER_NAMES"}, {4, SeverityError, "without CLUSTER_ID"}}},
		{"cp-zookeeper", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    environment:
      ZOOKEEPER_SERVERS: zk:2888:3888
`, []wantFinding{{4, SeverityError, "neither ZOOKEEPER_CLIENT_PORT"}, {5, SeverityError, "without ZOOKEEPER_SERVER_ID"}}},
		{"bitnami zookeeper", `services:
  zk:
    image: bitnamilegacy/zookeeper:3.9
    environment:
      ZOO_SERVER_ID: 1
`, []wantFinding{{4, SeverityError, "ALLOW_ANONYMOUS_LOGIN"}}},
		{"wurstmeister", `services:
  kafka:
    image: wurstmeister/kafka:2.13-2.8.1
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
`, []wantFinding{{4, SeverityError, "no KAFKA_ZOOKEEPER_CONNECT"}, {5, SeverityError, "without KAFKA_LISTENERS"}}},
		{"inline zoo.cfg", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    command: zookeeper-server-start /etc/zk/zoo.cfg
    configs: [{source: zoo, target: /etc/zk/zoo.cfg}]
configs:
  zoo:
    content: |
      clientPort=2181
`, []wantFinding{{8, SeverityError, "does not set dataDir"}, {8, SeverityError, "does not set tickTime"}}},
		{"complete", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
`, nil},
	})
}
