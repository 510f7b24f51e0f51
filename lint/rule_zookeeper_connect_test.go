package lint

import "testing"

func TestRuleZooKeeperConnect(t *testing.T) {
	const zk = `  zookeeper:
    image: confluentinc/cp-zookeeper:7.9.6
    environment: {ZOOKEEPER_CLIENT_PORT: 2181}
`
	runRuleCases(t, "zookeeper-connect", []ruleCase{
		{"right", "services:\n" + zk + `  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment: {KAFKA_ZOOKEEPER_CONNECT: "zookeeper:2181/kafka"}
`, nil},
		{"wrong port", "services:\n" + zk + `  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2182
`, []wantFinding{{8, SeverityError, "serves clients on port 2181"}}},
		{"unknown service", "services:\n" + zk + `  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zookeper:2181
`, []wantFinding{{8, SeverityError, "names zookeper, which is not a service"}}},
		{"localhost", "services:\n" + zk + `  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: localhost:2181
`, []wantFinding{{8, SeverityError, "points at localhost"}}},
		{"not ZooKeeper", "services:\n" + zk + `  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: db:2181
  db:
    image: postgres:16
`, []wantFinding{{8, SeverityError, "names db, which is not a ZooKeeper service"}}},
		{"external ensemble and default port", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment: {KAFKA_ZOOKEEPER_CONNECT: "zk1.example.com:2181,10.0.0.2"}
`, nil},
		{"external ensemble named in extra_hosts", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    extra_hosts: ["zk1=10.0.0.5", "ZK2:10.0.0.6"]
    environment: {KAFKA_ZOOKEEPER_CONNECT: "zk1:2181,zk2:2181/kafka"}
`, nil},
		{"official image port from ZOO_SERVERS", `services:
  zoo:
    image: zookeeper:3.8
    environment: {ZOO_SERVERS: "server.1=zoo:2888:3888;2182"}
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment: {KAFKA_ZOOKEEPER_CONNECT: "zoo:2181"}
`, []wantFinding{{7, SeverityError, "serves clients on port 2182"}}},
	})
}
