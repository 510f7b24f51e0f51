package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ProduceInput says what Produce sends.
type ProduceInput struct {
	Topic string
	// Key is every record's key; nil means no key. With KeyDelimiter, a
	// line's own key wins and Key is used for lines without the delimiter.
	Key     []byte
	Headers []kgo.RecordHeader
	// Values are the records to send, one each (the command's
	// arguments). When nil, Lines is read instead.
	Values [][]byte
	// Lines gives one record per line: \n ends a line, and a \r before it
	// is dropped too. A last line without \n is still a record.
	Lines io.Reader
	// KeyDelimiter splits each line at its first occurrence into key and
	// value; a line without it has the value only.
	KeyDelimiter []byte
	// Partition, when set, is every record's partition; the client must
	// then use kgo.ManualPartitioner (which fails a record whose
	// partition the topic does not have).
	Partition *int32
	// Records, when set, gives whole records instead of Values or Lines:
	// it fills r (key, value, headers, timestamp, and the partition when
	// the client partitions manually) and returns io.EOF after the last.
	// Topic and Partition are set on r first and may be kept.
	Records func(r *kgo.Record) error
}

// Delivery is the outcome of one record. Seq numbers records from 1 in input
// order: the argument or line number.
type Delivery struct {
	Seq    int64
	Record *kgo.Record // valid only during the callback
	Err    error
}

// PartitionRange is the span of offsets delivered to one partition.
type PartitionRange struct {
	Partition   int32
	First, Last int64
	Count       int64
}

// ProduceStats counts what happened.
type ProduceStats struct {
	Sent      int64 // records handed to the client
	Delivered int64 // acknowledged by the broker
	Failed    int64 // failed, or not confirmed within the flush bound
	// Interrupted is true when ctx ended before the input did.
	Interrupted bool
	// StoppedOnError is true when reading stopped at the first failed record.
	StoppedOnError bool
	Elapsed        time.Duration
	Partitions     []PartitionRange // sorted by partition
}

// RecordError reports the first record that failed, and how many did. Seq
// is 0 when records were given up on without an answer from the client, in
// which case the count is all it says.
type RecordError struct {
	Topic  string
	Seq    int64
	Key    []byte
	Failed int64
	Err    error
	// Brokers are the bootstrap brokers the records were sent through, so
	// that the message says where a failing broker is.
	Brokers []string
}

func (e *RecordError) Error() string {
	via := ""
	if len(e.Brokers) > 0 {
		via = " to " + strings.Join(e.Brokers, ",")
	}
	if e.Seq == 0 {
		return fmt.Sprintf("%d %s for topic %s%s failed: %v%s", e.Failed, plural(e.Failed, "record", "records"), e.Topic, via, e.Err, deniedHint(e.Err, e.Topic))
	}
	key := ""
	if e.Key != nil {
		key = fmt.Sprintf(", key %q", clip(e.Key, 40))
	}
	more := ""
	if e.Failed > 1 {
		more = fmt.Sprintf(" (%d records failed in all)", e.Failed)
	}
	return fmt.Sprintf("record %d (topic %s%s)%s failed: %v%s%s", e.Seq, e.Topic, key, via, e.Err, more, tooLargeHint(e.Err)+deniedHint(e.Err, e.Topic))
}

// DefaultMaxRequestSize is kafkit's producer request and batch limit
// without max.request.size: the Java producer's default.
const DefaultMaxRequestSize = 1048576

// tooLargeHint names the limits a MESSAGE_TOO_LARGE record is over: franz-go
// reports a record over the producer's own limit with the broker's error
// code, before sending it.
func tooLargeHint(err error) string {
	if !errors.Is(err, kerr.MessageTooLarge) {
		return ""
	}
	return fmt.Sprintf("; the record is over the producer's max.request.size (%d bytes unless -X sets it) or "+
		"the broker's message.max.bytes (the topic's max.message.bytes), both 1 MiB by default: "+
		"raise the limit that is smaller than the record", DefaultMaxRequestSize)
}

// deniedHint names the operation an authorization error refused.
func deniedHint(err error, topic string) string {
	switch {
	case errors.Is(err, kerr.TopicAuthorizationFailed):
		return fmt.Sprintf(" (denied: this user may not WRITE to topic %s; an admin grants it with kafka-acls --add --allow-principal User:NAME --producer --topic %s)", topic, topic)
	case errors.Is(err, kerr.TransactionalIDAuthorizationFailed):
		return " (denied: this user may not WRITE to its transactional.id)"
	case errors.Is(err, kerr.ClusterAuthorizationFailed):
		return " (denied: this user lacks IDEMPOTENT_WRITE on the cluster; set enable.idempotence=false or grant it)"
	}
	return ""
}

func (e *RecordError) Unwrap() error { return e.Err }

func clip(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// ErrUnconfirmed marks records still unacknowledged when kafkit gave up
// waiting for them.
var ErrUnconfirmed = errors.New("not acknowledged in time")

// ProduceOptions bound and observe Produce.
type ProduceOptions struct {
	// StallTimeout is delivery.timeout.ms as kafkit enforces it: when
	// records are outstanding and the broker has acknowledged none of
	// them for this long, reading stops and the rest are failed. franz-go
	// checks its own record timeout only between requests, so a record
	// waiting for metadata from a dead broker would otherwise wait far
	// longer. 0 means no bound.
	StallTimeout time.Duration
	// FlushTimeout bounds the final wait for acknowledgements; 0 leaves
	// only StallTimeout to bound it (a steady flush of a large backlog
	// is not cut short).
	FlushTimeout time.Duration
	// OnDelivery is called for each record, from one goroutine, in order
	// per partition.
	OnDelivery func(Delivery)
}

// Produce sends the input's records asynchronously and waits for every
// acknowledgement.
//
// Reading stops when ctx ends (SIGINT), at the first failed record or when
// the broker stalls; whatever was handed to the client is then flushed. It
// returns a *RecordError when any record failed, naming the first one.
//
// Records are carved from slabs and a line's bytes stay in the buffer they
// were read into, so reading a line costs no allocation or copy of its own.
func Produce(ctx context.Context, cl *kgo.Client, in ProduceInput, o ProduceOptions) (ProduceStats, error) {
	start := time.Now()
	p := &producer{
		cl:         cl,
		in:         in,
		deliverCtx: context.WithoutCancel(ctx),
		onDelivery: o.OnDelivery,
		parts:      map[int32]*PartitionRange{},
		failedCh:   make(chan struct{}),
		aborting:   make(chan struct{}),
		stall:      o.StallTimeout,
		freeSlabs:  make(chan *slab, freeDepth),
		freeChunks: make(chan *chunk, freeDepth),
	}
	p.promiseFn = p.promise

	finished := make(chan struct{})
	defer close(finished)
	if p.stall > 0 {
		go p.watch(finished)
	}

	readDone := make(chan error, 1)
	go func() { readDone <- p.feed() }()
	var readErr error
	select {
	case readErr = <-readDone:
	case <-ctx.Done():
		p.stop()
	case <-p.failedCh:
		p.stop()
	}

	fctx := context.WithoutCancel(ctx)
	cancel := func() {}
	if o.FlushTimeout > 0 {
		fctx, cancel = context.WithTimeout(fctx, o.FlushTimeout)
	}
	defer cancel()
	flushed := make(chan error, 1)
	go func() { flushed <- cl.Flush(fctx) }()
	var ferr error
	select {
	case ferr = <-flushed:
	case <-p.aborting:
		ferr = ErrUnconfirmed
	}
	if ferr != nil {
		p.abort()
		cancel()
	}
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		// Promises still outstanding after an abort belong to requests
		// franz-go is still tearing down; they count as failed below.
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	st := ProduceStats{
		Sent:           p.sent.Load(),
		Delivered:      p.delivered,
		Failed:         p.sent.Load() - p.delivered,
		Interrupted:    ctx.Err() != nil && !p.inputDone.Load(),
		StoppedOnError: (p.failed > 0 || p.stalled) && !p.inputDone.Load(),
		Elapsed:        time.Since(start),
	}
	for _, r := range p.parts {
		st.Partitions = append(st.Partitions, *r)
	}
	sort.Slice(st.Partitions, func(i, j int) bool { return st.Partitions[i].Partition < st.Partitions[j].Partition })
	p.closed = true // late promises must not touch the caller's callback

	seeds, _ := cl.OptValue(kgo.SeedBrokers).([]string)
	if p.firstErr != nil {
		p.firstErr.Brokers = seeds
		return st, p.firstErr
	}
	if st.Failed > 0 {
		var why error
		switch {
		case p.stalled:
			why = p.stallErr()
		case o.FlushTimeout > 0:
			why = fmt.Errorf("%w (flush bound %s)", ErrUnconfirmed, o.FlushTimeout)
		default:
			// No bound ran out: the promises were still outstanding
			// a second after the flush ended.
			why = ErrUnconfirmed
		}
		// Which records are missing is not tracked (that would cost a
		// set per record); the error gives their number.
		return st, &RecordError{Topic: in.Topic, Failed: st.Failed, Err: why, Brokers: seeds}
	}
	if readErr != nil {
		return st, fmt.Errorf("reading records: %w", readErr)
	}
	return st, nil
}

type producer struct {
	// Set before the goroutines start and only read after.
	cl         *kgo.Client
	in         ProduceInput
	deliverCtx context.Context
	onDelivery func(Delivery)
	promiseFn  func(*kgo.Record, error)
	freeSlabs  chan *slab
	freeChunks chan *chunk
	failedCh   chan struct{}
	aborting   chan struct{} // closed by abort
	stall      time.Duration

	// The fields below are grouped by the goroutine that touches them
	// per record, each group on cache lines of its own: the reading loop
	// and the promise goroutine run on different cores, and a line both
	// use would move between them once a record or more.
	_ [cacheLine]byte

	// The reading loop's. stopping is feedMu's stopped flag, read without
	// the lock between the records of a reservation.
	slab     *slab // the slab records are cut from
	stopping atomic.Bool
	_        [cacheLine]byte

	// Touched once per read, or once per run. feedMu orders stop against
	// counting records as sent, so that no record is added to wg once
	// stop has returned. sent counts records handed to the client.
	feedMu     sync.Mutex
	stopped    bool
	sent       atomic.Int64
	inputDone  atomic.Bool
	failedOnce sync.Once
	abortOnce  sync.Once
	_          [cacheLine]byte

	// The promise goroutine's. settled counts records whose promise ran
	// (delivered or failed); it is atomic so that the watchdog reads it
	// without a lock.
	wg        sync.WaitGroup
	settled   atomic.Int64
	mu        sync.Mutex // guards what promises update
	delivered int64
	failed    int64
	firstErr  *RecordError
	parts     map[int32]*PartitionRange
	lastPart  *PartitionRange // the partition of the previous delivery
	closed    bool
	stalled   bool
	// Releases settle has counted and not yet applied.
	relSlab   *slab
	relSlabN  int32
	relChunk  *chunk
	relChunkN int32
	_         [cacheLine]byte
}

// cacheLine is a cache line and its neighbour, which x86 processors fetch
// together.
const cacheLine = 128

// abort fails every record still buffered, once, bounded: franz-go answers
// each with an error, which the promises count.
func (p *producer) abort() {
	p.abortOnce.Do(func() {
		close(p.aborting)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_ = p.cl.AbortBufferedRecords(ctx)
		}()
	})
}

func (p *producer) stallErr() error {
	return fmt.Errorf("%w: the broker acknowledged nothing for %s (delivery.timeout.ms)", ErrUnconfirmed, p.stall)
}

// watch implements StallTimeout.
func (p *producer) watch(finished <-chan struct{}) {
	tick := time.NewTicker(min(p.stall/4, 250*time.Millisecond))
	defer tick.Stop()
	// Progress is an acknowledgement (or failure) of any record; the clock
	// restarts whenever nothing is outstanding, so an idle stdin is not a
	// stall. Measuring it here, once a tick, keeps clock reads and shared
	// locks off the per-record path.
	lastSettled, lastMove := p.settled.Load(), time.Now()
	for {
		var now time.Time
		select {
		case <-finished:
			return
		case now = <-tick.C:
		}
		settled := p.settled.Load()
		if settled != lastSettled || p.sent.Load() == settled {
			lastSettled, lastMove = settled, now
			continue
		}
		if now.Sub(lastMove) <= p.stall {
			continue
		}
		p.mu.Lock()
		stalled := !p.stalled
		p.stalled = true
		p.mu.Unlock()
		if stalled {
			p.failedOnce.Do(func() { close(p.failedCh) })
			p.abort()
		}
		return
	}
}

// slot keeps a record and its sequence number together. Records are cut
// from slabs of slots, and lines stay in the chunk they were read into;
// both are reused once every record cut from them has been settled, so a
// steady stream allocates almost nothing and the garbage collector, which
// would otherwise run every few megabytes, stays idle. The record's Context
// points at the slot's seqCtx, which is how a promise finds its slot.
type slot struct {
	rec   kgo.Record
	ctx   seqCtx
	slab  *slab
	chunk *chunk // nil for records from arguments
}

type seqCtx struct {
	context.Context
	seq  int64
	slot *slot
}

const slotBatch = 1024

// slab is a block of slots. refs counts the slots handed out and not yet
// settled, plus one while the reading loop still cuts from it.
type slab struct {
	slots [slotBatch]slot
	next  int
	refs  atomic.Int32
}

// chunk is a buffer stdin is read into. refs counts the records pointing
// into it and not yet settled, plus one while the reading loop reads into
// it.
type chunk struct {
	buf  []byte
	refs atomic.Int32
}

// freeDepth bounds the free lists; it covers franz-go's default buffer of
// 50,000 records (49 slabs, a few chunks).
const freeDepth = 64

func (p *producer) newRecord(seq int64, ch *chunk) *kgo.Record {
	if p.slab == nil || p.slab.next == slotBatch {
		p.retireSlab()
		select {
		case p.slab = <-p.freeSlabs:
		default:
			p.slab = new(slab)
		}
		p.slab.next = 0
		p.slab.refs.Store(slotBatch + 1)
	}
	s := &p.slab.slots[p.slab.next]
	p.slab.next++
	*s = slot{slab: p.slab, chunk: ch}
	s.ctx = seqCtx{Context: p.deliverCtx, seq: seq, slot: s}
	s.rec.Context = &s.ctx
	s.rec.Topic = p.in.Topic
	s.rec.Headers = p.in.Headers
	if p.in.Partition != nil {
		s.rec.Partition = *p.in.Partition
	}
	return &s.rec
}

// retireSlab gives up the reading loop's hold on the current slab and on
// its slots that were never handed out.
func (p *producer) retireSlab() {
	if sl := p.slab; sl != nil {
		p.slab = nil
		p.releaseSlab(sl, int32(1+slotBatch-sl.next))
	}
}

func (p *producer) releaseSlab(sl *slab, n int32) {
	if sl.refs.Add(-n) == 0 {
		select {
		case p.freeSlabs <- sl:
		default:
		}
	}
}

func (p *producer) newChunk(size int) *chunk {
	if size == readChunk {
		select {
		case ch := <-p.freeChunks:
			ch.refs.Store(1)
			return ch
		default:
		}
	}
	ch := &chunk{buf: make([]byte, size)}
	ch.refs.Store(1)
	return ch
}

func (p *producer) releaseChunk(ch *chunk, n int32) {
	if ch.refs.Add(-n) == 0 && len(ch.buf) == readChunk {
		select {
		case p.freeChunks <- ch:
		default:
		}
	}
}

// settle releases what a record held once franz-go is done with it (its
// promise has run; Delivery.Record is valid only during the callback).
//
// Promises run one at a time, mostly in the order records were cut, so
// consecutive records share a slab and a chunk: their releases are counted
// here and applied with one atomic operation when the slab or chunk changes,
// instead of two per record. The last few are never applied, which only
// keeps one slab and one chunk out of the free lists.
func (p *producer) settle(s *slot) {
	// Read both before the slab can be reused.
	sl, ch := s.slab, s.chunk
	if sl != p.relSlab {
		if p.relSlab != nil {
			p.releaseSlab(p.relSlab, p.relSlabN)
		}
		p.relSlab, p.relSlabN = sl, 0
	}
	p.relSlabN++
	if ch != p.relChunk {
		if p.relChunk != nil {
			p.releaseChunk(p.relChunk, p.relChunkN)
		}
		p.relChunk, p.relChunkN = ch, 0
	}
	p.relChunkN++
}

// send hands one record to the client; false means stop reading.
func (p *producer) send(r *kgo.Record) bool {
	if !p.reserve(1) {
		return false
	}
	p.produce(r)
	return true
}

// reserve counts n records as sent before they are handed to the client,
// unless the producer was stopped; the reading loop reserves all the lines
// of a read at once, which keeps a lock and two atomic operations off the
// per-record path. Reserved records that are not handed over after all
// (stop came first) are given back with unreserve.
func (p *producer) reserve(n int) bool {
	p.feedMu.Lock()
	defer p.feedMu.Unlock()
	if p.stopped {
		return false
	}
	p.sent.Add(int64(n))
	p.wg.Add(n)
	return true
}

// unreserve gives back n reserved records. sent goes down before wg, so
// that whoever waits on wg then reads the final count.
func (p *producer) unreserve(n int) {
	p.sent.Add(-int64(n))
	p.wg.Add(-n)
}

// produce hands a reserved record to the client.
func (p *producer) produce(r *kgo.Record) {
	// The context given to Produce is not SIGINT's: franz-go fails a
	// buffered batch when the context its first record was produced with
	// ends, and kafkit must deliver what it accepted. Produce may block
	// while the client's buffer is full; stop does not wait for it, and
	// Flush includes a record blocked here.
	p.cl.Produce(p.deliverCtx, r, p.promiseFn)
}

// stop ends reading: no record is reserved once it returns, and a reading
// loop in the middle of its reservation hands over no further record.
func (p *producer) stop() {
	p.feedMu.Lock()
	p.stopped = true
	p.stopping.Store(true)
	p.feedMu.Unlock()
}

func (p *producer) promise(r *kgo.Record, err error) {
	defer p.wg.Done()
	var seq int64
	if sc, ok := r.Context.(*seqCtx); ok {
		seq = sc.seq
		defer p.settle(sc.slot) // last: the slot may be reused at once
	}
	p.settled.Add(1)
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	if err != nil && p.stalled && errors.Is(err, kgo.ErrAborting) {
		err = p.stallErr()
	}
	if err == nil {
		p.delivered++
		pr := p.lastPart
		if pr == nil || pr.Partition != r.Partition {
			if pr = p.parts[r.Partition]; pr == nil {
				pr = &PartitionRange{Partition: r.Partition, First: r.Offset}
				p.parts[r.Partition] = pr
			}
			p.lastPart = pr
		}
		pr.First = min(pr.First, r.Offset)
		pr.Last = max(pr.Last, r.Offset)
		pr.Count++
	} else {
		p.failed++
		if p.firstErr == nil {
			p.firstErr = &RecordError{Topic: r.Topic, Seq: seq, Key: bytes.Clone(r.Key), Err: err}
			p.failedOnce.Do(func() { close(p.failedCh) })
		}
		p.firstErr.Failed = p.failed
	}
	if p.onDelivery != nil {
		p.onDelivery(Delivery{Seq: seq, Record: r, Err: err})
	}
	p.mu.Unlock()
}

// feed reads the input and sends each record until the input ends or the
// producer is stopped.
func (p *producer) feed() error {
	if next := p.in.Records; next != nil {
		defer p.retireSlab()
		for seq := int64(1); ; seq++ {
			r := p.newRecord(seq, nil)
			if err := next(r); err != nil {
				// The slot just cut goes back: it is not sent, so
				// it will never be settled.
				p.slab.next--
				if err == io.EOF {
					p.inputDone.Store(true)
					return nil
				}
				return fmt.Errorf("record %d: %w", seq, err)
			}
			if !p.send(r) {
				return nil
			}
		}
	}
	if p.in.Values != nil {
		for i, v := range p.in.Values {
			r := p.newRecord(int64(i+1), nil)
			r.Key = p.in.Key
			r.Value = v
			if !p.send(r) {
				return nil
			}
		}
		p.inputDone.Store(true)
		return nil
	}
	if p.in.Lines == nil {
		return errors.New("no values and no input to read")
	}
	// Lines are cut out of the chunk they were read into and become the
	// records' keys and values as they are: the bytes are copied once, by
	// the read. A chunk is not written again while a record points into
	// it (a full one is replaced, its unfinished last line copied to the
	// new one, and reused only once its records are settled).
	defer p.retireSlab()
	ch := p.newChunk(readChunk)
	defer func() { p.releaseChunk(ch, 1) }()
	buf := ch.buf
	var start, end int // unconsumed bytes are buf[start:end]
	var seq int64
	empty := 0 // reads in a row that returned nothing, as bufio counts them
	for {
		if end == len(buf) {
			rest := end - start
			size := readChunk
			if 2*rest > size {
				size = 2 * rest // a long line: grow rather than loop
			}
			nc := p.newChunk(size)
			copy(nc.buf, buf[start:end])
			p.releaseChunk(ch, 1)
			ch, buf, start, end = nc, nc.buf, 0, rest
		}
		n, err := p.in.Lines.Read(buf[end:])
		end += n
		if n == 0 && err == nil {
			if empty++; empty >= 100 {
				return io.ErrNoProgress
			}
			continue
		}
		empty = 0
		// One clock read per read call rather than one per record (franz-go
		// stamps unstamped records itself): lines that arrived together
		// share their creation time, to the millisecond Kafka keeps.
		var now time.Time
		if n > 0 {
			now = time.Now()
		}
		if lines := bytes.Count(buf[start:end], nl); lines > 0 {
			if !p.reserve(lines) {
				return nil
			}
			ch.refs.Add(int32(lines)) // the records about to point into ch
			for k := 0; k < lines; k++ {
				if p.stopping.Load() {
					ch.refs.Add(-int32(lines - k))
					p.unreserve(lines - k)
					return nil
				}
				i := bytes.IndexByte(buf[start:end], '\n')
				line := buf[start : start+i]
				start += i + 1
				if n := len(line); n > 0 && line[n-1] == '\r' {
					line = line[:n-1]
				}
				seq++
				p.produce(p.lineRecord(seq, line, now, ch))
			}
		}
		if err == io.EOF {
			// A final line without newline is a record too.
			if start < end {
				line := buf[start:end]
				start = end
				seq++
				ch.refs.Add(1)
				if !p.send(p.lineRecord(seq, line, now, ch)) {
					ch.refs.Add(-1)
					return nil
				}
			}
			p.inputDone.Store(true)
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readChunk is the size of the buffers stdin is read into.
const readChunk = 1 << 20

var nl = []byte{'\n'}

func (p *producer) lineRecord(seq int64, line []byte, ts time.Time, ch *chunk) *kgo.Record {
	r := p.newRecord(seq, ch)
	r.Timestamp = ts
	r.Key = p.in.Key
	if d := p.in.KeyDelimiter; len(d) > 0 {
		if i := bytes.Index(line, d); i >= 0 {
			r.Key = line[:i:i]
			line = line[i+len(d):]
		}
	}
	r.Value = line[:len(line):len(line)]
	return r
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
