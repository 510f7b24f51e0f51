package stackmodel

// The images kafkit pins: the generated stacks run them, and the linter
// suggests them.
//
// Confluent's cp-kafka and cp-zookeeper 7.9.x are the maintained images
// that ship Kafka 3.9 (as Confluent's 3.9 "-ccs" build), the last Kafka line
// that can run with ZooKeeper, and the ZooKeeper 3.8 client/server jars Kafka
// 3.9 bundles. 7.9.7 is pinned: the newest 7.9 patch, with the later
// ZooKeeper and dependency fixes. kafkit's reference notes were checked
// against the start-up scripts and templates of confluentinc/kafka-images
// v7.9.6 (c805bfcf); the newest 7.9.7 build tag, v7.9.7-13 (1bcf366f,
// 2026-04-25), differs from v7.9.6 only in the version numbers of its
// pom.xml files, and those scripts are byte-identical back to v7.9.0, so the
// way the generated stack bypasses them holds for the whole line. A tag,
// never :latest, so that a `docker compose pull` a year from now still gets
// Kafka 3.9 and not a ZooKeeper-less 8.x.
const (
	CPVersion        = "7.9.7"
	CPKafkaImage     = "confluentinc/cp-kafka:" + CPVersion
	CPZooKeeperImage = "confluentinc/cp-zookeeper:" + CPVersion
)

// ApacheKafka4Image is the image of the 4.x stack.
//
// Apache's own apache/kafka image rather than Confluent's cp-kafka 8.x:
// apache/kafka:4.4.0 runs exactly Apache Kafka 4.4.0, the release whose
// ConfigDefs the 4.x catalogue was checked against and whose jars (from
// Maven Central) the tests boot the generated files with, so what CI proves
// is what the container runs. cp-kafka 8.x ships Confluent's own build under
// another version number (8.x for Kafka 4.x), whose patch level does not
// map one to one onto Apache's releases.
const ApacheKafka4Image = "apache/kafka:4.4.0"
