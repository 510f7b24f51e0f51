package interop

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestTransactionsFromPython: a transactional confluent-kafka producer
// commits, aborts and commits again; kafkit reads the committed records
// only with isolation.level=read_committed and every record with
// read_uncommitted, as kcat does, through a group and directly, and -e ends
// although the partition's last offset is a transaction marker.
func TestTransactionsFromPython(t *testing.T) {
	python := harness.PythonCK(t)
	kcat := harness.Kcat(t)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, 2*time.Minute)
		topic := topicOn(t, b, 1, nil)
		mustRun(ctx, t, "", python, "testdata/txn.py", b.Addr, topic, harness.TopicName(t))
		for _, tc := range []struct {
			isolation, want string
		}{
			{"read_committed", "k: c1\nk: c2\nk: c3\n"},
			{"read_uncommitted", "k: c1\nk: c2\nk: a1\nk: a2\nk: c3\n"},
		} {
			iso := "isolation.level=" + tc.isolation
			start := time.Now()
			got := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t), "-X", iso)
			took := time.Since(start)
			direct := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-p", "0", "-o", "beginning", "-X", iso)
			kc := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q", "-f", "%k: %s\n", "-X", iso)
			if got != tc.want || direct != tc.want || kc != tc.want {
				t.Fatalf("%s: kafkit -g read %q, kafkit -p/-o %q, kcat %q; want %q", tc.isolation, got, direct, kc, tc.want)
			}
			t.Logf("%s %s: kafkit -e read %d records and ended in %s", b.Name, tc.isolation, len(tc.want)/6, took.Round(time.Millisecond))
		}
	})
}

// TestOpenTransactionEnd: with a transaction still open at the end of the
// partition, -e ends all the same: under read_committed at the last stable
// offset, before the open transaction's records, and under
// read_uncommitted at the high watermark, with them; as kcat -e does.
func TestOpenTransactionEnd(t *testing.T) {
	kcat := harness.Kcat(t)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, 2*time.Minute)
		topic := topicOn(t, b, 1, nil)
		mustKafkit(ctx, t, "", "produce", topic, "-b", b.Addr, "antes")
		cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr), kgo.DefaultProduceTopic(topic),
			kgo.TransactionalID(harness.TopicName(t)), kgo.TransactionTimeout(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		if err := cl.ProduceSync(ctx, kgo.StringRecord("aberta")).FirstErr(); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ isolation, want string }{
			{"read_committed", "antes\n"},
			{"read_uncommitted", "antes\naberta\n"},
		} {
			iso := "isolation.level=" + tc.isolation
			start := time.Now()
			got := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t), "-X", iso)
			took := time.Since(start)
			direct := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-p", "0", "-o", "beginning", "-X", iso)
			kc := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q", "-X", iso)
			if got != tc.want || direct != tc.want || kc != tc.want {
				t.Fatalf("%s: kafkit -g read %q, kafkit -p/-o %q, kcat %q; want %q", tc.isolation, got, direct, kc, tc.want)
			}
			t.Logf("%s %s with a transaction open: kafkit -e ended in %s", b.Name, tc.isolation, took.Round(time.Millisecond))
		}
		if err := cl.EndTransaction(ctx, kgo.TryAbort); err != nil {
			t.Fatal(err)
		}
	})
}
