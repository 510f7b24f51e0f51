package lint

import (
	"strings"
	"testing"
)

// A Kafka service is judged by the catalogue of the line its image runs:
// cp-kafka 8.x and apache/kafka 4.x by 4.x's, cp-kafka 7.9.x and
// apache/kafka 3.9.x by 3.9's.
func TestLintKafkaLineUnknownParameter(t *testing.T) {
	env := `
    environment:
      KAFKA_LOG_MESSAGE_FORMAT_VERSION: "3.0"
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_DELEGATION_TOKEN_MASTER_KEY: secret
`
	runRuleCases(t, "unknown-parameter", []ruleCase{
		{"apache/kafka 4.x", "services:\n  kafka:\n    image: apache/kafka:4.1.0" + env, []wantFinding{
			{5, SeverityError, "KAFKA_LOG_MESSAGE_FORMAT_VERSION (log.message.format.version) is a Kafka 3.9 setting that Kafka 4.x removed; image apache/kafka:4.1.0 runs 4.x"},
			{7, SeverityError, "KAFKA_DELEGATION_TOKEN_MASTER_KEY (delegation.token.master.key) is a Kafka 3.9 setting that Kafka 4.x removed"},
		}},
		{"cp-kafka 8.x", "services:\n  kafka:\n    image: confluentinc/cp-kafka:8.1.0" + env, []wantFinding{
			{5, SeverityError, "Kafka 4.x removed"},
			{7, SeverityError, "Kafka 4.x removed"},
		}},
		{"cp-kafka 7.9", "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.9.6" + env, []wantFinding{
			{6, SeverityError, "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR sets share.coordinator.state.topic.replication.factor, which is not a Kafka broker parameter"},
		}},
		{"apache/kafka 3.9", "services:\n  kafka:\n    image: apache/kafka:3.9.1" + env, []wantFinding{
			{6, SeverityError, "not a Kafka broker parameter"},
		}},
	})
}

func TestLintKafkaLineHints(t *testing.T) {
	for _, tc := range []struct {
		image, hint string
	}{
		{"apache/kafka:4.1.0", "write KAFKA_DELEGATION_TOKEN_SECRET_KEY instead"},
		{"confluentinc/cp-kafka:8.0.0", "write KAFKA_DELEGATION_TOKEN_SECRET_KEY instead"},
	} {
		src := "services:\n  kafka:\n    image: " + tc.image + "\n    environment:\n      KAFKA_DELEGATION_TOKEN_MASTER_KEY: s\n      KAFKA_ZOOKEEPER_SESSION_TIMEOUT_MS: 1000\n"
		var hints []string
		for _, f := range Check("case.yml", t.TempDir(), []byte(src)) {
			if f.Rule == "unknown-parameter" {
				hints = append(hints, f.Hint)
			}
		}
		if len(hints) != 2 || hints[0][:len(tc.hint)] != tc.hint || hints[1] == "" {
			t.Errorf("%s: hints %q, want the first to start with %q", tc.image, hints, tc.hint)
		}
	}
}

func TestLintKafkaLineInvalidValue(t *testing.T) {
	// log.segment.bytes: at least 14 bytes on 3.9, 1 MiB on 4.x.
	env := "\n    environment:\n      KAFKA_LOG_SEGMENT_BYTES: 65536\n"
	runRuleCases(t, "invalid-value", []ruleCase{
		{"4.x minimum", "services:\n  kafka:\n    image: apache/kafka:4.1.0" + env, []wantFinding{
			{5, SeverityError, "KAFKA_LOG_SEGMENT_BYTES=65536 is invalid for log.segment.bytes"},
		}},
		{"3.9 minimum", "services:\n  kafka:\n    image: apache/kafka:3.9.1" + env, nil},
	})
}

// On 4.x a broker-only node takes default.replication.factor from the
// controllers: min-insync compares its min.insync.replicas with theirs.
func TestLintKafka4ControllerReplicationFactor(t *testing.T) {
	stack := func(image, ctrlRF string) string {
		src := "services:\n"
		for i := 1; i <= 3; i++ {
			n := string(rune('0' + i))
			src += "  controller-" + n + ":\n    image: " + image + "\n    environment:\n" +
				"      KAFKA_PROCESS_ROLES: controller\n      KAFKA_NODE_ID: 10" + n + "\n" +
				"      KAFKA_CONTROLLER_QUORUM_VOTERS: 101@controller-1:9093,102@controller-2:9093,103@controller-3:9093\n" +
				"      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_LISTENERS: CONTROLLER://:9093\n" +
				"      KAFKA_DEFAULT_REPLICATION_FACTOR: " + ctrlRF + "\n"
		}
		for i := 1; i <= 3; i++ {
			n := string(rune('0' + i))
			src += "  kafka-" + n + ":\n    image: " + image + "\n    environment:\n" +
				"      KAFKA_PROCESS_ROLES: broker\n      KAFKA_NODE_ID: " + n + "\n" +
				"      KAFKA_CONTROLLER_QUORUM_VOTERS: 101@controller-1:9093,102@controller-2:9093,103@controller-3:9093\n" +
				"      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_LISTENERS: PLAINTEXT://:9092\n" +
				"      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka-" + n + ":9092\n" +
				"      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n" +
				"      KAFKA_MIN_INSYNC_REPLICAS: 2\n"
		}
		return src
	}
	count := func(src string) (n int, msg string) {
		for _, f := range Check("case.yml", t.TempDir(), []byte(src)) {
			if f.Rule == "min-insync" {
				n++
				msg = f.Message
			}
		}
		return n, msg
	}
	if n, msg := count(stack("apache/kafka:4.1.0", "3")); n != 0 {
		t.Errorf("4.x, controllers rf 3: %d min-insync findings: %s", n, msg)
	}
	if n, msg := count(stack("apache/kafka:4.1.0", "1")); n != 3 || !strings.Contains(msg, "the controllers' KAFKA_DEFAULT_REPLICATION_FACTOR") {
		t.Errorf("4.x, controllers rf 1: %d min-insync findings (%s), want 3 naming the controllers' setting", n, msg)
	}
	// On 3.9 each broker's own (default) replication factor counts.
	if n, _ := count(stack("apache/kafka:3.9.1", "3")); n != 3 {
		t.Errorf("3.9: %d min-insync findings, want 3", n)
	}
}
