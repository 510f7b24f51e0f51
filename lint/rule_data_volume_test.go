package lint

import (
	"strings"
	"testing"
)

func TestRuleDataVolume(t *testing.T) {
	runRuleCases(t, "data-volume", []ruleCase{
		{"named volumes", `services:
  zk:
    image: zookeeper:3.8
    volumes: [zk-data:/data, zk-log:/datalog]
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    volumes: ["./kafka:/var/lib/kafka"]
volumes: {zk-data: {}, zk-log: {}}
`, nil},
		{"none", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
`, []wantFinding{{2, SeverityWarning, "/var/lib/kafka/data"}}},
		{"log.dirs elsewhere", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_LOG_DIRS: /kafka/data
    volumes: [data:/var/lib/kafka/data]
volumes: {data: {}}
`, []wantFinding{{5, SeverityWarning, "/kafka/data"}}},
		// Issue 17: with any KAFKA_* property variable apache/kafka does
		// not use its sample file, so log.dirs is unset and the data goes
		// to /tmp/kafka-logs, not /tmp/kraft-combined-logs.
		{"apache/kafka with property variables writes to /tmp/kafka-logs", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_PROCESS_ROLES: broker,controller
    volumes: [data:/tmp/kraft-combined-logs]
volumes: {data: {}}
`, []wantFinding{{2, SeverityWarning, "data directory /tmp/kafka-logs"}}},
		{"apache/kafka with its sample file", `services:
  kafka:
    image: apache/kafka:3.9.1
`, []wantFinding{{2, SeverityWarning, "data directory /tmp/kraft-combined-logs"}}},
		{"tmpfs is a choice", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    tmpfs: /var/lib/kafka/data
`, nil},
		{"anonymous volumes do not keep the data", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    volumes:
      - /var/lib/kafka/data
  zk:
    image: zookeeper:3.8
    volumes:
      - type: volume
        target: /data
      - zk-log:/datalog
volumes: {zk-log: {}}
`, []wantFinding{{2, SeverityWarning, "/var/lib/kafka/data"}, {6, SeverityWarning, "data directory /data"}}},
		{"ZooKeeper transaction log", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    volumes: [zk-data:/var/lib/zookeeper/data]
volumes: {zk-data: {}}
`, []wantFinding{{2, SeverityWarning, "transaction log directory /var/lib/zookeeper/log"}}},
	})
}

// TestRuleDataVolumeApacheHint checks that the hint for apache/kafka names
// the directory the broker really uses and how to move it onto the image's
// volume (issue 17: the sample file's /tmp/kraft-combined-logs never
// receives data once the wrapper writes its own properties).
func TestRuleDataVolumeApacheHint(t *testing.T) {
	src := `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_PROCESS_ROLES: broker,controller
`
	var hint string
	for _, f := range Check("case.yml", t.TempDir(), []byte(src)) {
		if f.Rule == "data-volume" {
			hint = f.Hint
		}
	}
	for _, want := range []string{"KAFKA_LOG_DIRS: /var/lib/kafka/data", "/tmp/kafka-logs"} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint %q does not contain %q", hint, want)
		}
	}
	if strings.Contains(hint, "kraft-combined-logs") {
		t.Errorf("hint %q suggests the sample file's directory, which the broker does not use here", hint)
	}
}
