package stackmodel

import "testing"

func TestParseRef(t *testing.T) {
	cases := []struct {
		raw            string
		registry, repo string
		tag, digest    string
		role           Role
		conv           Convention
		major, minor   int
		versionKnown   bool
	}{
		{"confluentinc/cp-kafka:7.9.6", "", "confluentinc/cp-kafka", "7.9.6", "", RoleKafka, ConvCPKafka, 3, 9, true},
		{"confluentinc/cp-server:8.0.0", "", "confluentinc/cp-server", "8.0.0", "", RoleKafka, ConvCPKafka, 4, 0, true},
		{"confluentinc/cp-kafka:6.2.1", "", "confluentinc/cp-kafka", "6.2.1", "", RoleKafka, ConvCPKafka, 2, 8, true},
		{"docker.io/apache/kafka:3.9.1", "", "apache/kafka", "3.9.1", "", RoleKafka, ConvApacheKafka, 3, 9, true},
		{"bitnami/kafka:3.6.1-debian-12-r0", "", "bitnami/kafka", "3.6.1-debian-12-r0", "", RoleKafka, ConvBitnamiKafka, 3, 6, true},
		{"wurstmeister/kafka:2.13-2.8.1", "", "wurstmeister/kafka", "2.13-2.8.1", "", RoleKafka, ConvWurstmeister, 2, 8, true},
		{"library/zookeeper:3.8", "", "zookeeper", "3.8", "", RoleZooKeeper, ConvZooKeeper, 3, 8, true},
		{"registry.example.com:5000/bitnami/zookeeper", "registry.example.com:5000", "bitnami/zookeeper", "", "", RoleZooKeeper, ConvBitnamiZooKeeper, 0, 0, false},
		{"apache/kafka@sha256:abc", "", "apache/kafka", "", "sha256:abc", RoleKafka, ConvApacheKafka, 0, 0, false},
		{"localhost/my/app:1", "localhost", "my/app", "1", "", RoleOther, ConvNone, 1, 0, false},
	}
	for _, c := range cases {
		im := ParseRef(c.raw)
		if im.Registry != c.registry || im.Repo != c.repo || im.Tag != c.tag || im.Digest != c.digest {
			t.Errorf("%s: parsed %+v", c.raw, im)
		}
		role, conv := im.Classify()
		if role != c.role || conv != c.conv {
			t.Errorf("%s: role %v conv %v, want %v %v", c.raw, role, conv, c.role, c.conv)
		}
		if c.role == RoleKafka {
			ma, mi, ok := im.KafkaVersion(conv)
			if ok != c.versionKnown || ok && (ma != c.major || mi != c.minor) {
				t.Errorf("%s: Kafka %d.%d (%v), want %d.%d (%v)", c.raw, ma, mi, ok, c.major, c.minor, c.versionKnown)
			}
		}
	}
}

func TestRefRepo(t *testing.T) {
	for in, want := range map[string]string{
		"confluentinc/cp-kafka:7.9.6":                     "confluentinc/cp-kafka",
		"docker.io/confluentinc/cp-kafka:7.9.6":           "confluentinc/cp-kafka",
		"localhost:5000/confluentinc/cp-kafka@sha256:abc": "confluentinc/cp-kafka",
		"zookeeper":             "zookeeper",
		"library/zookeeper:3.8": "zookeeper",
		"apache/kafka":          "apache/kafka",
	} {
		if got := ParseRef(in).Repo; got != want {
			t.Errorf("ParseRef(%q).Repo = %q, want %q", in, got, want)
		}
	}
}
