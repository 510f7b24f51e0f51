package perf

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/devbroker"
)

// BenchmarkHistogramRecord is the cost added to every acknowledged record.
func BenchmarkHistogramRecord(b *testing.B) {
	h := NewHistogram()
	d := 1234 * time.Microsecond
	b.ReportAllocs()
	for b.Loop() {
		h.Record(d)
	}
}

// BenchmarkLimiterUnlimited is the per-record cost of the limiter when no
// rate is set.
func BenchmarkLimiterUnlimited(b *testing.B) {
	l := NewLimiter(0)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProduce100k runs the perf produce loop for 100k records of 100
// bytes against the in-process broker; compare with client's
// BenchmarkProduceLines, which adds reading lines.
func BenchmarkProduce100k(b *testing.B) {
	br, err := devbroker.New(devbroker.Listen("127.0.0.1:0"))
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	const n = 100_000
	payload := [][]byte{Payload(100)}
	b.SetBytes(n * 100)
	b.ReportAllocs()
	for b.Loop() {
		cl, err := kgo.NewClient(kgo.SeedBrokers(br.Addr()), kgo.AllowAutoTopicCreation())
		if err != nil {
			b.Fatal(err)
		}
		res, err := Produce(context.Background(), cl, ProduceOptions{Topic: "bench", Records: n, Payloads: payload})
		cl.Close()
		if err != nil || res.Records != n {
			b.Fatalf("%+v %v", res, err)
		}
	}
}
