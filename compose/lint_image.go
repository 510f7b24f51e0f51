package compose

import (
	"strconv"
	"strings"
)

// lintRole is what a service is, as far as the linter is concerned.
type lintRole int

const (
	lintRoleOther lintRole = iota
	lintRoleKafka
	lintRoleZooKeeper
)

// lintConv is an image's convention for turning environment variables into
// configuration. Each one is described in lint_env.go.
type lintConv int

const (
	convNone             lintConv = iota
	convCPKafka                   // confluentinc/cp-kafka, cp-server: KAFKA_* through env_to_props
	convApacheKafka               // apache/kafka, apache/kafka-native: KAFKA_* like cp-kafka
	convBitnamiKafka              // bitnami/kafka: KAFKA_CFG_*
	convWurstmeister              // wurstmeister/kafka: KAFKA_*, single underscores only
	convCPZooKeeper               // confluentinc/cp-zookeeper: a fixed ZOOKEEPER_* whitelist
	convZooKeeper                 // the official zookeeper image: ZOO_*
	convBitnamiZooKeeper          // bitnami/zookeeper: its own ZOO_* names
	convPlainZooKeeper            // wurstmeister/zookeeper: no variables at all
)

func (c lintConv) String() string {
	switch c {
	case convCPKafka:
		return "cp-kafka"
	case convApacheKafka:
		return "apache/kafka"
	case convBitnamiKafka:
		return "bitnami/kafka"
	case convWurstmeister:
		return "wurstmeister/kafka"
	case convCPZooKeeper:
		return "cp-zookeeper"
	case convZooKeeper:
		return "zookeeper"
	case convBitnamiZooKeeper:
		return "bitnami/zookeeper"
	case convPlainZooKeeper:
		return "wurstmeister/zookeeper"
	}
	return "unknown image"
}

// lintImage is a parsed image reference.
type lintImage struct {
	raw      string
	registry string // "" for Docker Hub
	repo     string // path without registry; "library/" dropped
	tag      string
	digest   string
	dynamic  bool // the reference uses ${VAR} interpolation
}

func lintParseImage(raw string) lintImage {
	im := lintImage{raw: raw, dynamic: strings.Contains(raw, "$")}
	ref := strings.TrimSpace(raw)
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		im.digest = ref[i+1:]
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		im.tag = ref[i+1:]
		ref = ref[:i]
	}
	parts := strings.Split(ref, "/")
	if len(parts) > 1 && (strings.ContainsAny(parts[0], ".:") || parts[0] == "localhost") {
		im.registry = parts[0]
		parts = parts[1:]
	}
	switch im.registry {
	case "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com":
		im.registry = ""
	}
	if len(parts) == 2 && parts[0] == "library" {
		parts = parts[1:]
	}
	im.repo = strings.ToLower(strings.Join(parts, "/"))
	return im
}

// classify recognises the Kafka and ZooKeeper images whose conventions the
// linter knows. Mirrors are recognised by repository path.
func (im lintImage) classify() (lintRole, lintConv) {
	switch im.repo {
	case "confluentinc/cp-kafka", "confluentinc/cp-server", "confluentinc/cp-enterprise-kafka":
		return lintRoleKafka, convCPKafka
	case "apache/kafka", "apache/kafka-native":
		return lintRoleKafka, convApacheKafka
	case "bitnami/kafka", "bitnamilegacy/kafka", "bitnamisecure/kafka":
		return lintRoleKafka, convBitnamiKafka
	case "wurstmeister/kafka":
		return lintRoleKafka, convWurstmeister
	case "confluentinc/cp-zookeeper":
		return lintRoleZooKeeper, convCPZooKeeper
	case "zookeeper":
		return lintRoleZooKeeper, convZooKeeper
	case "bitnami/zookeeper", "bitnamilegacy/zookeeper", "bitnamisecure/zookeeper":
		return lintRoleZooKeeper, convBitnamiZooKeeper
	case "wurstmeister/zookeeper":
		return lintRoleZooKeeper, convPlainZooKeeper
	}
	return lintRoleOther, convNone
}

// kafkaVersion returns the Apache Kafka major and minor version an image
// tag ships, when the tag says it.
func (im lintImage) kafkaVersion(conv lintConv) (major, minor int, ok bool) {
	tag := im.tag
	if tag == "" || im.dynamic {
		return 0, 0, false
	}
	switch conv {
	case convCPKafka:
		// Confluent Platform numbers map onto Kafka: 6.x is 2.(x+6),
		// 7.x is 3.x, 8.x is 4.x.
		ma, mi, ok := lintLeadingVersion(tag)
		if !ok {
			return 0, 0, false
		}
		switch {
		case ma == 6:
			return 2, mi + 6, true
		case ma >= 7:
			return ma - 4, mi, true
		}
		return 0, 0, false
	case convWurstmeister:
		// Tags read <scala>-<kafka>, e.g. 2.13-2.8.1.
		if i := strings.IndexByte(tag, '-'); i >= 0 {
			tag = tag[i+1:]
		}
	}
	return lintLeadingVersion(tag)
}

// lintLeadingVersion parses "3.9", "3.9.1", "3.9.0-debian-12-r3" or "v3.9".
func lintLeadingVersion(tag string) (major, minor int, ok bool) {
	tag = strings.TrimPrefix(tag, "v")
	parts := strings.SplitN(tag, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	ma, err := strconv.Atoi(parts[0])
	if err != nil {
		return 0, 0, false
	}
	mi := parts[1]
	if i := strings.IndexFunc(mi, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		mi = mi[:i]
	}
	n, err := strconv.Atoi(mi)
	if err != nil {
		return 0, 0, false
	}
	return ma, n, true
}
