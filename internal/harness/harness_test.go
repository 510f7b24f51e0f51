package harness

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func TestMain(m *testing.M) { Main(m) }

// TestBrokersRoundTrip proves both halves of Brokers serve a produce and a
// fetch, and that the real broker is Apache Kafka (its ApiVersions answer
// differs from kfake's in the software name it reports).
func TestBrokersRoundTrip(t *testing.T) {
	Brokers(t, func(t *testing.T, b *Broker) {
		topic := TopicName(t)
		CreateTopic(t, b.Addr, topic, 1, 1, nil)
		cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr), kgo.ConsumeTopics(topic),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Key: []byte("chave"), Value: []byte("valor")}).FirstErr(); err != nil {
			t.Fatal(err)
		}
		fs := cl.PollFetches(ctx)
		if err := fs.Err0(); err != nil {
			t.Fatal(err)
		}
		recs := fs.Records()
		if len(recs) != 1 || string(recs[0].Key) != "chave" || string(recs[0].Value) != "valor" {
			t.Fatalf("read back %v", recs)
		}
		if b.Real && !strings.Contains(b.Cluster.Brokers[0].Log(), "Kafka version: "+DefaultVersion) {
			t.Fatalf("broker log does not say Kafka version %s", DefaultVersion)
		}
	})
}

// TestToolsRun runs one Kafka command-line tool through Tool and through
// the BinDir wrapper, against the shared broker.
func TestToolsRun(t *testing.T) {
	c := SharedKafka(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	topic := TopicName(t)
	out, err := c.Dist.Tool(t, ctx, "kafka-topics", "--bootstrap-server", c.Bootstrap, "--create", "--topic", topic, "--partitions", "2").CombinedOutput()
	if err != nil {
		t.Fatalf("kafka-topics --create: %v\n%s", err, out)
	}
	cmd := c.Dist.Command(ctx, "/bin/sh")
	cmd.Path = "/bin/sh"
	cmd.Args = []string{"sh", "-c", "kafka-topics --bootstrap-server " + c.Bootstrap + " --describe --topic " + topic}
	cmd.Env = append(os.Environ(), "PATH="+c.Dist.BinDir(t)+":"+os.Getenv("PATH"))
	out, err = cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PartitionCount: 2") {
		t.Fatalf("kafka-topics --describe through BinDir: %v\n%s", err, out)
	}
}

// TestServerKillAndRestart kills a broker with SIGKILL and starts it again
// on the same data; a record written before the kill is still there.
func TestServerKillAndRestart(t *testing.T) {
	d := Kafka(t, DefaultVersion)
	c := StartCluster(t, d, ClusterSpec{})
	topic := TopicName(t)
	CreateTopic(t, c.Bootstrap, topic, 1, 1, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.Bootstrap), kgo.DefaultProduceTopic(topic))
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.ProduceSync(ctx, kgo.StringRecord("before")).FirstErr(); err != nil {
		t.Fatal(err)
	}
	cl.Close()
	b := c.Brokers[0]
	if err := b.Kill(); err != nil {
		t.Fatal(err)
	}
	if b.Running() {
		t.Fatal("broker still running after Kill")
	}
	// As a compose service with a restart policy: the first starts exit
	// while ZooKeeper still holds the killed broker's registration.
	if err := b.StartRestarting(); err != nil {
		t.Fatal(err)
	}
	t.Logf("ZooKeeper started in %s, broker restarted in %s", c.ZooKeeper.StartedIn, b.StartedIn)
	cl, err = kgo.NewClient(kgo.SeedBrokers(c.Bootstrap), kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	fs := cl.PollFetches(ctx)
	if err := fs.Err0(); err != nil {
		t.Fatal(err)
	}
	if recs := fs.Records(); len(recs) != 1 || string(recs[0].Value) != "before" {
		t.Fatalf("after restart read %v", recs)
	}
}
