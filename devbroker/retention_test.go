package devbroker_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/devbroker"
	"github.com/kafkit/kafkit/internal/harness"
)

// retentionBrokerConfigs are the broker settings of the retention test, on
// the development broker and on Apache Kafka alike: the issue's
// log.retention.ms=2000 and log.roll.ms=1000, checked every half second.
var retentionBrokerConfigs = map[string]string{
	"log.retention.ms":                "2000",
	"log.roll.ms":                     "1000",
	"log.retention.check.interval.ms": "500",
}

// TestRetention runs the same retention test on the development broker and
// on Apache Kafka 3.9.2, each started with retentionBrokerConfigs; the
// timelines it logs (-v) show both.
func TestRetention(t *testing.T) {
	t.Run("kfake", func(t *testing.T) {
		var opts []devbroker.Opt
		for k, v := range retentionBrokerConfigs {
			opts = append(opts, devbroker.BrokerConfig(k, v))
		}
		retentionBody(t, harness.Kfake(t, opts...).Addr)
	})
	t.Run("kafka-"+harness.DefaultVersion, func(t *testing.T) {
		d := harness.Kafka(t, harness.DefaultVersion)
		props := map[string]string{
			// Kafka's first retention check otherwise waits 30 s
			// after start; the development broker's waits one
			// interval.
			"log.initial.task.delay.ms": "0",
			// Deleted segment files linger a minute by default;
			// the offsets move at once either way.
			"file.delete.delay.ms": "1000",
		}
		for k, v := range retentionBrokerConfigs {
			props[k] = v
		}
		c := harness.StartCluster(t, d, harness.ClusterSpec{Props: props})
		retentionBody(t, c.Bootstrap)
	})
}

// sample is one look at a partition: its log start and end offsets, t after
// the first record was produced.
type sample struct {
	at         time.Duration
	start, end int64
}

// timeline records a partition's offsets until done says it is over or
// limit passes, and logs it.
type timeline struct {
	t0      time.Time
	samples []sample
}

func (tl *timeline) String() string {
	var b strings.Builder
	var last sample
	for i, s := range tl.samples {
		if i == 0 || s.start != last.start || s.end != last.end {
			fmt.Fprintf(&b, " %.1fs:[%d,%d)", s.at.Seconds(), s.start, s.end)
		}
		last = s
	}
	return b.String()
}

func (tl *timeline) watch(ctx context.Context, t *testing.T, adm *kadm.Client, topic string, limit time.Duration, done func(start, end int64) bool) sample {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		starts, err := adm.ListStartOffsets(ctx, topic)
		if err != nil {
			t.Fatalf("list start offsets of %s: %v", topic, err)
		}
		ends, err := adm.ListEndOffsets(ctx, topic)
		if err != nil {
			t.Fatalf("list end offsets of %s: %v", topic, err)
		}
		so, _ := starts.Lookup(topic, 0)
		eo, _ := ends.Lookup(topic, 0)
		if so.Err != nil || eo.Err != nil {
			t.Fatalf("offsets of %s: %v %v", topic, so.Err, eo.Err)
		}
		s := sample{at: time.Since(tl.t0), start: so.Offset, end: eo.Offset}
		tl.samples = append(tl.samples, s)
		if done(s.start, s.end) || time.Now().After(deadline) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// retentionBody is the retention test against the broker at addr, started
// with retentionBrokerConfigs. Three topics run side by side:
//
//   - by-broker has no configs of its own: the broker's log.retention.ms
//     removes all of its 1,012 records (the case);
//   - by-time (retention.ms=3000, segment.ms=1000) gets three bursts of ten
//     records 1.5 s apart, so each is its own segment (a segment rolls when a
//     batch is more than segment.ms younger than its first): the log start
//     offset steps 0, 10, 20, 30, one whole segment at a time;
//   - by-size (retention.bytes=1800, segment.bytes=1000, no time limit) gets
//     40 one-record batches of 170 bytes: 5 batches a segment (a sixth would
//     pass 1000 bytes), and Kafka deletes the oldest segment only while what
//     is left stays at or above retention.bytes: 8 segments of 850 bytes
//     keep 3, the log starts at 25.
func retentionBody(t *testing.T, addr string) {
	// The subtests run in parallel, after this function returns.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ProducerBatchCompression(kgo.NoCompression()), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	adm := kadm.NewClient(cl)
	suffix := fmt.Sprintf("-%d", time.Now().UnixNano())
	create := func(t *testing.T, name string, cfgs map[string]string) {
		t.Helper()
		ptrs := map[string]*string{}
		for k, v := range cfgs {
			ptrs[k] = kadm.StringPtr(v)
		}
		resp, err := adm.CreateTopic(ctx, 1, 1, ptrs, name)
		if err == nil {
			err = resp.Err
		}
		if err != nil {
			t.Fatalf("create %s: %v (%s)", name, err, resp.ErrMessage)
		}
	}
	produce := func(t *testing.T, topic string, n, size int) {
		t.Helper()
		rs := make([]*kgo.Record, n)
		for i := range rs {
			rs[i] = &kgo.Record{Topic: topic, Value: bytes.Repeat([]byte{'v'}, size)}
		}
		if err := cl.ProduceSync(ctx, rs...).FirstErr(); err != nil {
			t.Fatalf("produce to %s: %v", topic, err)
		}
	}

	t.Run("by-broker", func(t *testing.T) {
		t.Parallel()
		topic := "by-broker" + suffix
		create(t, topic, nil)
		tl := timeline{t0: time.Now()}
		produce(t, topic, 1012, 10)
		last := tl.watch(ctx, t, adm, topic, 30*time.Second, func(start, end int64) bool { return start == 1012 })
		t.Logf("%s:%s", topic, &tl)
		if last.end != 1012 || last.start != 1012 {
			t.Fatalf("after %.1fs the log holds [%d,%d), want [1012,1012): log.retention.ms=2000 removes every record", last.at.Seconds(), last.start, last.end)
		}
	})

	t.Run("by-time", func(t *testing.T) {
		t.Parallel()
		topic := "by-time" + suffix
		create(t, topic, map[string]string{"retention.ms": "3000", "segment.ms": "1000"})
		tl := timeline{t0: time.Now()}
		for i := 0; i < 3; i++ {
			if i > 0 {
				time.Sleep(1500 * time.Millisecond)
			}
			produce(t, topic, 10, 10)
		}
		last := tl.watch(ctx, t, adm, topic, 30*time.Second, func(start, end int64) bool { return start == 30 })
		t.Logf("%s:%s", topic, &tl)
		seen := map[int64]bool{}
		prev := int64(0)
		for _, s := range tl.samples {
			if s.start%10 != 0 || s.start < prev {
				t.Fatalf("log start offset %d at %.1fs (after %d): want whole segments of 10, in order;%s", s.start, s.at.Seconds(), prev, &tl)
			}
			seen[s.start], prev = true, s.start
		}
		if last.start != 30 || !seen[10] || !seen[20] {
			t.Fatalf("log start offsets seen %v, want 10, 20, then 30;%s", seen, &tl)
		}
	})

	t.Run("by-size", func(t *testing.T) {
		t.Parallel()
		topic := "by-size" + suffix
		create(t, topic, map[string]string{"retention.ms": "-1", "retention.bytes": "1800", "segment.bytes": "1000", "segment.ms": "3600000"})
		tl := timeline{t0: time.Now()}
		for i := 0; i < 40; i++ {
			produce(t, topic, 1, 100) // one batch each: 61 + 109 bytes
		}
		last := tl.watch(ctx, t, adm, topic, 20*time.Second, func(start, end int64) bool { return start >= 25 })
		t.Logf("%s:%s", topic, &tl)
		for _, s := range tl.samples {
			if s.start%5 != 0 {
				t.Fatalf("log start offset %d at %.1fs: want whole segments of 5 batches;%s", s.start, s.at.Seconds(), &tl)
			}
		}
		if last.start != 25 || last.end != 40 {
			t.Fatalf("log holds [%d,%d), want [25,40);%s", last.start, last.end, &tl)
		}
		// One more check interval must not delete more: 2550 bytes
		// left, one segment less would be under 1800.
		time.Sleep(1500 * time.Millisecond)
		if again := tl.watch(ctx, t, adm, topic, 0, func(int64, int64) bool { return true }); again.start != 25 {
			t.Fatalf("log start moved on to %d;%s", again.start, &tl)
		}
	})
}
