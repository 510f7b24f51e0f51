package lint

import "testing"

func TestRulePublishedPort(t *testing.T) {
	runRuleCases(t, "published-port", []ruleCase{
		{"matches", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports: ["127.0.0.1:9092:29092"]
    environment:
      KAFKA_LISTENERS: EXTERNAL://0.0.0.0:29092
      KAFKA_ADVERTISED_LISTENERS: EXTERNAL://localhost:9092
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: EXTERNAL:PLAINTEXT
`, nil},
		{"advertised port not published", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports: ["29092:29092"]
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
`, []wantFinding{{6, SeverityError, "no port mapping publishes 9092"}}},
		{"published onto the wrong container port", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports:
      - target: 9092
        published: 19092
        host_ip: 127.0.0.1
    environment:
      KAFKA_LISTENERS: EXTERNAL://0.0.0.0:19092
      KAFKA_ADVERTISED_LISTENERS: EXTERNAL://localhost:19092
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: EXTERNAL:PLAINTEXT
`, []wantFinding{{5, SeverityError, "published to container port 9092"}}},
		{"interpolated ports are not judged", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports: ["${PORT}:9092"]
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
`, nil},
	})
}
