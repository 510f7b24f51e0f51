package lint

import (
	"fmt"
	"testing"

	"github.com/kafkit/kafkit/stackmodel"
	"go.yaml.in/yaml/v3"
)

func TestLintParsePorts(t *testing.T) {
	cases := []struct {
		src  string
		want []portMapping
	}{
		{`"9092"`, []portMapping{{target: 9092, protocol: "tcp"}}},
		{`"9092:29092"`, []portMapping{{published: 9092, target: 29092, protocol: "tcp"}}},
		{`"127.0.0.1:9092:9092/udp"`, []portMapping{{hostIP: "127.0.0.1", published: 9092, target: 9092, protocol: "udp"}}},
		{`"[::1]:9092:9092"`, []portMapping{{hostIP: "::1", published: 9092, target: 9092, protocol: "tcp"}}},
		{`"9092-9093:19092-19093"`, []portMapping{{published: 9092, target: 19092, protocol: "tcp"}, {published: 9093, target: 19093, protocol: "tcp"}}},
		{`"${PORT}:9092"`, []portMapping{{dynamic: true}}},
		{`{target: 9092, published: "8000-8010", host_ip: 0.0.0.0}`, []portMapping{{hostIP: "0.0.0.0", published: 8000, target: 9092, protocol: "tcp"}}},
		{`"not a port"`, nil},
	}
	for _, c := range cases {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(c.src), &n); err != nil {
			t.Fatal(err)
		}
		got := parsePorts(n.Content[0])
		if len(got) != len(c.want) {
			t.Errorf("%s: %+v, want %+v", c.src, got, c.want)
			continue
		}
		for i := range got {
			got[i].pos = position{}
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
	p := newProject("x.yml", ".", []byte(src))
	a := inlineProps(p, "a")
	if len(a) != 2 || a[0].pos != (position{line: 6, col: 9}) || a[1].pos != (position{line: 7, col: 7}) {
		t.Errorf("literal block: %+v %+v", a[0], a[1])
	}
	b := inlineProps(p, "b")
	if len(b) != 2 || b[0].pos != (position{line: 9, col: 14}) || b[1].pos != b[0].pos {
		t.Errorf("quoted scalar: %+v %+v", b[0], b[1])
	}
}

// inlineProps reads the inline config name the way a service that starts
// Kafka from it does: the stack model decides what it reads, buildProps
// points at it.
func inlineProps(p *project, name string) []*property {
	files := inlineFiles{p, []configRef{{source: name, target: "/etc/kafka/" + name + ".properties"}}}
	s := &service{name: "kafka", role: stackmodel.RoleKafka, model: stackmodel.Service{Name: "kafka",
		Image: stackmodel.ParseRef("apache/kafka:3.9.1"), Command: "kafka-server-start /etc/kafka/" + name + ".properties", Files: files}}
	p.buildProps(s)
	return s.props.list
}

// TestPropsFollowStackModel: the linter's properties are what the stack
// model decides the server reads (stackmodel.TestSources has the reasons),
// each pointing where it is written.
func TestPropsFollowStackModel(t *testing.T) {
	cases := []struct {
		name, yml string
		want      map[string]string // property -> value@line ("" when absent)
		mounted   string
	}{
		{"cp-kafka's scripts do not read a mounted server.properties", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: 1
    configs: [{source: p, target: /etc/kafka/kafkit/server.properties}]
configs:
  p:
    content: |
      broker.id=2
      log.retention.hours=one week
`, map[string]string{"broker.id": "1@5", "log.retention.hours": ""}, ""},
		{"apache/kafka appends the environment to the mounted file", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_NUM_PARTITIONS: 6
    configs: [{source: p, target: /mnt/shared/config/server.properties}]
configs:
  p:
    content: |
      num.partitions=3
      log.dirs=/data
`, map[string]string{"num.partitions": "6@5", "log.dirs": "/data@11"}, "/mnt/shared/config/server.properties"},
		{"--override options are read, at the command", `services:
  kafka:
    image: apache/kafka:3.9.1
    command: /opt/kafka/bin/kafka-server-start.sh /k/server.properties --override broker.id=2
    configs: [{source: p, target: /k/server.properties}, {source: q, target: /k/other.properties}]
configs:
  p:
    content: |
      broker.id=1
      num.partitions=3
  q:
    content: |
      log.dirs=/data
`, map[string]string{"broker.id": "2@4", "num.partitions": "3@10", "log.dirs": ""}, "/k/server.properties"},
		{"zookeeper-server-start does not read JVMFLAGS", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    command: zookeeper-server-start /z/zoo.cfg
    environment:
      JVMFLAGS: "@/z/jvm.args"
    configs: [{source: z, target: /z/zoo.cfg}, {source: a, target: /z/jvm.args}]
configs:
  z:
    content: |
      tickTime=2000
  a:
    content: |
      -Dzookeeper.snapCount=10
`, map[string]string{"tickTime": "2000@11", "snapCount": ""}, "/z/zoo.cfg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newProject("x.yml", ".", []byte(c.yml))
			s := p.services[0]
			for k, want := range c.want {
				got := ""
				if pr := s.props.get(k); pr != nil {
					got = fmt.Sprintf("%s@%d", pr.value, pr.pos.line)
				}
				if got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if s.mountedConfig != c.mounted {
				t.Errorf("mounted config %q, want %q", s.mountedConfig, c.mounted)
			}
		})
	}
}
