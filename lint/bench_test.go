package lint

import (
	"bytes"
	"fmt"
	"testing"
)

// benchFile builds a realistic compose file of about lines lines: a
// three-node ZooKeeper ensemble, then brokers with two listeners, comments,
// volumes and a client each, until the file is long enough.
func benchFile(lines int) []byte {
	var b bytes.Buffer
	b.WriteString("# A large ZooKeeper-mode cluster on Confluent's images.\nx-kafka-env: &kafka-env\n")
	b.WriteString("  KAFKA_ZOOKEEPER_CONNECT: zk1:2181,zk2:2181,zk3:2181\n  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT\n")
	b.WriteString("  KAFKA_INTER_BROKER_LISTENER_NAME: INTERNAL\n  KAFKA_DEFAULT_REPLICATION_FACTOR: 3\n  KAFKA_MIN_INSYNC_REPLICAS: 2\n\nservices:\n")
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&b, "  zk%d:\n    image: confluentinc/cp-zookeeper:7.9.6\n    environment:\n      ZOOKEEPER_CLIENT_PORT: 2181\n      ZOOKEEPER_TICK_TIME: 2000\n"+
			"      ZOOKEEPER_SERVER_ID: %d\n      ZOOKEEPER_SERVERS: zk1:2888:3888;zk2:2888:3888;zk3:2888:3888\n"+
			"    volumes: [zk%d-data:/var/lib/zookeeper/data, zk%d-log:/var/lib/zookeeper/log]\n\n", i, i, i, i)
	}
	var volumes []string
	for i := 1; bytes.Count(b.Bytes(), []byte("\n")) < lines-40; i++ {
		fmt.Fprintf(&b, `  # Broker %[1]d: containers use kafka%[1]d:29092, the host localhost:%[2]d.
  kafka%[1]d:
    image: confluentinc/cp-kafka:7.9.6
    hostname: kafka%[1]d
    depends_on: [zk1, zk2, zk3]
    ports:
      - "127.0.0.1:%[2]d:%[2]d"
    environment:
      <<: *kafka-env
      KAFKA_BROKER_ID: %[1]d
      KAFKA_LISTENERS: INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:%[2]d
      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka%[1]d:29092,EXTERNAL://localhost:%[2]d
      KAFKA_LOG_RETENTION_HOURS: 72
      KAFKA_NUM_PARTITIONS: 6
      KAFKA_HEAP_OPTS: "-Xms1g -Xmx1g"
    volumes:
      - kafka%[1]d-data:/var/lib/kafka/data
    healthcheck:
      test: ["CMD", "kafka-broker-api-versions", "--bootstrap-server", "kafka%[1]d:29092"]
      interval: 10s
      retries: 12

  client%[1]d:
    image: my/app:1.0
    depends_on: [kafka%[1]d]
    environment:
      BOOTSTRAP_SERVERS: kafka%[1]d:29092

`, i, 9091+i)
		volumes = append(volumes, fmt.Sprintf("kafka%d-data", i))
	}
	b.WriteString("volumes:\n")
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&b, "  zk%d-data:\n  zk%d-log:\n", i, i)
	}
	for _, v := range volumes {
		fmt.Fprintf(&b, "  %s:\n", v)
	}
	return b.Bytes()
}

// BenchmarkLint1000Lines lints a 1,000-line compose file (goal: well under
// 50 ms an operation).
func BenchmarkLint1000Lines(b *testing.B) {
	src := benchFile(1000)
	n := bytes.Count(src, []byte("\n"))
	if n < 950 || n > 1050 {
		b.Fatalf("benchmark file has %d lines, want about 1000", n)
	}
	// The file is meant to be clean but for infos (cp-kafka leaks
	// KAFKA_HEAP_OPTS into its properties): a benchmark of a file full of
	// errors would measure something else.
	if errs, warns, _ := CountFindings(Check("bench.yml", b.TempDir(), src)); errs+warns > 0 {
		b.Fatalf("benchmark file has %d errors and %d warnings", errs, warns)
	}
	dir := b.TempDir()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Check("bench.yml", dir, src)
	}
}
