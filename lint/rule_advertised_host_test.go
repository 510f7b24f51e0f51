package lint

import "testing"

func TestRuleAdvertisedHost(t *testing.T) {
	runRuleCases(t, "advertised-host", []ruleCase{
		{"localhost used by another container", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
  app:
    image: my/app:1
    environment:
      BOOTSTRAP_SERVERS: kafka:9092
`, []wantFinding{{5, SeverityError, "service app connects through it (BOOTSTRAP_SERVERS=kafka:9092)"}}},
		{"command references count too", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
  init:
    image: confluentinc/cp-kafka:7.9.6
    command: kafka-topics --bootstrap-server kafka:9092 --create --topic t
`, []wantFinding{{5, SeverityError, "service init connects through it"}}},
		{"localhost for the host, a name for containers", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports: ["127.0.0.1:9092:9092"]
    environment:
      KAFKA_LISTENERS: INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9092
      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:29092,EXTERNAL://localhost:9092
  app:
    image: my/app:1
    environment:
      BOOTSTRAP_SERVERS: kafka:29092
`, nil},
		{"inter-broker localhost with two brokers", `services:
  k1:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
  k2:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://k2:9092
`, []wantFinding{{5, SeverityError, "inter-broker listener"}}},
		{"container name on a published port", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    hostname: broker
    ports: ["127.0.0.1:9092:9092"]
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://broker:9092
`, []wantFinding{{7, SeverityWarning, "a name only containers can resolve"}}},
	})
}

func TestRuleAdvertisedHostEmpty(t *testing.T) {
	runRuleCases(t, "advertised-host", []ruleCase{
		{"empty host on a published port", `services:
  kafka:
    image: bitnamilegacy/kafka:3.7
    ports: ["127.0.0.1:9092:9092"]
    environment:
      - KAFKA_CFG_LISTENERS=PLAINTEXT://:9092
      - KAFKA_CFG_ADVERTISED_LISTENERS=PLAINTEXT://:9092
`, []wantFinding{{7, SeverityWarning, "without a host, so Kafka advertises the container's host name"}}},
		{"empty host, container_name is not the host name", `services:
  kafka:
    image: bitnamilegacy/kafka:3.7
    container_name: kafka1
    ports: ["127.0.0.1:9092:9092"]
    environment:
      - KAFKA_CFG_LISTENERS=PLAINTEXT://:9092
      - KAFKA_CFG_ADVERTISED_LISTENERS=PLAINTEXT://:9092
`, []wantFinding{{8, SeverityWarning, "without a host, so Kafka advertises the container's host name"}}},
		{"empty host, hostname named", `services:
  kafka:
    image: bitnamilegacy/kafka:3.7
    container_name: kafka1
    hostname: broker
    ports: ["127.0.0.1:9092:9092"]
    environment:
      - KAFKA_CFG_LISTENERS=PLAINTEXT://:9092
      - KAFKA_CFG_ADVERTISED_LISTENERS=PLAINTEXT://:9092
`, []wantFinding{{9, SeverityWarning, "without a host, so Kafka advertises broker,"}}},
		{"empty host, not published", `services:
  kafka:
    image: bitnamilegacy/kafka:3.7
    hostname: kafka
    environment:
      - KAFKA_CFG_LISTENERS=PLAINTEXT://:9092
      - KAFKA_CFG_ADVERTISED_LISTENERS=PLAINTEXT://:9092
`, nil},
	})
}
