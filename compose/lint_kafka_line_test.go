package compose

import "testing"

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
	runRuleCases(t, "unknown-parameter", []lintCase{
		{"apache/kafka 4.x", "services:\n  kafka:\n    image: apache/kafka:4.1.0" + env, []lintWant{
			{5, SeverityError, "KAFKA_LOG_MESSAGE_FORMAT_VERSION (log.message.format.version) is a Kafka 3.9 setting that Kafka 4.x removed; image apache/kafka:4.1.0 runs 4.x"},
			{7, SeverityError, "KAFKA_DELEGATION_TOKEN_MASTER_KEY (delegation.token.master.key) is a Kafka 3.9 setting that Kafka 4.x removed"},
		}},
		{"cp-kafka 8.x", "services:\n  kafka:\n    image: confluentinc/cp-kafka:8.1.0" + env, []lintWant{
			{5, SeverityError, "Kafka 4.x removed"},
			{7, SeverityError, "Kafka 4.x removed"},
		}},
		{"cp-kafka 7.9", "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.9.6" + env, []lintWant{
			{6, SeverityError, "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR sets share.coordinator.state.topic.replication.factor, which is not a Kafka broker parameter"},
		}},
		{"apache/kafka 3.9", "services:\n  kafka:\n    image: apache/kafka:3.9.1" + env, []lintWant{
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
		for _, f := range Lint("case.yml", t.TempDir(), []byte(src)) {
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
	runRuleCases(t, "invalid-value", []lintCase{
		{"4.x minimum", "services:\n  kafka:\n    image: apache/kafka:4.1.0" + env, []lintWant{
			{5, SeverityError, "KAFKA_LOG_SEGMENT_BYTES=65536 is invalid for log.segment.bytes"},
		}},
		{"3.9 minimum", "services:\n  kafka:\n    image: apache/kafka:3.9.1" + env, nil},
	})
}
