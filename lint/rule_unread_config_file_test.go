package lint

import (
	"strings"
	"testing"
)

// TestRuleUnreadConfigFile: each case is one decision of the stack model's
// Sources (stackmodel.TestSources names the image script line behind it).
func TestRuleUnreadConfigFile(t *testing.T) {
	runRuleCases(t, "unread-config-file", []ruleCase{
		{"cp-kafka renders its own file", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: 1
    volumes:
      - ./server.properties:/etc/kafka/server.properties
      - ./log4j.properties:/etc/kafka/log4j.properties
      - data:/var/lib/kafka/data
volumes:
  data:
`, []wantFinding{{7, SeverityWarning, "./server.properties (mounted at /etc/kafka/server.properties) is never read by the server of image confluentinc/cp-kafka:7.9.6: its scripts write /etc/kafka/kafka.properties"}}},
		{"cp-kafka writes over a file mounted at its rendered path", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: 1
    volumes:
      - ./kafka.properties:/etc/kafka/kafka.properties
`, []wantFinding{{7, SeverityWarning, "its scripts write over /etc/kafka/kafka.properties, where it is mounted, from the KAFKA_ variables"}}},
		{"client configurations beside a broker are no server configuration", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: 1
    volumes:
      - ./admin.properties:/etc/kafka/admin.properties
      - ./command.properties:/etc/kafka/secrets/command.properties
      - ./client-ssl.properties:/etc/kafka/client-ssl.properties
`, nil},
		{"cp-kafka started with the file reads it", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    command: kafka-server-start /etc/kafka/server.properties
    volumes:
      - ./server.properties:/etc/kafka/server.properties
`, nil},
		{"a start command reads only its own file", `services:
  kafka:
    image: apache/kafka:3.9.1
    command: ["/opt/kafka/bin/kafka-server-start.sh", "/k/server.properties"]
    configs:
      - source: other
        target: /k/other.properties
    volumes:
      - ./server.properties:/k/server.properties
configs:
  other:
    content: |
      num.partitions=3
`, []wantFinding{{6, SeverityWarning, "config other (mounted at /k/other.properties) is never read by the server of image apache/kafka:3.9.1: the service's command starts it with /k/server.properties"}}},
		{"apache/kafka reads /mnt/shared/config only", `services:
  kafka:
    image: apache/kafka:3.9.1
    volumes:
      - ./server.properties:/opt/kafka/config/server.properties
      - ./other.properties:/mnt/shared/config/server.properties
`, []wantFinding{{5, SeverityWarning, "it starts from /mnt/shared/config/server.properties when one is mounted there"}}},
		{"official zookeeper reads /conf/zoo.cfg", `services:
  zk:
    image: zookeeper:3.8
    volumes:
      - ./zoo.cfg:/etc/zookeeper/zoo.cfg
`, []wantFinding{{5, SeverityWarning, "./zoo.cfg (mounted at /etc/zookeeper/zoo.cfg) is never read by the server of image zookeeper:3.8: it reads /conf/zoo.cfg"}}},
		{"official zookeeper with the file in /conf", `services:
  zk:
    image: zookeeper:3.8
    volumes:
      - type: bind
        source: ./zoo.cfg
        target: /conf/zoo.cfg
`, nil},
		{"official zookeeper with ZOO_CONF_DIR", `services:
  zk:
    image: zookeeper:3.8
    environment:
      ZOO_CONF_DIR: /etc/zk
    volumes:
      - ./zoo.cfg:/etc/zk/zoo.cfg
      - ./zoo.cfg:/conf/zoo.cfg
`, []wantFinding{{8, SeverityWarning, "/conf/zoo.cfg) is never read"}}},
		{"cp-zookeeper renders its own file", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    configs:
      - zoo.cfg
configs:
  zoo.cfg:
    file: ./zoo.cfg
`, []wantFinding{{5, SeverityWarning, "config zoo.cfg (mounted at /zoo.cfg) is never read by the server of image confluentinc/cp-zookeeper:7.9.6: its scripts write /etc/kafka/zookeeper.properties"}}},
		{"a dynamic ZOO_CONF_DIR cannot be decided", `services:
  zk:
    image: zookeeper:3.8
    environment:
      ZOO_CONF_DIR: ${CONF}
    volumes:
      - ./zoo.cfg:/etc/zk/zoo.cfg
`, nil},
		{"images not checked file by file take the file as read", `services:
  kafka:
    image: bitnamilegacy/kafka:3.6
    volumes:
      - ./server.properties:/opt/bitnami/kafka/config/server.properties
`, nil},
		{"a client reads no server configuration", `services:
  tools:
    image: confluentinc/cp-kafka:7.9.6
    command: kafka-topics --bootstrap-server kafka:9092 --list
    volumes:
      - ./server.properties:/etc/kafka/server.properties
`, nil},
	})
}

// TestRuleUnreadConfigFileHints: the hint says how the image can be made to
// read the file.
func TestRuleUnreadConfigFileHints(t *testing.T) {
	for _, c := range []struct{ image, target, hint string }{
		{"confluentinc/cp-kafka:7.9.6", "/etc/kafka/server.properties", "command: kafka-server-start /etc/kafka/server.properties"},
		{"confluentinc/cp-zookeeper:7.9.6", "/etc/zk/zoo.cfg", "command: zookeeper-server-start /etc/zk/zoo.cfg"},
		{"apache/kafka:4.0.0", "/opt/kafka/config/server.properties", "mount the file at /mnt/shared/config/server.properties"},
		{"zookeeper:3.8", "/etc/zk/zoo.cfg", "mount the file at /conf/zoo.cfg"},
	} {
		src := "services:\n  s:\n    image: " + c.image + "\n    volumes:\n      - ./f:" + c.target + "\n"
		var hints []string
		for _, f := range Check("c.yaml", t.TempDir(), []byte(src)) {
			if f.Rule == "unread-config-file" {
				hints = append(hints, f.Hint)
			}
		}
		if len(hints) != 1 || !strings.Contains(hints[0], c.hint) {
			t.Errorf("%s, %s: hints %q, want one containing %q", c.image, c.target, hints, c.hint)
		}
	}
}
