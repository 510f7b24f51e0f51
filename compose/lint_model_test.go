package compose

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestLintParseImage(t *testing.T) {
	cases := []struct {
		raw            string
		registry, repo string
		tag, digest    string
		role           lintRole
		conv           lintConv
		major, minor   int
		versionKnown   bool
	}{
		{"confluentinc/cp-kafka:7.9.6", "", "confluentinc/cp-kafka", "7.9.6", "", lintRoleKafka, convCPKafka, 3, 9, true},
		{"confluentinc/cp-server:8.0.0", "", "confluentinc/cp-server", "8.0.0", "", lintRoleKafka, convCPKafka, 4, 0, true},
		{"confluentinc/cp-kafka:6.2.1", "", "confluentinc/cp-kafka", "6.2.1", "", lintRoleKafka, convCPKafka, 2, 8, true},
		{"docker.io/apache/kafka:3.9.1", "", "apache/kafka", "3.9.1", "", lintRoleKafka, convApacheKafka, 3, 9, true},
		{"bitnami/kafka:3.6.1-debian-12-r0", "", "bitnami/kafka", "3.6.1-debian-12-r0", "", lintRoleKafka, convBitnamiKafka, 3, 6, true},
		{"wurstmeister/kafka:2.13-2.8.1", "", "wurstmeister/kafka", "2.13-2.8.1", "", lintRoleKafka, convWurstmeister, 2, 8, true},
		{"library/zookeeper:3.8", "", "zookeeper", "3.8", "", lintRoleZooKeeper, convZooKeeper, 3, 8, true},
		{"registry.example.com:5000/bitnami/zookeeper", "registry.example.com:5000", "bitnami/zookeeper", "", "", lintRoleZooKeeper, convBitnamiZooKeeper, 0, 0, false},
		{"apache/kafka@sha256:abc", "", "apache/kafka", "", "sha256:abc", lintRoleKafka, convApacheKafka, 0, 0, false},
		{"localhost/my/app:1", "localhost", "my/app", "1", "", lintRoleOther, convNone, 1, 0, false},
	}
	for _, c := range cases {
		im := lintParseImage(c.raw)
		if im.registry != c.registry || im.repo != c.repo || im.tag != c.tag || im.digest != c.digest {
			t.Errorf("%s: parsed %+v", c.raw, im)
		}
		role, conv := im.classify()
		if role != c.role || conv != c.conv {
			t.Errorf("%s: role %v conv %v, want %v %v", c.raw, role, conv, c.role, c.conv)
		}
		if c.role == lintRoleKafka {
			ma, mi, ok := im.kafkaVersion(conv)
			if ok != c.versionKnown || ok && (ma != c.major || mi != c.minor) {
				t.Errorf("%s: Kafka %d.%d (%v), want %d.%d (%v)", c.raw, ma, mi, ok, c.major, c.minor, c.versionKnown)
			}
		}
	}
}

func TestCPEnvToProp(t *testing.T) {
	for env, prop := range map[string]string{
		"ZOOKEEPER_CONNECT": "zookeeper.connect",
		"LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG": "listener.name.sasl_ssl.plain.sasl.jaas.config",
		"SOME___DASHED_PROP":                             "some-dashed.prop",
		"_LEADING":                                       "_leading",
	} {
		if got := cpEnvToProp(env); got != prop {
			t.Errorf("cpEnvToProp(%s) = %s, want %s", env, got, prop)
		}
		if env[0] != '_' && cpPropToEnv(prop) != env {
			t.Errorf("cpPropToEnv(%s) = %s, want %s", prop, cpPropToEnv(prop), env)
		}
	}
}

func TestLintParsePorts(t *testing.T) {
	cases := []struct {
		src  string
		want []lintPort
	}{
		{`"9092"`, []lintPort{{target: 9092, protocol: "tcp"}}},
		{`"9092:29092"`, []lintPort{{published: 9092, target: 29092, protocol: "tcp"}}},
		{`"127.0.0.1:9092:9092/udp"`, []lintPort{{hostIP: "127.0.0.1", published: 9092, target: 9092, protocol: "udp"}}},
		{`"[::1]:9092:9092"`, []lintPort{{hostIP: "::1", published: 9092, target: 9092, protocol: "tcp"}}},
		{`"9092-9093:19092-19093"`, []lintPort{{published: 9092, target: 19092, protocol: "tcp"}, {published: 9093, target: 19093, protocol: "tcp"}}},
		{`"${PORT}:9092"`, []lintPort{{dynamic: true}}},
		{`{target: 9092, published: "8000-8010", host_ip: 0.0.0.0}`, []lintPort{{hostIP: "0.0.0.0", published: 8000, target: 9092, protocol: "tcp"}}},
		{`"not a port"`, nil},
	}
	for _, c := range cases {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(c.src), &n); err != nil {
			t.Fatal(err)
		}
		got := lintParsePorts(n.Content[0])
		if len(got) != len(c.want) {
			t.Errorf("%s: %+v, want %+v", c.src, got, c.want)
			continue
		}
		for i := range got {
			got[i].pos = lintPos{}
			if got[i] != c.want[i] {
				t.Errorf("%s: port %d = %+v, want %+v", c.src, i, got[i], c.want[i])
			}
		}
	}
}

// TestLintInlinePositions: keys of a literal block point at their own
// line and column; other scalar styles point at the scalar.
func TestLintInlinePositions(t *testing.T) {
	src := "configs:\n  a:\n    content: |\n      # comment\n\n        broker.id=1\n      num.partitions=3\n  b:\n    content: \"broker.id=1\\nnum.partitions=3\"\n"
	p := newLintProject("x.yml", ".", []byte(src))
	a := p.inlineProps(p.configs["a"].content)
	if len(a) != 2 || a[0].pos != (lintPos{line: 6, col: 9}) || a[1].pos != (lintPos{line: 7, col: 7}) {
		t.Errorf("literal block: %+v %+v", a[0], a[1])
	}
	b := p.inlineProps(p.configs["b"].content)
	if len(b) != 2 || b[0].pos != (lintPos{line: 9, col: 14}) || b[1].pos != b[0].pos {
		t.Errorf("quoted scalar: %+v %+v", b[0], b[1])
	}
}
