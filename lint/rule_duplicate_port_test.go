package lint

import "testing"

func TestRuleDuplicatePort(t *testing.T) {
	runRuleCases(t, "duplicate-port", []ruleCase{
		{"distinct", `services:
  a:
    image: x:1
    ports: ["127.0.0.1:9092:9092", "9093:9093"]
  b:
    image: x:1
    ports: ["127.0.0.2:9092:9092", "9093:9093/udp"]
`, nil},
		{"same host port", `services:
  a:
    image: x:1
    ports: ["9092:9092"]
  b:
    image: x:1
    ports:
      - "127.0.0.1:9092:29092"
`, []wantFinding{{8, SeverityError, "host port 9092 is already published by service a (line 4)"}}},
		{"ranges overlap", `services:
  a:
    image: x:1
    ports: ["9092-9094:9092-9094"]
  b:
    image: x:1
    ports: ["9094:9092"]
`, []wantFinding{{7, SeverityError, "host port 9094"}}},
		{"two brokers advertise one address", `services:
  k1:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://k1:29092,HOST://localhost:9092
  k2:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://k2:29092,HOST://localhost:9092
`, []wantFinding{{9, SeverityError, "which broker k1 advertises too"}}},
	})
}
