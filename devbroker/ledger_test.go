package devbroker

import (
	"fmt"
	"testing"
)

// batch is one batch as the retainer reads it: offsets base..base+n-1,
// size bytes on the log, max timestamp ts.
type batch struct{ base, n, size, ts int64 }

func fill(set logSettings, now int64, bs ...batch) *partLedger {
	pl := &partLedger{}
	for _, b := range bs {
		pl.append(b.base, b.size, b.ts, now, set)
		pl.next = b.base + b.n
	}
	return pl
}

func bases(pl *partLedger) string {
	s := ""
	for _, seg := range pl.segs {
		s += fmt.Sprintf("%d/%d ", seg.base, seg.size)
	}
	return s
}

// TestLedgerRoll checks Kafka's roll rule: a new segment when the batch
// would take the active one past segment.bytes, or when its max timestamp
// is more than segment.ms past the segment's first batch's.
func TestLedgerRoll(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  logSettings
		bs   []batch
		want string
	}{
		{"fits", logSettings{segmentBytes: 1000, segmentMs: 1000}, []batch{{0, 1, 500, 0}, {1, 1, 500, 0}}, "0/1000 "},
		{"one byte over", logSettings{segmentBytes: 1000, segmentMs: 1000}, []batch{{0, 1, 500, 0}, {1, 1, 501, 0}}, "0/500 1/501 "},
		{"bigger than a segment", logSettings{segmentBytes: 100, segmentMs: 1000}, []batch{{0, 5, 500, 0}, {5, 1, 10, 0}}, "0/500 5/10 "},
		{"time: equal is not past", logSettings{segmentBytes: 1 << 30, segmentMs: 1000}, []batch{{0, 1, 10, 5000}, {1, 1, 10, 6000}}, "0/20 "},
		{"time: past", logSettings{segmentBytes: 1 << 30, segmentMs: 1000}, []batch{{0, 1, 10, 5000}, {1, 1, 10, 6001}, {2, 1, 10, 7001}, {3, 1, 10, 7002}}, "0/10 1/20 3/10 "},
		{"time: from the first batch", logSettings{segmentBytes: 1 << 30, segmentMs: 1000}, []batch{{0, 1, 10, 5000}, {1, 1, 10, 5900}, {2, 1, 10, 6001}}, "0/20 2/10 "},
		{"old timestamps", logSettings{segmentBytes: 1 << 30, segmentMs: 1000}, []batch{{0, 1, 10, 9000}, {1, 1, 10, 1000}}, "0/20 "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := bases(fill(tc.set, 10000, tc.bs...)); got != tc.want {
				t.Fatalf("segments %q, want %q", got, tc.want)
			}
		})
	}
}

// TestLedgerExpire checks Kafka's deletion rules on three segments of 10
// records and 100 bytes, newest records at 1000, 2000 and 3000.
func TestLedgerExpire(t *testing.T) {
	three := []batch{{0, 10, 100, 1000}, {10, 10, 100, 2000}, {20, 10, 100, 3000}}
	roll := logSettings{segmentBytes: 100, segmentMs: 1 << 40}
	for _, tc := range []struct {
		name     string
		now      int64
		logStart int64
		ms, by   int64
		want     int64 // new log start, -1 for no change
	}{
		{"nothing expired", 2500, 0, 2000, -1, -1},
		{"time: equal is kept", 3000, 0, 2000, -1, -1}, // 3000-1000 is not past 2000,
		{"time: one segment", 3001, 0, 2000, -1, 10},
		{"time: all, active too", 5001, 0, 2000, -1, 30},
		{"time: infinite", 1 << 40, 0, -1, -1, -1},
		{"size: left at or above the limit", 0, 0, -1, 150, 10},
		{"size: exactly", 0, 0, -1, 100, 20},
		{"size: zero deletes everything", 0, 0, -1, 0, 30},
		{"size: under", 0, 0, -1, 300, -1},
		{"below the log start", 0, 15, -1, -1, -1},
		{"below the log start, whole segment", 0, 20, -1, 150, -1},
		{"start mid segment then time", 3001, 15, 1000, -1, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := fill(roll, 0, three...)
			to, ok := pl.expire(tc.now, tc.logStart, logSettings{retentionMs: tc.ms, retentionBytes: tc.by})
			got := int64(-1)
			if ok {
				got = to
			}
			if got != tc.want {
				t.Fatalf("new log start %d, want %d (segments left %s)", got, tc.want, bases(pl))
			}
		})
	}
}
