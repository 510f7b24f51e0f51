package lint

import "testing"

func TestRuleUnknownParameter(t *testing.T) {
	runRuleCases(t, "unknown-parameter", []ruleCase{
		// Issue 17: remote.log.copy.disable is a topic config only, and a
		// ZooKeeper-mode cluster refuses true on any topic.
		{"topic-only config on a ZooKeeper broker", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_REMOTE_LOG_COPY_DISABLE: "true"
      KAFKA_REMOTE_LOG_DELETE_ON_DISABLE: "false"
`, []wantFinding{{6, SeverityError, "remote.log.copy.disable=true is refused on any topic"}, {7, SeverityError, "a topic config with no broker-wide property"}}},
		{"known names", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_LOG_RETENTION_HOURS: 72
      KAFKA_LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG: x
      KAFKA_CONFLUENT_SUPPORT_METRICS_ENABLE: "false"
      KAFKA_SUPER_USERS: User:admin
      KAFKA_OPTS: -Dx=y
`, nil},
		{"misspelt variable", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_LOG_RETENTION_HOUR: 72
`, []wantFinding{{5, SeverityError, "KAFKA_LOG_RETENTION_HOUR sets log.retention.hour"}}},
		{"bitnami prefix on cp-kafka", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      - KAFKA_CFG_NUM_PARTITIONS=3
`, []wantFinding{{5, SeverityError, "cfg.num.partitions"}}},
		{"misspelt bitnami variable", `services:
  kafka:
    image: bitnamilegacy/kafka:3.6
    environment:
      KAFKA_CFG_NUM_PARTITION: 3
`, []wantFinding{{5, SeverityError, "num.partition"}}},
		{"removed on Kafka 3", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_ADVERTISED_HOST_NAME: kafka
`, []wantFinding{{5, SeverityError, "Kafka 3.0 removed"}}},
		{"deprecated on Kafka 2", `services:
  kafka:
    image: wurstmeister/kafka:2.13-2.8.1
    environment:
      KAFKA_ADVERTISED_PORT: 9092
`, []wantFinding{{5, SeverityWarning, "deprecated"}}},
		{"inline zoo.cfg and server.properties", `services:
  zk:
    image: zookeeper:3.8
    command: ["zkServer.sh", "start-foreground"]
    configs: [{source: zoo, target: /conf/zoo.cfg}]
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    command: kafka-server-start /etc/kafka/server.properties
    configs:
      - source: props
        target: /etc/kafka/server.properties
configs:
  zoo:
    content: |
      tickTime=2000
      initLimt=5
      server.1=zk:2888:3888
  props:
    content: |
      broker.id=1
      num.partitons=3
      rlmm.config.remote.log.metadata.topic.replication.factor=1
`, []wantFinding{{16, SeverityError, "initLimt is not a ZooKeeper parameter"}, {21, SeverityError, "num.partitons is not a Kafka broker parameter"}}},
		{"ZOO_CFG_EXTRA entries", `services:
  zk:
    image: zookeeper:3.8
    environment:
      ZOO_CFG_EXTRA: "maxCnxns=10 snapCont=5"
`, []wantFinding{{5, SeverityError, "ZOO_CFG_EXTRA sets snapCont"}}},
		{"not a Kafka service", `services:
  app:
    image: my/app:1
    environment:
      KAFKA_BOOTSTRAP: kafka:9092
`, nil},
	})
}

func TestRuleUnknownParameterSystemProperties(t *testing.T) {
	runRuleCases(t, "unknown-parameter", []ruleCase{
		{"KAFKA_OPTS on cp-zookeeper", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    environment:
      KAFKA_OPTS: "-Djava.security.auth.login.config=/jaas.conf -Dzookeeper.4lw.commands.whitelist=* -Dzookeeper.fooBar=1"
`, []wantFinding{{5, SeverityWarning, "passes -Dzookeeper.fooBar"}}},
		{"argument file", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    command: zookeeper-server-start /z/zoo.cfg
    environment:
      KAFKA_OPTS: "@/z/jvm.args"
    configs:
      - {source: zoo, target: /z/zoo.cfg}
      - {source: args, target: /z/jvm.args}
configs:
  zoo:
    content: |
      tickTime=2000
  args:
    content: |
      # comment
      -Xmx256m
      -Dzookeeper.nio.numSelectorThread=1
`, []wantFinding{{18, SeverityWarning, "passes -Dzookeeper.nio.numSelectorThread,"}}},
	})
}
