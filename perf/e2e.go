package perf

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// E2EHeaderSize is the part of each end-to-end record's value that carries
// the run id, the sequence number and the due time; record sizes below it
// are refused.
const E2EHeaderSize = 24

// E2EOptions describes an end-to-end run: records produced at a fixed rate
// and read back while they are produced.
type E2EOptions struct {
	Topic      string
	Records    int64
	RecordSize int
	// Rate is the produce rate in records per second; zero or less is
	// unlimited (then latency mostly measures queueing).
	Rate float64
	// InFlight bounds the records sent and not yet read back (or failed);
	// 0 is no bound. With 1 and no rate, each record is sent once the
	// previous one is read back, as Kafka's EndToEndLatency does.
	InFlight int
	Idle     time.Duration
	Progress io.Writer
}

// E2EResult is what an end-to-end run measured.
type E2EResult struct {
	Topic      string
	Produced   int64 // acknowledged
	Errors     int64 // failed to produce
	FirstError error
	Consumed   int64 // distinct records of this run read back
	Duplicates int64 // records of this run read more than once
	Elapsed    time.Duration
	// Produce is the acknowledgement latency, EndToEnd the time from a
	// record being due to it being read back, both measured on this
	// process's monotonic clock.
	Produce  Latency
	EndToEnd Latency
	// FromSend is the time from a record being handed to the client to it
	// being read back. It leaves out how late the producer was when the
	// record fell due (a busy machine wakes a sleeping sender late), which
	// EndToEnd counts; tools that stamp a record as they send it, such as
	// Kafka's EndToEndLatency, report this one.
	FromSend Latency
}

// EndToEnd produces opts.Records records through prod while cons reads them
// back from the partitions' current ends. cons must not be in a consumer
// group and may be prod itself. Each value starts with a random run id, so
// records of an earlier or concurrent run on the same topic are ignored.
func EndToEnd(ctx context.Context, prod, cons *kgo.Client, opts E2EOptions) (*E2EResult, error) {
	if err := validateLoad(opts.Topic, opts.Records); err != nil {
		return nil, err
	}
	if opts.InFlight < 0 {
		return nil, fmt.Errorf("in-flight bound %d is negative: give 0 for no bound, or the most records sent and not yet read back", opts.InFlight)
	}
	if opts.RecordSize < E2EHeaderSize {
		return nil, fmt.Errorf("record size %d is too small for an end-to-end run: at least %d bytes carry the run id, sequence and send time", opts.RecordSize, E2EHeaderSize)
	}
	idle := opts.Idle
	if idle <= 0 {
		idle = DefaultIdle
	}
	if err := reachable(ctx, prod, idle); err != nil {
		return nil, err
	}
	ends, err := EndOffsets(ctx, prod, opts.Topic, idle)
	if err != nil {
		return nil, err
	}
	cons.AddConsumePartitions(map[string]map[int32]kgo.Offset{opts.Topic: ends})

	var runID [8]byte
	if _, err := rand.Read(runID[:]); err != nil {
		return nil, fmt.Errorf("unable to make a run id: %w", err)
	}
	filler := Payload(opts.RecordSize - E2EHeaderSize)

	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// target is how many records the consumer waits for; it drops to the
	// acknowledged count if some records fail to be produced.
	var target, consumed atomic.Int64
	target.Store(opts.Records)
	stopWatch := watchIdle(runCtx, cancel, idle, target.Load, consumed.Load, "read back")
	defer stopWatch()
	bar := StartProgress(opts.Progress, "e2e", opts.Records, consumed.Load)
	defer bar.Stop()

	start := time.Now()
	e2e, fromSend := NewHistogram(), NewHistogram()
	// sentAt[i] is when record i was handed to the client, in nanoseconds
	// from start (8 bytes a record, like the value's due time, kept here
	// so that the record format stays as it is).
	sentAt := make([]atomic.Int64, opts.Records)
	// window holds a token for each record in flight when InFlight bounds
	// them; reading a record back, or its failure, frees one.
	var window chan struct{}
	free := func() {}
	if opts.InFlight > 0 {
		window = make(chan struct{}, opts.InFlight)
		free = func() {
			select {
			case <-window:
			default:
			}
		}
	}
	var dups atomic.Int64
	consCtx, consCancel := context.WithCancel(runCtx)
	defer consCancel()
	consDone := make(chan struct{})
	var consErr error
	go func() {
		defer close(consDone)
		consErr = readBack(consCtx, cons, runID, opts.Records, start, sentAt, e2e, fromSend, &target, &consumed, &dups, free)
	}()

	// Produce at the limiter's pace. Each record gets its own value (the
	// header differs), which is fine at the rates this command is for.
	p := &producer{hist: NewHistogram(), onFail: free}
	p.pool.New = func() any {
		in := &inflight{p: p}
		in.promise = in.done
		return in
	}
	lim := NewLimiter(opts.Rate)
	var prodErr error
	for i := int64(0); i < opts.Records; i++ {
		if window != nil {
			select {
			case window <- struct{}{}:
			case <-runCtx.Done():
			}
			if err := runCtx.Err(); err != nil {
				prodErr = err
				break
			}
		}
		due, err := lim.Wait(runCtx)
		if err != nil {
			prodErr = err
			break
		}
		v := make([]byte, opts.RecordSize)
		copy(v, runID[:])
		binary.BigEndian.PutUint64(v[8:], uint64(i))
		binary.BigEndian.PutUint64(v[16:], uint64(due.Sub(start)))
		copy(v[E2EHeaderSize:], filler)
		in := p.pool.Get().(*inflight)
		in.due = due
		in.rec.Topic = opts.Topic
		in.rec.Value = v
		sentAt[i].Store(int64(time.Since(start)))
		prod.Produce(runCtx, &in.rec, in.promise)
	}
	if err := prod.Flush(runCtx); prodErr == nil {
		prodErr = err
	}
	// Wait for the consumer to read every acknowledged record. It may be
	// blocked in a poll when the target just dropped, hence the check.
	target.Store(p.acked.Load())
	tick := time.NewTicker(10 * time.Millisecond)
wait:
	for {
		select {
		case <-consDone:
			break wait
		case <-tick.C:
			if consumed.Load() >= target.Load() {
				consCancel()
				<-consDone
				break wait
			}
		}
	}
	tick.Stop()
	bar.Stop()

	res := &E2EResult{
		Topic:      opts.Topic,
		Produced:   p.acked.Load(),
		Errors:     p.failed.Load(),
		Consumed:   consumed.Load(),
		Duplicates: dups.Load(),
		Elapsed:    time.Since(start),
		Produce:    p.hist.Summary(),
		EndToEnd:   e2e.Summary(),
		FromSend:   fromSend.Summary(),
	}
	p.errMu.Lock()
	res.FirstError = p.firstErr
	p.errMu.Unlock()

	if cause := context.Cause(runCtx); cause != nil && ctx.Err() == nil {
		return res, cause
	}
	if prodErr != nil {
		return res, prodErr
	}
	if consErr != nil {
		return res, consErr
	}
	if res.Errors > 0 {
		return res, fmt.Errorf("%d of %d records failed; first: %w", res.Errors, opts.Records, res.FirstError)
	}
	return res, nil
}

// readBack consumes until target distinct records of this run were seen,
// recording each one's latency from its due time in h and from its send
// (sentAt) in fromSend, and calling free for each.
func readBack(ctx context.Context, cl *kgo.Client, runID [8]byte, records int64, start time.Time, sentAt []atomic.Int64, h, fromSend *Histogram, target, consumed, dups *atomic.Int64, free func()) error {
	seen := make([]bool, records)
	for consumed.Load() < target.Load() {
		fs := cl.PollFetches(ctx)
		if err := fatalFetchError(fs); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		now := time.Since(start)
		fs.EachRecord(func(r *kgo.Record) {
			v := r.Value
			if len(v) < E2EHeaderSize || [8]byte(v[:8]) != runID {
				return
			}
			seq := binary.BigEndian.Uint64(v[8:])
			if seq >= uint64(records) {
				return
			}
			if seen[seq] {
				dups.Add(1)
				return
			}
			seen[seq] = true
			h.Record(now - time.Duration(binary.BigEndian.Uint64(v[16:])))
			fromSend.Record(now - time.Duration(sentAt[seq].Load()))
			consumed.Add(1)
			free()
		})
	}
	return nil
}

// EndOffsets returns the current end offset of every partition of topic,
// creating the topic first when the broker auto-creates topics (as Kafka and
// kafkit dev do by default), so that a consumer started at these offsets
// sees every record produced afterwards.
func EndOffsets(ctx context.Context, cl *kgo.Client, topic string, timeout time.Duration) (map[int32]kgo.Offset, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	adm := kadm.NewClient(cl)
	var lastErr error
	for {
		if err := ensureTopic(ctx, cl, topic); err != nil {
			lastErr = err
		} else {
			listed, err := adm.ListEndOffsets(ctx, topic)
			if err == nil {
				err = listed.Error()
			}
			if err == nil {
				out := map[int32]kgo.Offset{}
				listed.Each(func(o kadm.ListedOffset) { out[o.Partition] = kgo.NewOffset().At(o.Offset) })
				if len(out) > 0 {
					return out, nil
				}
				err = fmt.Errorf("topic %s has no partitions", topic)
			}
			lastErr = err
		}
		var ke *kerr.Error
		if errors.As(lastErr, &ke) && !ke.Retriable {
			return nil, fmt.Errorf("unable to find the end of topic %s: %w", topic, lastErr)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("unable to find the end of topic %s within %s: %w", topic, timeout, lastErr)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// ensureTopic asks for the topic's metadata with auto-creation allowed.
func ensureTopic(ctx context.Context, cl *kgo.Client, topic string) error {
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	req.AllowAutoTopicCreation = true
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return err
	}
	for _, t := range resp.Topics {
		if err := kerr.ErrorForCode(t.ErrorCode); err != nil {
			return err
		}
	}
	return nil
}
