package perf

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzPayloadsFromFile: any file either fails with an error naming it or
// yields non-empty payloads without newlines whose concatenation, in order,
// is the file without its line ends and empty lines.
func FuzzPayloadsFromFile(f *testing.F) {
	for _, s := range []string{"", "a", "a\nb\n", "a\r\nb", "\n\n\n", "x\ry\n", "\r\n\r\n", strings.Repeat("p", 300) + "\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := PayloadsFromFile("f.txt", data)
		var want [][]byte
		for _, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimSuffix(l, []byte("\r"))
			if len(l) > 0 {
				want = append(want, l)
			}
		}
		if len(want) == 0 {
			if err == nil || !strings.Contains(err.Error(), "f.txt") {
				t.Fatalf("no payload in %q: err = %v, want one naming the file", data, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("PayloadsFromFile(%q): %v", data, err)
		}
		if len(ps) != len(want) {
			t.Fatalf("PayloadsFromFile(%q) = %d payloads, want %d", data, len(ps), len(want))
		}
		for i := range ps {
			if !bytes.Equal(ps[i], want[i]) || bytes.IndexByte(ps[i], '\n') >= 0 {
				t.Fatalf("payload %d = %q, want %q", i, ps[i], want[i])
			}
		}
	})
}

// FuzzViewsJSON: whatever the topic, error text and numbers, the JSON
// summary is valid JSON that decodes back to the same view, and the text
// summary is written without error and names the topic.
func FuzzViewsJSON(f *testing.F) {
	f.Add("bench", "", int64(1000), int64(100000), int64(0), int64(500), 1.5)
	f.Add("t\"\\\n\u2028", "record of 5 bytes to topic t: MESSAGE_TOO_LARGE", int64(0), int64(0), int64(3), int64(0), 0.0)
	f.Add("\xff\xfe", "\x00bad", int64(-1), int64(math.MaxInt64), int64(1), int64(1), math.MaxFloat64)
	f.Fuzz(func(t *testing.T, topic, errText string, records, bytesN, errs, elapsedMs int64, p50 float64) {
		if math.IsNaN(p50) || math.IsInf(p50, 0) {
			// encoding/json cannot write them; no result ever holds them.
			return
		}
		r := &ProduceResult{
			Topic: topic, Records: records, Bytes: bytesN, Errors: errs,
			Elapsed: time.Duration(elapsedMs) * time.Millisecond,
			Latency: Latency{Count: records, P50: p50, Max: p50},
		}
		if errText != "" {
			r.FirstError = errors.New(errText)
		}
		v := NewProduceView(r)
		if math.IsInf(v.RecordsPerS, 0) || math.IsNaN(v.RecordsPerS) || math.IsInf(v.MBPerS, 0) || math.IsNaN(v.MBPerS) {
			t.Fatalf("rates not finite: %+v", v)
		}
		var buf bytes.Buffer
		if err := Write(&buf, "json", v); err != nil {
			t.Fatal(err)
		}
		var back ProduceView
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatalf("invalid JSON %q: %v", buf.String(), err)
		}
		// JSON carries strings as UTF-8: invalid bytes become U+FFFD.
		want := v
		want.Topic = jsonString(v.Topic)
		want.FirstError = jsonString(v.FirstError)
		if back != want {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back, want)
		}
		buf.Reset()
		if err := Write(&buf, "text", v); err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(topic) && !strings.Contains(buf.String(), topic) {
			t.Fatalf("text summary does not name topic %q:\n%s", topic, buf.String())
		}
	})
}

// FuzzLimiter: for any rate the schedule never goes backwards, starts at the
// first call, and keeps the requested spacing.
func FuzzLimiter(f *testing.F) {
	for _, r := range []float64{0, -1, 1, 1000, 1e9, 1e18, 0.001, math.SmallestNonzeroFloat64} {
		f.Add(r, uint8(10))
	}
	f.Fuzz(func(t *testing.T, rate float64, calls uint8) {
		if math.IsNaN(rate) {
			return
		}
		clk := &fakeClock{now: time.Unix(0, 0)}
		l := NewLimiter(rate)
		l.now, l.sleep = clk.Now, clk.Sleep
		var prev time.Time
		for i := 0; i < int(calls); i++ {
			due, err := l.Wait(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && due.Before(prev) {
				t.Fatalf("rate %v: due time went backwards at call %d: %v after %v", rate, i, due, prev)
			}
			if rate > 0 && i > 0 && due.Sub(prev) != l.interval && due.Sub(time.Unix(0, 0)) < math.MaxInt64/2 {
				t.Fatalf("rate %v: spacing %v, want %v", rate, due.Sub(prev), l.interval)
			}
			prev = due
		}
		// The interval is 1/rate seconds, within float rounding, clamped
		// to [1ns, the longest Duration].
		if rate > 0 {
			want := math.Min(math.Max(1e9/rate, 1), math.MaxInt64)
			if got := float64(l.interval); math.Abs(got-want) > want*1e-9+1 {
				t.Fatalf("rate %v: interval %v, want about %v ns", rate, l.interval, want)
			}
		}
	})
}

// jsonString is s as encoding/json round-trips it: each byte of invalid
// UTF-8 becomes U+FFFD.
func jsonString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
