package client

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

func TestParseStartOffset(t *testing.T) {
	for in, want := range map[string]string{
		"beginning": "beginning", "earliest": "beginning", "START": "beginning", "oldest": "beginning",
		"end": "end", "latest": "end", "newest": "end",
		"0": "0", "42": "42", " 7 ": "7", "-3": "-3", "@1700000000000": "@1700000000000",
	} {
		got, err := ParseStartOffset(in)
		if err != nil || got.String() != want {
			t.Errorf("%q: %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "-", "@", "--1", "+5", "@-5", "-+5", "1.5", "99999999999999999999"} {
		if _, err := ParseStartOffset(in); err == nil || !strings.Contains(err.Error(), "invalid offset") {
			t.Errorf("%q: err %v, want invalid offset", in, err)
		}
	}
}

// produceAt writes one record per value to partition 0 of topic with the
// given timestamps (ms).
func produceAt(t *testing.T, addr, topic string, stamps ...int64) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.DefaultProduceTopic(topic), kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	for i, ms := range stamps {
		r := &kgo.Record{Value: []byte{byte('a' + i)}, Timestamp: time.UnixMilli(ms)}
		if err := cl.ProduceSync(testCtx(t), r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestConsumePartitions(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 3)
		produceN(t, b.Addr, nm.topic("t"), 0, 30)
		produceAt(t, b.Addr, nm.topic("times"), 1000, 2000, 3000)
		cfg := consumerCfg(t, b.Addr, nm.group("unused"))
		// What each partition holds, read whole by a group.
		all, _, err := consume(t, consumerCfg(t, b.Addr, nm.group("everything")), ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || len(all.shown) != 30 {
			t.Fatalf("reading everything: %d records, %v", len(all.shown), err)
		}

		read := func(topics []string, parts []int32, from string, o ConsumeOptions) (*memSink, ConsumeStats, []error) {
			t.Helper()
			start, err := ParseStartOffset(from)
			if err != nil {
				t.Fatal(err)
			}
			o.Topics, o.Timeout = topics, 10*time.Second
			var warns []error
			o.Warn = func(err error) { warns = append(warns, err) }
			s := &memSink{}
			st, err := ConsumePartitions(testCtx(t), cfg, o, parts, start, s)
			if err != nil {
				t.Fatalf("%v %v from %s: %v", topics, parts, from, err)
			}
			return s, st, warns
		}

		// Partition by partition from the beginning: together, every record once.
		seen := map[string]int{}
		sizes := map[int32]int{}
		for p := range int32(3) {
			s, st, _ := read([]string{nm.topic("t")}, []int32{p}, "beginning", ConsumeOptions{ExitAtEnd: true})
			if !st.ReachedEnd {
				t.Fatalf("partition %d: did not reach the end: %+v", p, st)
			}
			sizes[p] = len(s.shown)
			for _, v := range s.shown {
				seen[v]++
			}
		}
		if len(seen) != 30 {
			t.Fatalf("the three partitions held %d distinct records, want 30 (%v)", len(seen), sizes)
		}

		// -1: the last record of each partition that has one; -2 on one
		// partition, its last two in order.
		var lasts []string
		for p := range int32(3) {
			s, _, _ := read([]string{nm.topic("t")}, []int32{p}, "beginning", ConsumeOptions{ExitAtEnd: true})
			if n := len(s.shown); n > 0 {
				lasts = append(lasts, s.shown[n-1])
			}
			if n := len(s.shown); n >= 2 {
				two, _, _ := read([]string{nm.topic("t")}, []int32{p}, "-2", ConsumeOptions{ExitAtEnd: true})
				if strings.Join(two.shown, ",") != strings.Join(s.shown[n-2:], ",") {
					t.Fatalf("partition %d from -2: %q, want %q", p, two.shown, s.shown[n-2:])
				}
			}
		}
		s, _, _ := read([]string{nm.topic("t")}, nil, "-1", ConsumeOptions{ExitAtEnd: true})
		if strings.Join(sortedCopy(s.shown), ",") != strings.Join(sortedCopy(lasts), ",") {
			t.Fatalf("-1 read %q, want the last record of each partition %q", s.shown, lasts)
		}

		// An absolute offset, and the end (nothing, and -e ends at once).
		s, _, _ = read([]string{nm.topic("times")}, []int32{0}, "1", ConsumeOptions{ExitAtEnd: true})
		if strings.Join(s.shown, "") != "bc" {
			t.Fatalf("from offset 1: %q", s.shown)
		}
		s, st, _ := read([]string{nm.topic("times")}, nil, "end", ConsumeOptions{ExitAtEnd: true})
		if len(s.shown) != 0 || !st.ReachedEnd {
			t.Fatalf("from the end: %q %+v", s.shown, st)
		}
		// A time: the first record at or after it.
		for at, want := range map[string]string{"@0": "abc", "@1500": "bc", "@2000": "bc", "@3000": "c", "@3001": ""} {
			s, _, _ = read([]string{nm.topic("times")}, nil, at, ConsumeOptions{ExitAtEnd: true})
			if strings.Join(s.shown, "") != want {
				t.Fatalf("from %s: %q, want %q", at, s.shown, want)
			}
		}
		s, _, _ = read([]string{nm.topic("times")}, nil, "@9999", ConsumeOptions{ExitAtEnd: true})
		if len(s.shown) != 0 {
			t.Fatalf("from @9999: %q", s.shown)
		}
		// Past the end: a warning, then the end.
		s, _, warns := read([]string{nm.topic("times")}, []int32{0}, "10", ConsumeOptions{ExitAtEnd: true})
		if len(s.shown) != 0 || len(warns) != 1 || !strings.Contains(warns[0].Error(), "offset 10 is past the end (3)") {
			t.Fatalf("from 10: %q, warnings %v", s.shown, warns)
		}
		// -n stops early.
		s, st, _ = read([]string{nm.topic("times")}, nil, "beginning", ConsumeOptions{Count: 2})
		if strings.Join(s.shown, "") != "ab" || st.ReachedEnd {
			t.Fatalf("-n 2: %q %+v", s.shown, st)
		}
	})
}

func TestConsumePartitionsErrors(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 1)
		cfg := consumerCfg(t, b.Addr, nm.group("unused"))
		start, _ := ParseStartOffset("beginning")
		for _, tt := range []struct {
			topics []string
			parts  []int32
			want   string
		}{
			{[]string{nm.topic("t")}, []int32{7}, "topic " + nm.topic("t") + " has no partition 7 (it has 0 to 0)"},
			{[]string{nm.missing("missing")}, nil, "does not exist"},
		} {
			_, err := ConsumePartitions(testCtx(t), cfg, ConsumeOptions{Topics: tt.topics, Timeout: 10 * time.Second}, tt.parts, start, &memSink{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v %v: err %v, want %q", tt.topics, tt.parts, err, tt.want)
			}
		}
		// Interrupted while waiting for records: ctx's error, nothing lost.
		ctx, cancel := context.WithTimeout(testCtx(t), 300*time.Millisecond)
		defer cancel()
		s := &memSink{}
		st, err := ConsumePartitions(ctx, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, Timeout: 10 * time.Second}, nil, start, s)
		if err == nil || !st.Interrupted || len(s.shown) != 1 {
			t.Fatalf("interrupted: %q %+v %v", s.shown, st, err)
		}
	})
}

// produceTxn writes values in one transaction to partition 0 of topic and
// commits or aborts it.
func produceTxn(t *testing.T, addr, topic string, commit bool, values ...string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.DefaultProduceTopic(topic), kgo.TransactionalID("kafkit-test-"+topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := testCtx(t)
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	for _, v := range values {
		if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
		t.Fatal(err)
	}
}

// TestExitAtEndAfterTransactionMarker: a partition whose last offset is a
// transaction's commit or abort marker is at its end once the records
// before it are read, for a group and for direct reads, under both
// isolation levels (the marker is never printed).
func TestExitAtEndAfterTransactionMarker(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceTxn(t, b.Addr, nm.topic("tx"), true, "a", "b")
		produceTxn(t, b.Addr, nm.topic("tx"), false, "z")
		start, _ := ParseStartOffset("beginning")
		for _, iso := range []string{"read_uncommitted", "read_committed"} {
			want := "abz"
			if iso == "read_committed" {
				want = "ab"
			}
			t.Run(iso, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(testCtx(t), 15*time.Second)
				defer cancel()
				s := &memSink{}
				st, err := Consume(ctx, consumerCfg(t, b.Addr, nm.group("g-")+iso, "isolation.level", iso), ConsumeOptions{Topics: []string{nm.topic("tx")}, ExitAtEnd: true, Timeout: 10 * time.Second}, s)
				if err != nil || !st.ReachedEnd || strings.Join(s.shown, "") != want {
					t.Fatalf("group: %q, %+v, %v", s.shown, st, err)
				}
				s = &memSink{}
				st, err = ConsumePartitions(ctx, consumerCfg(t, b.Addr, nm.group("unused"), "isolation.level", iso), ConsumeOptions{Topics: []string{nm.topic("tx")}, ExitAtEnd: true, Timeout: 10 * time.Second}, nil, start, s)
				if err != nil || !st.ReachedEnd || strings.Join(s.shown, "") != want {
					t.Fatalf("direct: %q, %+v, %v", s.shown, st, err)
				}
			})
		}
	})
}
