package perf

import (
	"context"
	"math"
	"time"
)

// Limiter paces a loop at a fixed rate. Record i is due at start + i/rate;
// Wait sleeps until the next record is due and returns that intended time.
//
// A fixed schedule rather than a token bucket keeps the average rate exact
// even though the operating system cannot sleep for a few microseconds: a
// late wake-up sends the records that became due in a short burst. Latency
// measured from the intended time (not from when the send finally happened)
// includes the time a record waited behind a stalled producer, which avoids
// HdrHistogram's "coordinated omission" problem.
type Limiter struct {
	interval time.Duration
	start    time.Time
	n        int64
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
}

// NewLimiter returns a limiter for rate records per second; a rate of zero
// or less means unlimited, and Wait then returns at once.
func NewLimiter(rate float64) *Limiter {
	l := &Limiter{now: time.Now, sleep: sleepCtx}
	if rate > 0 {
		// A rate so low that its interval does not fit in a Duration
		// (about 292 years) waits the longest Duration; one so high that
		// the interval rounds to zero waits a nanosecond, which is
		// unlimited in practice.
		ns := float64(time.Second) / rate
		switch {
		case ns >= math.MaxInt64:
			l.interval = math.MaxInt64
		case ns < 1:
			l.interval = 1
		default:
			l.interval = time.Duration(ns)
		}
	}
	return l
}

// Wait blocks until the next record is due and returns the time it was due;
// unlimited, it returns the current time. It returns ctx's error when ctx
// ends first.
func (l *Limiter) Wait(ctx context.Context) (time.Time, error) {
	now := l.now()
	if l.interval == 0 {
		return now, ctx.Err()
	}
	if l.n == 0 {
		l.start = now
	}
	off := time.Duration(l.n) * l.interval
	if l.n != 0 && off/time.Duration(l.n) != l.interval {
		off = math.MaxInt64 // saturate rather than wrap around
	}
	due := l.start.Add(off)
	l.n++
	if d := due.Sub(now); d > 0 {
		if err := l.sleep(ctx, d); err != nil {
			return due, err
		}
	}
	return due, ctx.Err()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
