package catalog

import (
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Image names a container image convention for turning environment
// variables into configuration. The rules below follow each image's own
// scripts (see ../shared/reference/confluent-images.md for the Confluent
// ones); they are exact, quirks included.
type Image string

// The images kafkit knows.
const (
	// CPKafka is confluentinc/cp-kafka 7.9.x: every KAFKA_* variable not
	// excluded becomes a property (dub's env_to_props: lower-case, single
	// "_" → ".", "___" → "-", "__" → "_"), plus the one camel-case special
	// case KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET.
	CPKafka Image = "cp-kafka"
	// ApacheKafka is apache/kafka 3.9.x (KafkaDockerWrapper): the same
	// idea with a different exclusion list, no camel-case special case,
	// and every "KAFKA_" removed from the name, not only the prefix, then
	// "_" → ".", "..." → "-", ".." → "_" (confirmed against the 3.9
	// branch's getServerConfigsFromEnv for issue 17). The image formats
	// KRaft storage at start, so it runs KRaft only.
	ApacheKafka Image = "apache-kafka"
	// BitnamiKafka is bitnami/kafka 3.x: KAFKA_CFG_* variables, every "_"
	// becomes ".", then sasl.ssl/sasl.plaintext are put back to
	// sasl_ssl/sasl_plaintext; KAFKA_CFG_ZOOKEEPER_CLIENTCNXNSOCKET is the
	// camel-case special case. Some legacy KAFKA_* names are aliases.
	BitnamiKafka Image = "bitnami-kafka"
	// Wurstmeister is wurstmeister/kafka (unmaintained, Kafka 2.x): every
	// KAFKA_* variable but a few, the prefix cut at the first "_", every
	// "_" turned into ".".
	Wurstmeister Image = "wurstmeister-kafka"
	// CPZooKeeper is confluentinc/cp-zookeeper 7.9.x: a fixed whitelist
	// of 66 ZOOKEEPER_* variables (OCSP spelled OCPS), plus
	// ZOOKEEPER_SERVERS/GROUPS/WEIGHTS for the numbered keys; everything
	// else is ignored, JVM system properties go through KAFKA_OPTS.
	CPZooKeeper Image = "cp-zookeeper"
	// ZooKeeperOfficial is the Docker official "zookeeper" image (3.8):
	// eleven ZOO_* variables for common keys, ZOO_SERVERS for the server
	// lines, ZOO_CFG_EXTRA for any other zoo.cfg line (space-separated
	// key=value entries), SERVER_JVMFLAGS for system properties.
	ZooKeeperOfficial Image = "zookeeper"
)

// Images lists every image in display order.
var Images = []Image{CPKafka, ApacheKafka, BitnamiKafka, Wurstmeister, CPZooKeeper, ZooKeeperOfficial}

// ImageInfo describes an image convention for people.
type ImageInfo struct {
	Image     Image
	Ref       string    // the image reference the rule was read from
	Component Component // what it configures: Broker or ZooKeeper
	Note      string    // a caveat worth showing
}

var imageInfo = map[Image]ImageInfo{
	CPKafka:           {CPKafka, "confluentinc/cp-kafka:7.9.x", Broker, ""},
	ApacheKafka:       {ApacheKafka, "apache/kafka:3.9.x", Broker, "runs KRaft only: it formats KRaft storage at start"},
	BitnamiKafka:      {BitnamiKafka, "bitnami/kafka:3.x", Broker, "empty KAFKA_CFG_* values are skipped by recent images"},
	Wurstmeister:      {Wurstmeister, "wurstmeister/kafka", Broker, "unmaintained; its last images ship Kafka 2.x"},
	CPZooKeeper:       {CPZooKeeper, "confluentinc/cp-zookeeper:7.9.x", ZooKeeper, "only 66 ZOOKEEPER_* variables are honoured; the rest are silently ignored"},
	ZooKeeperOfficial: {ZooKeeperOfficial, "zookeeper:3.8", ZooKeeper, "zoo.cfg is generated only when none is mounted"},
}

// Info returns the description of an image convention.
func (img Image) Info() ImageInfo { return imageInfo[img] }

// ParseImage turns a user's word into an Image.
func ParseImage(s string) (Image, bool) {
	for _, img := range Images {
		if string(img) == strings.ToLower(s) {
			return img, true
		}
	}
	return "", false
}

// EnvKind classifies an environment variable for one image.
type EnvKind int

// The kinds of variables an image can see.
const (
	EnvUnrelated EnvKind = iota // not a variable of this image's conventions
	EnvProperty                 // sets one configuration key (EnvRef.Property)
	EnvFamily                   // sets numbered keys: ZOOKEEPER_SERVERS → server.1, server.2, ...
	EnvCarrier                  // carries several settings in its value (ZOO_CFG_EXTRA, SERVER_JVMFLAGS, KAFKA_OPTS)
	EnvScript                   // read by the image's scripts (heap, JMX, log4j, ids); not a property
	EnvLeak                     // read by the scripts and also written to the properties as an unknown key
	EnvIgnored                  // has the image's prefix, but the image ignores it
	EnvNoEffect                 // written to the configuration file, where the server never reads it
	EnvFatal                    // the image refuses to start while it is set
)

var envKindNames = map[EnvKind]string{
	EnvUnrelated: "unrelated", EnvProperty: "property", EnvFamily: "family", EnvCarrier: "carrier",
	EnvScript: "script", EnvLeak: "leak", EnvIgnored: "ignored", EnvNoEffect: "no-effect", EnvFatal: "fatal",
}

func (k EnvKind) String() string { return envKindNames[k] }

// EnvRef is what one environment variable means to one image.
type EnvRef struct {
	Image    Image
	Var      string
	Kind     EnvKind
	Property string // the key it writes (EnvProperty, EnvFamily, EnvLeak, EnvNoEffect)
	Param    *Param // the catalogue parameter behind Property, when there is one
	Note     string // what a user should know
}

// Variable lists taken from the images' scripts.
var (
	// cp-kafka's kafka.properties.template exclusion list; the missing
	// comma after KAFKA_HEAP_OPTS in the template makes it exclude neither
	// KAFKA_HEAP_OPTS nor KAFKA_LOG4J_OPTS.
	cpKafkaExcluded = set("KAFKA_VERSION", "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
		"KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL")
	// Variables the cp-kafka scripts read that are not excluded, so they
	// also land in kafka.properties.
	cpKafkaLeaks = set("KAFKA_HEAP_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_PORT", "KAFKA_JMX_HOSTNAME",
		"KAFKA_CUB_ZK_TIMEOUT", "KAFKA_DATA_DIRS", "KAFKA_SSL_KEYSTORE_FILENAME", "KAFKA_SSL_KEY_CREDENTIALS",
		"KAFKA_SSL_KEYSTORE_CREDENTIALS", "KAFKA_SSL_TRUSTSTORE_FILENAME", "KAFKA_SSL_TRUSTSTORE_CREDENTIALS",
		"KAFKA_DEBUG")
	cpKafkaFatal = set("KAFKA_ADVERTISED_PORT", "KAFKA_ADVERTISED_HOST", "KAFKA_HOST", "KAFKA_PORT")

	// KafkaDockerWrapper's ExcludeServerPropsEnv as the 3.9 branch has it
	// (core/src/main/scala/kafka/docker/KafkaDockerWrapper.scala, checked
	// for issue 17): eleven names, KAFKA_HEAP_OPTS among them. Only the
	// 3.7.0 image misspelt it KAFKA_HEAP_OPT and leaked heap.opts.
	apacheExcluded = set("KAFKA_VERSION", "KAFKA_HEAP_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS",
		"KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS",
		"KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_HOSTNAME")
	// Variables the 3.9 image's scripts read that the list above misses,
	// so they also land in server.properties: KAFKA_JMX_PORT (launch), the
	// KAFKA_SSL_*_FILENAME/CREDENTIALS file names (configure), KAFKA_DEBUG
	// and KAFKA_MODE (kafka-run-class.sh).
	apacheLeaks = set("KAFKA_JMX_PORT", "KAFKA_SSL_KEYSTORE_FILENAME", "KAFKA_SSL_KEY_CREDENTIALS",
		"KAFKA_SSL_KEYSTORE_CREDENTIALS", "KAFKA_SSL_TRUSTSTORE_FILENAME", "KAFKA_SSL_TRUSTSTORE_CREDENTIALS",
		"KAFKA_DEBUG", "KAFKA_MODE")

	wurstmeisterExcluded = set("KAFKA_VERSION", "KAFKA_HOME", "KAFKA_DEBUG", "KAFKA_GC_LOG_OPTS", "KAFKA_HEAP_OPTS",
		"KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG", "KAFKA_OPTS")

	// bitnami's kafka_create_alias_environment_variables: KAFKA_<suffix>
	// is copied to KAFKA_CFG_<suffix> when set, plus a few renamed ones.
	bitnamiAliasSuffixes = set("ADVERTISED_LISTENERS", "BROKER_ID", "NODE_ID", "CONTROLLER_QUORUM_VOTERS",
		"PROCESS_ROLES", "DEFAULT_REPLICATION_FACTOR", "DELETE_TOPIC_ENABLE", "INTER_BROKER_LISTENER_NAME",
		"LISTENERS", "LISTENER_SECURITY_PROTOCOL_MAP", "LOG_DIRS", "LOG_FLUSH_INTERVAL_MESSAGES",
		"LOG_FLUSH_INTERVAL_MS", "LOG_MESSAGE_FORMAT_VERSION", "LOG_RETENTION_BYTES",
		"LOG_RETENTION_CHECK_INTERVALS_MS", "LOG_RETENTION_HOURS", "LOG_SEGMENT_BYTES", "MESSAGE_MAX_BYTES",
		"NUM_IO_THREADS", "NUM_NETWORK_THREADS", "NUM_PARTITIONS", "NUM_RECOVERY_THREADS_PER_DATA_DIR",
		"OFFSETS_TOPIC_REPLICATION_FACTOR", "SOCKET_RECEIVE_BUFFER_BYTES", "SOCKET_REQUEST_MAX_BYTES",
		"SOCKET_SEND_BUFFER_BYTES", "SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "TRANSACTION_STATE_LOG_MIN_ISR",
		"TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "ZOOKEEPER_CONNECT", "ZOOKEEPER_CONNECTION_TIMEOUT_MS")
	bitnamiRenamed = map[string]string{
		"KAFKA_LOGS_DIRS": "KAFKA_CFG_LOG_DIRS", "KAFKA_SEGMENT_BYTES": "KAFKA_CFG_LOG_SEGMENT_BYTES",
		"KAFKA_MAX_MESSAGE_BYTES":            "KAFKA_CFG_MESSAGE_MAX_BYTES",
		"KAFKA_ZOOKEEPER_CONNECT_TIMEOUT_MS": "KAFKA_CFG_ZOOKEEPER_CONNECTION_TIMEOUT_MS",
		"KAFKA_AUTO_CREATE_TOPICS_ENABLE":    "KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE",
	}

	// cp-zookeeper's zookeeper.properties.template whitelist, verbatim
	// (the OCSP variables really are spelled OCPS).
	cpZooKeeperVars = map[string]string{
		"ZOOKEEPER_CLIENT_PORT": "clientPort", "ZOOKEEPER_TICK_TIME": "tickTime",
		"ZOOKEEPER_GLOBAL_OUTSTANDING_LIMIT": "globalOutstandingLimit", "ZOOKEEPER_PRE_ALLOC_SIZE": "preAllocSize",
		"ZOOKEEPER_SNAP_COUNT": "snapCount", "ZOOKEEPER_TRACE_FILE": "traceFile",
		"ZOOKEEPER_MAX_CLIENT_CNXNS": "maxClientCnxns", "ZOOKEEPER_CLIENT_PORT_ADDRESS": "clientPortAddress",
		"ZOOKEEPER_MIN_SESSION_TIMEOUT": "minSessionTimeout", "ZOOKEEPER_MAX_SESSION_TIMEOUT": "maxSessionTimeout",
		"ZOOKEEPER_FSYNC_WARNING_THRESHOLDMS":   "fsync.warningthresholdms",
		"ZOOKEEPER_AUTOPURGE_SNAP_RETAIN_COUNT": "autopurge.snapRetainCount",
		"ZOOKEEPER_AUTOPURGE_PURGE_INTERVAL":    "autopurge.purgeInterval", "ZOOKEEPER_SYNC_ENABLED": "syncEnabled",
		"ZOOKEEPER_ELECTION_ALG": "electionAlg", "ZOOKEEPER_INIT_LIMIT": "initLimit",
		"ZOOKEEPER_LEADER_SERVES": "leaderServes", "ZOOKEEPER_SYNC_LIMIT": "syncLimit",
		"ZOOKEEPER_CNX_TIMEOUT": "cnxTimeout", "ZOOKEEPER_FORCE_SYNC": "forceSync",
		"ZOOKEEPER_JUTE_MAX_BUFFER": "jute.maxbuffer", "ZOOKEEPER_SKIP_ACL": "skipACL",
		"ZOOKEEPER_QUORUM_LISTEN_ON_ALL_IPS": "quorumListenOnAllIPs",
		"ZOOKEEPER_CLIENT_CNXN_SOCKET":       "clientCnxnSocket", "ZOOKEEPER_SECURE_CLIENT_PORT": "secureClientPort",
		"ZOOKEEPER_SERVER_CNXN_SOCKET":                            "serverCnxnSocket",
		"ZOOKEEPER_X509_AUTHENTICATION_PROVIDER_SUPER_USER":       "X509AuthenticationProvider.superUser",
		"ZOOKEEPER_SSL_AUTH_PROVIDER":                             "ssl.authProvider",
		"ZOOKEEPER_SERVER_CNXN_FACTORY":                           "serverCnxnFactory",
		"ZOOKEEPER_AUTH_PROVIDER_X509":                            "authProvider.x509",
		"ZOOKEEPER_AUTH_PROVIDER_SASL":                            "authProvider.sasl",
		"ZOOKEEPER_CLIENT_PORT_UNIFICATION":                       "client.portUnification",
		"ZOOKEEPER_ADMIN_IDLE_TIMEOUT":                            "admin.idleTimeout",
		"ZOOKEEPER_SSL_CLIENT_AUTH":                               "ssl.clientAuth",
		"ZOOKEEPER_SSL_KEYSTORE_LOCATION":                         "ssl.keyStore.location",
		"ZOOKEEPER_SSL_KEYSTORE_PASSWORD":                         "ssl.keyStore.password",
		"ZOOKEEPER_SSL_KEYSTORE_TYPE":                             "ssl.keyStore.type",
		"ZOOKEEPER_SSL_TRUSTSTORE_LOCATION":                       "ssl.trustStore.location",
		"ZOOKEEPER_SSL_TRUSTSTORE_PASSWORD":                       "ssl.trustStore.password",
		"ZOOKEEPER_SSL_TRUSTSTORE_TYPE":                           "ssl.trustStore.type",
		"ZOOKEEPER_SSL_ENABLED_PROTOCOLS":                         "ssl.enabledProtocols",
		"ZOOKEEPER_SSL_CONTEXT_SUPPLIER_CLASS":                    "ssl.context.supplier.class",
		"ZOOKEEPER_SSL_CIPHER_SUITES":                             "ssl.ciphersuites",
		"ZOOKEEPER_SSL_HOSTNAME_VERIFICATION":                     "ssl.hostnameVerification",
		"ZOOKEEPER_SSL_CRL":                                       "ssl.crl",
		"ZOOKEEPER_SSL_OCPS":                                      "ssl.ocsp",
		"ZOOKEEPER_SSL_HANDSHAKE_DETECTION_TIMEOUT_MILLIS":        "ssl.handshakeDetectionTimeoutMillis",
		"ZOOKEEPER_SSL_QUORUM":                                    "sslQuorum",
		"ZOOKEEPER_SSL_QUORUM_CLIENT_AUTH":                        "ssl.quorum.clientAuth",
		"ZOOKEEPER_SSL_QUORUM_KEYSTORE_LOCATION":                  "ssl.quorum.keyStore.location",
		"ZOOKEEPER_SSL_QUORUM_KEYSTORE_PASSWORD":                  "ssl.quorum.keyStore.password",
		"ZOOKEEPER_SSL_QUORUM_KEYSTORE_TYPE":                      "ssl.quorum.keyStore.type",
		"ZOOKEEPER_SSL_QUORUM_TRUSTSTORE_LOCATION":                "ssl.quorum.trustStore.location",
		"ZOOKEEPER_SSL_QUORUM_TRUSTSTORE_PASSWORD":                "ssl.quorum.trustStore.password",
		"ZOOKEEPER_SSL_QUORUM_TRUSTSTORE_TYPE":                    "ssl.quorum.trustStore.type",
		"ZOOKEEPER_SSL_QUORUM_ENABLED_PROTOCOLS":                  "ssl.quorum.enabledProtocols",
		"ZOOKEEPER_SSL_QUORUM_CIPHER_SUITES":                      "ssl.quorum.ciphersuites",
		"ZOOKEEPER_SSL_QUORUM_CONTEXT_SUPPLIER_CLASS":             "ssl.quorum.context.supplier.class",
		"ZOOKEEPER_SSL_QUORUM_HOSTNAME_VERIFICATION":              "ssl.quorum.hostnameVerification",
		"ZOOKEEPER_SSL_QUORUM_CRL":                                "ssl.quorum.crl",
		"ZOOKEEPER_SSL_QUORUM_OCPS":                               "ssl.quorum.ocsp",
		"ZOOKEEPER_SSL_QUORUM_HANDSHAKE_DETECTION_TIMEOUT_MILLIS": "ssl.quorum.handshakeDetectionTimeoutMillis",
		"ZOOKEEPER_ADMIN_ENABLE_SERVER":                           "admin.enableServer",
		"ZOOKEEPER_ADMIN_SERVER_ADDRESS":                          "admin.serverAddress",
		"ZOOKEEPER_ADMIN_SERVER_PORT":                             "admin.serverPort",
		"ZOOKEEPER_ADMIN_COMMAND_URL":                             "admin.commandURL",
	}
	cpZooKeeperFamilies = map[string]string{"ZOOKEEPER_SERVERS": "server.x", "ZOOKEEPER_GROUPS": "group.x", "ZOOKEEPER_WEIGHTS": "weight.x"}
	cpZooKeeperScript   = set("ZOOKEEPER_SERVER_ID", "ZOOKEEPER_LOG4J_ROOT_LOGLEVEL", "ZOOKEEPER_LOG4J_LOGGERS",
		"ZOOKEEPER_TOOLS_LOG4J_LOGLEVEL", "KAFKA_HEAP_OPTS", "KAFKA_JMX_PORT", "KAFKA_JMX_HOSTNAME", "KAFKA_JMX_OPTS",
		"KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_OPTS")

	// The official zookeeper image's docker-entrypoint.sh.
	zooVars = map[string]string{
		"ZOO_DATA_DIR": "dataDir", "ZOO_DATA_LOG_DIR": "dataLogDir", "ZOO_TICK_TIME": "tickTime",
		"ZOO_INIT_LIMIT": "initLimit", "ZOO_SYNC_LIMIT": "syncLimit",
		"ZOO_AUTOPURGE_SNAPRETAINCOUNT": "autopurge.snapRetainCount",
		"ZOO_AUTOPURGE_PURGEINTERVAL":   "autopurge.purgeInterval", "ZOO_MAX_CLIENT_CNXNS": "maxClientCnxns",
		"ZOO_STANDALONE_ENABLED": "standaloneEnabled", "ZOO_ADMINSERVER_ENABLED": "admin.enableServer",
		"ZOO_4LW_COMMANDS_WHITELIST": "4lw.commands.whitelist",
	}
	zooScript = set("ZOO_CONF_DIR", "ZOO_LOG_DIR", "ZOO_MY_ID", "JVMFLAGS", "ZOO_LOG4J_PROP")
)

// sysPropFixes holds the system properties ZooKeeper 3.8 really reads where
// the admin guide documents another name.
var sysPropFixes = map[string]string{"requestThrottleDropStale": "zookeeper.request_throttle_drop_stale"}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// --- The raw rules, from a variable name to a property key ---

// dubEnvToProp is cp-kafka's env_to_props for one variable without its
// prefix: lower-case, a "_" between two non-"_" characters becomes ".",
// then "___" becomes "-" and "__" becomes "_".
func dubEnvToProp(raw string) string {
	s := strings.ToLower(raw)
	b := []byte(s)
	for i := range b {
		if b[i] == '_' && i > 0 && s[i-1] != '_' && i+1 < len(s) && s[i+1] != '_' {
			b[i] = '.'
		}
	}
	out := strings.ReplaceAll(string(b), "___", "-")
	return strings.ReplaceAll(out, "__", "_")
}

// apacheEnvToProp is KafkaDockerWrapper.getServerConfigsFromEnv for one
// variable: every "KAFKA_" removed, lower-cased, "_" → ".", then "..." → "-"
// and ".." → "_".
func apacheEnvToProp(name string) string {
	s := strings.ToLower(strings.ReplaceAll(name, "KAFKA_", ""))
	s = strings.ReplaceAll(s, "_", ".")
	s = strings.ReplaceAll(s, "...", "-")
	return strings.ReplaceAll(s, "..", "_")
}

// bitnamiEnvToProp is bitnami's kafka_configure_from_environment_variables
// for one KAFKA_CFG_ variable.
func bitnamiEnvToProp(name string) string {
	if name == "KAFKA_CFG_ZOOKEEPER_CLIENTCNXNSOCKET" {
		return "zookeeper.clientCnxnSocket"
	}
	s := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(name, "KAFKA_CFG_"), "_", "."))
	s = strings.ReplaceAll(s, "sasl.ssl", "sasl_ssl")
	return strings.ReplaceAll(s, "sasl.plaintext", "sasl_plaintext")
}

// wurstmeisterEnvToProp is start-kafka.sh's `cut -d_ -f2- | tr A-Z a-z | tr _ .`.
func wurstmeisterEnvToProp(name string) string {
	_, rest, _ := strings.Cut(name, "_")
	return strings.ReplaceAll(strings.ToLower(rest), "_", ".")
}

// ClassifyEnv says what variable name means to image img.
func ClassifyEnv(img Image, name string) EnvRef {
	ref := EnvRef{Image: img, Var: name}
	switch img {
	case CPKafka:
		switch {
		case name == "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET":
			ref.Kind, ref.Property = EnvProperty, "zookeeper.clientCnxnSocket"
		case cpKafkaFatal[name]:
			ref.Kind, ref.Note = EnvFatal, "removed variable: the image refuses to start; use KAFKA_ADVERTISED_LISTENERS"
		case cpKafkaExcluded[name]:
			ref.Kind, ref.Note = EnvScript, "read by the image's start scripts, not written to kafka.properties"
		case strings.HasPrefix(name, "KAFKA_") && len(name) > len("KAFKA_"):
			ref.Property = dubEnvToProp(name[len("KAFKA_"):])
			ref.Kind = EnvProperty
			if cpKafkaLeaks[name] {
				ref.Kind, ref.Note = EnvLeak, "read by the image's scripts and also written to kafka.properties as "+ref.Property+", which Kafka logs as an unknown config"
			}
		case name == "CLUSTER_ID" || name == "KAFKA_OPTS":
			ref.Kind = EnvScript
		case strings.HasPrefix(name, "CONFLUENT_SUPPORT_") && len(name) > len("CONFLUENT_SUPPORT_"):
			// The template's second pass, for Confluent's support
			// metrics; Kafka itself logs these as unknown configs.
			ref.Property = "confluent.support." + dubEnvToProp(name[len("CONFLUENT_SUPPORT_"):])
			ref.Kind, ref.Note = EnvProperty, "Confluent support metrics setting, unknown to Apache Kafka"
		}
	case ApacheKafka:
		switch {
		case apacheExcluded[name]:
			ref.Kind, ref.Note = EnvScript, "read by the image's start scripts, not written to server.properties"
		case strings.HasPrefix(name, "KAFKA_") && len(name) > len("KAFKA_"):
			ref.Property, ref.Kind = apacheEnvToProp(name), EnvProperty
			if apacheLeaks[name] {
				ref.Kind, ref.Note = EnvLeak, "read by the image's scripts and also written to server.properties as "+ref.Property+", which Kafka logs as an unknown config"
			}
		case name == "CLUSTER_ID":
			ref.Kind, ref.Note = EnvScript, "the KRaft cluster id the image formats storage with"
		}
	case BitnamiKafka:
		cfg := name
		if alias, ok := bitnamiRenamed[name]; ok {
			cfg = alias
		} else if s, ok := strings.CutPrefix(name, "KAFKA_"); ok && bitnamiAliasSuffixes[s] {
			cfg = "KAFKA_CFG_" + s
		}
		switch {
		case strings.HasPrefix(cfg, "KAFKA_CFG_") && len(cfg) > len("KAFKA_CFG_"):
			ref.Property, ref.Kind = bitnamiEnvToProp(cfg), EnvProperty
			if cfg != name {
				ref.Note = "legacy alias of " + cfg
			}
		case strings.HasPrefix(name, "KAFKA_"):
			ref.Kind, ref.Note = EnvScript, "not a KAFKA_CFG_ variable: read by bitnami's scripts or ignored"
		}
	case Wurstmeister:
		switch {
		case wurstmeisterExcluded[name]:
			ref.Kind, ref.Note = EnvScript, "read by the image's start scripts, not written to server.properties"
		case strings.HasPrefix(name, "KAFKA_") && len(name) > len("KAFKA_"):
			ref.Property, ref.Kind = wurstmeisterEnvToProp(name), EnvProperty
		}
	case CPZooKeeper:
		if key, ok := cpZooKeeperVars[name]; ok {
			ref.Property, ref.Kind = key, EnvProperty
			if key == "jute.maxbuffer" {
				ref.Kind, ref.Note = EnvNoEffect, "written to zoo.cfg, where it only sets zookeeper.jute.maxbuffer; ZooKeeper reads -Djute.maxbuffer, so pass it in KAFKA_OPTS"
			}
		} else if fam, ok := cpZooKeeperFamilies[name]; ok {
			ref.Property, ref.Kind = fam, EnvFamily
			ref.Note = "entries separated by ';', numbered by their position (server.1, server.2, ...)"
		} else if name == "KAFKA_OPTS" {
			ref.Kind, ref.Note = EnvCarrier, "JVM flags; -Dname=value sets a ZooKeeper system property"
		} else if cpZooKeeperScript[name] {
			ref.Kind = EnvScript
		} else if strings.HasPrefix(name, "ZOOKEEPER_") {
			ref.Kind, ref.Note = EnvIgnored, "cp-zookeeper ignores every ZOOKEEPER_ variable outside its fixed list of 66"
		}
	case ZooKeeperOfficial:
		if key, ok := zooVars[name]; ok {
			ref.Property, ref.Kind = key, EnvProperty
		} else {
			switch {
			case name == "ZOO_SERVERS":
				ref.Property, ref.Kind = "server.x", EnvFamily
				ref.Note = "whole zoo.cfg lines server.N=..., separated by spaces"
			case name == "ZOO_CFG_EXTRA":
				ref.Kind, ref.Note = EnvCarrier, "extra zoo.cfg lines key=value, separated by spaces"
			case name == "SERVER_JVMFLAGS":
				ref.Kind, ref.Note = EnvCarrier, "JVM flags; -Dname=value sets a ZooKeeper system property"
			case zooScript[name]:
				ref.Kind = EnvScript
			case strings.HasPrefix(name, "ZOO_"):
				ref.Kind, ref.Note = EnvIgnored, "the image's entrypoint does not read this ZOO_ variable"
			}
		}
	}
	if ref.Property != "" {
		ref.Param, _ = LookupKey(img.Info().Component, ref.Property)
	}
	// A name the rule turns into nothing (apache/kafka's "KAFKA_KAFKA_")
	// sets no property: the line it would write has an empty key.
	if ref.Kind == EnvProperty && ref.Property == "" {
		ref.Kind, ref.Note = EnvIgnored, "the image turns this name into an empty property name"
	}
	return ref
}

// --- Forward: parameter → variable ---

// EnvName returns the variable that sets p in image img: a variable of its
// own, the family variable for server.N-style keys, or the shared carrier
// (ZOO_CFG_EXTRA, SERVER_JVMFLAGS, KAFKA_OPTS) whose value must then hold
// it (see EnvSetting). It returns "" when the image cannot set p.
func EnvName(p *Param, img Image) string {
	name, _ := envForward(p, img)
	return name
}

// envForward returns the variable and whether it is a shared carrier.
func envForward(p *Param, img Image) (string, bool) {
	info := img.Info()
	if p == nil || p.Component != info.Component {
		return "", false
	}
	var cand string
	switch img {
	case CPKafka:
		if p.Name == "zookeeper.clientCnxnSocket" {
			return "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET", false
		}
		r := strings.NewReplacer("_", "__", "-", "___", ".", "_")
		cand = "KAFKA_" + strings.ToUpper(r.Replace(p.Name))
	case ApacheKafka:
		r := strings.NewReplacer("_", "__", "-", "___", ".", "_")
		cand = "KAFKA_" + strings.ToUpper(r.Replace(p.Name))
	case BitnamiKafka:
		if p.Name == "zookeeper.clientCnxnSocket" {
			return "KAFKA_CFG_ZOOKEEPER_CLIENTCNXNSOCKET", false
		}
		cand = "KAFKA_CFG_" + strings.ToUpper(strings.ReplaceAll(p.Name, ".", "_"))
	case Wurstmeister:
		cand = "KAFKA_" + strings.ToUpper(strings.ReplaceAll(p.Name, ".", "_"))
	case CPZooKeeper:
		if p.Name == "authProvider" {
			// Any authProvider.<suffix> key registers a provider.
			return "ZOOKEEPER_AUTH_PROVIDER_SASL", false
		}
		for v, key := range cpZooKeeperVars {
			if key == p.Name && p.ZooCfg != "jvm-only" && p.ZooCfg != "sysprop-mismatch" {
				return v, false
			}
		}
		for v, key := range cpZooKeeperFamilies {
			if key == p.Name {
				return v, false
			}
		}
		if p.JavaSystemProperty() != "" {
			return "KAFKA_OPTS", true
		}
		return "", false
	case ZooKeeperOfficial:
		for v, key := range zooVars {
			if key == p.Name {
				return v, false
			}
		}
		switch {
		case p.Name == "server.x":
			return "ZOO_SERVERS", false
		case p.ZooCfg == "native" || p.ZooCfg == "sysprop":
			return "ZOO_CFG_EXTRA", true
		case p.JavaSystemProperty() != "":
			return "SERVER_JVMFLAGS", true
		}
		return "", false
	default:
		return "", false
	}
	// The generic rules cannot produce every name (camel case, a dash
	// for bitnami, a "kafka." segment for apache/kafka); keep a candidate
	// only when the image turns it back into exactly this name.
	ref := ClassifyEnv(img, cand)
	if (ref.Kind == EnvProperty || ref.Kind == EnvLeak) && ref.Property == p.Name {
		return cand, false
	}
	return "", false
}

// JavaSystemProperty is the Java system property that sets a ZooKeeper
// parameter as ZooKeeper 3.8 reads it, "" when there is none. It differs
// from SystemProperty where the admin guide documents a name the code does
// not read (see sysPropFixes).
func (p *Param) JavaSystemProperty() string {
	if fix, ok := sysPropFixes[p.Name]; ok && p.Component == ZooKeeper {
		return fix
	}
	return p.SystemProperty
}

// EnvNames returns p's variable in every image that can set it.
func EnvNames(p *Param) map[Image]string {
	out := map[Image]string{}
	for _, img := range Images {
		if v := EnvName(p, img); v != "" {
			out[img] = v
		}
	}
	return out
}

// EnvSetting returns the environment entry that sets p to value in image
// img: the variable and the value to give it. For a shared carrier the
// value holds just this parameter (shared is then true: merge it with the
// variable's other entries, space-separated). For a numbered family
// (server.x, group.x, weight.x) value is the entry of member 1. ok is false
// when the image cannot set p.
func EnvSetting(p *Param, img Image, value string) (name, envValue string, shared, ok bool) {
	name, shared = envForward(p, img)
	if name == "" {
		return "", "", false, false
	}
	switch name {
	case "KAFKA_OPTS", "SERVER_JVMFLAGS":
		sp := p.JavaSystemProperty()
		if p.Name == "authProvider" {
			sp += ".1"
		}
		return name, "-D" + sp + "=" + value, true, true
	case "ZOO_CFG_EXTRA", "ZOO_SERVERS":
		if strings.ContainsAny(value, " \t\n") {
			// The entrypoint splits these on whitespace.
			return "", "", false, false
		}
		return name, zkKey(p) + "=" + value, shared, true
	case "ZOOKEEPER_SERVERS", "ZOOKEEPER_GROUPS", "ZOOKEEPER_WEIGHTS":
		if strings.Contains(value, ";") {
			// ';' separates the entries, so a ";clientPort" suffix
			// cannot be expressed: set ZOOKEEPER_CLIENT_PORT instead.
			return "", "", false, false
		}
	}
	return name, value, shared, true
}

// ConfigKey is the key a configuration file writes to set p: its name, or
// for a ZooKeeper parameter that stands for a family of keys, the family's
// first member (server.1, group.1, weight.1; authProvider.1, as ZooKeeper
// reads only "zookeeper.authProvider.<anything>" system properties, so a
// bare authProvider line would do nothing).
func ConfigKey(p *Param) string {
	if p.Component != ZooKeeper {
		return p.Name
	}
	return zkKey(p)
}

// zkKey is the zoo.cfg key that sets p: the parameter name, or member 1 of
// a numbered family.
func zkKey(p *Param) string {
	switch p.Name {
	case "server.x", "group.x", "weight.x":
		return strings.TrimSuffix(p.Name, "x") + "1"
	case "authProvider":
		return "authProvider.1"
	}
	return p.Name
}

// Assignment is one key=value an environment entry produces.
type Assignment struct {
	Key   string
	Value string
	Param *Param // nil when the catalogue does not know Key
}

// ParseEnvSetting is the inverse of EnvSetting: the configuration keys and
// values that the entry name=value produces in image img (several for a
// carrier or a family variable, none for a script or ignored variable).
func ParseEnvSetting(img Image, name, value string) []Assignment {
	ref := ClassifyEnv(img, name)
	comp := img.Info().Component
	mk := func(k, v string) Assignment {
		p, _ := LookupKey(comp, k)
		return Assignment{Key: k, Value: v, Param: p}
	}
	switch ref.Kind {
	case EnvProperty, EnvLeak, EnvNoEffect:
		return []Assignment{mk(ref.Property, value)}
	case EnvFamily:
		prefix := strings.TrimSuffix(ref.Property, "x")
		var out []Assignment
		if img == ZooKeeperOfficial {
			for _, line := range strings.Fields(value) {
				k, v, _ := strings.Cut(line, "=")
				out = append(out, mk(k, v))
			}
			return out
		}
		for i, e := range strings.Split(value, ";") {
			out = append(out, mk(prefix+strconv.Itoa(i+1), e))
		}
		return out
	case EnvCarrier:
		var out []Assignment
		for _, f := range strings.Fields(value) {
			if name == "ZOO_CFG_EXTRA" {
				k, v, _ := strings.Cut(f, "=")
				out = append(out, mk(k, v))
				continue
			}
			d, ok := strings.CutPrefix(f, "-D")
			if !ok {
				continue
			}
			k, v, _ := strings.Cut(d, "=")
			if p := zkParamForSysProp(k); p != nil {
				out = append(out, Assignment{Key: p.Name, Value: v, Param: p})
			} else {
				out = append(out, Assignment{Key: k, Value: v})
			}
		}
		return out
	}
	return nil
}

var (
	sysPropOnce  sync.Once
	sysPropIndex map[string]*Param
)

// zkParamForSysProp finds the ZooKeeper parameter a -D system property sets.
func zkParamForSysProp(prop string) *Param {
	if strings.HasPrefix(prop, "zookeeper.authProvider.") {
		p, _ := Lookup(ZooKeeper, "authProvider")
		return p
	}
	sysPropOnce.Do(func() {
		sysPropIndex = map[string]*Param{}
		for _, p := range Of(ZooKeeper) {
			if sp := p.JavaSystemProperty(); sp != "" {
				sysPropIndex[sp] = p
			}
		}
	})
	return sysPropIndex[prop]
}

// --- Inverse across images ---

// PropertyFor returns what name means in every image where it sets a
// configuration key (EnvProperty, EnvFamily or EnvNoEffect), in image order.
func PropertyFor(name string) []EnvRef {
	var out []EnvRef
	for _, img := range Images {
		ref := ClassifyEnv(img, name)
		switch ref.Kind {
		case EnvProperty, EnvFamily, EnvNoEffect:
			out = append(out, ref)
		}
	}
	return out
}

// ResolveName returns the parameters a user means by name: a property name
// of any component (including server.N-style keys) or any image's
// environment variable for one (KAFKA_LOG_RETENTION_HOURS,
// KAFKA_CFG_LOG_RETENTION_HOURS, ZOOKEEPER_TICK_TIME, ZOO_TICK_TIME).
func ResolveName(name string) []*Param { return get().ResolveName(name) }

// ResolveName is the package's ResolveName in this line's catalogue.
func (k *Catalog) ResolveName(name string) []*Param {
	var out []*Param
	seen := map[*Param]bool{}
	add := func(p *Param) {
		if p != nil && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, c := range k.comps {
		if c == Librdkafka {
			for _, p := range k.Of(c) {
				if p.Name == name {
					add(p)
				}
			}
			continue
		}
		if p, ok := k.LookupKey(c, name); ok {
			add(p)
		}
	}
	if len(out) > 0 {
		return out
	}
	refs := PropertyFor(name)
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].Param != nil && refs[j].Param == nil })
	for _, r := range refs {
		add(k.envRefParam(r))
	}
	return out
}
