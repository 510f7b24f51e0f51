package stackmodel

import (
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// This file says what each environment variable means to an image: the
// catalogue's reading for the conventions it describes, refined where more
// is known (bitnami's variables that are really ignored, wurstmeister's
// script variables, the usual mix-ups between the two ZooKeeper images),
// and the rules of the images the catalogue leaves out (bitnami/zookeeper).

// EnvKind says what an image does with one environment variable.
type EnvKind int

const (
	// EnvNotOurs is a variable outside the image's conventions (PATH, TZ,
	// a variable for another program). The linter leaves it alone. It is
	// the zero value: a variable no rule claims is one.
	EnvNotOurs EnvKind = iota
	// EnvProp sets a configuration property (which may not exist).
	EnvProp
	// EnvHelper is read by the image's scripts and is not a property
	// (heap, JMX, ids), or carries several settings (ZOO_SERVERS,
	// KAFKA_OPTS, ZOO_CFG_EXTRA) that are read separately.
	EnvHelper
	// EnvLeak is read by the scripts but also written into the properties
	// file, where Kafka reports it as an unknown config.
	EnvLeak
	// EnvIgnored has the image's prefix but the image drops it.
	EnvIgnored
	// EnvNoEffect is written to the configuration file, where the server
	// never reads it.
	EnvNoEffect
	// EnvRemoved is a legacy variable the image refuses to start with.
	EnvRemoved
)

// EnvClass is what one variable means to one image.
type EnvClass struct {
	Kind EnvKind
	// Prop is the property the variable sets (EnvProp, EnvLeak,
	// EnvNoEffect) or, for EnvIgnored, the property it looks like it was
	// meant to set ("" when nothing fits).
	Prop string
	// Verbatim is true when the value reaches the property unchanged, so
	// it can be validated as the property's value.
	Verbatim bool
	// Sure is false for EnvIgnored verdicts drawn from an incomplete list
	// of the image's variables (reported as warnings, not errors).
	Sure bool
	// Use is, for EnvIgnored and EnvRemoved, the variable to use instead.
	Use string
	// Note is the catalogue's explanation, when it has one.
	Note string
}

// ClassifyEnv applies an image's convention to a variable name: the
// catalogue's reading, refined where more is known (bitnami's
// variables that are really ignored, wurstmeister's script variables, the
// usual mix-ups between the two ZooKeeper images).
func ClassifyEnv(conv Convention, name string) EnvClass {
	if conv == ConvBitnamiZooKeeper {
		return classifyBitnamiZooKeeper(name)
	}
	img, ok := conv.Catalog()
	if !ok {
		return EnvClass{}
	}
	ref := catalog.ClassifyEnv(img, name)
	c := EnvClass{Prop: ref.Property, Note: ref.Note, Sure: true}
	switch ref.Kind {
	case catalog.EnvProperty:
		c.Kind, c.Verbatim = EnvProp, true
	case catalog.EnvFamily, catalog.EnvCarrier, catalog.EnvScript:
		c.Kind = EnvHelper
	case catalog.EnvLeak:
		c.Kind = EnvLeak
	case catalog.EnvIgnored:
		c.Kind = EnvIgnored
	case catalog.EnvNoEffect:
		c.Kind = EnvNoEffect
	case catalog.EnvFatal:
		c.Kind, c.Use = EnvRemoved, "KAFKA_ADVERTISED_LISTENERS"
	}
	switch conv {
	case ConvBitnamiKafka:
		if c.Kind == EnvHelper && !bitnamiKafkaHelpers[name] && !bitnamiKafkaHelpers[strings.TrimSuffix(name, "_FILE")] {
			// A plain KAFKA_ spelling of a broker property that is not
			// one of bitnami's legacy aliases: the image ignores it.
			prop := cpEnvToProp(strings.TrimPrefix(name, "KAFKA_"))
			if _, known := catalog.LookupKey(catalog.Broker, prop); known {
				return EnvClass{Kind: EnvIgnored, Prop: prop, Sure: true, Use: EnvName(ConvBitnamiKafka, prop)}
			}
		}
	case ConvWurstmeister:
		switch {
		case name == "KAFKA_CREATE_TOPICS":
			// Read by create-topics.sh, and also written into
			// server.properties as create.topics.
			return EnvClass{Kind: EnvLeak, Prop: "create.topics"}
		case wurstmeisterHelpers[name] || strings.HasPrefix(name, "LOG4J_"):
			return EnvClass{Kind: EnvHelper}
		}
	case ConvCPZooKeeper, ConvZooKeeper:
		if c.Kind == EnvIgnored {
			c.Prop = zkKeyForWords(strings.TrimPrefix(strings.TrimPrefix(name, "ZOOKEEPER_"), "ZOO_"))
			if conv == ConvZooKeeper {
				c.Use = zooOfficialFor[name]
			} else if c.Prop == "ssl.ocsp" || c.Prop == "ssl.quorum.ocsp" {
				c.Use = EnvName(conv, c.Prop) + " (sic: cp-zookeeper's template spells OCSP as OCPS)"
			}
		}
	}
	return c
}

// EnvName returns the variable an image reads for a property, or ""
// when the image has none of its own.
func EnvName(conv Convention, prop string) string {
	if conv == ConvBitnamiZooKeeper {
		for env, key := range zooBitnamiVars {
			if key.prop == prop {
				return env
			}
		}
		return ""
	}
	img, ok := conv.Catalog()
	if !ok {
		return ""
	}
	comp := img.Info().Component
	if p, ok := catalog.LookupKey(comp, prop); ok && p.Name == prop {
		if name, _, shared, ok := catalog.EnvSetting(p, img, ""); ok && !shared {
			return name
		}
		return ""
	}
	// Not a catalogue name: spell it with the image's generic rule.
	switch conv {
	case ConvCPKafka, ConvApacheKafka:
		return "KAFKA_" + cpPropToEnv(prop)
	case ConvBitnamiKafka:
		return "KAFKA_CFG_" + strings.ToUpper(strings.ReplaceAll(prop, ".", "_"))
	case ConvWurstmeister:
		if !strings.ContainsAny(prop, "_-") {
			return "KAFKA_" + strings.ToUpper(strings.ReplaceAll(prop, ".", "_"))
		}
	}
	return ""
}

// cpEnvToProp is Confluent's env_to_props rule for the part after the
// prefix: lower-case, a single underscore between two other characters
// becomes a dot, then ___ becomes - and __ becomes _.
func cpEnvToProp(s string) string {
	s = strings.ToLower(s)
	b := []byte(s)
	for i := 1; i+1 < len(s); i++ {
		if s[i] == '_' && s[i-1] != '_' && s[i+1] != '_' {
			b[i] = '.'
		}
	}
	s = strings.ReplaceAll(string(b), "___", "-")
	return strings.ReplaceAll(s, "__", "_")
}

// cpPropToEnv is the inverse of cpEnvToProp, without the prefix.
func cpPropToEnv(prop string) string {
	s := strings.ToUpper(prop)
	s = strings.ReplaceAll(s, "_", "__")
	s = strings.ReplaceAll(s, "-", "___")
	return strings.ReplaceAll(s, ".", "_")
}

// bitnamiKafkaHelpers are the variables of the bitnami/kafka scripts other
// than KAFKA_CFG_* and the legacy aliases, across the 3.x releases.
var bitnamiKafkaHelpers = map[string]bool{
	"KAFKA_MOUNTED_CONF_DIR": true, "KAFKA_INTER_BROKER_USER": true, "KAFKA_INTER_BROKER_PASSWORD": true,
	"KAFKA_CONTROLLER_USER": true, "KAFKA_CONTROLLER_PASSWORD": true, "KAFKA_CERTIFICATE_PASSWORD": true,
	"KAFKA_TLS_TRUSTSTORE_FILE": true, "KAFKA_TLS_TYPE": true, "KAFKA_TLS_CLIENT_AUTH": true, "KAFKA_OPTS": true,
	"KAFKA_ENABLE_KRAFT": true, "KAFKA_KRAFT_CLUSTER_ID": true, "KAFKA_SKIP_KRAFT_STORAGE_INIT": true,
	"KAFKA_CLIENT_LISTENER_NAME": true, "KAFKA_ZOOKEEPER_PROTOCOL": true, "KAFKA_ZOOKEEPER_PASSWORD": true,
	"KAFKA_ZOOKEEPER_USER": true, "KAFKA_ZOOKEEPER_TLS_KEYSTORE_PASSWORD": true,
	"KAFKA_ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD": true, "KAFKA_ZOOKEEPER_TLS_TRUSTSTORE_FILE": true,
	"KAFKA_ZOOKEEPER_TLS_VERIFY_HOSTNAME": true, "KAFKA_ZOOKEEPER_TLS_TYPE": true, "KAFKA_CLIENT_USERS": true,
	"KAFKA_CLIENT_PASSWORDS": true, "KAFKA_HEAP_OPTS": true, "KAFKA_JVM_PERFORMANCE_OPTS": true,
	"KAFKA_JMX_OPTS": true, "KAFKA_LOG4J_OPTS": true, "KAFKA_INITIAL_CONTROLLERS": true,
	"KAFKA_KRAFT_BOOTSTRAP_SCRAM_USERS": true, "KAFKA_TLS_PEM_KEY_PASSWORD": true, "KAFKA_CLUSTER_ID": true,
	"KAFKA_ZOOKEEPER_BOOTSTRAP_SCRAM_USERS": true, "KAFKA_BROKER_USER": true, "KAFKA_BROKER_PASSWORD": true,
	"KAFKA_PORT_NUMBER": true,
}

// wurstmeisterHelpers configure wurstmeister's start script itself.
var wurstmeisterHelpers = map[string]bool{
	"HOSTNAME_COMMAND": true, "PORT_COMMAND": true, "BROKER_ID_COMMAND": true, "RACK_COMMAND": true,
	"CUSTOM_INIT_SCRIPT": true, "JMX_PORT": true,
}

// zooOfficialFor names the official zookeeper image's variable for the
// bitnami/zookeeper spellings people carry over.
var zooOfficialFor = map[string]string{
	"ZOO_SERVER_ID":              "ZOO_MY_ID",
	"ZOO_PORT_NUMBER":            "ZOO_SERVERS (server.N=host:2888:3888;2181)",
	"ZOO_AUTOPURGE_INTERVAL":     "ZOO_AUTOPURGE_PURGEINTERVAL",
	"ZOO_AUTOPURGE_RETAIN_COUNT": "ZOO_AUTOPURGE_SNAPRETAINCOUNT",
	"ZOO_ENABLE_ADMIN_SERVER":    "ZOO_ADMINSERVER_ENABLED",
	"ZOO_MAX_CNXNS":              "ZOO_CFG_EXTRA (maxCnxns=N)",
}

// zooBitnamiVar is one zoo.cfg setting of bitnami/zookeeper.
type zooBitnamiVar struct {
	prop     string
	verbatim bool
}

var zooBitnamiVars = map[string]zooBitnamiVar{
	"ZOO_PORT_NUMBER": {"clientPort", true}, "ZOO_TICK_TIME": {"tickTime", true},
	"ZOO_INIT_LIMIT": {"initLimit", true}, "ZOO_SYNC_LIMIT": {"syncLimit", true},
	"ZOO_MAX_CNXNS": {"maxCnxns", true}, "ZOO_MAX_CLIENT_CNXNS": {"maxClientCnxns", true},
	"ZOO_AUTOPURGE_INTERVAL": {"autopurge.purgeInterval", true}, "ZOO_AUTOPURGE_RETAIN_COUNT": {"autopurge.snapRetainCount", true},
	"ZOO_4LW_COMMANDS_WHITELIST": {"4lw.commands.whitelist", true}, "ZOO_MAX_SESSION_TIMEOUT": {"maxSessionTimeout", true},
	"ZOO_PRE_ALLOC_SIZE": {"preAllocSize", true}, "ZOO_SNAPCOUNT": {"snapCount", true},
	"ZOO_RECONFIG_ENABLED": {"reconfigEnabled", false}, "ZOO_LISTEN_ALLIPS_ENABLED": {"quorumListenOnAllIPs", false},
	"ZOO_ENABLE_ADMIN_SERVER": {"admin.enableServer", false}, "ZOO_ADMIN_SERVER_PORT_NUMBER": {"admin.serverPort", true},
	"ZOO_DATA_LOG_DIR": {"dataLogDir", true}, "ZOO_TLS_PORT_NUMBER": {"secureClientPort", true},
}

var zooBitnamiHelpers = map[string]bool{
	"ZOO_SERVER_ID": true, "ZOO_SERVERS": true, "ZOO_PEER_TYPE": true, "ZOO_LOG_LEVEL": true,
	"ZOO_ENABLE_PROMETHEUS_METRICS": true, "ZOO_PROMETHEUS_METRICS_PORT_NUMBER": true, "ZOO_HC_TIMEOUT": true,
	"JVMFLAGS": true, "ZOO_HEAP_SIZE": true, "ALLOW_ANONYMOUS_LOGIN": true, "ZOO_ENABLE_AUTH": true,
	"ZOO_CLIENT_USER": true, "ZOO_SERVER_USERS": true, "ZOO_CLIENT_PASSWORD": true, "ZOO_SERVER_PASSWORDS": true,
	"ZOO_ENABLE_QUORUM_AUTH": true, "ZOO_QUORUM_LEARNER_USER": true, "ZOO_QUORUM_LEARNER_PASSWORD": true,
	"ZOO_QUORUM_SERVER_USERS": true, "ZOO_QUORUM_SERVER_PASSWORDS": true, "BITNAMI_DEBUG": true,
	"ZOO_FIPS_MODE": true, "ZOO_STANDALONE_ENABLED": true, "ZOO_LOG4J_PROP": true,
}

func classifyBitnamiZooKeeper(name string) EnvClass {
	base := strings.TrimSuffix(name, "_FILE")
	if v, ok := zooBitnamiVars[name]; ok {
		return EnvClass{Kind: EnvProp, Prop: v.prop, Verbatim: v.verbatim}
	}
	if zooBitnamiHelpers[name] || zooBitnamiHelpers[base] || strings.HasPrefix(name, "ZOO_TLS_") {
		return EnvClass{Kind: EnvHelper}
	}
	rest, ok := strings.CutPrefix(name, "ZOO_")
	if !ok {
		return EnvClass{}
	}
	c := EnvClass{Kind: EnvIgnored, Prop: zkKeyForWords(rest)}
	switch name {
	case "ZOO_MY_ID":
		c.Use, c.Sure = "ZOO_SERVER_ID", true
	case "ZOO_AUTOPURGE_PURGEINTERVAL":
		c.Use, c.Sure = "ZOO_AUTOPURGE_INTERVAL", true
	case "ZOO_AUTOPURGE_SNAPRETAINCOUNT":
		c.Use, c.Sure = "ZOO_AUTOPURGE_RETAIN_COUNT", true
	case "ZOO_ADMINSERVER_ENABLED":
		c.Use, c.Sure = "ZOO_ENABLE_ADMIN_SERVER", true
	}
	return c
}

// zkKeyForWords finds the zoo.cfg key whose words are the underscore-
// separated words of s ("4LW_COMMANDS_WHITELIST" -> 4lw.commands.whitelist,
// "MAX_CNXNS" -> maxCnxns), or "" when none matches.
func zkKeyForWords(s string) string {
	want := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	if want == "" {
		return ""
	}
	for _, p := range catalog.Of(catalog.ZooKeeper) {
		if strings.ToLower(strings.NewReplacer(".", "", "_", "", "-", "").Replace(p.Name)) == want {
			return p.Name
		}
	}
	return ""
}
