package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/goleak"

	"github.com/kafkit/kafkit/devbroker"
	"github.com/kafkit/kafkit/internal/harness"
)

// TestMain runs the tests, stops the shared Apache Kafka broker the
// two-broker tests started (harness.Run), then checks that no goroutine
// outlived them.
func TestMain(m *testing.M) {
	code := harness.Run(m)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// names gives a test body's topics and groups names of their own on the
// broker (the real one is shared by the package's tests); a topic is
// created with the body's partition count on first use.
type names struct {
	t          *testing.T
	b          *harness.Broker
	partitions int32
	topics     map[string]string
	groups     map[string]string
}

func newNames(t *testing.T, b *harness.Broker, partitions int32) *names {
	return &names{t: t, b: b, partitions: partitions, topics: map[string]string{}, groups: map[string]string{}}
}

// topic returns the test's topic for name, creating it.
func (n *names) topic(name string) string {
	n.t.Helper()
	if v, ok := n.topics[name]; ok {
		return v
	}
	v := harness.TopicName(n.t) + "-" + name
	harness.CreateTopic(n.t, n.b.Addr, v, n.partitions, 1, nil)
	n.topics[name] = v
	return v
}

// missing returns a topic name that exists nowhere.
func (n *names) missing(name string) string { return harness.TopicName(n.t) + "-" + name }

// group returns the test's group for name.
func (n *names) group(name string) string {
	if v, ok := n.groups[name]; ok {
		return v
	}
	v := harness.TopicName(n.t) + "-" + name
	n.groups[name] = v
	return v
}

// newBroker starts an in-process development broker on a random port.
func newBroker(t *testing.T, opts ...devbroker.Opt) *devbroker.Broker {
	t.Helper()
	b, err := devbroker.New(append([]devbroker.Opt{devbroker.Listen("127.0.0.1:0")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func producerFor(t *testing.T, addr string, kv ...string) (*Config, *kgo.Client) {
	t.Helper()
	cfg, err := Load(Producer, props(append([]string{"bootstrap.servers", addr}, kv...)...))
	if err != nil {
		t.Fatal(err)
	}
	cl, err := cfg.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cfg, cl
}

// readAll reads every record of topic partition 0.. with a direct
// consumer, up to n records.
func readAll(t *testing.T, addr, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics(topic), kgo.ConsumeStartOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := testCtx(t)
	var out []*kgo.Record
	for len(out) < n {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("read %d of %d records: %v", len(out), n, err)
		}
		out = append(out, fs.Records()...)
	}
	return out
}

type kv struct{ key, value string }

func TestProduceLines(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		tests := []struct {
			name  string
			in    ProduceInput
			input string
			want  []kv // key "-" means no key
		}{
			{"lines", ProduceInput{}, "a\nb\nc\n", []kv{{"-", "a"}, {"-", "b"}, {"-", "c"}}},
			{"last line without newline", ProduceInput{}, "a\nb", []kv{{"-", "a"}, {"-", "b"}}},
			{"crlf", ProduceInput{}, "a\r\nb\r\n", []kv{{"-", "a"}, {"-", "b"}}},
			{"empty line is an empty record", ProduceInput{}, "a\n\nb\n", []kv{{"-", "a"}, {"-", ""}, {"-", "b"}}},
			{"key for every line", ProduceInput{Key: []byte("k")}, "a\nb\n", []kv{{"k", "a"}, {"k", "b"}}},
			{"key delimiter", ProduceInput{KeyDelimiter: []byte(":")}, "k1:v1\nk2:v:2\nnokey\n:empty key\n",
				[]kv{{"k1", "v1"}, {"k2", "v:2"}, {"-", "nokey"}, {"", "empty key"}}},
			{"multi-byte delimiter", ProduceInput{KeyDelimiter: []byte("=>")}, "a=>b\n", []kv{{"a", "b"}}},
			{"values from arguments", ProduceInput{Values: [][]byte{[]byte("x"), []byte("y z")}}, "", []kv{{"-", "x"}, {"-", "y z"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				topic := nm.topic(strings.ReplaceAll(tt.name, " ", "-"))
				_, cl := producerFor(t, b.Addr)
				in := tt.in
				in.Topic = topic
				if in.Values == nil {
					in.Lines = strings.NewReader(tt.input)
				}
				var seqs []int64
				st, err := Produce(testCtx(t), cl, in, ProduceOptions{StallTimeout: 10 * time.Second, OnDelivery: func(d Delivery) {
					if d.Err != nil {
						t.Errorf("record %d: %v", d.Seq, d.Err)
					}
					seqs = append(seqs, d.Seq)
				}})
				if err != nil {
					t.Fatal(err)
				}
				if st.Sent != int64(len(tt.want)) || st.Delivered != st.Sent || st.Failed != 0 || st.Interrupted {
					t.Fatalf("stats %+v, want %d delivered", st, len(tt.want))
				}
				for i, s := range seqs {
					if s != int64(i+1) {
						t.Fatalf("delivery order %v, want 1..n", seqs)
					}
				}
				got := readAll(t, b.Addr, topic, len(tt.want))
				for i, w := range tt.want {
					r := got[i]
					wantKey := []byte(w.key)
					if w.key == "-" {
						wantKey = nil
					}
					if (r.Key == nil) != (wantKey == nil) || !bytes.Equal(r.Key, wantKey) || string(r.Value) != w.value {
						t.Errorf("record %d = key %q value %q, want key %q value %q", i, r.Key, r.Value, w.key, w.value)
					}
				}
			})
		}
	})
}

func TestProduceLongLineAndHeaders(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		_, cl := producerFor(t, b.Addr)
		long := strings.Repeat("x", 3<<20/2) // larger than the 1 MiB read buffer
		hdrs := []kgo.RecordHeader{{Key: "h1", Value: []byte("v1")}, {Key: "h2", Value: []byte("")}}
		_, err := Produce(testCtx(t), cl, ProduceInput{Topic: nm.topic("long"), Headers: hdrs, Lines: strings.NewReader("short\n" + long + "\nend")}, ProduceOptions{StallTimeout: 10 * time.Second})
		if err == nil {
			t.Fatal("a 1.5 MB record must exceed the default batch size and fail")
		}
		var re *RecordError
		if !errors.As(err, &re) || re.Seq != 2 {
			t.Fatalf("err = %v, want record 2 named", err)
		}

		// The topic takes records of up to 4 MB (Kafka's default is
		// 1 MiB, max.message.bytes).
		long2, limit := harness.TopicName(t)+"-long2", "4000000"
		harness.CreateTopic(t, b.Addr, long2, 1, 1, map[string]*string{"max.message.bytes": &limit})
		_, cl = producerFor(t, b.Addr, "batch.size", "4000000", "max.request.size", "4000000")
		st, err := Produce(testCtx(t), cl, ProduceInput{Topic: long2, Headers: hdrs, Lines: strings.NewReader("short\n" + long + "\nend")}, ProduceOptions{StallTimeout: 10 * time.Second})
		if err != nil || st.Delivered != 3 {
			t.Fatalf("stats %+v, err %v", st, err)
		}
		got := readAll(t, b.Addr, long2, 3)
		if string(got[0].Value) != "short" || string(got[1].Value) != long || string(got[2].Value) != "end" {
			t.Fatalf("values %q.., %d bytes, %q", got[0].Value, len(got[1].Value), got[2].Value)
		}
		for _, r := range got {
			if len(r.Headers) != 2 || r.Headers[0].Key != "h1" || string(r.Headers[0].Value) != "v1" || r.Headers[1].Key != "h2" {
				t.Fatalf("headers %+v", r.Headers)
			}
		}
	})
}

// TestProduceInterrupt stops reading on cancel and still delivers what was
// accepted.
func TestProduceInterrupt(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		nm := newNames(t, b, 1)
		_, cl := producerFor(t, b.Addr)
		pr, pw := io.Pipe()
		t.Cleanup(func() { pw.Close() })
		ctx, cancel := context.WithCancel(testCtx(t))
		delivered := make(chan int64, 10)
		done := make(chan struct{})
		var st ProduceStats
		var err error
		go func() {
			defer close(done)
			st, err = Produce(ctx, cl, ProduceInput{Topic: nm.topic("int"), Lines: pr}, ProduceOptions{StallTimeout: 10 * time.Second, OnDelivery: func(d Delivery) { delivered <- d.Seq }})
		}()
		if _, werr := io.WriteString(pw, "one\ntwo\nthree\n"); werr != nil {
			t.Fatal(werr)
		}
		for i := 0; i < 3; i++ {
			select {
			case <-delivered:
			case <-time.After(20 * time.Second):
				t.Fatal("records not delivered")
			}
		}
		// The reader is now blocked on the pipe, as on a terminal.
		cancel()
		<-done
		if err != nil {
			t.Fatalf("Produce: %v", err)
		}
		if !st.Interrupted || st.Delivered != 3 || st.Failed != 0 {
			t.Fatalf("stats %+v", st)
		}
		pw.Close()
	})
}

// TestProduceBrokerGone fails records, naming the first, within the
// delivery timeout when the broker goes away.
func TestProduceBrokerGone(t *testing.T) {
	b := newBroker(t)
	_, cl := producerFor(t, b.Addr(), "delivery.timeout.ms", "1500", "retry.backoff.max.ms", "200")
	ctx := testCtx(t)
	if err := Ping(ctx, cl, []string{b.Addr()}); err != nil {
		t.Fatal(err)
	}
	if _, err := Produce(ctx, cl, ProduceInput{Topic: "gone", Values: [][]byte{[]byte("first")}}, ProduceOptions{StallTimeout: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	var mu sync.Mutex
	var failed []int64
	st, err := Produce(ctx, cl, ProduceInput{Topic: "gone", Key: []byte("k"), Lines: strings.NewReader("a\nb\nc\n")}, ProduceOptions{StallTimeout: 1500 * time.Millisecond, OnDelivery: func(d Delivery) {
		mu.Lock()
		defer mu.Unlock()
		if d.Err != nil {
			failed = append(failed, d.Seq)
		}
	}})
	var re *RecordError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a RecordError", err)
	}
	if re.Topic != "gone" || re.Failed != 3 || !strings.Contains(err.Error(), "failed: ") {
		t.Fatalf("err = %v (%+v)", err, re)
	}
	if re.Seq != 0 && (re.Seq > 3 || string(re.Key) != "k") {
		t.Fatalf("err names record %d key %q", re.Seq, re.Key)
	}
	if st.Delivered != 0 || st.Failed != st.Sent || st.Sent == 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestPingUnreachable(t *testing.T) {
	_, cl := producerFor(t, "127.0.0.1:1")
	err := Ping(testCtx(t), cl, []string{"127.0.0.1:1"})
	var ue *UnreachableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "unable to reach broker 127.0.0.1:1") || !strings.Contains(err.Error(), "kafkit dev") {
		t.Fatalf("err = %v", err)
	}
}

// BenchmarkProduceLines measures the stdin path: reading lines into
// records and handing them to the client, against the in-process broker.
func BenchmarkProduceLines(b *testing.B) {
	br, err := devbroker.New(devbroker.Listen("127.0.0.1:0"))
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	line := strings.Repeat("v", 99) + "\n"
	input := []byte(strings.Repeat(line, 100000))
	cfg, err := Load(Producer, props("bootstrap.servers", br.Addr()))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		cl, _ := cfg.NewClient()
		st, err := Produce(context.Background(), cl, ProduceInput{Topic: "bench", Lines: bytes.NewReader(input)}, ProduceOptions{StallTimeout: time.Minute})
		cl.Close()
		if err != nil || st.Delivered != 100000 {
			b.Fatalf("%+v %v", st, err)
		}
	}
}
