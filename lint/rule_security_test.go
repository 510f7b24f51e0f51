package lint

import (
	"strings"
	"testing"
)

// secStack is a one-broker stack started from an inline server.properties
// with a JAAS file, for the security rules' table tests: props are added
// to the broker's file (line 20 onwards), opts is its KAFKA_OPTS, port the
// published port.
func secStack(opts, port string, props ...string) string {
	return `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    command: ["kafka-server-start", "/etc/kafka/server.properties"]
    environment:
      KAFKA_OPTS: "` + opts + `"
    ports: ["` + port + `"]
    configs:
      - {source: server, target: /etc/kafka/server.properties}
      - {source: jaas, target: /etc/kafka/kafka.jaas}
configs:
  jaas:
    content: |
      KafkaServer {
        org.apache.kafka.common.security.scram.ScramLoginModule required
        username="kafka" password="${P}";
      };
  server:
    content: |
      process.roles=broker,controller
      node.id=1
      controller.quorum.voters=1@kafka:9093
      controller.listener.names=CONTROLLER
      listeners=EXTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093
      advertised.listeners=EXTERNAL://localhost:9092
      inter.broker.listener.name=EXTERNAL
      listener.security.protocol.map=EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
      sasl.enabled.mechanisms=SCRAM-SHA-512
      sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
` + "      " + strings.Join(props, "\n      ") + "\n"
}

const secJAAS = "-Djava.security.auth.login.config=/etc/kafka/kafka.jaas"

func TestRuleSASLJAAS(t *testing.T) {
	runRuleCases(t, "sasl-jaas-missing", []ruleCase{
		{"jaas file with KafkaServer", secStack(secJAAS, "127.0.0.1:9092:9092"), nil},
		{"listener-prefixed jaas config", secStack("", "127.0.0.1:9092:9092",
			`listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="kafka" password="x";`), nil},
		{"no jaas at all", secStack("", "127.0.0.1:9092:9092"), []wantFinding{{24, SeverityError, "listener EXTERNAL is SASL_PLAINTEXT but the broker has no JAAS configuration"}}},
		{"jaas file without KafkaServer", strings.Replace(secStack(secJAAS, "127.0.0.1:9092:9092"), "KafkaServer {", "Client {", 1),
			[]wantFinding{{24, SeverityError, "has no KafkaServer"}}},
	})
}

func TestRuleSASLMechanism(t *testing.T) {
	runRuleCases(t, "sasl-mechanism", []ruleCase{
		{"offered", secStack(secJAAS, "127.0.0.1:9092:9092"), nil},
		{"not offered", secStack(secJAAS, "127.0.0.1:9092:9092", "sasl.mechanism.inter.broker.protocol=PLAIN"),
			[]wantFinding{{30, SeverityError, "sasl.mechanism.inter.broker.protocol is PLAIN but listener EXTERNAL offers only SCRAM-SHA-512"}}},
		{"per-listener list wins", secStack(secJAAS, "127.0.0.1:9092:9092", "listener.name.external.sasl.enabled.mechanisms=PLAIN"),
			[]wantFinding{{29, SeverityError, "offers only PLAIN"}}},
	})
}

func TestRuleSuperUserBroker(t *testing.T) {
	const authz = "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
	runRuleCases(t, "super-user-broker", []ruleCase{
		{"no authorizer", secStack(secJAAS, "127.0.0.1:9092:9092"), nil},
		{"broker is a super user", secStack(secJAAS, "127.0.0.1:9092:9092", authz, "super.users=User:admin;User:kafka"), nil},
		{"everyone allowed", secStack(secJAAS, "127.0.0.1:9092:9092", authz, "allow.everyone.if.no.acl.found=true"), nil},
		{"broker missing", secStack(secJAAS, "127.0.0.1:9092:9092", authz, "super.users=User:admin"),
			[]wantFinding{{31, SeverityError, "brokers talk to each other as User:kafka, which is not in super.users"}}},
		{"no super.users", secStack(secJAAS, "127.0.0.1:9092:9092", authz), []wantFinding{{19, SeverityError, "User:kafka"}}},
	})
}

func TestRuleACLAllowEveryone(t *testing.T) {
	const authz = "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
	runRuleCases(t, "acl-allow-everyone", []ruleCase{
		{"closed", secStack(secJAAS, "127.0.0.1:9092:9092", authz, "allow.everyone.if.no.acl.found=false"), nil},
		{"no authorizer", secStack(secJAAS, "127.0.0.1:9092:9092", "allow.everyone.if.no.acl.found=true"), nil},
		{"open", secStack(secJAAS, "127.0.0.1:9092:9092", authz, "allow.everyone.if.no.acl.found=true"),
			[]wantFinding{{31, SeverityWarning, "allow.everyone.if.no.acl.found is true"}}},
	})
}

func TestRuleSSLHostname(t *testing.T) {
	runRuleCases(t, "ssl-hostname-check-off", []ruleCase{
		{"default", secStack(secJAAS, "127.0.0.1:9092:9092"), nil},
		{"https", secStack(secJAAS, "127.0.0.1:9092:9092", "ssl.endpoint.identification.algorithm=https"), nil},
		{"emptied", secStack(secJAAS, "127.0.0.1:9092:9092", "ssl.endpoint.identification.algorithm="),
			[]wantFinding{{30, SeverityWarning, "host name verification is off"}}},
		{"emptied per listener", secStack(secJAAS, "127.0.0.1:9092:9092", "listener.name.external.ssl.endpoint.identification.algorithm="),
			[]wantFinding{{30, SeverityWarning, "listener.name.external.ssl.endpoint.identification.algorithm is empty"}}},
	})
}

func TestRuleSASLPlaintextExposed(t *testing.T) {
	runRuleCases(t, "sasl-plaintext-exposed", []ruleCase{
		{"loopback", secStack(secJAAS, "127.0.0.1:9092:9092"), nil},
		{"all interfaces", secStack(secJAAS, "9092:9092"), []wantFinding{{7, SeverityWarning, "listener EXTERNAL (SASL_PLAINTEXT: authenticated but not encrypted) is published on all interfaces"}}},
		{"sasl_ssl is fine", strings.Replace(secStack(secJAAS, "9092:9092"), "EXTERNAL:SASL_PLAINTEXT", "EXTERNAL:SASL_SSL", 1), nil},
	})
}
