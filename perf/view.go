package perf

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Views are what the perf commands print: one struct per command with JSON
// tags, built from a result by a pure function, printed as text or JSON
// from the same struct. Sizes use SI megabytes (10^6 bytes).

// ProduceView is the summary of a produce run.
type ProduceView struct {
	Command     string  `json:"command"`
	Topic       string  `json:"topic"`
	Records     int64   `json:"records"`
	Bytes       int64   `json:"bytes"`
	Errors      int64   `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	ElapsedS    float64 `json:"elapsed_s"`
	RecordsPerS float64 `json:"records_per_s"`
	MBPerS      float64 `json:"mb_per_s"`
	Latency     Latency `json:"latency"`
}

// NewProduceView builds the view of r.
func NewProduceView(r *ProduceResult) ProduceView {
	v := ProduceView{
		Command:     "produce",
		Topic:       r.Topic,
		Records:     r.Records,
		Bytes:       r.Bytes,
		Errors:      r.Errors,
		ElapsedS:    seconds(r.Elapsed),
		RecordsPerS: perSecond(float64(r.Records), r.Elapsed),
		MBPerS:      perSecond(float64(r.Bytes)/1e6, r.Elapsed),
		Latency:     r.Latency,
	}
	if r.FirstError != nil {
		v.FirstError = r.FirstError.Error()
	}
	return v
}

// WriteText prints the view for a person.
func (v ProduceView) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("produce: %d records (%.1f MB) to %s in %.3f s\n", v.Records, float64(v.Bytes)/1e6, v.Topic, v.ElapsedS)
	ew.printf("throughput: %.0f records/s, %.1f MB/s\n", v.RecordsPerS, v.MBPerS)
	ew.printf("ack latency: %s\n", latencyText(v.Latency))
	ew.printf("errors: %d\n", v.Errors)
	if v.FirstError != "" {
		ew.printf("first error: %s\n", v.FirstError)
	}
	return ew.err
}

// ConsumeView is the summary of a consume run.
type ConsumeView struct {
	Command      string  `json:"command"`
	Records      int64   `json:"records"`
	Bytes        int64   `json:"bytes"`
	Partitions   int     `json:"partitions"`
	FirstRecordS float64 `json:"first_record_s"`
	ElapsedS     float64 `json:"elapsed_s"`
	RecordsPerS  float64 `json:"records_per_s"`
	MBPerS       float64 `json:"mb_per_s"`
	// FetchRecordsPerS leaves out the time to the first record (connecting,
	// joining a group); it is 0 when every record came in the first fetch.
	FetchRecordsPerS float64 `json:"fetch_records_per_s"`
	Lag              Lag     `json:"lag"`
}

// NewConsumeView builds the view of r. Throughput is measured from the start
// to the last record, like Kafka's consumer perf test; the rate after the
// first record is given apart.
func NewConsumeView(r *ConsumeResult) ConsumeView {
	v := ConsumeView{
		Command:      "consume",
		Records:      r.Records,
		Bytes:        r.Bytes,
		Partitions:   r.Partitions,
		FirstRecordS: seconds(r.FirstRecord),
		ElapsedS:     seconds(r.Elapsed),
		RecordsPerS:  perSecond(float64(r.Records), r.Elapsed),
		MBPerS:       perSecond(float64(r.Bytes)/1e6, r.Elapsed),
		Lag:          r.Lag,
	}
	if fetch := r.Elapsed - r.FirstRecord; fetch > 0 {
		v.FetchRecordsPerS = perSecond(float64(r.Records), fetch)
	}
	return v
}

// WriteText prints the view for a person.
func (v ConsumeView) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("consume: %d records (%.1f MB) from %d partition(s) in %.3f s (first record after %.3f s)\n",
		v.Records, float64(v.Bytes)/1e6, v.Partitions, v.ElapsedS, v.FirstRecordS)
	ew.printf("throughput: %.0f records/s, %.1f MB/s", v.RecordsPerS, v.MBPerS)
	if v.FetchRecordsPerS > 0 {
		ew.printf(" (%.0f records/s after the first record)", v.FetchRecordsPerS)
	}
	ew.printf("\n")
	ew.printf("lag observed (records): first %d, max %d, last %d\n", v.Lag.First, v.Lag.Max, v.Lag.Last)
	return ew.err
}

// E2EView is the summary of an end-to-end run.
type E2EView struct {
	Command     string  `json:"command"`
	Topic       string  `json:"topic"`
	Produced    int64   `json:"produced"`
	Consumed    int64   `json:"consumed"`
	Duplicates  int64   `json:"duplicates"`
	Errors      int64   `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	ElapsedS    float64 `json:"elapsed_s"`
	RecordsPerS float64 `json:"records_per_s"`
	Produce     Latency `json:"produce_latency"`
	EndToEnd    Latency `json:"e2e_latency"`
	FromSend    Latency `json:"e2e_from_send_latency"`
}

// NewE2EView builds the view of r.
func NewE2EView(r *E2EResult) E2EView {
	v := E2EView{
		Command:     "e2e",
		Topic:       r.Topic,
		Produced:    r.Produced,
		Consumed:    r.Consumed,
		Duplicates:  r.Duplicates,
		Errors:      r.Errors,
		ElapsedS:    seconds(r.Elapsed),
		RecordsPerS: perSecond(float64(r.Consumed), r.Elapsed),
		Produce:     r.Produce,
		EndToEnd:    r.EndToEnd,
		FromSend:    r.FromSend,
	}
	if r.FirstError != nil {
		v.FirstError = r.FirstError.Error()
	}
	return v
}

// WriteText prints the view for a person.
func (v E2EView) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("e2e: %d records produced to %s, %d read back (%d duplicates) in %.3f s, %.0f records/s\n",
		v.Produced, v.Topic, v.Consumed, v.Duplicates, v.ElapsedS, v.RecordsPerS)
	ew.printf("ack latency: %s\n", latencyText(v.Produce))
	ew.printf("end-to-end latency: %s\n", latencyText(v.EndToEnd))
	ew.printf("end-to-end from send: %s\n", latencyText(v.FromSend))
	ew.printf("errors: %d\n", v.Errors)
	if v.FirstError != "" {
		ew.printf("first error: %s\n", v.FirstError)
	}
	return ew.err
}

// TextWriter is a view that prints itself for a person.
type TextWriter interface{ WriteText(io.Writer) error }

// Write prints v in format "text" or "json".
func Write(w io.Writer, format string, v TextWriter) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "text", "":
		return v.WriteText(w)
	}
	return fmt.Errorf("unknown format %q (want text or json)", format)
}

func latencyText(l Latency) string {
	if l.Count == 0 {
		return "none measured"
	}
	return fmt.Sprintf("p50 %s ms, p95 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (mean %s ms, %d samples)",
		ms(l.P50), ms(l.P95), ms(l.P99), ms(l.P999), ms(l.Max), ms(l.Mean), l.Count)
}

// ms prints a millisecond value with three significant decimals at most.
func ms(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func seconds(d time.Duration) float64 { return d.Seconds() }

func perSecond(n float64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return n / d.Seconds()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
