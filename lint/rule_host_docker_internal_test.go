package lint

import "testing"

func TestRuleHostDockerInternal(t *testing.T) {
	runRuleCases(t, "host-docker-internal", []ruleCase{
		{"with extra_hosts", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    extra_hosts: ["host.docker.internal:host-gateway"]
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://host.docker.internal:9092
`, nil},
		{"map form of extra_hosts", `services:
  app:
    image: my/app:1
    extra_hosts:
      host.docker.internal: host-gateway
    environment:
      DB: host.docker.internal:5432
`, nil},
		{"without", `services:
  app:
    image: my/app:1
    environment:
      - BOOTSTRAP=host.docker.internal:9092
`, []wantFinding{{5, SeverityWarning, "BOOTSTRAP uses host.docker.internal"}}},
	})
}
