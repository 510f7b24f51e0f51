// Package perf generates load against a Kafka broker and measures what comes
// back: produce throughput and acknowledgement latency, consume throughput
// and the lag observed, and produce-to-consume (end-to-end) latency.
//
// The runners take an already built *kgo.Client (kafkit builds every client
// in the client package) and return plain result structs; Summary turns a
// result into a view that prints as text or JSON. Nothing here parses flags
// or writes to the terminal except the optional progress bar.
package perf

import (
	"sync"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram bounds: latencies are recorded in microseconds from 1 µs to one
// hour with three significant digits (0.1% error), which is HdrHistogram's
// usual setting for request latencies; a value above the top is clamped so
// that the maximum still shows that something was very slow.
const (
	histLowest  = 1
	histHighest = int64(time.Hour / time.Microsecond)
	histSigFigs = 3
)

// Histogram records latencies. It is safe for concurrent use: the produce
// promise goroutine records while the progress bar may read the count.
type Histogram struct {
	mu sync.Mutex
	h  *hdrhistogram.Histogram
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{h: hdrhistogram.New(histLowest, histHighest, histSigFigs)}
}

// Record adds one latency. Negative durations (a clock step between two
// wall-clock readings) count as zero rather than being dropped, so the count
// always matches the records measured.
func (h *Histogram) Record(d time.Duration) {
	us := int64(d / time.Microsecond)
	if us < 0 {
		us = 0
	}
	if us > histHighest {
		us = histHighest
	}
	h.mu.Lock()
	// RecordValue fails only outside the trackable range, excluded above.
	_ = h.h.RecordValue(us)
	h.mu.Unlock()
}

// Count returns how many latencies were recorded.
func (h *Histogram) Count() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.h.TotalCount()
}

// Latency summarises a latency distribution in milliseconds; all fields are
// zero when nothing was recorded.
type Latency struct {
	Count int64   `json:"count"`
	Min   float64 `json:"min_ms"`
	Mean  float64 `json:"mean_ms"`
	P50   float64 `json:"p50_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	P999  float64 `json:"p99_9_ms"`
	Max   float64 `json:"max_ms"`
}

// Summary computes the percentiles reported by every perf command.
func (h *Histogram) Summary() Latency {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.h.TotalCount()
	if n == 0 {
		return Latency{}
	}
	q := h.h.ValueAtPercentilesSlice([]float64{50, 95, 99, 99.9})
	return Latency{
		Count: n,
		Min:   usToMs(h.h.Min()),
		Mean:  h.h.Mean() / 1000,
		P50:   usToMs(q[0]),
		P95:   usToMs(q[1]),
		P99:   usToMs(q[2]),
		P999:  usToMs(q[3]),
		Max:   usToMs(h.h.Max()),
	}
}

func usToMs(us int64) float64 { return float64(us) / 1000 }
