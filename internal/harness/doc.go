// Package harness starts the brokers and peers kafkit's tests talk to: the
// embedded development broker (kfake), and real Apache Kafka and ZooKeeper
// servers run as plain JVM processes on loopback from the jars that
// scripts/fetch-kafka.sh fetches from Maven Central.
//
// Servers are started the way the stack's images start them: ZooKeeper as
// QuorumPeerMain with a zoo.cfg, the broker as kafka.Kafka with a
// server.properties, each with the JVM options the service would get
// (KAFKA_HEAP_OPTS, KAFKA_OPTS with its @argfiles, KAFKA_LOG4J_OPTS). Every
// process a test starts is stopped by the test's cleanup, also when the test
// fails; should the test binary itself die, the kernel kills its servers
// (parent-death signal).
//
// A test that needs a peer (Java and Maven, kcat, Python's confluent-kafka)
// skips when it is missing, except under CI=true, where that is a failure:
// CI must run every suite. KAFKIT_REAL_KAFKA=0 skips the real-broker half of
// the suites locally, for a quick loop (refused under CI=true).
package harness
