package doctor

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestKafkaBrokenBroker starts one Apache Kafka broker whose listeners each
// break one thing, and checks that the doctor names it: a listener
// advertising a host this machine cannot resolve, one advertising a port
// nothing listens on, a SASL/PLAIN listener given a wrong password, a TLS
// listener whose certificate comes from a CA the client does not trust, and
// offsets.topic.replication.factor=3 on a single broker. The INTERNAL
// listener is the healthy one the broker itself uses. One broker for all
// five keeps the test to one JVM (with its ZooKeeper).
func TestKafkaBrokenBroker(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	port := func() int { return harness.FreePort(t, "127.0.0.1") }
	internalP, noHostP, badPortP, saslP, tlsP, closedP := port(), port(), port(), port(), port(), port()
	ca := newCA(t, "kafkit test CA")
	other := newCA(t, "some other CA")
	certPEM, keyPEM := ca.issue(t, "127.0.0.1", "localhost")
	// server.properties is read by java.util.Properties: "\n" in a value
	// is a line break, which PEM needs.
	inline := func(b []byte) string { return strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", `\n`) }
	const noHost = "kafkit-doctor-broker" // a single label, like a compose service name
	props := map[string]string{
		"listeners": fmt.Sprintf("INTERNAL://127.0.0.1:%d,NOHOST://127.0.0.1:%d,BADPORT://127.0.0.1:%d,SASL://127.0.0.1:%d,TLS://127.0.0.1:%d",
			internalP, noHostP, badPortP, saslP, tlsP),
		"advertised.listeners": fmt.Sprintf("INTERNAL://127.0.0.1:%d,NOHOST://%s:%d,BADPORT://127.0.0.1:%d,SASL://127.0.0.1:%d,TLS://127.0.0.1:%d",
			internalP, noHost, noHostP, closedP, saslP, tlsP),
		"listener.security.protocol.map":                   "INTERNAL:PLAINTEXT,NOHOST:PLAINTEXT,BADPORT:PLAINTEXT,SASL:SASL_PLAINTEXT,TLS:SSL",
		"inter.broker.listener.name":                       "INTERNAL",
		"sasl.enabled.mechanisms":                          "PLAIN",
		"listener.name.sasl.plain.sasl.jaas.config":        `org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";`,
		"listener.name.tls.ssl.keystore.type":              "PEM",
		"listener.name.tls.ssl.keystore.certificate.chain": inline(certPEM),
		"listener.name.tls.ssl.keystore.key":               inline(keyPEM),
		"offsets.topic.replication.factor":                 "3",
	}
	c := harness.StartCluster(t, d, harness.ClusterSpec{Props: props, Heap: "-Xms64m -Xmx256m"})
	if want := fmt.Sprintf("127.0.0.1:%d", internalP); c.Bootstrap != want {
		t.Fatalf("cluster bootstrap %s, want the INTERNAL listener %s", c.Bootstrap, want)
	}
	addr := func(p int) string { return fmt.Sprintf("127.0.0.1:%d", p) }
	const timeout = 5 * time.Second

	t.Run("offsets-replication-factor", func(t *testing.T) {
		rep := diagnose(t, addr(internalP), Uses{}, timeout)
		expect(t, rep, CheckBootstrap, addr(internalP), OK, "")
		expect(t, rep, CheckAdvertised, "broker 1", OK, "")
		expect(t, rep, CheckCoordinator, "group", Error, "", "offsets.topic.replication.factor=3", "1 broker is alive")
		expect(t, rep, CheckOffsetsTopic, "__consumer_offsets", Error, "", "cannot be created", "offsets.topic.replication.factor=1", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1")
		expect(t, rep, CheckRoundTrip, "", Skipped, "", "no group coordinator")
		if !rep.Failed {
			t.Error("report did not fail")
		}
	})
	t.Run("security-mismatch", func(t *testing.T) {
		rep := diagnose(t, addr(internalP), Uses{}, timeout, "security.protocol=SSL", "ssl.ca.pem="+string(ca.pem))
		expect(t, rep, CheckBootstrap, addr(internalP), Error, StepTLS, "does not speak TLS", "PLAINTEXT")
		rep = diagnose(t, addr(internalP), Uses{}, timeout, "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN", "sasl.username=alice", "sasl.password=alice-secret")
		expect(t, rep, CheckBootstrap, addr(internalP), Error, StepSASL, "does not use SASL", "security.protocol to PLAINTEXT")
	})
	t.Run("advertised-unresolvable-host", func(t *testing.T) {
		rep := diagnose(t, addr(noHostP), Uses{}, timeout)
		expect(t, rep, CheckBootstrap, addr(noHostP), OK, "")
		expect(t, rep, CheckAdvertised, "broker 1", Error, StepResolve,
			fmt.Sprintf("advertises %s:%d", noHost, noHostP), "does not resolve", "listener NOHOST", "container or service name",
			"bootstrap from listener INTERNAL, which advertises "+addr(internalP), "-b "+addr(internalP))
		expect(t, rep, CheckRoundTrip, "", Skipped, "", "advertised")
	})
	t.Run("advertised-unreachable-port", func(t *testing.T) {
		rep := diagnose(t, addr(badPortP), Uses{}, timeout)
		expect(t, rep, CheckBootstrap, addr(badPortP), OK, "")
		expect(t, rep, CheckAdvertised, "broker 1", Error, StepTCP,
			"advertises "+addr(closedP), "connection refused", "listener BADPORT", "published port", "-b "+addr(internalP))
	})
	t.Run("sasl-wrong-password", func(t *testing.T) {
		sasl := []string{"security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN", "sasl.username=alice"}
		rep := diagnose(t, addr(saslP), Uses{}, timeout, append(sasl, "sasl.password=wrong")...)
		expect(t, rep, CheckBootstrap, addr(saslP), Error, StepSASL, "SASL PLAIN", "credentials", "sasl.password")
		expect(t, rep, CheckAdvertised, "", Skipped, "")
		rep = diagnose(t, addr(saslP), Uses{}, timeout, append(sasl, "sasl.password=alice-secret")...)
		expect(t, rep, CheckBootstrap, addr(saslP), OK, "", "SASL PLAIN login passes")
		expect(t, rep, CheckAdvertised, "broker 1", OK, "")
		rep = diagnose(t, addr(saslP), Uses{}, timeout)
		expect(t, rep, CheckBootstrap, addr(saslP), Error, StepSASL, "requires SASL", "security.protocol=SASL_PLAINTEXT")
	})
	t.Run("tls-unknown-ca", func(t *testing.T) {
		rep := diagnose(t, addr(tlsP), Uses{}, timeout, "security.protocol=SSL", "ssl.ca.pem="+string(other.pem))
		expect(t, rep, CheckBootstrap, addr(tlsP), Error, StepTLS, "authority this client does not trust", "kafkit test CA", "ssl.ca.location")
		rep = diagnose(t, addr(tlsP), Uses{}, timeout, "security.protocol=SSL", "ssl.ca.pem="+string(ca.pem))
		expect(t, rep, CheckBootstrap, addr(tlsP), OK, "", "TLS handshake passes")
		expect(t, rep, CheckAdvertised, "broker 1", OK, "")
		rep = diagnose(t, addr(tlsP), Uses{}, timeout)
		expect(t, rep, CheckBootstrap, addr(tlsP), Error, StepTLS, "expects TLS", "security.protocol=SSL")
	})
}

// TestKafkaGroupProtocolConsumer: Kafka 3.9 in ZooKeeper mode does not offer
// KIP-848's consumer group protocol, which group.protocol=consumer needs.
func TestKafkaGroupProtocolConsumer(t *testing.T) {
	b := harness.Real(t)
	rep := diagnose(t, b.Addr, Uses{GroupProtocol: "consumer"}, 10*time.Second)
	expect(t, rep, CheckFeatures, "group.protocol=consumer", Error, "", "ConsumerGroupHeartbeat", "Kafka v3.9", "group.protocol=classic")
	expect(t, rep, CheckRoundTrip, "", OK, "")
}

// TestKafkaComposeListeners runs the doctor against a broker whose listeners
// are the compose stack's: INTERNAL advertised under the container name
// "kafka" (which the broker resolves, as containers do, and this machine
// does not) and EXTERNAL advertised as localhost, the host listener. From
// the host, the host listener is healthy; the internal port, reached
// directly, is diagnosed with the listener to use instead.
func TestKafkaComposeListeners(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	dir := t.TempDir()
	zkPort := harness.FreePort(t, "127.0.0.1")
	zk := harness.StartZooKeeper(t, d, harness.ZooKeeperSpec{
		ZooCfg: fmt.Sprintf("clientPort=%d\nclientPortAddress=127.0.0.1\ndataDir=%s/zk\ntickTime=2000\nadmin.enableServer=false\n4lw.commands.whitelist=srvr\n", zkPort, dir),
	})
	internalP, externalP := harness.FreePort(t, "127.0.0.1"), harness.FreePort(t, "127.0.0.1")
	props := fmt.Sprintf(`broker.id=1
zookeeper.connect=%s
log.dirs=%s/data
listeners=INTERNAL://127.0.0.1:%d,EXTERNAL://127.0.0.1:%d
advertised.listeners=INTERNAL://kafka:%d,EXTERNAL://localhost:%d
listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT
inter.broker.listener.name=INTERNAL
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
`, zk.Addr, dir, internalP, externalP, internalP, externalP)
	// The JVM alone resolves "kafka", as a container on the compose
	// network does.
	hosts := dir + "/hosts"
	harness.StartKafka(t, d, harness.KafkaSpec{
		Properties: props,
		Heap:       "-Xms64m -Xmx256m",
		Opts:       "-Djdk.net.hosts.file=" + hosts,
		Files:      map[string]string{"hosts": "127.0.0.1 kafka\n"},
		Dir:        dir,
		Addr:       fmt.Sprintf("127.0.0.1:%d", externalP),
	})
	host := fmt.Sprintf("localhost:%d", externalP)

	rep := diagnose(t, host, Uses{}, 20*time.Second)
	if rep.Failed {
		t.Error("the host listener failed")
	}
	for _, r := range rep.Results {
		if r.Status != OK {
			t.Errorf("%s %s: %s, want ok", r.Check, r.Target, r.Status)
		}
	}

	internalAddr := fmt.Sprintf("127.0.0.1:%d", internalP)
	rep = diagnose(t, internalAddr, Uses{}, 5*time.Second)
	expect(t, rep, CheckBootstrap, internalAddr, OK, "")
	expect(t, rep, CheckAdvertised, "broker 1", Error, StepResolve,
		fmt.Sprintf("advertises kafka:%d", internalP), "listener INTERNAL", "container or service name",
		"bootstrap from listener EXTERNAL, which advertises "+host, "-b "+host)
}
