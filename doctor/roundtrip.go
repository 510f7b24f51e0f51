package doctor

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/client"
)

// maxListed is how many partitions a report names before "and N more".
const maxListed = 10

// checkPartitions lists offline and under-replicated partitions, as the
// bootstrap metadata shows them.
func (r *run) checkPartitions(ctx context.Context) {
	if r.meta == nil {
		r.skip(CheckPartitions, noBootstrap)
		return
	}
	// Fresh metadata: the coordinator check may have made
	// __consumer_offsets since the bootstrap.
	meta := r.meta
	if cl, err := r.seedClient(); err == nil {
		cctx, cancel := r.bounded(ctx)
		resp, err := request(cctx, cl.SeedBrokers()[0], kmsg.NewPtrMetadataRequest())
		cancel()
		if err == nil {
			meta = resp.(*kmsg.MetadataResponse)
		}
	}
	var offline, under []string
	topics := 0
	for _, t := range meta.Topics {
		if t.Topic == nil || t.ErrorCode != 0 && t.ErrorCode != kerr.LeaderNotAvailable.Code {
			continue
		}
		topics++
		for _, p := range t.Partitions {
			name := fmt.Sprintf("%s/%d", *t.Topic, p.Partition)
			switch {
			case p.Leader < 0 || p.ErrorCode == kerr.LeaderNotAvailable.Code:
				offline = append(offline, name)
			case len(p.ISR) < len(p.Replicas):
				under = append(under, fmt.Sprintf("%s (%d of %d replicas in sync)", name, len(p.ISR), len(p.Replicas)))
			}
		}
	}
	sort.Strings(offline)
	sort.Strings(under)
	if len(offline) > 0 {
		r.add(Result{Check: CheckPartitions, Status: Error,
			Seen: fmt.Sprintf("%d %s without a leader: %s", len(offline), plural(len(offline), "partition", "partitions"), list(offline)),
			Fix:  "bring back the brokers that hold their replicas; clients cannot produce to or read from these partitions until then"})
	}
	if len(under) > 0 {
		r.add(Result{Check: CheckPartitions, Status: Warning,
			Seen: fmt.Sprintf("%d under-replicated %s: %s", len(under), plural(len(under), "partition", "partitions"), list(under)),
			Fix:  "a broker is down or lagging: check the brokers; with acks=all, writes fail once fewer replicas than min.insync.replicas are in sync"})
	}
	switch {
	case len(offline) > 0 || len(under) > 0:
	case topics == 0:
		r.add(Result{Check: CheckPartitions, Status: OK, Seen: "no topic yet"})
	default:
		r.add(Result{Check: CheckPartitions, Status: OK,
			Seen: fmt.Sprintf("every partition of the %d %s has a leader and all its replicas in sync", topics, plural(topics, "topic", "topics"))})
	}
}

func list(names []string) string {
	if len(names) <= maxListed {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(names)-maxListed)
}

// adminClient is a client for the whole cluster, kept for the run.
func (r *run) adminClient() (*kgo.Client, error) {
	if r.admin != nil {
		return r.admin, nil
	}
	cl, err := r.opts.Admin.NewClient()
	if err != nil {
		return nil, err
	}
	r.admin = cl
	return cl, nil
}

// checkRoundTrip produces one record with acks=all and reads it back with a
// consumer group, the path every application takes, then removes what it
// made: the group, and the topic unless it existed or Keep.
func (r *run) checkRoundTrip(ctx context.Context) {
	switch {
	case r.meta == nil:
		r.skip(CheckRoundTrip, noBootstrap)
		return
	case r.reachable < len(r.meta.Brokers):
		r.skip(CheckRoundTrip, "not every broker answers at its advertised address (see above), so producers and consumers would hang on them")
		return
	case !r.coordinator:
		r.skip(CheckRoundTrip, "no group coordinator (see above), so a consumer group cannot read")
		return
	}
	topic := r.opts.Topic
	if topic == "" {
		topic = "kafkit-doctor-" + randomHex()
	}
	res := Result{Check: CheckRoundTrip, Target: topic}
	fail := func(err error, fix string) {
		res.Status, res.Seen, res.Fix = Error, err.Error(), fix
		if errors.Is(err, context.DeadlineExceeded) {
			res.Seen += fmt.Sprintf(" (--timeout %s)", r.opts.Timeout)
		}
		r.add(res)
	}
	cl, err := r.adminClient()
	if err != nil {
		fail(err, "")
		return
	}
	adm := kadm.NewClient(cl)
	rctx, cancel := r.bounded(ctx)
	defer cancel()

	// Whatever happens next, the group and a topic the doctor made go,
	// bounded on their own so that a round trip that ran out of time still
	// cleans up.
	created, joined, cleaned := false, false, false
	group := r.opts.Consumer.Group
	var cons *kgo.Client
	cleanup := func() string {
		cleaned = true
		if cons != nil {
			client.CloseBounded(cons, r.opts.Timeout) // leaves the group
		}
		cctx, cancel := r.bounded(ctx)
		defer cancel()
		var done, failed []string
		if joined {
			resp, err := adm.DeleteGroups(cctx, group)
			if err == nil {
				err = resp.Error()
			}
			if err != nil {
				failed = append(failed, fmt.Sprintf("group %s could not be removed: %v", group, err))
			} else {
				done = append(done, "group")
			}
		}
		if created && !r.opts.Keep {
			resp, err := adm.DeleteTopics(cctx, topic)
			if err == nil {
				err = resp.Error()
			}
			if err != nil {
				failed = append(failed, fmt.Sprintf("topic %s could not be removed: %v", topic, err))
			} else {
				done = append(done, "topic")
			}
		}
		var out []string
		if len(done) > 0 {
			out = append(out, strings.Join(done, " and ")+" removed")
		}
		switch {
		case created && r.opts.Keep:
			out = append(out, "topic kept (--keep)")
		case !created:
			out = append(out, "topic left as it was")
		}
		return strings.Join(append(out, failed...), "; ")
	}
	defer func() {
		if !cleaned {
			cleanup()
		}
	}()

	start := time.Now()
	exists := false
	if r.opts.Topic != "" {
		td, err := adm.ListTopics(rctx, topic)
		if err == nil {
			if d, ok := td[topic]; ok && d.Err == nil {
				exists = true
			}
		}
	}
	if !exists {
		cr, err := adm.CreateTopic(rctx, 1, -1, nil, topic)
		if err == nil {
			err = cr.Err
		}
		if err != nil {
			fix := ""
			if errors.Is(err, kerr.InvalidReplicationFactor) {
				fix = fmt.Sprintf("the broker's default.replication.factor is above the %d live %s: lower it", len(r.meta.Brokers), plural(len(r.meta.Brokers), "broker", "brokers"))
			} else if errors.Is(err, kerr.TopicAuthorizationFailed) || errors.Is(err, kerr.ClusterAuthorizationFailed) {
				fix = "this principal may not create topics: name an existing topic with --topic"
			}
			fail(fmt.Errorf("could not create topic %s: %w", topic, err), fix)
			return
		}
		created = true
		res.Timings = append(res.Timings, timing("create topic", time.Since(start)))
	}

	token := []byte("kafkit doctor " + randomHex())
	prod, err := r.opts.Producer.NewClient(kgo.RequiredAcks(kgo.AllISRAcks()))
	if err != nil {
		fail(err, "")
		return
	}
	start = time.Now()
	rec := &kgo.Record{Topic: topic, Key: []byte("kafkit-doctor"), Value: token}
	err = prod.ProduceSync(rctx, rec).FirstErr()
	client.CloseBounded(prod, time.Second)
	if err != nil {
		fix := "check the partitions check above and the broker logs"
		if errors.Is(err, kerr.NotEnoughReplicas) || errors.Is(err, kerr.NotEnoughReplicasAfterAppend) {
			fix = "fewer replicas are in sync than the topic's min.insync.replicas: bring brokers back or lower min.insync.replicas"
		}
		fail(fmt.Errorf("producing one record with acks=all to %s: %w", topic, err), fix)
		return
	}
	res.Timings = append(res.Timings, timing("produce (acks=all)", time.Since(start)))

	cons, err = r.opts.Consumer.NewClient(kgo.ConsumeTopics(topic),
		kgo.ConsumeStartOffset(kgo.NewOffset().AfterMilli(rec.Timestamp.UnixMilli())))
	if err != nil {
		fail(err, "")
		return
	}
	joined = true
	start = time.Now()
	var got *kgo.Record
	for got == nil {
		fs := cons.PollFetches(rctx)
		if err := rctx.Err(); err != nil {
			fail(fmt.Errorf("reading the record back with group %s: %w", group, err),
				"the group did not get the record in time: check the coordinator and consumer-offsets checks above, and the broker logs")
			return
		}
		var fetchErr error
		fs.EachError(func(_ string, _ int32, err error) {
			var ke *kerr.Error
			if errors.As(err, &ke) && !ke.Retriable {
				fetchErr = err
			}
		})
		if fetchErr != nil {
			fail(fmt.Errorf("reading the record back with group %s: %w", group, fetchErr), "")
			return
		}
		fs.EachRecord(func(fr *kgo.Record) {
			if bytes.Equal(fr.Value, token) {
				got = fr
			}
		})
	}
	res.Timings = append(res.Timings, timing("consume (join group, fetch)", time.Since(start)))
	start = time.Now()
	if err := cons.CommitRecords(rctx, got); err != nil {
		fail(fmt.Errorf("committing the group's offset: %w", err), "the group coordinator refused the commit: check the consumer-offsets check above")
		return
	}
	res.Timings = append(res.Timings, timing("commit", time.Since(start)))

	res.Status = OK
	total := time.Duration(0)
	for _, t := range res.Timings {
		total += t.duration
	}
	res.Seen = fmt.Sprintf("produced one record with acks=all to %s (partition %d, offset %d) and read it back with group %s in %s; %s",
		topic, got.Partition, got.Offset, group, total.Round(time.Millisecond), cleanup())
	r.add(res)
}

func randomHex() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
