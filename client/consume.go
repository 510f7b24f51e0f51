package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Sink receives consumed records. Write may buffer; Flush must put
// everything written so far where the user can see it (stdout), because
// records are committed only after Flush returns nil.
type Sink interface {
	Write(r *kgo.Record) error
	Flush() error
}

// ErrStop, returned by Sink.Write, ends Consume after that record, which
// counts as written (and is committed).
var ErrStop = errors.New("stop consuming")

// ConsumeOptions says what Consume reads and when it stops.
type ConsumeOptions struct {
	Topics []string
	// Count stops after this many records (0: no limit).
	Count int64
	// ExitAtEnd stops once every assigned partition has been read up to
	// the end it had when it was assigned (librdkafka's partition EOF).
	ExitAtEnd bool
	// Timeout bounds reaching a broker at the start, and committing and
	// leaving the group at the end.
	Timeout time.Duration
	// Warn receives errors the client recovers from (printed on stderr by
	// the command); nil discards them.
	Warn func(error)
	// OnAssigned, when set, is told which partitions the group assigned.
	OnAssigned func(map[string][]int32)
}

// ConsumeStats counts what happened.
type ConsumeStats struct {
	Records    int64
	ReachedEnd bool // ExitAtEnd and every assigned partition reached its end
	// NothingAssigned is true when ExitAtEnd ended because the group gave
	// this member no partition (more members than partitions): there is
	// nothing for it to read to the end of.
	NothingAssigned bool
	Interrupted     bool // ctx ended first
	Elapsed         time.Duration
}

// Consume joins cfg's group and hands records to sink in order until ctx
// ends, Count records were written or, with ExitAtEnd, the end is reached.
//
// It is at-least-once: with enable.auto.commit (the default) a record is
// marked for commit only after sink.Flush returned, marked offsets are
// committed periodically, on rebalance and when Consume returns, and a
// record that was fetched but not written is not committed. Rebalances are
// held off while a polled batch is being written (franz-go's
// BlockRebalanceOnPoll), so kafkit never commits for a partition it no
// longer owns.
//
// Errors the client recovers from go to Warn and the loop continues; a
// non-retriable broker error (authorization, for instance) ends it.
func Consume(ctx context.Context, cfg *Config, o ConsumeOptions, sink Sink) (ConsumeStats, error) {
	start := time.Now()
	var st ConsumeStats
	if cfg.Role != Consumer {
		return st, errors.New("client: Consume needs a consumer configuration")
	}
	if len(o.Topics) == 0 {
		return st, errors.New("client: no topic to consume")
	}
	warn := o.Warn
	if warn == nil {
		warn = func(error) {}
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}

	pollCtx, cancelPoll := context.WithCancel(ctx)
	defer cancelPoll()
	// The tracker's own requests (checking an empty assignment) end with
	// Consume.
	trackCtx, cancelTrack := context.WithCancel(context.WithoutCancel(ctx))
	var trackers sync.WaitGroup
	defer func() { cancelTrack(); trackers.Wait() }()
	t := &endTracker{
		readCommitted: cfg.ReadCommitted,
		clReady:       make(chan struct{}),
		parts:         map[string]map[int32]*partEnd{},
		done:          make(chan struct{}),
		onDone:        cancelPoll,
		enabled:       o.ExitAtEnd,
		group:         cfg.Group,
		topics:        o.Topics,
		ctx:           trackCtx,
		wg:            &trackers,
	}
	extra := []kgo.Opt{
		kgo.ConsumeTopics(o.Topics...),
		kgo.BlockRebalanceOnPoll(),
		kgo.KeepControlRecords(), // see pollLoop
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, assigned map[string][]int32) {
			if o.OnAssigned != nil {
				o.OnAssigned(assigned)
			}
			t.assignedNow(assigned)
		}),
		// Replacing franz-go's default OnPartitionsRevoked means doing its
		// job: commit what was marked before the partitions go.
		kgo.OnPartitionsRevoked(func(ctx context.Context, cl *kgo.Client, revoked map[string][]int32) {
			if cfg.AutoCommit {
				if err := cl.CommitMarkedOffsets(ctx); err != nil {
					warn(fmt.Errorf("committing before giving up partitions: %w", err))
				}
			}
			t.forget(revoked)
		}),
		kgo.OnPartitionsLost(func(_ context.Context, _ *kgo.Client, lost map[string][]int32) {
			t.forget(lost)
		}),
	}
	if o.ExitAtEnd {
		extra = append(extra, kgo.AdjustFetchOffsetsFn(t.adjust))
	}
	if cfg.GroupProtocol == "consumer" {
		if err := CheckGroupProtocol(ctx, cfg, timeout); err != nil {
			if ctx.Err() != nil {
				st.Interrupted = true
				return st, ctx.Err()
			}
			return st, err
		}
	}
	// The group's callbacks (t.adjust) may run before Connect returns;
	// they wait for clReady, or for the client to close.
	s, err := Connect(ctx, cfg, timeout, extra...)
	if err != nil {
		if ctx.Err() != nil {
			st.Interrupted = true
			return st, ctx.Err()
		}
		return st, err
	}
	defer s.Close()
	cl := s.Client
	t.cl = cl
	close(t.clReady)
	if err := checkTopics(ctx, cl, o.Topics, timeout, o.ExitAtEnd, warn); err != nil {
		return st, err
	}

	loopErr := pollLoop(ctx, pollCtx, cl, cfg.MaxPollRecords, o, sink, t, &st, func(written []*kgo.Record) {
		if cfg.AutoCommit && len(written) > 0 {
			cl.MarkCommitRecords(written...)
		}
		cl.AllowRebalance()
	})
	if t.isDone() {
		st.ReachedEnd = true
		st.NothingAssigned = t.nothingAssigned()
	}
	st.Interrupted = ctx.Err() != nil && !st.ReachedEnd && (o.Count == 0 || st.Records < o.Count)

	// Commit what was shown, then leave the group, both bounded: SIGINT
	// has already cancelled ctx, so they get their own deadline.
	if cfg.AutoCommit {
		cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
		err := cl.CommitMarkedOffsets(cctx)
		ccancel()
		if err != nil && loopErr == nil {
			loopErr = fmt.Errorf("committing offsets of group %s: %w", cfg.Group, err)
		}
	}
	if !s.Close() && loopErr == nil {
		loopErr = fmt.Errorf("leaving group %s took longer than %s", cfg.Group, timeout)
	}
	st.Elapsed = time.Since(start)
	if loopErr == nil && st.Interrupted {
		return st, ctx.Err()
	}
	return st, loopErr
}

// pollLoop polls records and writes them to sink until ctx ends, Count
// records were written, t reports the end or a fatal error comes. After each
// polled batch it calls shown with the records that reached the user (none
// when the output failed); Consume marks them for commit there. Recoverable
// fetch errors go to o.Warn once per partition and message.
func pollLoop(ctx, pollCtx context.Context, cl *kgo.Client, maxPoll int, o ConsumeOptions, sink Sink, t *endTracker, st *ConsumeStats, shown func([]*kgo.Record)) error {
	if maxPoll <= 0 {
		maxPoll = 10000
	}
	warn := o.Warn
	if warn == nil {
		warn = func(error) {}
	}
	var written []*kgo.Record
	lastWarn := map[string]string{}
	var loopErr error
	for {
		fetches := cl.PollRecords(pollCtx, maxPoll)
		if fetches.IsClientClosed() {
			return loopErr
		}
		var fatal error
		fetches.EachError(func(topic string, partition int32, err error) {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return
			}
			switch {
			case errors.Is(err, kerr.GroupAuthorizationFailed):
				// A group error has no topic: name the group and the
				// operation instead.
				err = fmt.Errorf("group %s: %w (denied: this user may not READ group %s; an admin grants it with kafka-acls --add --allow-principal User:NAME --group %s --operation Read)", t.group, err, t.group, t.group)
			case errors.Is(err, kerr.TopicAuthorizationFailed):
				err = fmt.Errorf("topic %s partition %d: %w (denied: this user may not READ topic %s)", topic, partition, err, topic)
			case topic == "":
				err = fmt.Errorf("consuming: %w", err)
			default:
				err = fmt.Errorf("topic %s partition %d: %w", topic, partition, err)
			}
			if isFatal(err) {
				if fatal == nil {
					fatal = err
				}
				return
			}
			key := fmt.Sprintf("%s/%d", topic, partition)
			if lastWarn[key] != err.Error() {
				lastWarn[key] = err.Error()
				warn(err)
			}
		})

		written = written[:0]
		stop := false
		iter := fetches.RecordIter()
		for !iter.Done() {
			r := iter.Next()
			if r.Attrs.IsControl() {
				// A transaction marker: nothing to print, but it takes an
				// offset, often a partition's last, which ExitAtEnd must
				// see (franz-go drops markers unless asked to keep them).
				// Committing past it is what the Java client does too.
				written = append(written, r)
				if t.saw(r) {
					stop = true
					break
				}
				continue
			}
			err := sink.Write(r)
			if err != nil && !errors.Is(err, ErrStop) {
				loopErr = fmt.Errorf("writing records: %w", err)
				stop = true
				break
			}
			written = append(written, r)
			st.Records++
			if err != nil {
				stop = true
				break
			}
			if o.Count > 0 && st.Records >= o.Count {
				stop = true
				break
			}
			if t.saw(r) {
				stop = true
				break
			}
		}
		if err := sink.Flush(); err != nil {
			if loopErr == nil {
				loopErr = fmt.Errorf("writing records: %w", err)
			}
			stop = true
			// Not shown, so not committed, also when a failed Write
			// came first: what it buffered before may be lost too.
			written = written[:0]
		}
		shown(written)
		switch {
		case fatal != nil:
			return fatal
		case stop, t.isDone(), ctx.Err() != nil:
			return loopErr
		}
	}
}

// isFatal says whether a fetch error ends the loop: broker errors Kafka
// marks non-retriable (authorization, unsupported versions, ...). Anything
// else, kgo.ErrDataLoss included, is something franz-go recovers from by
// itself.
func isFatal(err error) bool {
	var ke *kerr.Error
	if errors.As(err, &ke) {
		return !ke.Retriable
	}
	return false
}

// checkTopics makes sure the topics exist and may be read. A missing topic
// is an error with ExitAtEnd (its end can never be reached) and a warning
// otherwise (the consumer waits for it to be created). A topic the user may
// describe but not read is an error: with ExitAtEnd, an empty one would
// otherwise look "read to its end" without a single fetch.
func checkTopics(ctx context.Context, cl *kgo.Client, topics []string, timeout time.Duration, exitAtEnd bool, warn func(error)) error {
	mctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	td, err := kadm.NewClient(cl).ListTopics(kadm.WithAuthorizedOps(mctx), topics...)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("listing topics: %w", err)
	}
	for _, topic := range topics {
		d, ok := td[topic]
		missing := !ok || errors.Is(d.Err, kerr.UnknownTopicOrPartition)
		switch {
		case missing && exitAtEnd:
			return fmt.Errorf("topic %s does not exist (produce to it first, e.g. kafkit produce %s VALUE)", topic, topic)
		case missing:
			warn(fmt.Errorf("topic %s does not exist yet; waiting for it", topic))
		case d.Err != nil:
			return fmt.Errorf("topic %s: %w", topic, d.Err)
		case len(d.AuthorizedOperations) > 0 && !slices.ContainsFunc(d.AuthorizedOperations, func(op kadm.ACLOperation) bool {
			return op == kmsg.ACLOperationRead || op == kmsg.ACLOperationAll
		}):
			return fmt.Errorf("topic %s: %w (the broker's ACLs let this user see the topic but not read it)", topic, kerr.TopicAuthorizationFailed)
		}
	}
	return nil
}

// endTracker implements ExitAtEnd. When partitions are assigned it records,
// for each, where consuming starts (the committed offset, or the log start
// or end per auto.offset.reset) and the end offset at that moment; a
// partition is done once consumption passes its end. franz-go does not
// return empty fetches, so the start position is the only way to know that
// a partition with nothing new is already at its end.
type endTracker struct {
	enabled       bool
	readCommitted bool
	clReady       chan struct{}
	cl            *kgo.Client

	// For a member the group gives nothing (assignedNow).
	group  string
	topics []string
	ctx    context.Context
	wg     *sync.WaitGroup

	mu       sync.Mutex
	parts    map[string]map[int32]*partEnd
	assigned bool
	sessions int  // group sessions seen (assignedNow calls)
	none     bool // ended because the group assigned this member nothing
	done     chan struct{}
	doneOnce sync.Once
	onDone   func()
}

type partEnd struct{ pos, end int64 }

func (t *endTracker) adjust(ctx context.Context, offsets map[string]map[int32]kgo.Offset) (map[string]map[int32]kgo.Offset, error) {
	select {
	case <-t.clReady:
	case <-ctx.Done():
		return offsets, ctx.Err()
	}
	adm := kadm.NewClient(t.cl)
	topics := make([]string, 0, len(offsets))
	for topic := range offsets {
		topics = append(topics, topic)
	}
	var ends kadm.ListedOffsets
	var err error
	if t.readCommitted {
		// Under read_committed the end is the last stable offset.
		ends, err = adm.ListCommittedOffsets(ctx, topics...)
	} else {
		ends, err = adm.ListEndOffsets(ctx, topics...)
	}
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return offsets, fmt.Errorf("listing end offsets for --exit-at-end: %w", err)
	}
	var starts kadm.ListedOffsets
	t.mu.Lock()
	defer t.mu.Unlock()
	for topic, ps := range offsets {
		for p, o := range ps {
			end, _ := ends.Lookup(topic, p)
			pos := o.EpochOffset().Offset
			switch {
			case pos >= 0: // a committed offset
			case pos == -1: // at the end
				pos = end.Offset
			default: // at the start
				if starts == nil {
					t.mu.Unlock()
					starts, err = adm.ListStartOffsets(ctx, topics...)
					t.mu.Lock()
					if err == nil {
						err = starts.Error()
					}
					if err != nil {
						return offsets, fmt.Errorf("listing start offsets for --exit-at-end: %w", err)
					}
				}
				s, _ := starts.Lookup(topic, p)
				pos = s.Offset
			}
			if t.parts[topic] == nil {
				t.parts[topic] = map[int32]*partEnd{}
			}
			t.parts[topic][p] = &partEnd{pos: pos, end: end.Offset}
		}
	}
	t.assigned = true
	t.checkLocked()
	return offsets, nil
}

// saw records that r was written; it reports whether everything is done.
func (t *endTracker) saw(r *kgo.Record) bool {
	if !t.enabled {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	pe := t.parts[r.Topic][r.Partition]
	if pe != nil && r.Offset+1 > pe.pos {
		pe.pos = r.Offset + 1
	}
	if pe != nil && pe.pos < pe.end {
		// This partition is not at its end, so not everything is: the
		// walk over every partition (a map iteration a record) is
		// left for the records that can finish the run.
		return false
	}
	return t.checkLocked()
}

func (t *endTracker) forget(gone map[string][]int32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for topic, ps := range gone {
		for _, p := range ps {
			delete(t.parts[topic], p)
		}
		if len(t.parts[topic]) == 0 {
			delete(t.parts, topic)
		}
	}
}

// assignedNow is told the partitions a group session added. franz-go calls
// it once per session, also when nothing was added. A member that owns no
// partition has no fetch offset to adjust, so ExitAtEnd would wait for a
// rebalance that may never come: confirmNothing decides whether it will.
func (t *endTracker) assignedNow(added map[string][]int32) {
	if !t.enabled {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sessions++
	for _, ps := range added {
		if len(ps) > 0 {
			return // adjust follows with their offsets
		}
	}
	if len(t.parts) > 0 {
		return // partitions kept from an earlier session
	}
	t.wg.Add(1)
	go func(session int) {
		defer t.wg.Done()
		t.confirmNothing(session)
	}(t.sessions)
}

// nothingGrace is how long an empty assignment must last before
// confirmNothing asks the group about it. A cooperative rebalance gives a
// joining member nothing in its first round and the partitions others gave
// up in a second one, moments later.
var nothingGrace = time.Second

// confirmNothing ends ExitAtEnd for a member that owns nothing once that is
// settled: no later session came, the group is stable, and its members,
// between them, own every partition of the topics while this member owns
// none. A partition nobody owns in a stable group is one a cooperative
// rebalance is still moving (its second round is coming), so it keeps
// waiting; an error asking the broker leaves it waiting too, as before.
func (t *endTracker) confirmNothing(session int) {
	select {
	case <-t.clReady:
	case <-t.ctx.Done():
		return
	}
	adm := kadm.NewClient(t.cl)
	for {
		select {
		case <-time.After(nothingGrace):
		case <-t.done:
			return
		case <-t.ctx.Done():
			return
		}
		t.mu.Lock()
		superseded := t.sessions != session || len(t.parts) > 0
		t.mu.Unlock()
		if superseded {
			return
		}
		groups, err := adm.DescribeGroups(t.ctx, t.group)
		if err != nil {
			return
		}
		g, ok := groups[t.group]
		if !ok || g.Err != nil {
			return
		}
		if g.State != "Stable" {
			continue // a rebalance is under way: see how it ends
		}
		topics, err := adm.ListTopics(t.ctx, t.topics...)
		if err != nil {
			return
		}
		me, _ := t.cl.GroupMetadata()
		owned := g.AssignedPartitions()
		settled := true
		for _, topic := range t.topics {
			if len(owned[topic]) < len(topics[topic].Partitions) {
				settled = false // some partition is between owners
			}
		}
		for _, m := range g.Members {
			if c, ok := m.Assigned.AsConsumer(); ok && m.MemberID == me {
				for _, tp := range c.Topics {
					if len(tp.Partitions) > 0 && slices.Contains(t.topics, tp.Topic) {
						return // the group says we own some: franz-go resumes them
					}
				}
			}
		}
		if !settled {
			continue
		}
		t.mu.Lock()
		if t.sessions == session && len(t.parts) == 0 {
			t.none = true
			t.doneOnce.Do(func() {
				close(t.done)
				t.onDone()
			})
		}
		t.mu.Unlock()
		return
	}
}

func (t *endTracker) nothingAssigned() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.none && len(t.parts) == 0
}

func (t *endTracker) checkLocked() bool {
	if !t.enabled || !t.assigned || len(t.parts) == 0 {
		return false
	}
	for _, ps := range t.parts {
		for _, pe := range ps {
			if pe.pos < pe.end {
				return false
			}
		}
	}
	t.doneOnce.Do(func() {
		close(t.done)
		t.onDone()
	})
	return true
}

func (t *endTracker) isDone() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}
