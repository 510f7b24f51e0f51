package lint

import (
	"strings"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleRequiredSetting reports settings without which the container exits
// at start: the variables an image's scripts insist on, and the parameters
// Kafka and ZooKeeper refuse to start without.
var ruleRequiredSetting = Rule{
	Name:    "required-setting",
	Summary: "a setting the image or the server refuses to start without is missing",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			switch s.role {
			case stackmodel.RoleKafka:
				requiredKafka(s, r)
			case stackmodel.RoleZooKeeper:
				requiredZooKeeper(s, r)
			}
		}
	},
}

// envSet reports whether the variable is set to something non-empty
// (or to an interpolation, which the linter assumes is).
func envSet(s *service, name string) bool {
	e := s.envGet(name)
	return e != nil && (!e.set || strings.TrimSpace(e.value) != "")
}

func requiredKafka(s *service, r *reporter) {
	scripts := scriptsBypassed(s) == ""
	if scripts {
		switch s.conv {
		case stackmodel.ConvCPKafka:
			if envSet(s, "KAFKA_PROCESS_ROLES") {
				if !envSet(s, "CLUSTER_ID") {
					r.errorf(s.anchor(), "generate one with `kafka-storage random-uuid` (any 22-character base64 UUID) and set CLUSTER_ID",
						"service %s runs cp-kafka in KRaft mode (KAFKA_PROCESS_ROLES) without CLUSTER_ID: the container exits with \"CLUSTER_ID is required.\"", s.name)
				}
				requiredKRaft(s, r)
				return
			}
			for _, v := range []string{"KAFKA_ZOOKEEPER_CONNECT", "KAFKA_ADVERTISED_LISTENERS"} {
				if !envSet(s, v) {
					r.errorf(s.anchor(), requiredHint(v),
						"service %s runs cp-kafka in ZooKeeper mode without %s: the container exits with \"%s is required.\"", s.name, v, v)
				}
			}
		case stackmodel.ConvWurstmeister:
			if !envSet(s, "KAFKA_ZOOKEEPER_CONNECT") {
				r.errorf(s.anchor(), requiredHint("KAFKA_ZOOKEEPER_CONNECT"),
					"service %s has no KAFKA_ZOOKEEPER_CONNECT: wurstmeister/kafka exits with \"missing mandatory config\"", s.name)
			}
			if envSet(s, "KAFKA_ADVERTISED_LISTENERS") && !envSet(s, "KAFKA_LISTENERS") {
				e := s.envGet("KAFKA_ADVERTISED_LISTENERS")
				r.errorf(e.pos, "add KAFKA_LISTENERS with the same listener names bound to 0.0.0.0, e.g. PLAINTEXT://0.0.0.0:9092",
					"KAFKA_ADVERTISED_LISTENERS without KAFKA_LISTENERS: wurstmeister/kafka exits with \"Missing environment variable KAFKA_LISTENERS\"")
			}
		}
		// Other images fill in defaults the linter cannot see.
		return
	}
	if s.mountedConfig == "" {
		return
	}
	// A configuration file the server reads as it is.
	if s.kafkaMode() == "kraft" {
		requiredKRaft(s, r)
		return
	}
	if s.props.get("zookeeper.connect") == nil && s.props.get("process.roles") == nil {
		r.errorf(s.settingsPos(), "set zookeeper.connect=<zookeeper service>:2181 (ZooKeeper mode) or process.roles (KRaft)",
			"%s sets neither zookeeper.connect nor process.roles: Kafka 3.9 refuses to start (\"Missing required configuration `zookeeper.connect` which has no default value.\")", s.mountedConfig)
	}
}

// requiredKRaft checks what every KRaft node needs.
func requiredKRaft(s *service, r *reporter) {
	for _, need := range []string{"node.id", "controller.listener.names"} {
		if s.props.get(need) == nil {
			example := map[string]string{"node.id": "a number unique across brokers and controllers", "controller.listener.names": "the name of the listener controllers use, e.g. CONTROLLER"}[need]
			r.errorf(s.settingsPos(), "set "+s.propName(need)+" to "+example,
				"service %s is a KRaft node (process.roles) without %s: Kafka refuses to start", s.name, s.propName(need))
		}
	}
	if s.props.get("controller.quorum.voters") == nil && s.props.get("controller.quorum.bootstrap.servers") == nil {
		r.errorf(s.settingsPos(), "set "+s.propName("controller.quorum.voters")+" to id@host:port of every controller",
			"service %s is a KRaft node (process.roles) without %s: it cannot find the controllers", s.name, s.propName("controller.quorum.voters"))
	}
}

func requiredHint(v string) string {
	switch v {
	case "KAFKA_ZOOKEEPER_CONNECT":
		return "set KAFKA_ZOOKEEPER_CONNECT to the ZooKeeper service, e.g. zookeeper:2181"
	case "KAFKA_ADVERTISED_LISTENERS":
		return "set KAFKA_ADVERTISED_LISTENERS, e.g. PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092 (with a matching protocol map)"
	}
	return "set " + v
}

func requiredZooKeeper(s *service, r *reporter) {
	if scriptsBypassed(s) == "" {
		switch s.conv {
		case stackmodel.ConvCPZooKeeper:
			if !envSet(s, "ZOOKEEPER_CLIENT_PORT") && !envSet(s, "ZOOKEEPER_SECURE_CLIENT_PORT") {
				r.errorf(s.anchor(), "set ZOOKEEPER_CLIENT_PORT: 2181",
					"service %s sets neither ZOOKEEPER_CLIENT_PORT nor ZOOKEEPER_SECURE_CLIENT_PORT: cp-zookeeper exits at start", s.name)
			}
			if envSet(s, "ZOOKEEPER_SERVERS") && !envSet(s, "ZOOKEEPER_SERVER_ID") {
				e := s.envGet("ZOOKEEPER_SERVERS")
				r.errorf(e.pos, "set ZOOKEEPER_SERVER_ID to this server's position in ZOOKEEPER_SERVERS (1 for the first entry)",
					"ZOOKEEPER_SERVERS without ZOOKEEPER_SERVER_ID: cp-zookeeper exits with \"ZOOKEEPER_SERVER_ID is required.\"")
			}
			return
		case stackmodel.ConvBitnamiZooKeeper:
			if !yesEnv(s, "ALLOW_ANONYMOUS_LOGIN") && !yesEnv(s, "ZOO_ENABLE_AUTH") {
				r.errorf(s.anchor(), "set ALLOW_ANONYMOUS_LOGIN: \"yes\" (development) or ZOO_ENABLE_AUTH with users",
					"service %s sets neither ALLOW_ANONYMOUS_LOGIN=yes nor ZOO_ENABLE_AUTH=yes: bitnami/zookeeper refuses to start", s.name)
			}
			return
		}
	}
	if s.mountedConfig == "" {
		return
	}
	// A zoo.cfg the server reads as is: tickTime has no default, and
	// without dataDir ZooKeeper has nowhere to keep its snapshots.
	for _, need := range []string{"tickTime", "dataDir"} {
		if s.props.get(need) == nil {
			example := map[string]string{"tickTime": "tickTime=2000", "dataDir": "dataDir=<a directory on a volume>"}[need]
			r.errorf(s.settingsPos(), "set "+example+" in "+s.mountedConfig,
				"%s does not set %s: ZooKeeper refuses to start", s.mountedConfig, need)
		}
	}
}

func yesEnv(s *service, name string) bool {
	e := s.envGet(name)
	return e != nil && e.set && (e.dynamic() || isYes(e.value))
}
