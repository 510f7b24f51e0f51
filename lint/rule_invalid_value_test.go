package lint

import "testing"

func TestRuleInvalidValue(t *testing.T) {
	runRuleCases(t, "invalid-value", []ruleCase{
		// Issue 17: ZooKeeper raises autopurge.snapRetainCount below 3 to 3
		// with a warning in its log; it is not an error. The copier pool
		// size 0 is one (Kafka refuses it at start-up).
		{"ZooKeeper raises a small snapRetainCount", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    environment:
      ZOOKEEPER_CLIENT_PORT: 2181
      ZOOKEEPER_AUTOPURGE_SNAP_RETAIN_COUNT: 2
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_REMOTE_LOG_MANAGER_COPIER_THREAD_POOL_SIZE: 0
`, []wantFinding{{6, SeverityWarning, "ZooKeeper logs a warning and uses 3"}, {10, SeverityError, "must be at least 1, or -1"}}},
		{"valid and interpolated", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_NUM_PARTITIONS: 3
      KAFKA_LOG_RETENTION_MS: ${RETENTION}
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false"
`, nil},
		{"type and range", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_NUM_PARTITIONS: 0
      KAFKA_LOG_CLEANUP_POLICY: forever
      KAFKA_ADVERTISED_LISTENERS: kafka:9092
`, []wantFinding{{5, SeverityError, "KAFKA_NUM_PARTITIONS=0 is invalid"}, {6, SeverityError, "KAFKA_LOG_CLEANUP_POLICY=forever"}, {7, SeverityError, "KAFKA_ADVERTISED_LISTENERS=kafka:9092"}}},
		{"quotes in the list form", `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      - KAFKA_DELETE_TOPIC_ENABLE="true"
`, []wantFinding{{5, SeverityError, `KAFKA_DELETE_TOPIC_ENABLE="true"`}}},
		{"zoo.cfg value", `services:
  zk:
    image: zookeeper:3.8
    environment:
      ZOO_INIT_LIMIT: ten
`, []wantFinding{{5, SeverityError, "ZOO_INIT_LIMIT=ten"}}},
		{"bitnami yes/no is translated, not judged", `services:
  zk:
    image: bitnamilegacy/zookeeper:3.9
    environment:
      ALLOW_ANONYMOUS_LOGIN: "yes"
      ZOO_RECONFIG_ENABLED: "yes"
`, nil},
	})
}

// TestLintEnvFileSpecialPaths: an env_file naming a device or a missing
// file is skipped, not read.
func TestLintEnvFileSpecialPaths(t *testing.T) {
	src := "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.9.6\n    env_file: [/dev/zero, missing.env]\n"
	for _, f := range Check("x.yml", t.TempDir(), []byte(src)) {
		if f.File != "x.yml" {
			t.Errorf("finding in %s: %s", f.File, f)
		}
	}
}
