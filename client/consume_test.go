package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

// memSink collects written records; flushErr makes Flush fail.
type memSink struct {
	pending, shown []string
	flushErr       error
	onWrite        func(n int) error
}

func (s *memSink) Write(r *kgo.Record) error {
	s.pending = append(s.pending, string(r.Value))
	if s.onWrite != nil {
		return s.onWrite(len(s.shown) + len(s.pending))
	}
	return nil
}

func (s *memSink) Flush() error {
	if s.flushErr != nil {
		return s.flushErr
	}
	s.shown = append(s.shown, s.pending...)
	s.pending = nil
	return nil
}

// produceN writes values v0..v(n-1) to topic, keyed so that they spread
// over partitions.
func produceN(t *testing.T, addr, topic string, from, n int) {
	t.Helper()
	_, cl := producerFor(t, addr)
	var vals [][]byte
	for i := from; i < from+n; i++ {
		vals = append(vals, []byte(fmt.Sprintf("v%d", i)))
	}
	// One record per call so that the sticky partitioner spreads them.
	for _, v := range vals {
		if _, err := Produce(testCtx(t), cl, ProduceInput{Topic: topic, Key: v, Values: [][]byte{v}}, ProduceOptions{StallTimeout: 10 * time.Second}); err != nil {
			t.Fatal(err)
		}
	}
}

func consumerCfg(t *testing.T, addr, group string, kv ...string) *Config {
	t.Helper()
	cfg, err := Load(Consumer, props(append([]string{"bootstrap.servers", addr, "group.id", group}, kv...)...))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func consume(t *testing.T, cfg *Config, o ConsumeOptions) (*memSink, ConsumeStats, error) {
	t.Helper()
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	s := &memSink{}
	st, err := Consume(testCtx(t), cfg, o, s)
	return s, st, err
}

func TestConsumeExitAtEndAndResume(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 3)
		produceN(t, b.Addr, nm.topic("t"), 0, 9)
		cfg := consumerCfg(t, b.Addr, nm.group("g1"))

		s, st, err := consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || !st.ReachedEnd || len(s.shown) != 9 {
			t.Fatalf("first run: %d records %v, stats %+v, err %v", len(s.shown), s.shown, st, err)
		}
		// The same group resumes where it committed: nothing old.
		s, st, err = consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || !st.ReachedEnd || len(s.shown) != 0 {
			t.Fatalf("second run: %v, stats %+v, err %v", s.shown, st, err)
		}
		produceN(t, b.Addr, nm.topic("t"), 9, 2)
		s, _, err = consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || strings.Join(sortedCopy(s.shown), ",") != "v10,v9" {
			t.Fatalf("third run: %v, err %v", s.shown, err)
		}
		// Another group reads everything.
		s, _, err = consume(t, consumerCfg(t, b.Addr, nm.group("g2")), ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || len(s.shown) != 11 {
			t.Fatalf("other group: %v, err %v", s.shown, err)
		}
	})
}

// holdPartitions starts a member of cfg's group reading topic and returns
// once the group has given it n partitions; the returned func stops it and
// fails the test if it ended with an error of its own.
func holdPartitions(t *testing.T, cfg *Config, topic string, n int) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(testCtx(t))
	assigned := make(chan struct{})
	var once sync.Once
	done := make(chan error, 1)
	go func() {
		_, err := Consume(ctx, cfg, ConsumeOptions{Topics: []string{topic}, Timeout: 10 * time.Second,
			OnAssigned: func(m map[string][]int32) {
				if len(m[topic]) == n {
					once.Do(func() { close(assigned) })
				}
			}}, &memSink{})
		done <- err
	}()
	select {
	case <-assigned:
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatalf("the first member was not assigned %d partitions of %s", n, topic)
	}
	return func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("first member: %v", err)
		}
	}
}

// TestConsumeExitAtEndNothingAssigned: with one partition, a second member
// of a group gets nothing; --exit-at-end must end it rather than wait for a
// rebalance that never comes.
func TestConsumeExitAtEndNothingAssigned(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("one"), 0, 3)
		cfg := consumerCfg(t, b.Addr, nm.group("shared"))

		stopHolder := holdPartitions(t, cfg, nm.topic("one"), 1)

		ctx, cancel := context.WithTimeout(testCtx(t), 20*time.Second)
		defer cancel()
		s := &memSink{}
		st, err := Consume(ctx, cfg, ConsumeOptions{Topics: []string{nm.topic("one")}, ExitAtEnd: true, Timeout: 10 * time.Second}, s)
		if err != nil || !st.ReachedEnd || !st.NothingAssigned || len(s.shown) != 0 {
			t.Fatalf("second member: %v, stats %+v, err %v (ctx %v)", s.shown, st, err, ctx.Err())
		}
		stopHolder()
	})
}

// TestConsumeExitAtEndJoiningMemberGetsItsShare: a member joining a group
// whose partitions another member holds gets nothing in the first round of
// a cooperative rebalance and its share in the second; --exit-at-end must
// wait for it and read it, not stop at the empty first round.
func TestConsumeExitAtEndJoiningMemberGetsItsShare(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 2)
		produceN(t, b.Addr, nm.topic("two"), 0, 20)
		cfg := consumerCfg(t, b.Addr, nm.group("pair"))

		stopHolder := holdPartitions(t, cfg, nm.topic("two"), 2)

		ctx, cancel := context.WithTimeout(testCtx(t), 30*time.Second)
		defer cancel()
		s := &memSink{}
		st, err := Consume(ctx, cfg, ConsumeOptions{Topics: []string{nm.topic("two")}, ExitAtEnd: true, Timeout: 10 * time.Second}, s)
		stopHolder()
		// The holder may already have read (and, giving the partition up,
		// committed) everything, so the joiner may find nothing new: what
		// matters is that it reached the end of a partition it was given.
		if err != nil || !st.ReachedEnd || st.NothingAssigned {
			t.Fatalf("joining member: %d records, stats %+v, err %v", len(s.shown), st, err)
		}
	})
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func TestConsumeExitAtEndEmptyAndMissing(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		empty, missing := harness.TopicName(t)+"-empty", nm.missing("missing")
		harness.CreateTopic(t, b.Addr, empty, 2, 1, nil)
		s, st, err := consume(t, consumerCfg(t, b.Addr, nm.group("g")), ConsumeOptions{Topics: []string{empty}, ExitAtEnd: true})
		if err != nil || !st.ReachedEnd || len(s.shown) != 0 {
			t.Fatalf("empty topic: %v %+v %v", s.shown, st, err)
		}
		_, _, err = consume(t, consumerCfg(t, b.Addr, nm.group("g")), ConsumeOptions{Topics: []string{missing}, ExitAtEnd: true})
		if err == nil || !strings.Contains(err.Error(), "topic "+missing+" does not exist") {
			t.Fatalf("missing topic: err = %v", err)
		}
	})
}

func TestConsumeFromLatest(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 3)
		s, st, err := consume(t, consumerCfg(t, b.Addr, nm.group("g"), "auto.offset.reset", "latest"), ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || !st.ReachedEnd || len(s.shown) != 0 {
			t.Fatalf("latest: %v %+v %v", s.shown, st, err)
		}
	})
}

// TestConsumeCountCommitsOnlyShown: -n prints N records and commits
// exactly those; the next run continues with record N+1.
func TestConsumeCountCommitsOnlyShown(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 10)
		cfg := consumerCfg(t, b.Addr, nm.group("g"))
		s, st, err := consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, Count: 4})
		if err != nil || st.Records != 4 || strings.Join(s.shown, ",") != "v0,v1,v2,v3" {
			t.Fatalf("count: %v %+v %v", s.shown, st, err)
		}
		s, _, err = consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || strings.Join(s.shown, ",") != "v4,v5,v6,v7,v8,v9" {
			t.Fatalf("rest: %v %v", s.shown, err)
		}
	})
}

// TestConsumeNothingCommittedWhenOutputFails: records that could not be
// written are not committed, so the next run gets them again.
func TestConsumeNothingCommittedWhenOutputFails(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 5)
		cfg := consumerCfg(t, b.Addr, nm.group("g"))
		s := &memSink{flushErr: errors.New("broken pipe")}
		_, err := Consume(testCtx(t), cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, Timeout: 10 * time.Second}, s)
		if err == nil || !strings.Contains(err.Error(), "writing records: broken pipe") {
			t.Fatalf("err = %v", err)
		}
		again, _, err := consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || len(again.shown) != 5 {
			t.Fatalf("second run: %v %v", again.shown, err)
		}
	})
}

// TestConsumeNothingCommittedWhenWriteAndFlushFail: a failed Write
// followed by a failed Flush commits none of the records written before it,
// since the sink may have lost them with its buffer.
func TestConsumeNothingCommittedWhenWriteAndFlushFail(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 5)
		cfg := consumerCfg(t, b.Addr, nm.group("g"))
		s := &memSink{flushErr: errors.New("broken pipe"), onWrite: func(n int) error {
			if n == 3 {
				return errors.New("broken pipe")
			}
			return nil
		}}
		_, err := Consume(testCtx(t), cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, Timeout: 10 * time.Second}, s)
		if err == nil || !strings.Contains(err.Error(), "writing records: broken pipe") {
			t.Fatalf("err = %v", err)
		}
		again, _, err := consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || len(again.shown) != 5 {
			t.Fatalf("second run: %v %v", again.shown, err)
		}
	})
}

// TestConsumeInterruptCommits: cancelling (SIGINT) commits what was shown
// and leaves the group; the error is the context's.
func TestConsumeInterruptCommits(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 3)
		cfg := consumerCfg(t, b.Addr, nm.group("g"))
		ctx, cancel := context.WithCancel(testCtx(t))
		s := &memSink{}
		s.onWrite = func(n int) error {
			if n == 3 {
				cancel()
			}
			return nil
		}
		st, err := Consume(ctx, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, Timeout: 10 * time.Second}, s)
		if !errors.Is(err, context.Canceled) || !st.Interrupted || len(s.shown) != 3 {
			t.Fatalf("interrupted run: %v %+v %v", s.shown, st, err)
		}
		again, _, err := consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
		if err != nil || len(again.shown) != 0 {
			t.Fatalf("after interrupt: %v %v", again.shown, err)
		}
	})
}

func TestConsumeAutoCommitOff(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 2)
		cfg := consumerCfg(t, b.Addr, nm.group("g"), "enable.auto.commit", "false")
		for run := 0; run < 2; run++ {
			s, _, err := consume(t, cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, ExitAtEnd: true})
			if err != nil || len(s.shown) != 2 {
				t.Fatalf("run %d: %v %v", run, s.shown, err)
			}
		}
	})
}

func TestConsumeStop(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		produceN(t, b.Addr, nm.topic("t"), 0, 5)
		cfg := consumerCfg(t, b.Addr, nm.group("g"))
		s := &memSink{onWrite: func(n int) error {
			if n == 2 {
				return ErrStop
			}
			return nil
		}}
		st, err := Consume(testCtx(t), cfg, ConsumeOptions{Topics: []string{nm.topic("t")}, Timeout: 10 * time.Second}, s)
		if err != nil || st.Records != 2 || len(s.shown) != 2 {
			t.Fatalf("%v %+v %v", s.shown, st, err)
		}
	})
}

func TestConsumeUnreachable(t *testing.T) {
	cfg := consumerCfg(t, "127.0.0.1:1", "g")
	_, _, err := consume(t, cfg, ConsumeOptions{Topics: []string{"t"}, Timeout: 2 * time.Second})
	var ue *UnreachableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v", err)
	}
}
