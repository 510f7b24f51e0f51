package perf

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/goleak"

	"github.com/kafkit/kafkit/devbroker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// newBroker starts an in-memory development broker on a random port.
func newBroker(t *testing.T, opts ...devbroker.Opt) *devbroker.Broker {
	t.Helper()
	b, err := devbroker.New(append([]devbroker.Opt{devbroker.Listen("127.0.0.1:0")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func newClient(t *testing.T, addr string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr), kgo.AllowAutoTopicCreation()}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestProduceThenConsume(t *testing.T) {
	tests := []struct {
		name     string
		records  int64
		payloads [][]byte
		rate     float64
		group    string
	}{
		{name: "unlimited, fixed size, plain partitions", records: 20000, payloads: [][]byte{Payload(100)}},
		{name: "rate limited, payload file, group", records: 500, payloads: [][]byte{[]byte("a"), []byte("bb")}, rate: 5000, group: "perf-test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testCtx(t)
			b := newBroker(t, devbroker.Partitions(3))
			prod := newClient(t, b.Addr())
			res, err := Produce(ctx, prod, ProduceOptions{Topic: "t", Records: tt.records, Payloads: tt.payloads, Rate: tt.rate})
			if err != nil {
				t.Fatal(err)
			}
			var wantBytes int64
			for i := int64(0); i < tt.records; i++ {
				wantBytes += int64(len(tt.payloads[i%int64(len(tt.payloads))]))
			}
			if res.Records != tt.records || res.Errors != 0 || res.Bytes != wantBytes {
				t.Fatalf("produce result %+v, want %d records, %d bytes, no error", res, tt.records, wantBytes)
			}
			if res.Latency.Count != tt.records {
				t.Errorf("latency samples = %d, want %d", res.Latency.Count, tt.records)
			}
			if tt.rate > 0 {
				// The schedule alone takes (records-1)/rate.
				if min := time.Duration(float64(tt.records-1) / tt.rate * float64(time.Second)); res.Elapsed < min {
					t.Errorf("rate %v: run took %s, less than the schedule's %s", tt.rate, res.Elapsed, min)
				}
			}

			copts := []kgo.Opt{kgo.ConsumeTopics("t"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())}
			if tt.group != "" {
				copts = append(copts, kgo.ConsumerGroup(tt.group))
			}
			cons := newClient(t, b.Addr(), copts...)
			cres, err := Consume(ctx, cons, ConsumeOptions{Records: tt.records})
			if err != nil {
				t.Fatal(err)
			}
			if cres.Records != tt.records || cres.Bytes != wantBytes {
				t.Fatalf("consume result %+v, want %d records, %d bytes", cres, tt.records, wantBytes)
			}
			if cres.Partitions < 1 || cres.Partitions > 3 {
				t.Errorf("partitions = %d, want 1 to 3", cres.Partitions)
			}
			if cres.Lag.Last != 0 {
				t.Errorf("last lag = %d after reading everything, want 0", cres.Lag.Last)
			}
			if cres.Lag.Max < cres.Lag.First {
				t.Errorf("lag max %d below first %d", cres.Lag.Max, cres.Lag.First)
			}
		})
	}
}

func TestConsumeStopsAtCount(t *testing.T) {
	ctx := testCtx(t)
	b := newBroker(t)
	prod := newClient(t, b.Addr())
	if _, err := Produce(ctx, prod, ProduceOptions{Topic: "t", Records: 1000, Payloads: [][]byte{Payload(10)}}); err != nil {
		t.Fatal(err)
	}
	cons := newClient(t, b.Addr(), kgo.ConsumeTopics("t"))
	res, err := Consume(ctx, cons, ConsumeOptions{Records: 300})
	if err != nil {
		t.Fatal(err)
	}
	// Records arrive in batches; the count stops exactly at the limit.
	if res.Records != 300 || res.Bytes != 3000 {
		t.Fatalf("records = %d, bytes = %d; want 300 and 3000", res.Records, res.Bytes)
	}
	if res.Lag.Last < 700 {
		t.Errorf("last lag = %d with 700 records unread, want at least 700", res.Lag.Last)
	}
}

func TestEndToEnd(t *testing.T) {
	tests := []struct {
		name     string
		same     bool
		rate     float64
		before   int64 // records already in the topic, which must be ignored
		inFlight int
		records  int64 // default 1000
	}{
		{name: "one client, fixed rate", same: true, rate: 2000},
		{name: "two clients, unlimited, topic not empty", rate: 0, before: 500},
		{name: "one in flight, unlimited", same: true, rate: 0, inFlight: 1, records: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testCtx(t)
			b := newBroker(t, devbroker.Partitions(2))
			prod := newClient(t, b.Addr())
			if tt.before > 0 {
				if _, err := Produce(ctx, prod, ProduceOptions{Topic: "e", Records: tt.before, Payloads: [][]byte{Payload(40)}}); err != nil {
					t.Fatal(err)
				}
			}
			cons := prod
			if !tt.same {
				cons = newClient(t, b.Addr())
			}
			n := tt.records
			if n == 0 {
				n = 1000
			}
			res, err := EndToEnd(ctx, prod, cons, E2EOptions{Topic: "e", Records: n, RecordSize: 64, Rate: tt.rate, InFlight: tt.inFlight})
			if err != nil {
				t.Fatal(err)
			}
			if res.Produced != n || res.Consumed != n || res.Duplicates != 0 || res.Errors != 0 {
				t.Fatalf("result %+v, want %d produced and read back, no duplicate or error", res, n)
			}
			if res.EndToEnd.Count != n || res.Produce.Count != n {
				t.Errorf("latency samples e2e %d, produce %d; want %d each", res.EndToEnd.Count, res.Produce.Count, n)
			}
			if res.EndToEnd.Min <= 0 {
				t.Errorf("end-to-end min latency %v ms: reading back cannot take no time", res.EndToEnd.Min)
			}
			// A record is sent once it is due, never before: measured from
			// the send, every latency is at most the one from the due time,
			// and so is every percentile.
			fs, e := res.FromSend, res.EndToEnd
			if fs.Count != n {
				t.Errorf("latency samples from send %d, want %d", fs.Count, n)
			}
			if fs.P50 > e.P50 || fs.P99 > e.P99 || fs.Max > e.Max {
				t.Errorf("latency from send (p50 %v, p99 %v, max %v ms) above latency from due (p50 %v, p99 %v, max %v ms)",
					fs.P50, fs.P99, fs.Max, e.P50, e.P99, e.Max)
			}
			if tt.inFlight == 1 {
				// One at a time, the records' trips from send to read-back
				// do not overlap: together they fit in the run (within the
				// histogram's 0.1% precision).
				sum := fs.Mean * float64(fs.Count)
				if run := float64(res.Elapsed) / float64(time.Millisecond); sum > run*1.001 {
					t.Errorf("records' trips add up to %.1f ms in a run of %.1f ms: more than one was in flight", sum, run)
				}
			}
		})
	}
}

func TestEndToEndNegativeInFlight(t *testing.T) {
	cl := newClient(t, newBroker(t).Addr())
	_, err := EndToEnd(testCtx(t), cl, cl, E2EOptions{Topic: "e", Records: 1, RecordSize: 64, InFlight: -1})
	if err == nil || !strings.Contains(err.Error(), "in-flight bound -1") {
		t.Fatalf("err = %v, want one naming the in-flight bound -1", err)
	}
}

func TestEndToEndRecordTooSmall(t *testing.T) {
	b := newBroker(t)
	cl := newClient(t, b.Addr())
	_, err := EndToEnd(testCtx(t), cl, cl, E2EOptions{Topic: "e", Records: 1, RecordSize: 10})
	if err == nil || !strings.Contains(err.Error(), "record size 10") {
		t.Fatalf("err = %v, want one naming the record size", err)
	}
}

func TestFailurePaths(t *testing.T) {
	t.Run("broker unreachable", func(t *testing.T) {
		addr := closedPort(t)
		cl := newClient(t, addr)
		start := time.Now()
		_, err := Produce(testCtx(t), cl, ProduceOptions{Topic: "t", Records: 10, Payloads: [][]byte{Payload(10)}, Idle: 5 * time.Second})
		if err == nil || !strings.Contains(err.Error(), addr) {
			t.Fatalf("err = %v, want one naming %s", err, addr)
		}
		if time.Since(start) > 20*time.Second {
			t.Errorf("took %s to report an unreachable broker", time.Since(start))
		}
		cons := newClient(t, addr, kgo.ConsumeTopics("t"))
		if _, err := Consume(testCtx(t), cons, ConsumeOptions{Records: 1, Idle: 5 * time.Second}); err == nil || !strings.Contains(err.Error(), addr) {
			t.Fatalf("consume: err = %v, want one naming %s", err, addr)
		}
	})

	t.Run("record too large", func(t *testing.T) {
		b := newBroker(t, devbroker.BrokerConfig("message.max.bytes", "1000"))
		cl := newClient(t, b.Addr(), kgo.ProducerBatchCompression(kgo.NoCompression()))
		res, err := Produce(testCtx(t), cl, ProduceOptions{Topic: "big", Records: 3, Payloads: [][]byte{Payload(5000)}})
		if err == nil {
			t.Fatal("records larger than message.max.bytes were accepted")
		}
		for _, want := range []string{"3 of 3 records failed", "record of 5000 bytes to topic big", "MESSAGE_TOO_LARGE"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to contain %q", err, want)
			}
		}
		if res.Errors != 3 || res.Records != 0 {
			t.Errorf("result %+v, want 3 errors and nothing acknowledged", res)
		}
	})

	t.Run("broker gone mid-run: idle timeout", func(t *testing.T) {
		b := newBroker(t)
		cl := newClient(t, b.Addr())
		// Consume more records than exist, then stop the broker: the
		// run must end with the idle error, not hang.
		ctx := testCtx(t)
		if _, err := Produce(ctx, cl, ProduceOptions{Topic: "t", Records: 10, Payloads: [][]byte{Payload(10)}}); err != nil {
			t.Fatal(err)
		}
		cons := newClient(t, b.Addr(), kgo.ConsumeTopics("t"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
		// The broker stops once the progress bar shows the 10 records
		// read, not after a fixed delay that a loaded machine can outrun.
		var once sync.Once
		bar := writerFunc(func(p []byte) (int, error) {
			if bytes.Contains(p, []byte(" 10/100 ")) {
				once.Do(func() { b.Close() })
			}
			return len(p), nil
		})
		res, err := Consume(ctx, cons, ConsumeOptions{Records: 100, Idle: 2 * time.Second, Progress: bar})
		if !errors.Is(err, ErrIdle) {
			t.Fatalf("err = %v, want the idle error", err)
		}
		if res.Records != 10 {
			t.Errorf("records = %d, want the 10 that existed", res.Records)
		}
	})

	t.Run("cancelled", func(t *testing.T) {
		b := newBroker(t)
		cl := newClient(t, b.Addr())
		ctx, cancel := context.WithCancel(testCtx(t))
		go func() {
			time.Sleep(200 * time.Millisecond)
			cancel()
		}()
		// One record a second for an hour: only cancellation ends it.
		res, err := Produce(ctx, cl, ProduceOptions{Topic: "t", Records: 3600, Rate: 1, Payloads: [][]byte{Payload(10)}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		// A loaded machine may cancel before the broker answered the
		// first ping, in which case there is no result at all.
		if res != nil && res.Records >= 3600 {
			t.Errorf("records = %d after cancelling", res.Records)
		}
	})

	t.Run("bad options", func(t *testing.T) {
		cl := newClient(t, "127.0.0.1:1")
		for _, o := range []ProduceOptions{
			{Topic: "", Records: 1, Payloads: [][]byte{{1}}},
			{Topic: "t", Records: 0, Payloads: [][]byte{{1}}},
			{Topic: "t", Records: 1},
		} {
			if _, err := Produce(testCtx(t), cl, o); err == nil {
				t.Errorf("Produce(%+v) accepted", o)
			}
		}
		if _, err := Consume(testCtx(t), cl, ConsumeOptions{Records: 0}); err == nil {
			t.Error("Consume with 0 records accepted")
		}
	})
}

// closedPort returns a loopback address nobody listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// writerFunc turns a function into an io.Writer.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
