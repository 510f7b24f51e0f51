package perf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
)

// ProduceOptions describes a produce load.
type ProduceOptions struct {
	Topic string
	// Records is how many records to send; it must be positive.
	Records int64
	// Payloads are the record values, used in turn. With one payload every
	// record shares it, so the load generator allocates nothing per value.
	// Payload builds one of a given size; PayloadsFromFile reads a file.
	Payloads [][]byte
	// Rate is the target in records per second; zero or less is unlimited.
	Rate float64
	// Idle aborts the run when no record is acknowledged or failed for
	// this long while records are outstanding (a broker that went away
	// must not hang the command). Zero means 30 seconds.
	Idle time.Duration
	// Progress, when not nil, receives a progress bar (a terminal).
	Progress io.Writer
}

// DefaultIdle is the idle timeout used when none is given.
const DefaultIdle = 30 * time.Second

// ProduceResult is what a produce run measured. Latency runs from the time
// a record was due (see Limiter) to its acknowledgement.
type ProduceResult struct {
	Topic   string
	Records int64 // acknowledged records
	Bytes   int64 // acknowledged value bytes
	Errors  int64 // records that failed
	// FirstError is the first record failure, nil when none failed.
	FirstError error
	Elapsed    time.Duration
	Latency    Latency
}

// Payload returns a value of size bytes: printable ASCII, so that a
// consumer printing it shows something readable, and not all one byte, so
// that compression is not unrealistically good.
func Payload(size int) []byte {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, size)
	// A small linear congruential generator: deterministic, so two runs
	// send identical bytes.
	x := uint32(2463534242)
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = alphabet[(x>>24)%uint32(len(alphabet))]
	}
	return b
}

// PayloadsFromFile splits data into lines (a trailing \r is dropped with the
// \n, empty lines are skipped) to be used as record values in turn, the way
// Kafka's producer perf test reads --payload-file.
func PayloadsFromFile(name string, data []byte) ([][]byte, error) {
	var out [][]byte
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if len(line) > 0 {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("payload file %s has no non-empty line", name)
	}
	return out, nil
}

// producer holds the counters shared with the promise goroutine.
type producer struct {
	acked   atomic.Int64
	bytes   atomic.Int64
	failed  atomic.Int64
	settled atomic.Int64 // acked + failed, read by the idle watchdog
	hist    *Histogram
	// onFail, when set, is called for each record that failed (perf e2e
	// frees the record's place in its in-flight window).
	onFail func()

	errMu    sync.Mutex
	firstErr error

	pool sync.Pool
}

// inflight is one record in flight with the time it was due. Records are
// reused once their promise has run, so a steady run allocates nothing per
// record; the promise is bound once per inflight for the same reason.
type inflight struct {
	rec     kgo.Record
	due     time.Time
	p       *producer
	promise func(*kgo.Record, error)
}

func (in *inflight) done(r *kgo.Record, err error) {
	p := in.p
	if err != nil {
		p.failed.Add(1)
		p.errMu.Lock()
		if p.firstErr == nil {
			p.firstErr = fmt.Errorf("record of %d bytes to topic %s: %w", len(r.Value), r.Topic, err)
		}
		p.errMu.Unlock()
		if p.onFail != nil {
			p.onFail()
		}
	} else {
		p.hist.Record(time.Since(in.due))
		p.acked.Add(1)
		p.bytes.Add(int64(len(r.Value)))
	}
	p.settled.Add(1)
	in.rec = kgo.Record{}
	p.pool.Put(in)
}

// Produce sends opts.Records records to opts.Topic through cl and waits for
// every acknowledgement. It returns the result and, when the run could not
// complete or any record failed, an error naming the first failure.
func Produce(ctx context.Context, cl *kgo.Client, opts ProduceOptions) (*ProduceResult, error) {
	if err := validateLoad(opts.Topic, opts.Records); err != nil {
		return nil, err
	}
	if len(opts.Payloads) == 0 {
		return nil, errors.New("no payload: give a record size or a payload file")
	}
	idle := opts.Idle
	if idle <= 0 {
		idle = DefaultIdle
	}
	if err := reachable(ctx, cl, idle); err != nil {
		return nil, err
	}

	p := &producer{hist: NewHistogram()}
	p.pool.New = func() any {
		in := &inflight{p: p}
		in.promise = in.done
		return in
	}

	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stopWatch := watchIdle(runCtx, cancel, idle, constant(opts.Records), p.settled.Load, "acknowledged")
	defer stopWatch()

	bar := StartProgress(opts.Progress, "produce", opts.Records, p.acked.Load)
	lim := NewLimiter(opts.Rate)
	start := time.Now()
	var loopErr error
	for i := int64(0); i < opts.Records; i++ {
		due, err := lim.Wait(runCtx)
		if err != nil {
			loopErr = err
			break
		}
		in := p.pool.Get().(*inflight)
		in.due = due
		in.rec.Topic = opts.Topic
		in.rec.Value = opts.Payloads[i%int64(len(opts.Payloads))]
		cl.Produce(runCtx, &in.rec, in.promise)
	}
	flushErr := cl.Flush(runCtx)
	elapsed := time.Since(start)
	bar.Stop()

	res := &ProduceResult{
		Topic:   opts.Topic,
		Records: p.acked.Load(),
		Bytes:   p.bytes.Load(),
		Errors:  p.failed.Load(),
		Elapsed: elapsed,
		Latency: p.hist.Summary(),
	}
	p.errMu.Lock()
	res.FirstError = p.firstErr
	p.errMu.Unlock()

	if cause := context.Cause(runCtx); cause != nil && ctx.Err() == nil {
		// The watchdog gave up; its cause says why.
		return res, cause
	}
	if loopErr == nil {
		loopErr = flushErr
	}
	if loopErr != nil {
		return res, loopErr
	}
	if res.Errors > 0 {
		return res, fmt.Errorf("%d of %d records failed; first: %w", res.Errors, opts.Records, res.FirstError)
	}
	return res, nil
}

func validateLoad(topic string, records int64) error {
	if strings.TrimSpace(topic) == "" {
		return errors.New("no topic given")
	}
	if records <= 0 {
		return fmt.Errorf("invalid record count %d: must be at least 1", records)
	}
	return nil
}

// ErrIdle is the cause of a run aborted because nothing happened for the
// idle timeout.
var ErrIdle = errors.New("no progress")

// watchIdle cancels ctx when progress() stops moving for idle while it is
// below total. It returns a function that stops the watchdog.
func watchIdle(ctx context.Context, cancel context.CancelCauseFunc, idle time.Duration, total, progress func() int64, what string) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := idle / 10
		if tick > time.Second {
			tick = time.Second
		}
		t := time.NewTicker(tick)
		defer t.Stop()
		last, lastMove := progress(), time.Now()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case now := <-t.C:
				cur := progress()
				if cur != last || cur >= total() {
					last, lastMove = cur, now
					continue
				}
				if now.Sub(lastMove) >= idle {
					cancel(fmt.Errorf("%w: no record %s for %s (%d of %d so far); is the broker up and the topic writable?", ErrIdle, what, idle, cur, total()))
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

func constant(n int64) func() int64 { return func() int64 { return n } }

// reachable checks, within timeout, that a broker answers, with the check
// every kafkit command makes (client.Ping): a wrong address fails fast with
// the address in the message instead of after the idle timeout. A client
// from client.Connect has answered already; this costs it one round trip.
func reachable(ctx context.Context, cl *kgo.Client, timeout time.Duration) error {
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := client.Ping(pctx, cl, nil); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return nil
}
