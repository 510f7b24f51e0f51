package lint

import "testing"

func TestRulePlaintextExposed(t *testing.T) {
	runRuleCases(t, "plaintext-exposed", []ruleCase{
		{"loopback only", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports: ["127.0.0.1:9092:9092"]
    environment: {KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092"}
  zk:
    image: zookeeper:3.8
    ports: ["127.0.0.1:2181:2181"]
`, nil},
		{"all interfaces", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports:
      - "9092:9092"
      - "0.0.0.0:9093:9093"
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092,SECURE://localhost:9093
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: PLAINTEXT:PLAINTEXT,SECURE:SASL_SSL
  zk:
    image: zookeeper:3.8
    ports: ["2181:2181"]
`, []wantFinding{{5, SeverityWarning, "listener PLAINTEXT"}, {12, SeverityWarning, "ZooKeeper's client port"}}},
	})
}
