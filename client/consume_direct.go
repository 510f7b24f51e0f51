package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// StartOffset says where ConsumePartitions starts reading each partition.
type StartOffset struct {
	kind startKind
	n    int64
}

type startKind int

const (
	startBeginning startKind = iota
	startEnd
	startAt       // the record at offset n
	startFromEnd  // n records before the end
	startAtMillis // the first record at or after n ms since the epoch
)

// ParseStartOffset reads the offset spellings of kcat and rpk: beginning
// (also start, earliest, oldest), end (also latest, newest), N (the record
// at offset N), -N (N records before the end) and @MILLIS (the first record
// stamped at or after MILLIS, milliseconds since the epoch).
func ParseStartOffset(s string) (StartOffset, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "beginning", "start", "earliest", "oldest":
		return StartOffset{kind: startBeginning}, nil
	case "end", "latest", "newest":
		return StartOffset{kind: startEnd}, nil
	}
	s = strings.TrimSpace(s)
	kind := startAt
	digits := s
	switch {
	case strings.HasPrefix(s, "-"):
		kind, digits = startFromEnd, s[1:]
	case strings.HasPrefix(s, "@"):
		kind, digits = startAtMillis, s[1:]
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 || digits == "" || digits[0] == '+' || digits[0] == '-' {
		return StartOffset{}, fmt.Errorf("invalid offset %q: want beginning, end, N (an offset), -N (N before the end) or @MILLIS (a time, in ms since the epoch)", s)
	}
	return StartOffset{kind: kind, n: n}, nil
}

func (o StartOffset) String() string {
	switch o.kind {
	case startBeginning:
		return "beginning"
	case startEnd:
		return "end"
	case startFromEnd:
		return "-" + strconv.FormatInt(o.n, 10)
	case startAtMillis:
		return "@" + strconv.FormatInt(o.n, 10)
	}
	return strconv.FormatInt(o.n, 10)
}

// ConsumePartitions reads partitions directly, without a consumer group and
// without committing anything, the way kcat -p/-o and rpk -p/-o do: every
// partition of o.Topics, or only those in partitions, from start. Count,
// ExitAtEnd (the end each partition had when reading began), Timeout and
// Warn work as in Consume; OnAssigned is not used.
func ConsumePartitions(ctx context.Context, cfg *Config, o ConsumeOptions, partitions []int32, start StartOffset, sink Sink) (ConsumeStats, error) {
	begun := time.Now()
	var st ConsumeStats
	if cfg.Role != Consumer {
		return st, errors.New("client: ConsumePartitions needs a consumer configuration")
	}
	if len(o.Topics) == 0 {
		return st, errors.New("client: no topic to consume")
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	warn := o.Warn
	if warn == nil {
		warn = func(error) {}
	}
	sctx, scancel := context.WithTimeout(ctx, timeout)
	defer scancel()
	s, err := Connect(sctx, cfg.Groupless(), timeout, kgo.KeepControlRecords()) // see pollLoop
	if err != nil {
		if ctx.Err() != nil {
			st.Interrupted = true
			return st, ctx.Err()
		}
		return st, err
	}
	defer s.Close()
	cl := s.Client
	positions, err := startPositions(sctx, cl, cfg.ReadCommitted, o.Topics, partitions, start, warn)
	if err != nil {
		if ctx.Err() != nil {
			st.Interrupted = true
			return st, ctx.Err()
		}
		return st, err
	}
	scancel()

	pollCtx, cancelPoll := context.WithCancel(ctx)
	defer cancelPoll()
	t := &endTracker{enabled: o.ExitAtEnd, parts: positions, done: make(chan struct{}), onDone: cancelPoll, assigned: true}
	offsets := map[string]map[int32]kgo.Offset{}
	for topic, ps := range positions {
		offsets[topic] = map[int32]kgo.Offset{}
		for p, pe := range ps {
			offsets[topic][p] = kgo.NewOffset().At(pe.pos)
		}
	}
	t.mu.Lock()
	t.checkLocked() // everything may already be at its end
	t.mu.Unlock()

	var loopErr error
	if !t.isDone() {
		cl.AddConsumePartitions(offsets)
		loopErr = pollLoop(ctx, pollCtx, cl, cfg.MaxPollRecords, o, sink, t, &st, func([]*kgo.Record) {})
	}
	st.ReachedEnd = t.isDone()
	st.Interrupted = ctx.Err() != nil && !st.ReachedEnd && (o.Count == 0 || st.Records < o.Count)
	s.Close()
	st.Elapsed = time.Since(begun)
	if loopErr == nil && st.Interrupted {
		return st, ctx.Err()
	}
	return st, loopErr
}

// startPositions works out, for each partition to read, the offset reading
// starts at and the end it had (the last stable offset under
// read_committed). A requested offset outside what the partition holds is
// moved to its nearer edge, with a warning.
func startPositions(ctx context.Context, cl *kgo.Client, readCommitted bool, topics []string, partitions []int32, start StartOffset, warn func(error)) (map[string]map[int32]*partEnd, error) {
	adm := kadm.NewClient(cl)
	details, err := adm.ListTopics(ctx, topics...)
	if err != nil {
		return nil, fmt.Errorf("listing topics: %w", err)
	}
	for _, topic := range topics {
		d, ok := details[topic]
		switch {
		case !ok || errors.Is(d.Err, kerr.UnknownTopicOrPartition):
			return nil, fmt.Errorf("topic %s does not exist", topic)
		case d.Err != nil:
			return nil, fmt.Errorf("topic %s: %w", topic, d.Err)
		}
		for _, p := range partitions {
			if _, ok := d.Partitions[p]; !ok {
				return nil, fmt.Errorf("topic %s has no partition %d (it has 0 to %d)", topic, p, len(d.Partitions)-1)
			}
		}
	}
	starts, err := adm.ListStartOffsets(ctx, topics...)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("listing start offsets: %w", err)
	}
	var ends kadm.ListedOffsets
	if readCommitted {
		ends, err = adm.ListCommittedOffsets(ctx, topics...)
	} else {
		ends, err = adm.ListEndOffsets(ctx, topics...)
	}
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("listing end offsets: %w", err)
	}
	var byTime kadm.ListedOffsets
	if start.kind == startAtMillis {
		byTime, err = adm.ListOffsetsAfterMilli(ctx, start.n, topics...)
		if err == nil {
			err = byTime.Error()
		}
		if err != nil {
			return nil, fmt.Errorf("listing offsets at %s: %w", start, err)
		}
	}

	out := map[string]map[int32]*partEnd{}
	for _, topic := range topics {
		out[topic] = map[int32]*partEnd{}
		for p := range details[topic].Partitions {
			if partitions != nil && !slices.Contains(partitions, p) {
				continue
			}
			lo, _ := starts.Lookup(topic, p)
			hi, _ := ends.Lookup(topic, p)
			first, end := lo.Offset, hi.Offset
			pos := first
			switch start.kind {
			case startEnd:
				pos = end
			case startFromEnd:
				pos = max(end-start.n, first)
			case startAtMillis:
				// No record that late: the end, as kadm answers.
				pos = end
				if at, ok := byTime.Lookup(topic, p); ok && at.Offset >= 0 {
					pos = min(max(at.Offset, first), end)
				}
			case startAt:
				pos = start.n
				switch {
				case pos < first:
					warn(fmt.Errorf("topic %s partition %d: offset %d is gone (the log starts at %d); reading from %d", topic, p, pos, first, first))
					pos = first
				case pos > end:
					warn(fmt.Errorf("topic %s partition %d: offset %d is past the end (%d); reading from the end", topic, p, pos, end))
					pos = end
				}
			}
			out[topic][p] = &partEnd{pos: pos, end: end}
		}
	}
	return out, nil
}
