package lint

import "testing"

func TestRuleImageTag(t *testing.T) {
	runRuleCases(t, "image-tag", []ruleCase{
		{"pinned", "services:\n  a:\n    image: confluentinc/cp-kafka:7.9.6\n  b:\n    image: redis@sha256:0123456789abcdef\n  c:\n    image: ${IMAGE}\n", nil},
		{"latest", "services:\n  a:\n    image: confluentinc/cp-kafka:latest\n", []wantFinding{{3, SeverityWarning, "uses :latest"}}},
		{"no tag, registry with a port", "services:\n  a:\n    image: localhost:5000/kafka\n", []wantFinding{{3, SeverityWarning, "has no tag"}}},
	})
}

func TestRuleImageKafka4(t *testing.T) {
	runRuleCases(t, "image-kafka4", []ruleCase{
		{"Kafka 3.9 with ZooKeeper", "services:\n  k:\n    image: confluentinc/cp-kafka:7.9.6\n    environment: {KAFKA_ZOOKEEPER_CONNECT: 'zk:2181'}\n", nil},
		{"Kafka 4 in KRaft", "services:\n  k:\n    image: apache/kafka:4.1.0\n    environment: {KAFKA_PROCESS_ROLES: 'broker,controller'}\n", nil},
		{"Kafka 4 with ZooKeeper", "services:\n  k:\n    image: apache/kafka:4.0.0\n    environment: {KAFKA_ZOOKEEPER_CONNECT: 'zk:2181'}\n",
			[]wantFinding{{3, SeverityError, "ships Kafka 4.0, which removed ZooKeeper mode"}}},
		{"latest with ZooKeeper", "services:\n  k:\n    image: confluentinc/cp-kafka\n    environment: {KAFKA_ZOOKEEPER_CONNECT: 'zk:2181'}\n",
			[]wantFinding{{3, SeverityError, "now pulls Kafka 4"}}},
		{"cp-zookeeper 8", "services:\n  zk:\n    image: confluentinc/cp-zookeeper:8.0.0\n", []wantFinding{{3, SeverityError, "does not exist"}}},
	})
}

func TestRuleImageBitnami(t *testing.T) {
	runRuleCases(t, "image-bitnami", []ruleCase{
		{"legacy and mirrors are fine", "services:\n  a:\n    image: bitnamilegacy/kafka:3.6\n  b:\n    image: registry.example.com/bitnami/kafka:3.6\n", nil},
		{"docker hub", "services:\n  a:\n    image: bitnami/kafka:3.6\n  b:\n    image: docker.io/bitnami/schema-registry:7.5\n",
			[]wantFinding{{3, SeverityError, "bitnami/kafka:3.6 is no longer published"}, {5, SeverityError, "docker.io/bitnami/schema-registry:7.5"}}},
	})
}
