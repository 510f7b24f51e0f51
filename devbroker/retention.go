package devbroker

import (
	"context"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Retention on the development broker.
//
// kfake stores retention.ms, retention.bytes, segment.ms and segment.bytes
// but applies them its own way: only on a timer that starts when a topic
// (not the broker) sets a retention config and that fires every
// log.cleaner.backoff.ms (an hour by default), batch by batch rather than by
// whole segments, and it never rolls a segment by time. So a broker started
// with -c log.retention.ms=2000 kept every record.
//
// The broker therefore runs its own retention, the way Kafka's log manager
// does, through kfake's public API only: every log.retention.check.interval.ms
// a retainer reads each partition's new batches through a client of the
// broker itself (only their headers matter: offsets, size on the log, max
// timestamp), cuts them into segments by Kafka's roll rule, deletes whole
// segments by Kafka's three rules (below the log start offset, over
// retention.bytes, older than retention.ms) and moves the log start offset
// to the first segment left with Cluster.DeleteRecords. The segments are a
// ledger kept beside kfake's own files, which are only its storage: what a
// client sees, the log start offset, moves by whole segments as on Kafka.
//
// Reading the batches back costs one extra read of every produced byte, in
// the background (each check reads only what arrived since the last one);
// forking kfake to change its retention would
// avoid that but would leave kafkit maintaining a copy of a 50,000-line
// package.

// defaultRetentionCheckMs is Kafka's log.retention.check.interval.ms
// default (5 minutes).
const defaultRetentionCheckMs = 300000

// cleanerBackoffOff is the log.cleaner.backoff.ms handed to kfake so that
// its own retention timer, which trims batch by batch, never fires (about
// 270 years); the retainer is the only retention.
const cleanerBackoffOff = "8640000000000"

// segment is one segment of a partition's log as Kafka would have cut it.
type segment struct {
	base    int64 // offset of its first batch
	size    int64 // bytes of its batches on the log
	firstTS int64 // max timestamp of its first batch: Kafka rolls by time from it
	maxTS   int64 // largest batch max timestamp, -1 while none is at or above 0
	created int64 // ms when the retainer opened it
	lastMod int64 // ms when the retainer last added a batch to it
}

// largestTimestamp is what Kafka's time retention compares: the segment's
// largest record timestamp, or its last modification time when no record
// has a timestamp.
func (s *segment) largestTimestamp() int64 {
	if s.maxTS >= 0 {
		return s.maxTS
	}
	return s.lastMod
}

// partLedger is one partition's segments and the offset scanned up to.
type partLedger struct {
	segs []segment
	next int64
}

// topicLedger is the ledger of one incarnation of a topic: a topic deleted
// and created again gets a new ID and a new ledger.
type topicLedger struct {
	id    [16]byte
	parts map[int32]*partLedger
}

// logSettings are the effective settings of one topic.
type logSettings struct {
	retentionMs    int64
	retentionBytes int64
	segmentMs      int64
	segmentBytes   int64
}

// retainer applies retention to every topic of the broker.
type retainer struct {
	c        *kfake.Cluster
	cl       *kgo.Client
	interval time.Duration
	freed    func() // called after records were deleted

	topics map[string]*topicLedger // only the run goroutine touches it
}

func newRetainer(c *kfake.Cluster, cl *kgo.Client, interval time.Duration, freed func()) *retainer {
	return &retainer{c: c, cl: cl, interval: interval, freed: freed, topics: map[string]*topicLedger{}}
}

// run checks every interval until ctx is done. The first check comes one
// interval after the start; Kafka's comes log.initial.task.delay.ms (an
// internal setting, 30 seconds) after it.
func (r *retainer) run(ctx context.Context) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.check(ctx)
		}
	}
}

// check runs one retention pass over every topic.
func (r *retainer) check(ctx context.Context) {
	adm := kadm.NewClient(r.cl)
	brokerCfgs, err := r.brokerConfigs(ctx, adm)
	if err != nil {
		return // the broker is closing or busy: the next check retries
	}
	topics, err := adm.ListTopics(ctx)
	if err != nil {
		return
	}
	seen := make(map[string]bool, len(topics))
	deleted := false
	for name := range topics {
		ti := r.c.TopicInfo(name)
		if ti == nil {
			continue // deleted since the listing
		}
		seen[name] = true
		tl := r.topics[name]
		if tl == nil || tl.id != ti.TopicID {
			tl = &topicLedger{id: ti.TopicID, parts: map[int32]*partLedger{}}
			r.topics[name] = tl
		}
		set := settingsFor(ti.Configs, brokerCfgs)
		for _, pi := range r.c.PartitionInfos(name) {
			pl := tl.parts[pi.Partition]
			if pl == nil {
				pl = &partLedger{next: pi.LogStartOffset}
				tl.parts[pi.Partition] = pl
			}
			if err := r.scan(ctx, name, ti.TopicID, pi, pl, set); err != nil {
				continue
			}
			if to, ok := pl.expire(time.Now().UnixMilli(), pi.LogStartOffset, set); ok {
				// An error means the log start moved past to
				// meanwhile (a DeleteRecords) or the topic went:
				// either way nothing is left to do.
				if r.c.DeleteRecords(name, pi.Partition, to) == nil {
					deleted = true
				}
			}
		}
	}
	for name := range r.topics {
		if !seen[name] {
			delete(r.topics, name)
		}
	}
	if deleted && r.freed != nil {
		r.freed()
	}
}

// brokerConfigs reads the broker's current configs: they can be changed
// while it runs (kafka-configs --entity-type brokers).
func (r *retainer) brokerConfigs(ctx context.Context, adm *kadm.Client) (map[string]string, error) {
	rcs, err := adm.DescribeBrokerConfigs(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, rc := range rcs {
		if rc.Err != nil {
			return nil, rc.Err
		}
		for _, c := range rc.Configs {
			out[c.Key] = c.MaybeValue()
		}
	}
	return out, nil
}

// settingsFor resolves a topic's settings as Kafka does: the topic's own
// config, else the broker's, else Kafka's default.
func settingsFor(topic map[string]*string, broker map[string]string) logSettings {
	get := func(topicName, brokerName string, def int64) int64 {
		if v, ok := topic[topicName]; ok && v != nil {
			if n, err := strconv.ParseInt(*v, 10, 64); err == nil {
				return n
			}
		}
		if v, ok := broker[brokerName]; ok {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return n
			}
		}
		return def
	}
	return logSettings{
		retentionMs:    get("retention.ms", "log.retention.ms", 604800000),
		retentionBytes: get("retention.bytes", "log.retention.bytes", -1),
		segmentMs:      get("segment.ms", "log.roll.ms", 604800000),
		// kfake's default (100 MiB), which DescribeConfigs reports, not
		// Kafka's 1 GiB: kfake also sizes its in-memory segment files
		// by it, and their buffers double as they grow.
		segmentBytes: get("segment.bytes", "log.segment.bytes", 100<<20),
	}
}

// scanMaxBytes bounds one fetch of the retainer.
const scanMaxBytes = 8 << 20

// scan reads the partition's batches from pl.next up to its high watermark
// and files them into segments.
func (r *retainer) scan(ctx context.Context, topic string, id [16]byte, pi *kfake.PartitionInfo, pl *partLedger, set logSettings) error {
	if pl.next < pi.LogStartOffset {
		// Records were deleted (DeleteRecords) before the retainer read
		// them: their sizes are unknown, so they count for nothing.
		pl.next = pi.LogStartOffset
	}
	for pl.next < pi.HighWatermark {
		req := kmsg.NewPtrFetchRequest()
		req.ReplicaID = -1
		req.MaxWaitMillis = 0
		req.MaxBytes = scanMaxBytes
		req.SessionEpoch = -1
		rt := kmsg.NewFetchRequestTopic()
		rt.Topic = topic
		rt.TopicID = id
		rp := kmsg.NewFetchRequestTopicPartition()
		rp.Partition = pi.Partition
		rp.FetchOffset = pl.next
		rp.CurrentLeaderEpoch = -1
		rp.LogStartOffset = -1
		rp.PartitionMaxBytes = scanMaxBytes
		rt.Partitions = append(rt.Partitions, rp)
		req.Topics = append(req.Topics, rt)
		resp, err := req.RequestWith(ctx, r.cl)
		if err != nil {
			return err
		}
		progressed := false
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				if p.Partition != pi.Partition || p.ErrorCode != 0 {
					continue
				}
				before := pl.next
				pl.add(p.RecordBatches, time.Now().UnixMilli(), set)
				progressed = progressed || pl.next > before
			}
		}
		if !progressed {
			return nil // nothing readable yet (or an error): next check
		}
	}
	return nil
}

// batchHeaderLen is the fixed part of a v2 record batch up to its record
// count.
const batchHeaderLen = 61

// add files the record batches in raw (a fetch response's bytes) into
// segments, from pl.next on.
func (pl *partLedger) add(raw []byte, now int64, set logSettings) {
	for len(raw) >= batchHeaderLen {
		base := int64(binary.BigEndian.Uint64(raw[0:]))
		length := int64(int32(binary.BigEndian.Uint32(raw[8:])))
		size := length + 12 // offset and length fields, then length bytes
		if length <= 0 || int64(len(raw)) < size {
			return // a partial batch at the end of the response
		}
		lastDelta := int64(int32(binary.BigEndian.Uint32(raw[23:])))
		maxTS := int64(binary.BigEndian.Uint64(raw[35:]))
		raw = raw[size:]
		end := base + lastDelta + 1
		if end <= pl.next {
			continue // already filed
		}
		pl.append(base, size, maxTS, now, set)
		pl.next = end
	}
}

// append adds one batch to the active segment, first rolling a new one when
// Kafka would: the batch would take the segment past segment.bytes, or its
// max timestamp is more than segment.ms past the segment's first batch's
// (for batches without timestamps, the segment is older than segment.ms).
func (pl *partLedger) append(base, size, maxTS, now int64, set logSettings) {
	if n := len(pl.segs); n > 0 {
		a := &pl.segs[n-1]
		waited := now - a.created
		if a.firstTS >= 0 {
			waited = maxTS - a.firstTS
		}
		if a.size > 0 && (a.size > set.segmentBytes-size || waited > set.segmentMs) {
			pl.segs = append(pl.segs, segment{base: base, firstTS: -1, maxTS: -1, created: now})
		}
	} else {
		pl.segs = append(pl.segs, segment{base: base, firstTS: -1, maxTS: -1, created: now})
	}
	a := &pl.segs[len(pl.segs)-1]
	if a.size == 0 {
		a.firstTS = maxTS
	}
	a.size += size
	if maxTS > a.maxTS {
		a.maxTS = maxTS
	}
	a.lastMod = now
}

// expire deletes whole segments as Kafka's retention check does, oldest
// first, in Kafka's order: those wholly below the log start offset, those
// over retention.bytes, those whose newest record is older than
// retention.ms. The active segment goes too when it qualifies (Kafka rolls
// a new, empty one first). It returns the new log start offset when it
// moved.
func (pl *partLedger) expire(now, logStart int64, set logSettings) (int64, bool) {
	drop := 0
	for drop+1 < len(pl.segs) && pl.segs[drop+1].base <= logStart {
		drop++
	}
	if set.retentionBytes >= 0 {
		var total int64
		for _, s := range pl.segs[drop:] {
			total += s.size
		}
		if total >= set.retentionBytes {
			diff := total - set.retentionBytes
			for drop < len(pl.segs) && diff-pl.segs[drop].size >= 0 && pl.segs[drop].size > 0 {
				diff -= pl.segs[drop].size
				drop++
			}
		}
	}
	if set.retentionMs >= 0 {
		for drop < len(pl.segs) && pl.segs[drop].size > 0 && now-pl.segs[drop].largestTimestamp() > set.retentionMs {
			drop++
		}
	}
	if drop == 0 {
		return 0, false
	}
	pl.segs = pl.segs[drop:]
	to := pl.next // every segment went: the log starts at its end
	if len(pl.segs) > 0 {
		to = pl.segs[0].base
	}
	if to <= logStart {
		return 0, false
	}
	return to, true
}
