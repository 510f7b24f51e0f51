package lint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// realCase is one lint rule's claim about a run-time failure, put to a
// real Kafka 3.9.2 broker: the compose file the linter judges, the same
// mistake as server.properties lines, and what Kafka really does.
type realCase struct {
	rule    string
	mistake string
	// yaml is the compose file with the mistake; the rule must report it
	// with a message containing lintSays.
	yaml     string
	lintSays string
	// props are the broker's lines beyond realBrokerProps' base (which
	// has no broker.id: set it here); "{ZK}" is replaced by the
	// ZooKeeper connect string, "{DIR}" by a fresh directory, "{PORT}"
	// by a free port. noZK drops the base's zookeeper.connect.
	props string
	noZK  bool
	// first, when set, is started before the broker under test, with the
	// same chroot (duplicate ids).
	first string
	// kraft formats the storage with a cluster id first.
	kraft bool
	// refuses says the broker must exit at start-up, logging every one
	// of words.
	refuses bool
	// Otherwise the broker serves, and act (when set) does what a client
	// would and returns the failure, whose text must contain every one of
	// words; logWords must appear in the broker's log afterwards.
	act      func(t *testing.T, addr string, dir string) error
	words    []string
	logWords []string
	// logLacks must not appear in the broker's log ("" for no check).
	logLacks string
}

// TestLintClaimsOnRealKafka starts a real Kafka 3.9.2 broker with the
// mistake each run-time lint rule describes, one broker at a time on one
// ZooKeeper, and checks that Kafka does what the rule says: refuses to start
// with a given message, or starts and then fails a client with a given
// error. The README's lint section tabulates the results.
func TestLintClaimsOnRealKafka(t *testing.T) {
	cases := []realCase{
		{
			rule: "replication-factor", mistake: "offsets.topic.replication.factor=3 with one broker",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3
`, lintSays: "consumer groups never find a coordinator",
			props: "broker.id=1\noffsets.topic.replication.factor=3\n",
			act:   findCoordinator, words: []string{"COORDINATOR_NOT_AVAILABLE"},
			logWords: []string{"name='__consumer_offsets', numPartitions=50, replicationFactor=3",
				"InvalidReplicationFactorException: Replication factor: 3 larger than available brokers: 1."},
		},
		{
			rule: "replication-factor", mistake: "default.replication.factor=3 with one broker",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_DEFAULT_REPLICATION_FACTOR: 3
`, lintSays: "topics created without an explicit replication factor",
			props: "broker.id=1\ndefault.replication.factor=3\n",
			act: func(t *testing.T, addr, _ string) error {
				return realCreateTopic(t, addr, "t", 1, -1, nil)
			},
			words:    []string{"INVALID_REPLICATION_FACTOR"},
			logWords: []string{"InvalidReplicationFactorException: Replication factor: 3 larger than available brokers: 1."},
		},
		{
			rule: "min-insync", mistake: "min.insync.replicas=2 above default.replication.factor=1",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_MIN_INSYNC_REPLICAS: 2
`, lintSays: "Kafka 3.7 and later cap the minimum at the replication factor",
			// Partition.effectiveMinIsr: min(min.insync.replicas, replicas).
			props: "broker.id=1\nmin.insync.replicas=2\n",
			act:   produceAcksAll,
		},
		{
			rule: "min-insync", mistake: "transaction.state.log.min.isr=2 above transaction.state.log.replication.factor=1",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
`, lintSays: "Kafka 3.7 and later cap the minimum at the replication factor",
			props: "broker.id=1\ntransaction.state.log.min.isr=2\n",
			act:   produceTransaction,
		},
		{
			rule: "wrong-mode", mistake: "controller.listener.names (KRaft) on a ZooKeeper-mode broker",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
`, lintSays: "KRaft setting",
			props: "broker.id=1\ncontroller.listener.names=CONTROLLER\n", refuses: true,
			words: []string{"controller.listener.names must be empty when not running in KRaft mode"},
		},
		{
			rule: "wrong-mode", mistake: "metadata.log.dir (KRaft) on a ZooKeeper-mode broker",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_METADATA_LOG_DIR: /var/lib/kafka/meta
`, lintSays: "KRaft setting",
			props: "broker.id=1\nmetadata.log.dir={DIR}/meta\n",
			act: func(t *testing.T, _ string, dir string) error {
				if _, err := os.Stat(filepath.Join(dir, "meta")); err == nil {
					return errors.New("metadata.log.dir was created: a ZooKeeper-mode broker used it")
				}
				return nil
			},
		},
		{
			rule: "wrong-mode", mistake: "process.roles together with zookeeper.connect",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
`, lintSays: "set together with KAFKA_PROCESS_ROLES",
			props: "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@127.0.0.1:{PORT}\n" +
				"listeners=PLAINTEXT://{ADDR},CONTROLLER://127.0.0.1:{PORT}\ncontroller.listener.names=CONTROLLER\n" +
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n",
			kraft: true, act: produceAcksAll,
			logWords: []string{"Kafka Server started (kafka.server.KafkaRaftServer)", "zookeeper.connect = 127.0.0.1:"},
			logLacks: "Initiating client connection, connectString=",
		},
		{
			rule: "listener-protocol", mistake: "listener INTERNAL with no listener.security.protocol.map",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_LISTENERS: INTERNAL://0.0.0.0:9092
      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:9092
      KAFKA_INTER_BROKER_LISTENER_NAME: INTERNAL
`, lintSays: "no security protocol",
			props: "broker.id=1\nlisteners=INTERNAL://{ADDR}\ninter.broker.listener.name=INTERNAL\n", refuses: true,
			words: []string{"No security protocol defined for listener INTERNAL"},
		},
		{
			rule: "listener-undefined", mistake: "advertised listener EXTERNAL not in listeners",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_LISTENERS: PLAINTEXT://0.0.0.0:9092
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092,EXTERNAL://localhost:19092
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT
`, lintSays: "does not define: Kafka refuses to start",
			props: "broker.id=1\nadvertised.listeners=PLAINTEXT://{ADDR},EXTERNAL://127.0.0.1:{PORT}\n" +
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT\n", refuses: true,
			words: []string{"advertised.listeners listener names must be equal to or a subset of the ones defined in listeners"},
		},
		{
			rule: "inter-broker-listener", mistake: "inter.broker.listener.name not an advertised listener",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_LISTENERS: PLAINTEXT://0.0.0.0:9092
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT
      KAFKA_INTER_BROKER_LISTENER_NAME: INTERNAL
`, lintSays: "not one of the advertised listeners",
			props: "broker.id=1\nlistener.security.protocol.map=PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT\ninter.broker.listener.name=INTERNAL\n", refuses: true,
			words: []string{"inter.broker.listener.name must be a listener name defined in advertised.listeners"},
		},
		{
			rule: "duplicate-id", mistake: "two brokers with broker.id=1",
			yaml: `services:
  k1:
    image: confluentinc/cp-kafka:7.9.6
    environment: {KAFKA_ZOOKEEPER_CONNECT: "zk:2181", KAFKA_BROKER_ID: 1}
  k2:
    image: confluentinc/cp-kafka:7.9.6
    environment: {KAFKA_ZOOKEEPER_CONNECT: "zk:2181", KAFKA_BROKER_ID: 1}
`, lintSays: "the second node cannot register",
			first: "broker.id=1\n", props: "broker.id=1\n", refuses: true,
			words: []string{"NodeExistsException", "/brokers/ids/1"},
		},
		{
			rule: "required-setting", mistake: "server.properties with neither zookeeper.connect nor process.roles",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    command: ["kafka-server-start", "/etc/kafka/kafkit/server.properties"]
    configs: [{source: props, target: /etc/kafka/kafkit/server.properties}]
configs:
  props:
    content: |
      broker.id=1
      listeners=PLAINTEXT://0.0.0.0:9092
`, lintSays: "Missing required configuration `zookeeper.connect` which has no default value.",
			props: "broker.id=1\n", noZK: true, refuses: true,
			words: []string{"Missing required configuration `zookeeper.connect` which has no default value."},
		},
		{
			rule: "invalid-value", mistake: "num.partitions=0",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_NUM_PARTITIONS: 0
`, lintSays: "must be at least 1",
			props: "broker.id=1\nnum.partitions=0\n", refuses: true,
			words: []string{"Invalid value 0 for configuration num.partitions: Value must be at least 1"},
		},
		{
			rule: "invalid-value", mistake: "remote.log.manager.copier.thread.pool.size=0",
			yaml: `services:
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_REMOTE_LOG_MANAGER_COPIER_THREAD_POOL_SIZE: 0
`, lintSays: "must be at least 1, or -1",
			props: "broker.id=1\nremote.log.manager.copier.thread.pool.size=0\n", refuses: true,
			words: []string{"Invalid value 0 for configuration remote.log.manager.copier.thread.pool.size: Value can be -1 or greater than 0"},
		},
	}

	// The linter's half first: each file must draw the rule's finding.
	for _, c := range cases {
		found := false
		var got []string
		for _, f := range Check("case.yml", t.TempDir(), []byte(c.yaml)) {
			got = append(got, f.String())
			if f.Rule == c.rule && f.Severity != SeverityInfo && strings.Contains(f.Message, c.lintSays) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s (%s): lint does not report %q; findings:\n%s", c.rule, c.mistake, c.lintSays, strings.Join(got, "\n"))
		}
	}

	z := startRealZK(t)
	for i, c := range cases {
		t.Run(c.rule+"/"+c.mistake, func(t *testing.T) {
			chroot := fmt.Sprintf("lint%d", i)
			if c.first != "" {
				props, addr := realBrokerProps(t, z.connect(chroot), c.first)
				first, err := startRealBroker(t, z.dist, "kafka-first", props, addr)
				t.Cleanup(func() { _ = first.Kill() })
				if err != nil {
					t.Fatalf("first broker: %v", err)
				}
			}
			dir := t.TempDir()
			props, addr := realBrokerProps(t, z.connect(chroot), "")
			if c.noZK {
				props = strings.Replace(props, "zookeeper.connect="+z.connect(chroot)+"\n", "", 1)
			}
			extra := strings.NewReplacer("{ZK}", z.connect(chroot), "{DIR}", dir, "{ADDR}", addr,
				"{PORT}", fmt.Sprint(harness.FreePort(t, "127.0.0.1"))).Replace(c.props)
			spec := harness.KafkaSpec{Name: "kafka", Properties: props + extra, Heap: realHeap, Addr: addr, NoWait: true}
			if c.kraft {
				spec.ClusterID = "kafkit-lint-claims-AAAAA"[:22]
			}
			s := harness.StartKafka(t, z.dist, spec)
			// A broker of this table holds nothing worth a controlled
			// shutdown: SIGKILL it first (cleanups run last-in first).
			t.Cleanup(func() { _ = s.Kill() })
			err := s.WaitReady()
			log := s.Log()
			if c.refuses {
				if err == nil {
					t.Fatalf("Kafka started; the rule says it refuses to")
				}
				if s.Running() {
					t.Fatalf("Kafka did not exit: %v", err)
				}
				if !logHas(log, c.words...) {
					t.Fatalf("Kafka exited without %q:\n%s", c.words, lastLines(log, 25))
				}
				t.Logf("refused: %s", refusalLine(log, c.words[0]))
				return
			}
			if err != nil {
				t.Fatalf("Kafka did not start: %v", err)
			}
			if c.act != nil {
				aerr := c.act(t, addr, dir)
				switch {
				case len(c.words) == 0 && aerr != nil:
					t.Fatalf("client step: %v, want success", aerr)
				case len(c.words) > 0 && (aerr == nil || !logHas(aerr.Error(), c.words...)):
					t.Fatalf("client step: %v, want an error with %q", aerr, c.words)
				case aerr != nil:
					t.Logf("started; client step failed: %v", aerr)
				default:
					t.Logf("started; client step succeeded")
				}
			}
			if !logHas(s.Log(), c.logWords...) {
				t.Fatalf("broker log lacks %q:\n%s", c.logWords, lastLines(s.Log(), 25))
			}
			if c.logLacks != "" && strings.Contains(s.Log(), c.logLacks) {
				t.Fatalf("broker log has %q", c.logLacks)
			}
		})
	}
}

// refusalLine returns the log line holding word, for the test's log.
func refusalLine(log, word string) string {
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, word) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// findCoordinator asks for a consumer group's coordinator, as a consumer
// joining a group does first.
func findCoordinator(t *testing.T, addr, _ string) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req := kmsg.NewPtrFindCoordinatorRequest()
	req.CoordinatorKey, req.CoordinatorKeys = "g", []string{"g"}
	var last error
	// The broker tries to create __consumer_offsets on the first
	// request; ask a few times so that the answer is not a transient one.
	for i := 0; i < 3; i++ {
		resp, err := req.RequestWith(ctx, cl)
		if err != nil {
			return err
		}
		code := resp.ErrorCode
		if len(resp.Coordinators) > 0 {
			code = resp.Coordinators[0].ErrorCode
		}
		last = kerr.ErrorForCode(code)
		if last == nil {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return last
}

// produceTransaction produces one record in a transaction and commits it,
// which needs the __transaction_state topic.
func produceTransaction(t *testing.T, addr, _ string) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.TransactionalID("lint-claims"),
		kgo.RecordRetries(2), kgo.RecordDeliveryTimeout(15*time.Second), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cl.BeginTransaction(); err != nil {
		return err
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "txn", Key: []byte("chave"), Value: []byte("v")}).FirstErr(); err != nil {
		return err
	}
	return cl.EndTransaction(ctx, kgo.TryCommit)
}

// produceAcksAll creates a topic with the broker's default replication
// factor and produces one record with acks=all.
func produceAcksAll(t *testing.T, addr, _ string) error {
	if err := realCreateTopic(t, addr, "isr", 1, -1, nil); err != nil {
		t.Fatalf("creating the topic: %v", err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.RecordRetries(2), kgo.RecordDeliveryTimeout(15*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return cl.ProduceSync(ctx, &kgo.Record{Topic: "isr", Key: []byte("chave"), Value: []byte("v")}).FirstErr()
}
