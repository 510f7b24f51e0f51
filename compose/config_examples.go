package compose

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// configExamples holds, for the parameters the catalogue documents with no
// default (Kafka's null, ZooKeeper's "no default stated"), the value shown
// on their commented line. An example is what a reader would plausibly
// write, never a value the stack relies on: these lines stay commented even
// with --explicit. A test checks that every such parameter has one.
var configExamples = map[catalog.Component]map[string]string{
	catalog.Broker: {
		"advertised.listeners":           "PLAINTEXT://localhost:9092",
		"alter.config.policy.class.name": "org.example.kafka.MyAlterConfigPolicy",
		"broker.rack":                    "rack-1",
		"client.quota.callback.class":    "org.example.kafka.MyClientQuotaCallback",
		"control.plane.listener.name":    "CONTROL_PLANE",
		"controller.listener.names":      "CONTROLLER",
		"create.topic.policy.class.name": "org.example.kafka.MyCreateTopicPolicy",
		"delegation.token.master.key":    "change-me",
		"delegation.token.secret.key":    "change-me",
		// Kafka 4.x: required there (3.9 gives them defaults), or new
		// parameters without a default.
		"node.id":       "1",
		"process.roles": "broker,controller",
		"group.streams.topology.description.plugin.class":   "org.example.kafka.MyTopologyDescriptionPlugin",
		"sasl.oauthbearer.assertion.claim.aud":              "https://idp.example.com/oauth2/token",
		"sasl.oauthbearer.assertion.claim.iss":              "kafka-broker",
		"sasl.oauthbearer.assertion.claim.sub":              "kafka-broker",
		"sasl.oauthbearer.assertion.file":                   "/etc/kafka/secrets/assertion.jwt",
		"sasl.oauthbearer.assertion.private.key.file":       "/etc/kafka/secrets/assertion-key.pem",
		"sasl.oauthbearer.assertion.private.key.passphrase": "change-me",
		"sasl.oauthbearer.assertion.template.file":          "/etc/kafka/secrets/assertion-template.json",
		"sasl.oauthbearer.client.credentials.client.id":     "kafka-broker",
		"sasl.oauthbearer.client.credentials.client.secret": "change-me",
		"sasl.oauthbearer.scope":                            "kafka",
		"early.start.listeners":                             "CONTROLLER",
		"inter.broker.listener.name":                        "INTERNAL",
		"log.dirs":                                          "/var/lib/kafka/data",
		"log.flush.interval.ms":                             "1000",
		"log.retention.minutes":                             "10080",
		"log.retention.ms":                                  "604800000",
		"log.roll.jitter.ms":                                "3600000",
		"log.roll.ms":                                       "604800000",
		"metadata.log.dir":                                  "/var/lib/kafka/metadata",
		"num.replica.alter.log.dirs.threads":                "2",
		"password.encoder.keyfactory.algorithm":             "PBKDF2WithHmacSHA512",
		"password.encoder.old.secret":                       "old-secret",
		"password.encoder.secret":                           "change-me",
		"remote.log.metadata.manager.class.path":            "/opt/tiered-storage/libs/*",
		"remote.log.metadata.manager.listener.name":         "INTERNAL",
		"remote.log.storage.manager.class.name":             "org.example.kafka.MyRemoteStorageManager",
		"remote.log.storage.manager.class.path":             "/opt/tiered-storage/libs/*",
		"replica.selector.class":                            "org.apache.kafka.common.replica.RackAwareReplicaSelector",
		"sasl.client.callback.handler.class":                "org.example.kafka.MyClientCallbackHandler",
		"sasl.jaas.config":                                  `org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="change-me";`,
		"sasl.kerberos.service.name":                        "kafka",
		"sasl.login.callback.handler.class":                 "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler",
		"sasl.login.class":                                  "org.example.kafka.MyLogin",
		"sasl.login.connect.timeout.ms":                     "10000",
		"sasl.login.read.timeout.ms":                        "10000",
		"sasl.oauthbearer.expected.audience":                "kafka",
		"sasl.oauthbearer.expected.issuer":                  "https://idp.example.com",
		"sasl.oauthbearer.jwks.endpoint.url":                "https://idp.example.com/oauth2/keys",
		"sasl.oauthbearer.token.endpoint.url":               "https://idp.example.com/oauth2/token",
		"sasl.server.callback.handler.class":                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
		"security.providers":                                "org.example.kafka.MySecurityProviderCreator",
		"ssl.engine.factory.class":                          "org.example.kafka.MySslEngineFactory",
		"ssl.key.password":                                  "change-me",
		"ssl.keystore.certificate.chain":                    "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----",
		"ssl.keystore.key":                                  "-----BEGIN ENCRYPTED PRIVATE KEY----- ... -----END ENCRYPTED PRIVATE KEY-----",
		"ssl.keystore.location":                             "/etc/kafka/secrets/kafka.keystore.p12",
		"ssl.keystore.password":                             "change-me",
		"ssl.provider":                                      "SunJSSE",
		"ssl.secure.random.implementation":                  "SHA1PRNG",
		"ssl.truststore.certificates":                       "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----",
		"ssl.truststore.location":                           "/etc/kafka/secrets/kafka.truststore.p12",
		"ssl.truststore.password":                           "change-me",
		"zookeeper.clientCnxnSocket":                        "org.apache.zookeeper.ClientCnxnSocketNetty",
		"zookeeper.connect":                                 "zookeeper:2181",
		"zookeeper.connection.timeout.ms":                   "18000",
		"zookeeper.ssl.cipher.suites":                       "TLS_AES_256_GCM_SHA384",
		"zookeeper.ssl.enabled.protocols":                   "TLSv1.3,TLSv1.2",
		"zookeeper.ssl.keystore.location":                   "/etc/kafka/secrets/zookeeper-client.keystore.p12",
		"zookeeper.ssl.keystore.password":                   "change-me",
		"zookeeper.ssl.keystore.type":                       "PKCS12",
		"zookeeper.ssl.truststore.location":                 "/etc/kafka/secrets/zookeeper-client.truststore.p12",
		"zookeeper.ssl.truststore.password":                 "change-me",
		"zookeeper.ssl.truststore.type":                     "PKCS12",
	},
	catalog.ZooKeeper: {
		"DigestAuthenticationProvider.superDigest":             "super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
		"X509AuthenticationProvider.superUser":                 "CN=admin",
		"advancedFlowControlEnabled":                           "false",
		"authProvider":                                         "org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
		"clientPort":                                           "2181",
		"clientPortAddress":                                    "0.0.0.0",
		"dataDir":                                              "/var/lib/zookeeper/data",
		"dataLogDir":                                           "/var/lib/zookeeper/log",
		"emulate353TTLNodes":                                   "false",
		"enforce.auth.schemes":                                 "sasl",
		"fastleader.maxNotificationInterval":                   "60000",
		"fastleader.minNotificationInterval":                   "200",
		"forceSync":                                            "yes",
		"group.x":                                              "1:2:3",
		"initLimit":                                            "10",
		"maxInProcessingDeadWatchers":                          "1000",
		"maxTimeToWaitForEpoch":                                "10000",
		"metricsProvider.className":                            "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
		"observerMasterPort":                                   "2191",
		"outstandingHandshake.limit":                           "100",
		"secureClientPort":                                     "2281",
		"server.x":                                             "zookeeper:2888:3888",
		"skipACL":                                              "no",
		"ssl.authProvider":                                     "x509",
		"ssl.ciphersuites":                                     "TLS_AES_256_GCM_SHA384",
		"ssl.context.supplier.class":                           "org.example.zookeeper.MySSLContextSupplier",
		"ssl.enabledProtocols":                                 "TLSv1.3,TLSv1.2",
		"ssl.handshakeDetectionTimeoutMillis":                  "5000",
		"ssl.keyStore.location":                                "/etc/kafka/secrets/zookeeper.keystore.p12",
		"ssl.keyStore.password":                                "change-me",
		"ssl.keyStore.passwordPath":                            "/etc/kafka/secrets/zookeeper.keystore.pass",
		"ssl.keyStore.type":                                    "PKCS12",
		"ssl.quorum.ciphersuites":                              "TLS_AES_256_GCM_SHA384",
		"ssl.quorum.context.supplier.class":                    "org.example.zookeeper.MySSLContextSupplier",
		"ssl.quorum.enabledProtocols":                          "TLSv1.3,TLSv1.2",
		"ssl.quorum.handshakeDetectionTimeoutMillis":           "5000",
		"ssl.quorum.keyStore.location":                         "/etc/kafka/secrets/zookeeper-quorum.keystore.p12",
		"ssl.quorum.keyStore.password":                         "change-me",
		"ssl.quorum.keyStore.passwordPath":                     "/etc/kafka/secrets/zookeeper-quorum.keystore.pass",
		"ssl.quorum.keyStore.type":                             "PKCS12",
		"ssl.quorum.trustStore.location":                       "/etc/kafka/secrets/zookeeper-quorum.truststore.p12",
		"ssl.quorum.trustStore.password":                       "change-me",
		"ssl.quorum.trustStore.passwordPath":                   "/etc/kafka/secrets/zookeeper-quorum.truststore.pass",
		"ssl.quorum.trustStore.type":                           "PKCS12",
		"ssl.trustStore.location":                              "/etc/kafka/secrets/zookeeper.truststore.p12",
		"ssl.trustStore.password":                              "change-me",
		"ssl.trustStore.passwordPath":                          "/etc/kafka/secrets/zookeeper.truststore.pass",
		"ssl.trustStore.type":                                  "PKCS12",
		"syncLimit":                                            "5",
		"txnLogSizeLimitInKb":                                  "1048576",
		"watchManagerName":                                     "org.apache.zookeeper.server.watch.WatchManagerOptimized",
		"zookeeper.commitProcessor.numWorkerThreads":           "4",
		"zookeeper.ensembleAuthName":                           "zk-ensemble",
		"zookeeper.follower.skipLearnerRequestToNextProcessor": "false",
		"zookeeper.nio.numSelectorThreads":                     "1",
		"zookeeper.nio.numWorkerThreads":                       "8",
		"zookeeper.superUser":                                  "admin",
	},
}

// configKeyExamples gives the key to show for a parameter that is a family
// of keys rather than one key: ZooKeeper's server.x, group.x, weight.x and
// authProvider are written server.1, authProvider.1 and so on (ZooKeeper
// only reads "zookeeper.authProvider.<anything>" system properties, so a
// bare authProvider line would do nothing).
var configKeyExamples = map[string]string{
	"server.x":     "server.1",
	"group.x":      "group.1",
	"weight.x":     "weight.1",
	"authProvider": "authProvider.1",
}

// configDefaultFixes replaces documented defaults that the program does
// not accept when written back as a value. ZooKeeper's guide names
// serverCnxnFactory's default by the class's simple name, but
// ServerCnxnFactory.createFactory loads the property with Class.forName,
// which needs the full name: "serverCnxnFactory=NIOServerCnxnFactory" stops
// the server ("Couldn't instantiate NIOServerCnxnFactory", seen with
// ZooKeeper 3.8 in TestRealZooKeeperStandalone).
var configDefaultFixes = map[catalog.Component]map[string]string{
	catalog.ZooKeeper: {"serverCnxnFactory": "org.apache.zookeeper.server.NIOServerCnxnFactory"},
}

// zkExpr matches the ZooKeeper defaults that the admin guide states as a
// formula of another parameter: "2*tickTime", "initLimit", "flushDelay/3".
var zkExpr = regexp.MustCompile(`^(?:(\d+)\*)?([A-Za-z][A-Za-z0-9.]*)(?:/(\d+))?$`)

// configDefault is the value shown for a parameter and how to describe it.
type configDefault struct {
	value string // the value on the commented line
	// literal is true when value is the documented default itself, so that
	// writing it changes nothing (it may then be made active by
	// --explicit). False for examples and for defaults that depend on the
	// machine.
	literal bool
	// fact is how the facts line names the default: "default 168",
	// `default "" (empty)`, "default 2*tickTime (4000 with this file's
	// tickTime)", "no default; example value".
	fact string
}

// resolveDefault works out what to show for p, given the values the stack
// sets for other parameters of the same file (for formulas such as
// 2*tickTime).
func resolveDefault(p *catalog.Param, set map[string]string) configDefault {
	example := func(why string) configDefault {
		ex, ok := configExamples[p.Component][p.Name]
		if !ok {
			return configDefault{fact: why}
		}
		return configDefault{value: ex, fact: why + "; example value"}
	}
	if p.Required {
		return example("required")
	}
	if !p.HasDefault {
		return example("no default")
	}
	if fix, ok := configDefaultFixes[p.Component][p.Name]; ok {
		return configDefault{value: fix, literal: true, fact: "default " + fix}
	}
	d := p.Default
	if p.Component != catalog.ZooKeeper {
		if d == "" {
			return configDefault{value: "", literal: true, fact: `default "" (empty)`}
		}
		return configDefault{value: d, literal: true, fact: "default " + d}
	}
	// ZooKeeper's admin guide states defaults in prose; the catalogue keeps
	// its words where they are not a zoo.cfg value.
	switch {
	case d == `""`:
		return configDefault{value: "", literal: true, fact: "default empty"}
	case d == "null":
		return example("no default (unset)")
	case d == "<0":
		// CommitProcessor reads a missing property as -1, which it treats
		// like any negative value: no limit.
		return configDefault{value: "-1", literal: true, fact: "default negative (no limit)"}
	case strings.Contains(d, "cpu_cores"):
		return example("default " + d + ", depends on the machine")
	}
	if _, err := strconv.ParseFloat(d, 64); err == nil || !zkExpr.MatchString(d) {
		return configDefault{value: d, literal: true, fact: "default " + d}
	}
	m := zkExpr.FindStringSubmatch(d)
	ref, ok := catalog.Lookup(catalog.ZooKeeper, m[2])
	if !ok {
		// A word that is not a parameter: a plain value such as "yes".
		return configDefault{value: d, literal: true, fact: "default " + d}
	}
	base, known := set[ref.Name]
	if !known {
		if ref.HasDefault {
			base = resolveDefault(ref, set).value
		} else if ex, ok := configExamples[catalog.ZooKeeper][ref.Name]; ok {
			// The referenced parameter is not set in this file (initLimit
			// on a standalone server): show the formula with its example.
			v := applyZKExpr(ex, m)
			return configDefault{value: v, fact: "default " + d + "; example value for " + ref.Name + "=" + ex}
		}
	}
	v := applyZKExpr(base, m)
	if v == "" {
		return example("default " + d)
	}
	with := "with this file's " + ref.Name
	if !known {
		with = "with " + ref.Name + " at its default"
	}
	return configDefault{value: v, literal: true, fact: "default " + d + " (" + v + " " + with + ")"}
}

// applyZKExpr computes factor*base/divisor with Java's integer arithmetic;
// it returns "" when base is not an integer.
func applyZKExpr(base string, m []string) string {
	n, err := strconv.ParseInt(base, 10, 64)
	if err != nil {
		return ""
	}
	if m[1] != "" {
		f, _ := strconv.ParseInt(m[1], 10, 64)
		n *= f
	}
	if m[3] != "" {
		d, _ := strconv.ParseInt(m[3], 10, 64)
		if d != 0 {
			n /= d
		}
	}
	return strconv.FormatInt(n, 10)
}
