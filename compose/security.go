package compose

import (
	"fmt"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// Security is how a generated stack protects itself: none (the default
// plaintext development stack) or one of the secured modes.
//
// Every secured mode turns on the same authorization (an ACL authorizer,
// super.users for the brokers and the admin user, no access without an
// ACL, and an application user allowed to produce to and consume from
// conversas only) and protects ZooKeeper the same way; they differ in how
// clients and brokers prove who they are:
//
//	sasl-scram  SASL_PLAINTEXT, SCRAM-SHA-512 users (authentication, no encryption)
//	tls         SSL: encrypted, the broker's certificate verified by clients;
//	            clients need no certificate and are User:ANONYMOUS
//	sasl-tls    SASL_SSL: encrypted, SCRAM-SHA-512 users
//	mtls        SSL with client certificates: the certificate's CN is the user
type Security string

// The security modes of `kafkit compose --security`.
const (
	SecurityNone      Security = ""
	SecuritySASLSCRAM Security = "sasl-scram"
	SecurityTLS       Security = "tls"
	SecuritySASLTLS   Security = "sasl-tls"
	SecurityMTLS      Security = "mtls"
)

// SecurityModes lists the secured modes, in the order help shows them.
func SecurityModes() []Security {
	return []Security{SecuritySASLSCRAM, SecurityTLS, SecuritySASLTLS, SecurityMTLS}
}

// ParseSecurity reads a --security value; "none" and "" are no security.
func ParseSecurity(s string) (Security, error) {
	switch v := Security(strings.ToLower(strings.TrimSpace(s))); v {
	case "", "none":
		return SecurityNone, nil
	case SecuritySASLSCRAM, SecurityTLS, SecuritySASLTLS, SecurityMTLS:
		return v, nil
	}
	return "", fmt.Errorf("invalid security mode %q: use none, sasl-scram, tls, sasl-tls or mtls", s)
}

func (s Security) on() bool { return s != SecurityNone }

// sasl reports whether clients and brokers log in with SCRAM.
func (s Security) sasl() bool { return s == SecuritySASLSCRAM || s == SecuritySASLTLS }

// tls reports whether connections to the brokers are encrypted.
func (s Security) tls() bool { return s == SecurityTLS || s == SecuritySASLTLS || s == SecurityMTLS }

// certIdentity reports whether principals come from TLS certificates (the
// brokers' own in both modes, the clients' in mtls).
func (s Security) certIdentity() bool { return s == SecurityTLS || s == SecurityMTLS }

// protocol is the security protocol of every Kafka listener of the stack.
func (s Security) protocol() string {
	switch s {
	case SecuritySASLSCRAM:
		return "SASL_PLAINTEXT"
	case SecuritySASLTLS:
		return "SASL_SSL"
	case SecurityTLS, SecurityMTLS:
		return "SSL"
	}
	return "PLAINTEXT"
}

// The principals and files of a secured stack.
const (
	secBrokerUser = "kafka" // the brokers' SCRAM user or certificate CN
	secAdminUser  = "admin"
	secAppUser    = "app"
	// secTopic is the one topic the application user may use: the seed's.
	secTopic  = "conversas"
	secMech   = "SCRAM-SHA-512"
	secSecDir = stackConfigDir + "/secrets"
	// secBrokerPEM and secCA are where each Kafka container finds its
	// own key and certificate and the CA certificate, bind-mounted
	// read-only from the secrets directory next to the compose file.
	secBrokerPEM    = secSecDir + "/broker.pem"
	secCA           = secSecDir + "/" + certCAFile
	secKafkaJAAS    = stackConfigDir + "/kafka.jaas"
	secZKJAAS       = stackConfigDir + "/zookeeper.jaas"
	secBrokerClient = stackConfigDir + "/broker-client.properties"
	// secControllerClient is the client configuration of the dedicated
	// controllers' healthcheck: their listener is not the brokers'.
	secControllerClient = stackConfigDir + "/controller-client.properties"
	secSetupService     = "kafka-setup"
	secPrincipalRule    = "RULE:^CN=([^,]+)$/$1/,DEFAULT"
	// SecretsDir is the directory, next to the compose file, that holds
	// the CA and the keys of a secured stack.
	SecretsDir = "secrets"
)

// The variables of the .env file a secured stack reads its passwords from.
const (
	envBrokerPassword = "KAFKA_BROKER_PASSWORD"
	envAdminPassword  = "KAFKA_ADMIN_PASSWORD"
	envAppPassword    = "KAFKA_APP_PASSWORD"
	envZKPassword     = "ZOOKEEPER_PASSWORD"
	envUID            = "KAFKIT_UID"
)

// envRef is how the compose file refers to a variable of .env: docker
// compose stops with the message when .env is missing.
func envRef(name string) string {
	return "${" + name + ":?is not set: run kafkit compose --security again to write .env next to the compose file}"
}

// envNames returns the .env variables the stack needs.
func (p *stackPlan) envNames() []string {
	sec := p.opts.Security
	var out []string
	if sec.sasl() {
		out = append(out, envBrokerPassword, envAdminPassword, envAppPassword)
	}
	if p.opts.Mode == catalog.ModeZK {
		out = append(out, envZKPassword)
	}
	if sec.tls() {
		out = append(out, envUID)
	}
	return out
}

// appPrincipal is the principal the ACLs of the application are for. In
// tls mode clients present no certificate and Kafka names them ANONYMOUS.
func (p *stackPlan) appPrincipal() string {
	if p.opts.Security == SecurityTLS {
		return "User:ANONYMOUS"
	}
	return "User:" + secAppUser
}

// secureBroker adds what a secured mode needs to a broker's settings.
func (p *stackPlan) secureBroker(n stackNode, s map[string]setting) {
	sec := p.opts.Security
	if !sec.on() {
		return
	}
	add := func(name, value, why string) { s[name] = one(name, value, why) }
	proto := sec.protocol()
	m := "INTERNAL:" + proto + ",EXTERNAL:" + proto
	why := fmt.Sprintf("--security %s: both listeners are %s, the one between brokers included, so nothing reaches a broker unauthenticated", sec, proto)
	if p.opts.Mode == catalog.ModeKRaft {
		m += ",CONTROLLER:" + sec.protocol()
		why = fmt.Sprintf("--security %s: every listener is %s, the controllers' included, so nothing reaches a node unauthenticated", sec, proto)
		if sec.sasl() {
			add("sasl.mechanism.controller.protocol", "PLAIN", "the controller listener uses PLAIN (user "+secBrokerUser+", controller.KafkaServer section of "+secKafkaJAAS+"): SCRAM credentials live in the metadata the controllers serve, so they cannot log the controllers in")
		}
	}
	add("listener.security.protocol.map", m, why)
	if sec.sasl() {
		where := "in ZooKeeper by the kafka-setup service"
		if p.opts.Mode == catalog.ModeKRaft {
			where = "in the cluster's first metadata by kafka-storage format (--add-scram)"
		}
		add("sasl.enabled.mechanisms", secMech, "the mechanism the client and inter-broker listeners offer; the users' credentials are stored for it "+where)
		add("sasl.mechanism.inter.broker.protocol", secMech, "brokers log in to each other as the SCRAM user "+secBrokerUser+" (KafkaServer section of "+secKafkaJAAS+")")
	}
	if sec.tls() {
		add("ssl.keystore.type", "PEM", "the broker's key and certificate are one PEM file made by kafkit (no keytool step, no store password)")
		add("ssl.keystore.location", secBrokerPEM, "this broker's key and certificate, bind-mounted read-only from "+SecretsDir+"/"+n.service+".pem; the certificate names "+n.service+" and localhost")
		add("ssl.truststore.type", "PEM", "the CA certificate as a plain PEM file")
		add("ssl.truststore.location", secCA, "kafkit's CA ("+SecretsDir+"/"+certCAFile+"), which signed every certificate of this stack")
	}
	switch sec {
	case SecurityTLS:
		add("ssl.client.auth", "requested", "brokers present their certificate to each other and become User:"+secBrokerUser+"; a client without one is User:ANONYMOUS")
	case SecurityMTLS:
		add("ssl.client.auth", "required", "every client must present a certificate signed by the CA: the TLS handshake fails without one")
	}
	if sec.certIdentity() {
		add("ssl.principal.mapping.rules", secPrincipalRule, "the user of a certificate is its common name: CN=app is User:app, as with a SCRAM user")
	}
	if p.opts.Mode == catalog.ModeZK {
		add("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer", "ACLs on: the ZooKeeper-mode authorizer, ACLs stored in ZooKeeper (see super.users at the end of this file)")
		add("zookeeper.set.acl", "true", "the broker logs in to ZooKeeper (Client section of "+secKafkaJAAS+") and creates its znodes so that only it can change them, and the SCRAM credentials only it can read")
	} else {
		add("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "ACLs on: the KRaft authorizer, ACLs stored in the metadata log (see super.users at the end of this file)")
	}
}

// secureBrokerExtra is the end of a secured broker's server.properties:
// the authorizer's own settings, which are not broker parameters of the
// catalogue, so they have no place among the generated sections.
func (p *stackPlan) secureBrokerExtra() string {
	if !p.opts.Security.on() {
		return ""
	}
	var b strings.Builder
	bar := strings.Repeat("#", 29)
	fmt.Fprintf(&b, "\n%s Authorizer %s\n", bar, bar)
	writeComment(&b, "Settings of the authorizer (authorizer.class.name) rather than of the broker, written by kafkit --security.")
	b.WriteString("\n")
	writeComment(&b, strings.Join(wrapWords("Principals allowed everything, whatever the ACLs say: the brokers (they must reach each other and ZooKeeper's data) and the admin user of the generated admin.properties.", configCommentWidth), "\n"))
	fmt.Fprintf(&b, "super.users=User:%s;User:%s\n\n", secBrokerUser, secAdminUser)
	writeComment(&b, strings.Join(wrapWords("Without an ACL a resource is closed to everyone but the super users (Kafka's default, written out so that nobody flips it by accident): the application user reaches only what its ACLs allow.", configCommentWidth), "\n"))
	b.WriteString("allow.everyone.if.no.acl.found=false\n")
	if p.opts.Mode == catalog.ModeKRaft && p.opts.Security.sasl() {
		fmt.Fprintf(&b, "\n%s Controller listener %s\n", bar, bar)
		writeComment(&b, strings.Join(wrapWords("The controller listener offers PLAIN only (the other listeners offer SCRAM-SHA-512): a per-listener setting, so it has no place among the catalogue's sections. Its users are the user_NAME entries of the controller.KafkaServer section of "+secKafkaJAAS+".", configCommentWidth), "\n"))
		b.WriteString("listener.name.controller.sasl.enabled.mechanisms=PLAIN\n")
	}
	return b.String()
}

// secureZK adds what a secured mode needs to ZooKeeper's settings: SASL
// DIGEST-MD5 logins required of every client session.
//
// Why SASL/DIGEST and not TLS towards ZooKeeper: the same mechanism serves
// every mode (sasl-scram has no certificates), ZooKeeper needs no keystore,
// and what protects the cluster is that only an authenticated broker can
// change znodes (zookeeper.set.acl) and read the SCRAM credentials; the
// traffic stays on the compose network, and ZooKeeper's port is no longer
// published on the host.
func (p *stackPlan) secureZK(s map[string]setting) {
	if !p.opts.Security.on() {
		return
	}
	s["authProvider"] = setting{entries: []stackEntry{{"authProvider.sasl", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider"}},
		why: "--security: clients log in with SASL DIGEST-MD5 (Server section of " + secZKJAAS + ")"}
	s["enforce.auth.enabled"] = one("enforce.auth.enabled", "true", "a client session that has not logged in is refused")
	s["enforce.auth.schemes"] = one("enforce.auth.schemes", "sasl", "the login must be SASL")
}

// kafkaJAAS is the JAAS file of the Kafka containers: the brokers' SCRAM
// login to each other and their DIGEST login to ZooKeeper. The passwords
// are compose variables from .env, substituted when compose mounts the
// file.
func (p *stackPlan) kafkaJAAS() string {
	var b strings.Builder
	b.WriteString("// JAAS configuration of the Kafka containers (java.security.auth.login.config in KAFKA_OPTS).\n")
	b.WriteString("// docker compose fills in the passwords from .env when it mounts this file.\n")
	if p.opts.Security.sasl() {
		b.WriteString("\n// KafkaServer: the SCRAM user a broker logs in as when it connects to another broker.\n")
		fmt.Fprintf(&b, "KafkaServer {\n  org.apache.kafka.common.security.scram.ScramLoginModule required\n  username=%q\n  password=\"${%s}\";\n};\n", secBrokerUser, envBrokerPassword)
	}
	if p.opts.Mode == catalog.ModeKRaft && p.opts.Security.sasl() {
		b.WriteString("\n// controller.KafkaServer: the controller listener's PLAIN login, both sides: the user a node logs in\n// as (username, password) and the users the controllers accept (user_NAME).\n")
		fmt.Fprintf(&b, "controller.KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  username=%q\n  password=\"${%s}\"\n  user_%s=\"${%s}\";\n};\n", secBrokerUser, envBrokerPassword, secBrokerUser, envBrokerPassword)
	}
	if p.opts.Mode == catalog.ModeZK {
		b.WriteString("\n// Client: the DIGEST-MD5 login to ZooKeeper, of the brokers and of the kafka-setup service.\n")
		fmt.Fprintf(&b, "Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username=%q\n  password=\"${%s}\";\n};\n", secBrokerUser, envZKPassword)
	}
	return b.String()
}

// zookeeperJAAS is the JAAS file of the ZooKeeper servers: the one user
// they accept.
func (p *stackPlan) zookeeperJAAS() string {
	return "// JAAS configuration of ZooKeeper (java.security.auth.login.config in KAFKA_OPTS): the users\n" +
		"// that may log in with DIGEST-MD5, user_NAME=\"PASSWORD\"; compose fills the password in from .env.\n" +
		fmt.Sprintf("Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_%s=\"${%s}\";\n};\n", secBrokerUser, envZKPassword)
}

// brokerClientProperties is the client configuration tools inside a Kafka
// container use (the healthcheck): the broker's own identity, a super user.
func (p *stackPlan) brokerClientProperties() string {
	sec := p.opts.Security
	var b strings.Builder
	b.WriteString("# Client configuration for tools run inside a Kafka container (the healthcheck, docker compose exec):\n")
	b.WriteString("# they connect as the broker itself, a super user. compose fills in the password from .env.\n")
	fmt.Fprintf(&b, "security.protocol=%s\n", sec.protocol())
	if sec.sasl() {
		fmt.Fprintf(&b, "sasl.mechanism=%s\n", secMech)
		fmt.Fprintf(&b, "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=%q password=\"${%s}\";\n", secBrokerUser, envBrokerPassword)
	}
	if sec.tls() {
		fmt.Fprintf(&b, "ssl.truststore.type=PEM\nssl.truststore.location=%s\n", secCA)
	}
	if sec.certIdentity() {
		fmt.Fprintf(&b, "ssl.keystore.type=PEM\nssl.keystore.location=%s\n", secBrokerPEM)
	}
	return b.String()
}

// controllerClientProperties is the client configuration of tools that
// talk to a dedicated controller's listener (its healthcheck,
// kafka-metadata-quorum --bootstrap-controller): in the SASL modes that
// listener offers PLAIN, not SCRAM, so the brokers' client file would not
// log in; in the TLS modes the node's own certificate is its identity, as
// on the brokers.
func (p *stackPlan) controllerClientProperties() string {
	sec := p.opts.Security
	var b strings.Builder
	b.WriteString("# Client configuration for tools run inside a controller container (the healthcheck:\n")
	b.WriteString("# kafka-metadata-quorum --bootstrap-controller). They connect to the controller listener as the\n")
	b.WriteString("# nodes do, as User:" + secBrokerUser + ", a super user. compose fills in the password from .env.\n")
	fmt.Fprintf(&b, "security.protocol=%s\n", sec.protocol())
	if sec.sasl() {
		b.WriteString("sasl.mechanism=PLAIN\n")
		fmt.Fprintf(&b, "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=%q password=\"${%s}\";\n", secBrokerUser, envBrokerPassword)
	}
	if sec.tls() {
		fmt.Fprintf(&b, "ssl.truststore.type=PEM\nssl.truststore.location=%s\n", secCA)
	}
	if sec.certIdentity() {
		fmt.Fprintf(&b, "ssl.keystore.type=PEM\nssl.keystore.location=%s\n", secBrokerPEM)
	}
	return b.String()
}

// setupScript is the command of the kafka-setup service, which runs once
// before any broker starts: it stores the SCRAM credentials in ZooKeeper
// (brokers read them from there, so they exist before a broker serves)
// and the ACLs of the application. It logs in to ZooKeeper as the brokers
// do, so that the znodes it creates belong to the same identity.
func (p *stackPlan) setupScript() string {
	if p.opts.Mode == catalog.ModeKRaft {
		// In KRaft the users were given at format time; ACLs go through
		// a running broker, as the brokers' own super user.
		auth := fmt.Sprintf("kafka-acls --bootstrap-server %s:%d --command-config %s", p.brokers[0].service, stackInternalPort, secBrokerClient)
		return "set -e; " + strings.Join([]string{
			fmt.Sprintf("%s --add --allow-principal %s --producer --topic %s", auth, p.appPrincipal(), secTopic),
			fmt.Sprintf("%s --add --allow-principal %s --consumer --topic %s --group kafkit --group meu-grupo", auth, p.appPrincipal(), secTopic),
		}, "; ")
	}
	zk := p.zookeepers[0].service + ":" + fmt.Sprint(stackZKClientPort)
	var cmds []string
	if p.opts.Security.sasl() {
		for _, u := range []struct{ name, env string }{{secBrokerUser, envBrokerPassword}, {secAdminUser, envAdminPassword}, {secAppUser, envAppPassword}} {
			cmds = append(cmds, fmt.Sprintf("kafka-configs --zookeeper %s --alter --entity-type users --entity-name %s --add-config \"%s=[iterations=8192,password=$${%s}]\"", zk, u.name, secMech, u.env))
		}
	}
	auth := fmt.Sprintf("kafka-acls --authorizer-properties zookeeper.connect=%s --authorizer-properties zookeeper.set.acl=true", zk)
	cmds = append(cmds,
		fmt.Sprintf("%s --add --allow-principal %s --producer --topic %s", auth, p.appPrincipal(), secTopic),
		fmt.Sprintf("%s --add --allow-principal %s --consumer --topic %s --group kafkit --group meu-grupo", auth, p.appPrincipal(), secTopic),
	)
	return "set -e; " + strings.Join(cmds, "; ")
}

// securityEnv returns the environment of the kafka-setup service: the
// passwords it stores.
func (p *stackPlan) setupEnv() []string {
	if !p.opts.Security.sasl() || p.opts.Mode == catalog.ModeKRaft {
		return nil
	}
	return []string{envBrokerPassword, envAdminPassword, envAppPassword}
}

func (o StackOptions) validateSecurity() error {
	switch o.Security {
	case SecurityNone, SecuritySASLSCRAM, SecurityTLS, SecuritySASLTLS, SecurityMTLS:
	default:
		return fmt.Errorf("invalid security mode %q: use none, sasl-scram, tls, sasl-tls or mtls", o.Security)
	}
	return nil
}

// TLS reports whether the mode encrypts connections to the brokers.
func (s Security) TLS() bool { return s.tls() }

// scramFormatArgs are the kafka-storage format arguments that store the
// SCRAM users in a KRaft cluster's first metadata, so they exist before a
// node serves. The passwords come from the service's environment ($$ is
// compose's escape for the shell's $).
func (p *stackPlan) scramFormatArgs() string {
	if p.opts.Mode != catalog.ModeKRaft || !p.opts.Security.sasl() {
		return ""
	}
	var b strings.Builder
	for _, u := range scramUsers() {
		fmt.Fprintf(&b, " --add-scram \"%s=[name=%s,iterations=8192,password=$${%s}]\"", secMech, u.name, u.containerEnv)
	}
	return b.String()
}

// scramUser is a SCRAM user of a KRaft stack: its .env variable, and the
// variable of the Kafka containers that carries it to kafka-storage format
// (not KAFKA_*, which Confluent's scripts would read as a broker setting).
type scramUser struct{ name, env, containerEnv string }

func scramUsers() []scramUser {
	return []scramUser{
		{secBrokerUser, envBrokerPassword, "SCRAM_PASSWORD_KAFKA"},
		{secAdminUser, envAdminPassword, "SCRAM_PASSWORD_ADMIN"},
		{secAppUser, envAppPassword, "SCRAM_PASSWORD_APP"},
	}
}
