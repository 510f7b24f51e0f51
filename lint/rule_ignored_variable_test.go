package lint

import "testing"

func TestRuleIgnoredVariable(t *testing.T) {
	runRuleCases(t, "ignored-variable", []ruleCase{
		{"cp-zookeeper whitelist", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    environment:
      ZOOKEEPER_CLIENT_PORT: 2181
      ZOOKEEPER_4LW_COMMANDS_WHITELIST: ruok
      ZOOKEEPER_SSL_OCSP: "true"
`, []wantFinding{{6, SeverityError, "ZOOKEEPER_4LW_COMMANDS_WHITELIST is ignored"}, {7, SeverityError, "ZOOKEEPER_SSL_OCSP is ignored"}}},
		{"bitnami without CFG", `services:
  kafka:
    image: bitnamilegacy/kafka:3.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
      KAFKA_NUM_PARTITIONS: 3
      KAFKA_COMPRESSION_TYPE: zstd
`, []wantFinding{{7, SeverityError, "KAFKA_COMPRESSION_TYPE is ignored"}}},
		{"official zookeeper with bitnami names", `services:
  zk:
    image: zookeeper:3.8
    environment:
      ZOO_SERVER_ID: 1
      ZOO_PORT_NUMBER: 2181
`, []wantFinding{{5, SeverityError, "ZOO_SERVER_ID"}, {6, SeverityError, "ZOO_PORT_NUMBER"}}},
		{"unknown bitnami zookeeper variable", `services:
  zk:
    image: bitnamilegacy/zookeeper:3.9
    environment:
      ALLOW_ANONYMOUS_LOGIN: "yes"
      ZOO_MY_ID: 1
      ZOO_SOMETHING: 1
`, []wantFinding{{6, SeverityError, "ZOO_MY_ID"}, {7, SeverityWarning, "ZOO_SOMETHING"}}},
		{"command bypasses the scripts", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    command: ["kafka-server-start", "/etc/kafka/kafkit/server.properties"]
    environment:
      KAFKA_HEAP_OPTS: -Xmx1g
      KAFKA_BROKER_ID: 1
`, []wantFinding{{7, SeverityError, "KAFKA_BROKER_ID is ignored"}}},
		// zookeeper-docker docker-entrypoint.sh still runs before a
		// command: and writes zoo.cfg from ZOO_*; entrypoint: replaces it.
		{"command zkServer.sh keeps the official image's entrypoint", `services:
  zk:
    image: zookeeper:3.8
    command: zkServer.sh start-foreground
    environment:
      ZOO_TICK_TIME: 3000
`, nil},
		{"entrypoint zkServer.sh bypasses the official image's entrypoint", `services:
  zk:
    image: zookeeper:3.8
    entrypoint: ["zkServer.sh", "start-foreground"]
    environment:
      ZOO_TICK_TIME: 3000
`, []wantFinding{{6, SeverityError, "ZOO_TICK_TIME is ignored"}}},
		{"leaked script variable", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_HEAP_OPTS: -Xmx1g
      KAFKA_JMX_PORT:
`, []wantFinding{{5, SeverityInfo, "heap.opts"}}},
		// Issue 17: apache/kafka 3.9 excludes KAFKA_HEAP_OPTS from its
		// properties; KAFKA_JMX_PORT still leaks as jmx.port.
		{"apache/kafka keeps the heap out of its properties", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_HEAP_OPTS: -Xmx1g
      KAFKA_JMX_PORT: 9999
`, []wantFinding{{7, SeverityInfo, "jmx.port"}}},
		{"removed variable", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      - KAFKA_ADVERTISED_HOST=kafka
`, []wantFinding{{5, SeverityError, "refuse to start"}}},
		{"no effect", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    environment:
      ZOOKEEPER_JUTE_MAX_BUFFER: 4194304
`, []wantFinding{{5, SeverityWarning, "no effect"}}},
	})
}
