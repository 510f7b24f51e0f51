package harness

import (
	"testing"

	"github.com/kafkit/kafkit/devbroker"
)

// Broker is the broker one run of a two-broker test body talks to.
type Broker struct {
	// Name is "kfake" or "kafka-<version>"; it is the subtest's name.
	Name string
	// Addr is the bootstrap address.
	Addr string
	// Real is true for Apache Kafka, false for the development broker.
	Real bool
	// Dev is the development broker (kfake), nil on Apache Kafka.
	Dev *devbroker.Broker
	// Cluster is the Apache Kafka cluster, nil on kfake.
	Cluster *Cluster
}

// Kfake starts a development broker for the test alone and closes it at
// cleanup; opts are added to the defaults (a random loopback port).
func Kfake(t testing.TB, opts ...devbroker.Opt) *Broker {
	t.Helper()
	b, err := devbroker.New(append([]devbroker.Opt{devbroker.Listen("127.0.0.1:0")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return &Broker{Name: "kfake", Addr: b.Addr(), Dev: b}
}

// Real returns the test binary's shared Apache Kafka broker as a Broker.
func Real(t testing.TB) *Broker {
	t.Helper()
	c := SharedKafka(t)
	return &Broker{Name: "kafka-" + c.Dist.Version, Addr: c.Bootstrap, Real: true, Cluster: c}
}

// Brokers runs body twice, as the subtests "kfake" (the development broker,
// a new one for the run) and "kafka-3.9.2" (the package's shared Apache
// Kafka broker, SharedKafka): one test body, both brokers. A body that
// shares the real broker uses names from TopicName.
func Brokers(t *testing.T, body func(t *testing.T, b *Broker)) {
	t.Helper()
	t.Run("kfake", func(t *testing.T) { body(t, Kfake(t)) })
	t.Run("kafka-"+DefaultVersion, func(t *testing.T) { body(t, Real(t)) })
}
