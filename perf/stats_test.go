package perf

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
)

func TestHistogramSummary(t *testing.T) {
	tests := []struct {
		name   string
		values []time.Duration
		want   Latency
	}{
		{name: "empty", want: Latency{}},
		{
			name:   "one value",
			values: []time.Duration{1500 * time.Microsecond},
			want:   Latency{Count: 1, Min: 1.5, Mean: 1.5, P50: 1.5, P95: 1.5, P99: 1.5, P999: 1.5, Max: 1.5},
		},
		{
			name:   "1 to 1000 ms",
			values: seq(1000, time.Millisecond),
			want:   Latency{Count: 1000, Min: 1, Mean: 500.5, P50: 500, P95: 950, P99: 990, P999: 999, Max: 1000},
		},
		{
			name:   "negative counts as zero",
			values: []time.Duration{-time.Second},
			want:   Latency{Count: 1},
		},
		{
			name:   "above the top is clamped to one hour",
			values: []time.Duration{2 * time.Hour},
			want:   Latency{Count: 1, Min: 3600000, Mean: 3600000, P50: 3600000, P95: 3600000, P99: 3600000, P999: 3600000, Max: 3600000},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHistogram()
			for _, v := range tt.values {
				h.Record(v)
			}
			got := h.Summary()
			if got.Count != tt.want.Count || h.Count() != tt.want.Count {
				t.Fatalf("count = %d (Count() %d), want %d", got.Count, h.Count(), tt.want.Count)
			}
			// HdrHistogram with three significant digits is within 0.1%.
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"min", got.Min, tt.want.Min}, {"mean", got.Mean, tt.want.Mean},
				{"p50", got.P50, tt.want.P50}, {"p95", got.P95, tt.want.P95},
				{"p99", got.P99, tt.want.P99}, {"p99.9", got.P999, tt.want.P999},
				{"max", got.Max, tt.want.Max},
			} {
				if math.Abs(f.got-f.want) > f.want*0.001+1e-9 {
					t.Errorf("%s = %v ms, want %v ms (±0.1%%)", f.name, f.got, f.want)
				}
			}
		})
	}
}

func seq(n int, unit time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * unit
	}
	return out
}

// fakeClock drives a Limiter without sleeping.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func TestLimiterSchedule(t *testing.T) {
	tests := []struct {
		name string
		rate float64
		// advance is how far the clock moves between two Wait calls (the
		// time the caller spends sending).
		advance    time.Duration
		calls      int
		wantDue    []time.Duration // offsets from the start
		wantSleeps []time.Duration
	}{
		{
			name: "1000/s, instant sends: one sleep per record after the first",
			rate: 1000, calls: 4,
			wantDue:    []time.Duration{0, time.Millisecond, 2 * time.Millisecond, 3 * time.Millisecond},
			wantSleeps: []time.Duration{time.Millisecond, time.Millisecond, time.Millisecond},
		},
		{
			name: "1000/s, slow sends: no sleep, the schedule is kept",
			rate: 1000, advance: 3 * time.Millisecond, calls: 3,
			wantDue:    []time.Duration{0, time.Millisecond, 2 * time.Millisecond},
			wantSleeps: nil,
		},
		{
			name: "unlimited returns the current time and never sleeps",
			rate: 0, advance: time.Millisecond, calls: 3,
			wantDue: []time.Duration{0, time.Millisecond, 2 * time.Millisecond},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &fakeClock{now: time.Unix(1000, 0)}
			start := clk.now
			l := NewLimiter(tt.rate)
			l.now, l.sleep = clk.Now, clk.Sleep
			var due []time.Duration
			for i := 0; i < tt.calls; i++ {
				d, err := l.Wait(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				due = append(due, d.Sub(start))
				clk.now = clk.now.Add(tt.advance)
			}
			if !equalDurations(due, tt.wantDue) {
				t.Errorf("due = %v, want %v", due, tt.wantDue)
			}
			if !equalDurations(clk.sleeps, tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", clk.sleeps, tt.wantSleeps)
			}
		})
	}
}

func TestLimiterCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l := NewLimiter(1) // one a second: the second Wait would sleep
	if _, err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("first Wait on a cancelled context: err = %v, want context.Canceled", err)
	}
	if _, err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("second Wait on a cancelled context: err = %v, want context.Canceled", err)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRenderProgress(t *testing.T) {
	tests := []struct {
		name        string
		done, total int64
		elapsed     time.Duration
		want        string
	}{
		{"start", 0, 100, 0, "produce [>                             ]   0.0%  0/100  0 rec/s  0s"},
		{"half", 50, 100, time.Second, "produce [===============>              ]  50.0%  50/100  50 rec/s  1s"},
		{"done", 1000000, 1000000, 2 * time.Second, "produce [==============================] 100.0%  1000000/1000000  500.0k rec/s  2s"},
		{"over", 150, 100, time.Second, "produce [==============================] 100.0%  150/100  150 rec/s  1s"},
		{"unknown total", 2500000, 0, time.Second, "produce 2500000 records  2.50M rec/s  1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderProgress("produce", tt.done, tt.total, tt.elapsed); got != tt.want {
				t.Errorf("renderProgress = %q\nwant             %q", got, tt.want)
			}
		})
	}
}

func TestProgressDrawsAndErases(t *testing.T) {
	var buf harness.SyncBuffer
	var n int64 = 7
	p := StartProgress(&buf, "consume", 10, func() int64 { return n })
	// Wait for at least one redraw, bounded.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(buf.String(), "7/10") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	p.Stop()
	p.Stop() // a second Stop is harmless
	out := buf.String()
	if !strings.Contains(out, "consume [") || !strings.Contains(out, "7/10") {
		t.Fatalf("no progress line drawn: %q", out)
	}
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("the line is not erased at the end: %q", out)
	}
	// A nil writer draws nothing and stops at once.
	StartProgress(nil, "x", 1, func() int64 { return 0 }).Stop()
}

func TestPayloadsFromFile(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    []string
		wantErr bool
	}{
		{name: "lines", data: "a\nbb\nccc\n", want: []string{"a", "bb", "ccc"}},
		{name: "no final newline", data: "a\nb", want: []string{"a", "b"}},
		{name: "crlf and empty lines", data: "a\r\n\r\n\nb\r\n", want: []string{"a", "b"}},
		{name: "empty", data: "", wantErr: true},
		{name: "only newlines", data: "\n\r\n\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PayloadsFromFile("p.txt", []byte(tt.data))
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "p.txt") {
					t.Fatalf("err = %v, want an error naming p.txt", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var gs []string
			for _, g := range got {
				gs = append(gs, string(g))
			}
			if strings.Join(gs, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", gs, tt.want)
			}
		})
	}
}

func TestPayload(t *testing.T) {
	for _, size := range []int{0, 1, 100, 4096} {
		p := Payload(size)
		if len(p) != size {
			t.Fatalf("Payload(%d) has %d bytes", size, len(p))
		}
		for _, c := range p {
			if c < '0' || c > 'z' {
				t.Fatalf("Payload(%d) has a non-printable byte %q", size, c)
			}
		}
	}
	if a, b := Payload(100), Payload(100); string(a) != string(b) {
		t.Error("Payload is not deterministic")
	}
	distinct := map[byte]bool{}
	for _, c := range Payload(100) {
		distinct[c] = true
	}
	if len(distinct) < 10 {
		t.Errorf("Payload(100) uses only %d distinct bytes; it should not compress to nothing", len(distinct))
	}
}

func TestLagTracker(t *testing.T) {
	l := newLagTracker()
	// First fetch: two partitions, lag 10 and 5.
	l.observe("t", 0, 10)
	l.observe("t", 1, 5)
	l.endFetch()
	// Second fetch: partition 0 caught up a bit, partition 1 fell behind.
	l.observe("t", 0, 4)
	l.observe("t", 1, 20)
	l.endFetch()
	// Third: both at the end; a negative lag (a stale watermark) is zero.
	l.observe("t", 0, 0)
	l.observe("t", 1, -3)
	l.endFetch()
	l.endFetch() // nothing observed: unchanged
	want := Lag{First: 15, Max: 24, Last: 0}
	if l.lag != want {
		t.Fatalf("lag = %+v, want %+v", l.lag, want)
	}
}
