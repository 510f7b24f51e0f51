package compose

import "testing"

func TestRuleDataVolume(t *testing.T) {
	runRuleCases(t, "data-volume", []lintCase{
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
`, []lintWant{{2, SeverityWarning, "/var/lib/kafka/data"}}},
		{"log.dirs elsewhere", `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_LOG_DIRS: /kafka/data
    volumes: [data:/var/lib/kafka/data]
volumes: {data: {}}
`, []lintWant{{5, SeverityWarning, "/kafka/data"}}},
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
`, []lintWant{{2, SeverityWarning, "/var/lib/kafka/data"}, {6, SeverityWarning, "data directory /data"}}},
		{"ZooKeeper transaction log", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    volumes: [zk-data:/var/lib/zookeeper/data]
volumes: {zk-data: {}}
`, []lintWant{{2, SeverityWarning, "transaction log directory /var/lib/zookeeper/log"}}},
	})
}
