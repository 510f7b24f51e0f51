package devbroker

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func start(t *testing.T, opts ...Opt) *Broker {
	t.Helper()
	b, err := New(append([]Opt{Listen("127.0.0.1:0")}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func client(t *testing.T, addr string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

func TestAutoCreatedTopicHasOnePartition(t *testing.T) {
	b := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cl := client(t, b.Addr(), kgo.AllowAutoTopicCreation())
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "conversas", Key: []byte("chave"), Value: []byte("v")}).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
	td, err := kadm.NewClient(cl).ListTopics(ctx, "conversas")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(td["conversas"].Partitions); got != 1 {
		t.Fatalf("auto-created topic has %d partitions, want 1", got)
	}
}

func TestPartitionsOption(t *testing.T) {
	b := start(t, Partitions(4))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cl := client(t, b.Addr(), kgo.AllowAutoTopicCreation())
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "t", Value: []byte("v")}).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
	td, err := kadm.NewClient(cl).ListTopics(ctx, "t")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(td["t"].Partitions); got != 4 {
		t.Fatalf("got %d partitions, want 4", got)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = New(Listen(ln.Addr().String()))
	if !errors.Is(err, ErrAddrInUse) {
		t.Fatalf("got %v, want ErrAddrInUse", err)
	}
	if !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Fatalf("error %q does not name the address", err)
	}
}

func TestRejectsUnhonouredConfig(t *testing.T) {
	_, err := New(Listen("127.0.0.1:0"), BrokerConfig("num.network.threads", "3"))
	if err == nil || !strings.Contains(err.Error(), "num.network.threads") {
		t.Fatalf("got %v, want an error naming num.network.threads", err)
	}
}

func TestInvalidPartitions(t *testing.T) {
	if _, err := New(Listen("127.0.0.1:0"), Partitions(0)); err == nil {
		t.Fatal("Partitions(0) accepted")
	}
}

// TestDataDirKeepsRecordsAndOffsets restarts a broker on the same data dir
// and port and checks that records and the group's committed offset survive.
func TestDataDirKeepsRecordsAndOffsets(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	b1, err := New(Listen("127.0.0.1:0"), DataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	addr := b1.Addr()
	cl := client(t, addr, kgo.AllowAutoTopicCreation())
	for i := 0; i < 10; i++ {
		if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "keep", Value: []byte{byte('0' + i)}}).FirstErr(); err != nil {
			t.Fatalf("produce: %v", err)
		}
	}
	adm := kadm.NewClient(cl)
	offs := kadm.Offsets{}
	offs.Add(kadm.Offset{Topic: "keep", Partition: 0, At: 7, LeaderEpoch: -1})
	if _, err := adm.CommitOffsets(ctx, "g1", offs); err != nil {
		t.Fatalf("commit: %v", err)
	}
	cl.Close()
	b1.Close()

	b2, err := New(Listen(addr), DataDir(dir))
	if err != nil {
		t.Fatalf("restart on %s: %v", addr, err)
	}
	defer b2.Close()
	cl2 := client(t, addr)
	fetched, err := kadm.NewClient(cl2).FetchOffsets(ctx, "g1")
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := fetched.Lookup("keep", 0); !ok || o.At != 7 {
		t.Fatalf("committed offset after restart = %+v (found %v), want 7", o, ok)
	}
	cons := client(t, addr, kgo.ConsumeTopics("keep"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	var got []string
	for len(got) < 10 {
		fs := cons.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("only %d of 10 records after restart: %v", len(got), err)
		}
		fs.EachRecord(func(r *kgo.Record) { got = append(got, string(r.Value)) })
	}
	if strings.Join(got, "") != "0123456789" {
		t.Fatalf("records after restart = %v", got)
	}
}

// TestBrokerConfigValueAsKafkaReadsIt checks that a value Kafka would trim
// reaches kfake trimmed: kfake parses numbers as given and reads 0 on an
// error, which made -c "message.max.bytes= 2000000" reject every record.
func TestBrokerConfigValueAsKafkaReadsIt(t *testing.T) {
	b := start(t, BrokerConfig("message.max.bytes", " 2000000\t"), BrokerConfig("log.retention.ms", " 3600000 "))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cl := client(t, b.Addr(), kgo.AllowAutoTopicCreation())
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "t", Value: []byte("v")}).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
	rcs, err := kadm.NewClient(cl).DescribeBrokerConfigs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"message.max.bytes": "2000000", "log.retention.ms": "3600000"}
	got := map[string]string{}
	for _, rc := range rcs {
		for _, c := range rc.Configs {
			if _, ok := want[c.Key]; ok {
				got[c.Key] = c.MaybeValue()
			}
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestRejectsNumberKfakeCannotRead(t *testing.T) {
	for _, v := range []string{"３６００", "36e2", ""} {
		_, err := New(Listen("127.0.0.1:0"), BrokerConfig("log.retention.ms", v))
		if err == nil || !strings.Contains(err.Error(), "log.retention.ms") {
			t.Errorf("log.retention.ms=%q: got %v, want an error naming log.retention.ms", v, err)
		}
	}
}
