package compose

import (
	"fmt"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// securityFiles adds the compose configs of a secured stack: the JAAS
// files and the brokers' own client configuration, whose passwords compose
// substitutes from .env.
func (g *genWriter) securityFiles() {
	p := g.plan
	if !p.opts.Security.on() {
		return
	}
	g.kafkaJAAS = &genFile{name: "kafka.jaas", target: secKafkaJAAS, content: p.kafkaJAAS(), interpolate: true}
	g.brokerClient = &genFile{name: "broker-client.properties", target: secBrokerClient, content: p.brokerClientProperties(), interpolate: true}
	g.order = append(g.order, g.kafkaJAAS, g.brokerClient)
	if len(p.controllers) > 0 {
		g.controllerClient = &genFile{name: "controller-client.properties", target: secControllerClient, content: p.controllerClientProperties(), interpolate: true}
		g.order = append(g.order, g.controllerClient)
	}
	if len(p.zookeepers) > 0 {
		g.zkJAAS = &genFile{name: "zookeeper.jaas", target: secZKJAAS, content: p.zookeeperJAAS(), interpolate: true}
		g.order = append(g.order, g.zkJAAS)
	}
}

// zkOpts is the KAFKA_OPTS of the ZooKeeper services.
func (g *genWriter) zkOpts() string {
	var opts []string
	if g.zkJVM != nil {
		opts = append(opts, "@"+stackZKJVMArgs)
	}
	if g.zkJAAS != nil {
		opts = append(opts, "-Djava.security.auth.login.config="+secZKJAAS)
	}
	return strings.Join(opts, " ")
}

// commandConfig is the --command-config of a node's healthcheck: the
// brokers' client file, or the controllers' for a dedicated controller.
func (g *genWriter) commandConfig(n stackNode) string {
	if n.role == roleController && g.controllerClient != nil {
		return " --command-config " + secControllerClient
	}
	if g.brokerClient == nil {
		return ""
	}
	return " --command-config " + secBrokerClient
}

// secureUser runs the Kafka containers of a TLS stack as the user who
// generated it, so that they can read the private keys mounted from the
// secrets directory, which only that user may read. Group 0 keeps write
// access to the image's data directories (owned by appuser:root and group
// writable in Confluent's images).
func (g *genWriter) secureUser(first bool) {
	if !g.plan.opts.Security.tls() {
		return
	}
	if first {
		g.comment(4, "The keys in "+SecretsDir+"/ are readable by their owner only: run as that user ("+envUID+" in .env).")
	}
	g.line(4, "user: %s", q("${"+envUID+":-1000}:0"))
}

// secretMounts mounts a broker's key and the CA certificate, read-only.
func (g *genWriter) secretMounts(n stackNode, first bool) {
	if !g.plan.opts.Security.tls() {
		return
	}
	if first {
		g.comment(6, "This broker's key and certificate and the CA certificate, made by kafkit compose --security.")
	}
	g.line(6, "- %s", q(fmt.Sprintf("./%s/%s.pem:%s:ro", SecretsDir, n.service, secBrokerPEM)))
	g.line(6, "- %s", q(fmt.Sprintf("./%s/%s:%s:ro", SecretsDir, certCAFile, secCA)))
}

// setupService writes the one-shot service that stores the SCRAM users and
// the application's ACLs in ZooKeeper before the brokers start.
func (g *genWriter) setupService() {
	p := g.plan
	if !p.opts.Security.on() {
		return
	}
	if p.opts.Mode == catalog.ModeKRaft {
		g.kraftSetupService()
		return
	}
	g.line(2, "%s:", secSetupService)
	g.line(4, "image: %s", KafkaImage)
	what := "the application's ACLs"
	if p.opts.Security.sasl() {
		what = "the SCRAM users (" + secBrokerUser + ", " + secAdminUser + ", " + secAppUser + ") and the application's ACLs"
	}
	g.comment(4, wrapWords("Runs once, before any broker starts (they wait for it to complete): stores "+what+" in ZooKeeper, logged in as the brokers are, so the credentials exist before a broker serves. Safe to run again.", 94)...)
	g.line(4, "command: %s", flow("bash", "-c", p.setupScript()))
	g.line(4, "environment:")
	g.line(6, "KAFKA_HEAP_OPTS: %s", q("-Xms64m -Xmx128m"))
	g.line(6, "KAFKA_OPTS: %s", q("-Djava.security.auth.login.config="+secKafkaJAAS))
	g.line(6, "KAFKA_LOG4J_OPTS: %s", q("-Dlog4j.configuration=file:"+stackLog4j))
	for _, e := range p.setupEnv() {
		g.line(6, "%s: %s", e, q(envRef(e)))
	}
	g.line(4, "configs:")
	for _, f := range []*genFile{g.kafkaJAAS, g.log4j} {
		g.line(6, "- source: %s", f.name)
		g.line(8, "target: %s", f.target)
	}
	g.line(4, "depends_on:")
	for _, z := range p.zookeepers {
		g.line(6, "%s:", z.service)
		g.line(8, "condition: service_healthy")
	}
	g.line(4, "restart: %s", q("no"))
	g.line(0, "")
}

// securityHeader is the paragraph of the file's header about a secured
// stack.
func (g *genWriter) securityHeader() {
	p := g.plan
	sec := p.opts.Security
	if !sec.on() {
		return
	}
	var how string
	switch sec {
	case SecuritySASLSCRAM:
		how = "SASL_PLAINTEXT with SCRAM-SHA-512 users (authenticated, not encrypted)"
	case SecurityTLS:
		how = "SSL: encrypted, clients check the brokers' certificates against kafkit's CA; clients present none and are User:ANONYMOUS"
	case SecuritySASLTLS:
		how = "SASL_SSL: encrypted, SCRAM-SHA-512 users"
	case SecurityMTLS:
		how = "SSL with client certificates: encrypted, and the certificate's common name is the user"
	}
	g.comment(0, "")
	meta := "ZooKeeper requires a SASL DIGEST-MD5 login and the brokers protect their znodes (zookeeper.set.acl); its port is not published; the kafka-setup service stores the users and ACLs there before the brokers start."
	if p.opts.Mode == catalog.ModeKRaft {
		meta = "The SCRAM users are stored when the storage is formatted, before a node serves; the controller listener logs in with PLAIN (or certificates in the TLS modes); the kafka-setup service adds the application's ACLs once the brokers are healthy."
		if !sec.sasl() {
			meta = "The kafka-setup service adds the application's ACLs once the brokers are healthy."
		}
	}
	g.para(fmt.Sprintf("Secured (--security %s): every listener, the one between brokers included, is %s. ACLs are on: super.users are the brokers and %s, nothing is allowed without an ACL, and %s may produce to and consume from %s only (groups kafkit and meu-grupo). %s",
		sec, how, secAdminUser, p.appPrincipal(), secTopic, meta))
	g.para("Passwords are in .env next to this file (docker compose reads it; this file only refers to them), the CA and keys in " + SecretsDir + "/, and ready client configurations in client.properties (kafkit and the Java tools: the application user), admin.properties (the admin user) and client-librdkafka.properties (kcat -F, confluent-kafka). Regenerating keeps the CA and the passwords; --new-ca replaces the CA.")
}

// seedCommands is the header's example of kafkit against the stack.
func (g *genWriter) seedCommands() string {
	if g.plan.opts.Security.on() {
		return "kafkit produce -F client.properties conversas \"hello\"   and   kafkit consume -F client.properties conversas -e"
	}
	return "kafkit produce conversas \"hello\"   and   kafkit consume conversas -e"
}

// regenerate is the header's command that writes this file again.
func (g *genWriter) regenerate() string {
	if g.plan.opts.Security.on() {
		return g.plan.commandLine() + " -o docker-compose.yml   (keeps .env and the CA)"
	}
	return g.plan.commandLine() + " > docker-compose.yml"
}

// kraftSetupService writes the one-shot service that creates the
// application's ACLs in a KRaft stack, through a running broker (KRaft
// has no ACL store to write before the brokers start).
func (g *genWriter) kraftSetupService() {
	p := g.plan
	g.line(2, "%s:", secSetupService)
	g.line(4, "image: %s", KafkaImage)
	g.secureUser(false)
	g.comment(4, wrapWords("Runs once the brokers are healthy: creates the application's ACLs through the first broker, as the brokers' own super user. Until it has run the application user is denied everything. Safe to run again.", 94)...)
	g.line(4, "command: %s", flow("bash", "-c", p.setupScript()))
	g.line(4, "environment:")
	g.line(6, "KAFKA_HEAP_OPTS: %s", q("-Xms64m -Xmx128m"))
	g.line(6, "KAFKA_LOG4J_OPTS: %s", q("-Dlog4j.configuration=file:"+stackLog4j))
	g.line(4, "configs:")
	for _, f := range []*genFile{g.brokerClient, g.log4j} {
		g.line(6, "- source: %s", f.name)
		g.line(8, "target: %s", f.target)
	}
	if p.opts.Security.tls() {
		g.line(4, "volumes:")
		g.secretMounts(p.brokers[0], false)
	}
	g.line(4, "depends_on:")
	for _, b := range p.brokers {
		g.line(6, "%s:", b.service)
		g.line(8, "condition: service_healthy")
	}
	g.line(4, "restart: %s", q("no"))
	g.line(0, "")
}
