package perf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ConsumeOptions describes a consume load. The client decides what is
// consumed (a group or plain partitions, where to start); the runner polls.
type ConsumeOptions struct {
	// Records is how many records to read before stopping; it must be
	// positive.
	Records int64
	// Idle aborts the run when no record arrives for this long (zero means
	// DefaultIdle): a topic with fewer records than asked for ends with an
	// error instead of waiting forever.
	Idle time.Duration
	// Progress, when not nil, receives a progress bar (a terminal).
	Progress io.Writer
}

// Lag is the consumer lag observed during a run, in records, summed over
// the partitions read: the high watermark each fetch reported minus the next
// offset to read.
type Lag struct {
	First int64 `json:"first"`
	Max   int64 `json:"max"`
	Last  int64 `json:"last"`
}

// ConsumeResult is what a consume run measured.
type ConsumeResult struct {
	Records    int64
	Bytes      int64 // key and value bytes
	Partitions int   // partitions that returned records
	// FirstRecord is the time from the start to the first record: joining
	// the group, finding the offsets and the first fetch.
	FirstRecord time.Duration
	// Elapsed runs from the start to the last record. Fetching is the part
	// after FirstRecord; with few records it can be zero (one fetch).
	Elapsed time.Duration
	Lag     Lag
}

// Consume polls cl until opts.Records records have been read, the idle
// timeout passes without a record, or ctx ends.
func Consume(ctx context.Context, cl *kgo.Client, opts ConsumeOptions) (*ConsumeResult, error) {
	if opts.Records <= 0 {
		return nil, fmt.Errorf("invalid record count %d: must be at least 1", opts.Records)
	}
	idle := opts.Idle
	if idle <= 0 {
		idle = DefaultIdle
	}
	if err := reachable(ctx, cl, idle); err != nil {
		return nil, err
	}
	var n atomic.Int64
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stopWatch := watchIdle(runCtx, cancel, idle, constant(opts.Records), n.Load, "received")
	defer stopWatch()
	bar := StartProgress(opts.Progress, "consume", opts.Records, n.Load)
	defer bar.Stop()

	res := &ConsumeResult{}
	lags := newLagTracker()
	start := time.Now()
	var first, last time.Time
	for n.Load() < opts.Records {
		fs := cl.PollFetches(runCtx)
		if err := fatalFetchError(fs); err != nil {
			return finishConsume(res, &n, lags, start, first, last), err
		}
		if runCtx.Err() != nil {
			break
		}
		now := time.Now()
		fs.EachPartition(func(p kgo.FetchTopicPartition) {
			if len(p.Records) == 0 {
				return
			}
			if first.IsZero() {
				first = now
			}
			last = now
			left := opts.Records - n.Load()
			rs := p.Records
			if int64(len(rs)) > left {
				rs = rs[:left]
			}
			var b int64
			for _, r := range rs {
				b += int64(len(r.Key) + len(r.Value))
			}
			res.Bytes += b
			n.Add(int64(len(rs)))
			lags.observe(p.Topic, p.Partition, p.HighWatermark-(rs[len(rs)-1].Offset+1))
		})
		lags.endFetch()
	}
	res = finishConsume(res, &n, lags, start, first, last)
	if cause := context.Cause(runCtx); cause != nil && ctx.Err() == nil && res.Records < opts.Records {
		return res, cause
	}
	if ctx.Err() != nil && res.Records < opts.Records {
		return res, ctx.Err()
	}
	return res, nil
}

func finishConsume(res *ConsumeResult, n *atomic.Int64, lags *lagTracker, start, first, last time.Time) *ConsumeResult {
	res.Records = n.Load()
	res.Partitions = len(lags.byPart)
	if !first.IsZero() {
		res.FirstRecord = first.Sub(start)
		res.Elapsed = last.Sub(start)
	}
	res.Lag = lags.lag
	return res
}

// fatalFetchError returns the first error that ends a run: the client was
// closed, the context ended, or the broker refused access. Retriable errors
// (a leader moving, a broker restarting) are left to the client, which
// retries them.
func fatalFetchError(fs kgo.Fetches) error {
	var fatal error
	fs.EachError(func(t string, p int32, err error) {
		if fatal != nil {
			return
		}
		switch {
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			// The caller checks the context itself.
		case errors.Is(err, kgo.ErrClientClosed):
			fatal = err
		case kerr.IsRetriable(err):
		default:
			var ke *kerr.Error
			if errors.As(err, &ke) {
				fatal = fmt.Errorf("fetching topic %s partition %d: %w", t, p, err)
			}
		}
	})
	return fatal
}

// lagTracker keeps the latest lag of each partition and the sum's first,
// maximum and last values.
type lagTracker struct {
	byPart map[tp]int64
	sum    int64
	seen   bool
	dirty  bool
	lag    Lag
}

type tp struct {
	topic string
	part  int32
}

func newLagTracker() *lagTracker { return &lagTracker{byPart: map[tp]int64{}} }

func (l *lagTracker) observe(topic string, part int32, lag int64) {
	if lag < 0 {
		lag = 0
	}
	k := tp{topic, part}
	l.sum += lag - l.byPart[k]
	l.byPart[k] = lag
	l.dirty = true
}

// endFetch folds the lags observed in one fetch into the summary, so that
// "first" covers every partition of the first fetch.
func (l *lagTracker) endFetch() {
	if !l.dirty {
		return
	}
	l.dirty = false
	if !l.seen {
		l.seen = true
		l.lag.First = l.sum
	}
	if l.sum > l.lag.Max {
		l.lag.Max = l.sum
	}
	l.lag.Last = l.sum
}
