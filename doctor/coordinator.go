package doctor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// internal describes one of Kafka's internal topics and the broker configs
// that shape it.
type internal struct {
	topic    string
	rfConfig string // the broker config giving its replication factor
	envVar   string // that config as a Confluent image's environment variable
	purpose  string
}

var (
	offsetsTopic = internal{topic: "__consumer_offsets", rfConfig: "offsets.topic.replication.factor",
		envVar: "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", purpose: "consumer groups"}
	txnTopic = internal{topic: "__transaction_state", rfConfig: "transaction.state.log.replication.factor",
		envVar: "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", purpose: "transactions"}
)

// topicState is what the cluster says about an internal topic.
type topicState struct {
	exists     bool
	partitions int
	rf         int
	offline    int
	// wantRF is the configured replication factor (0 when the broker
	// configs could not be read) and brokers the brokers alive now.
	wantRF  int
	brokers int
	err     error // the metadata request failed
}

// cannotCreate says whether a missing topic can never be created: Kafka
// refuses to create an internal topic with fewer live brokers than its
// replication factor.
func (s topicState) cannotCreate() bool { return !s.exists && s.wantRF > s.brokers }

// stateOf asks the bootstrap broker about an internal topic.
func (r *run) stateOf(ctx context.Context, it internal) topicState {
	st := topicState{brokers: len(r.meta.Brokers)}
	if cfgs, err := r.anyConfigs(ctx); err == nil {
		st.wantRF, _ = strconv.Atoi(cfgs[it.rfConfig])
	}
	cl, err := r.seedClient()
	if err != nil {
		st.err = err
		return st
	}
	req := kmsg.NewPtrMetadataRequest()
	mt := kmsg.NewMetadataRequestTopic()
	mt.Topic = kmsg.StringPtr(it.topic)
	req.Topics = append(req.Topics, mt)
	cctx, cancel := r.bounded(ctx)
	defer cancel()
	resp, err := request(cctx, cl.SeedBrokers()[0], req)
	if err != nil {
		st.err = err
		return st
	}
	m := resp.(*kmsg.MetadataResponse)
	st.brokers = len(m.Brokers)
	for _, t := range m.Topics {
		if t.Topic == nil || *t.Topic != it.topic || t.ErrorCode == kerr.UnknownTopicOrPartition.Code {
			continue
		}
		st.exists = true
		st.partitions = len(t.Partitions)
		for _, p := range t.Partitions {
			st.rf = max(st.rf, len(p.Replicas))
			if p.Leader < 0 {
				st.offline++
			}
		}
	}
	return st
}

// findCoordinator asks, over the bootstrap connection, for the coordinator
// of key (a group, or a transactional id when txn).
func (r *run) findCoordinator(ctx context.Context, key string, txn bool) (id int32, addr string, err error) {
	cl, err := r.seedClient()
	if err != nil {
		return -1, "", err
	}
	req := kmsg.NewPtrFindCoordinatorRequest()
	req.CoordinatorKey = key
	req.CoordinatorKeys = []string{key}
	if txn {
		req.CoordinatorType = 1
	}
	resp, err := request(ctx, cl.SeedBrokers()[0], req)
	if err != nil {
		return -1, "", err
	}
	fr := resp.(*kmsg.FindCoordinatorResponse)
	code, node, host, port, msg := fr.ErrorCode, fr.NodeID, fr.Host, fr.Port, fr.ErrorMessage
	if len(fr.Coordinators) > 0 {
		c := fr.Coordinators[0]
		code, node, host, port, msg = c.ErrorCode, c.NodeID, c.Host, c.Port, c.ErrorMessage
	}
	if err := kerr.ErrorForCode(code); err != nil {
		if msg != nil && *msg != "" && *msg != err.Error() {
			return -1, "", fmt.Errorf("%w (%s)", err, *msg)
		}
		return -1, "", err
	}
	return node, net.JoinHostPort(host, strconv.Itoa(int(port))), nil
}

// waitCoordinator asks until a coordinator is found, a non-retriable error
// comes back, or the check's time is up. Kafka answers "not available"
// while it creates the internal topic on first use, which takes a moment.
func (r *run) waitCoordinator(ctx context.Context, key string, txn bool, it internal) (int32, string, topicState, error) {
	cctx, cancel := r.bounded(ctx)
	defer cancel()
	for {
		id, addr, err := r.findCoordinator(cctx, key, txn)
		if err == nil {
			return id, addr, topicState{}, nil
		}
		var ke *kerr.Error
		if !errors.As(err, &ke) || !ke.Retriable {
			return -1, "", topicState{}, err
		}
		// Retriable: when the internal topic cannot be created, it
		// never will be, and there is no point in waiting.
		if st := r.stateOf(cctx, it); st.cannotCreate() {
			return -1, "", st, err
		}
		select {
		case <-cctx.Done():
			return -1, "", topicState{}, fmt.Errorf("still %w after %s", err, r.opts.Timeout)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (r *run) groupKey() string {
	if r.opts.Uses.GroupID != "" {
		return r.opts.Uses.GroupID
	}
	return r.opts.Consumer.Group
}

// checkCoordinator looks for the coordinator of the application's group
// (or of the doctor's own): without one no consumer group works.
func (r *run) checkCoordinator(ctx context.Context) {
	if r.meta == nil {
		r.skip(CheckCoordinator, noBootstrap)
		return
	}
	group := r.groupKey()
	res := Result{Check: CheckCoordinator, Target: "group " + group}
	start := time.Now()
	id, addr, st, err := r.waitCoordinator(ctx, group, false, offsetsTopic)
	if ctx.Err() != nil {
		return
	}
	res.Timings = []Timing{timing("find coordinator", time.Since(start))}
	if err != nil {
		res.Status = Error
		res.Seen = fmt.Sprintf("no coordinator for group %s: %v", group, err)
		switch {
		case st.cannotCreate():
			res.Seen += fmt.Sprintf("; %s cannot be created: %s=%d but %d %s alive", offsetsTopic.topic, offsetsTopic.rfConfig, st.wantRF, st.brokers, plural(st.brokers, "broker is", "brokers are"))
			res.Fix = rfFix(offsetsTopic, st)
		default:
			res.Fix = fmt.Sprintf("the broker cannot load or create %s: check the consumer-offsets check below and the broker logs", offsetsTopic.topic)
		}
		r.add(res)
		return
	}
	r.coordinator = true
	res.Status = OK
	res.Seen = fmt.Sprintf("broker %d (%s) coordinates group %s", id, addr, group)
	r.add(res)
}

func rfFix(it internal, st topicState) string {
	return fmt.Sprintf("set %s=%d on the brokers (%s=%d in a Confluent image's environment), or run at least %d brokers; then restart them",
		it.rfConfig, st.brokers, it.envVar, st.brokers, st.wantRF)
}

// checkOffsetsTopic checks __consumer_offsets.
func (r *run) checkOffsetsTopic(ctx context.Context) {
	r.checkInternal(ctx, CheckOffsetsTopic, offsetsTopic, true, r.coordinator, "")
}

// checkTransactionTopic checks __transaction_state, and the transaction
// coordinator when the application uses transactions; a problem is only a
// warning when it does not.
func (r *run) checkTransactionTopic(ctx context.Context) {
	if r.meta == nil {
		r.skip(CheckTransactionTopic, noBootstrap)
		return
	}
	id := r.opts.Uses.TransactionalID
	if id == "" {
		r.checkInternal(ctx, CheckTransactionTopic, txnTopic, false, false, "")
		return
	}
	start := time.Now()
	node, addr, st, err := r.waitCoordinator(ctx, id, true, txnTopic)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		res := Result{Check: CheckTransactionTopic, Target: txnTopic.topic, Status: Error,
			Seen:    fmt.Sprintf("no transaction coordinator for transactional.id %s: %v", id, err),
			Timings: []Timing{timing("find coordinator", time.Since(start))}}
		if st.cannotCreate() {
			res.Seen += fmt.Sprintf("; %s cannot be created: %s=%d but %d %s alive", txnTopic.topic, txnTopic.rfConfig, st.wantRF, st.brokers, plural(st.brokers, "broker is", "brokers are"))
			res.Fix = rfFix(txnTopic, st)
		} else {
			res.Fix = "the broker cannot load or create __transaction_state: check the broker logs (transaction.state.log.min.isr must not exceed the live brokers)"
		}
		r.add(res)
		return
	}
	r.checkInternal(ctx, CheckTransactionTopic, txnTopic, true, true,
		fmt.Sprintf("; broker %d (%s) coordinates transactional.id %s", node, addr, id))
}

// checkInternal reports an internal topic's state. used says whether the
// application needs it (a problem is then an error, a warning otherwise);
// served that its coordinator answered; extra is added to what was seen.
func (r *run) checkInternal(ctx context.Context, check string, it internal, used, served bool, extra string) {
	if r.meta == nil {
		r.skip(check, noBootstrap)
		return
	}
	st := r.stateOf(ctx, it)
	if ctx.Err() != nil {
		return
	}
	bad := Error
	if !used {
		bad = Warning
	}
	res := Result{Check: check, Target: it.topic}
	switch {
	case st.err != nil:
		res.Status, res.Seen = bad, fmt.Sprintf("could not ask for %s: %v", it.topic, st.err)
	case st.exists && st.offline > 0:
		res.Status = bad
		res.Seen = fmt.Sprintf("%s exists, but %d of its %d partitions have no leader", it.topic, st.offline, st.partitions)
		res.Fix = fmt.Sprintf("bring back the brokers holding them; %s on those partitions fail until then", it.purpose)
	case st.exists && st.rf > st.brokers:
		res.Status = Warning
		res.Seen = fmt.Sprintf("%s exists with replication factor %d, above the %d live %s: it stays under-replicated", it.topic, st.rf, st.brokers, plural(st.brokers, "broker", "brokers"))
		res.Fix = "bring the missing brokers back, or reassign its partitions to the live ones (kafka-reassign-partitions)"
	case st.exists:
		res.Status = OK
		res.Seen = fmt.Sprintf("%s exists: %d partitions, replication factor %d, %d live %s", it.topic, st.partitions, st.rf, st.brokers, plural(st.brokers, "broker", "brokers"))
	case st.cannotCreate():
		res.Status = bad
		res.Seen = fmt.Sprintf("%s does not exist and cannot be created: %s=%d but %d %s alive", it.topic, it.rfConfig, st.wantRF, st.brokers, plural(st.brokers, "broker is", "brokers are"))
		if !used {
			res.Seen += fmt.Sprintf(" (this matters once %s are used)", it.purpose)
		}
		res.Fix = rfFix(it, st)
	case st.wantRF > 0:
		res.Status = OK
		res.Seen = fmt.Sprintf("%s does not exist yet; it will be created on first use with replication factor %d (%d live %s)", it.topic, st.wantRF, st.brokers, plural(st.brokers, "broker", "brokers"))
	case served:
		res.Status = OK
		res.Seen = fmt.Sprintf("the broker does not list %s, but its coordinator answers", it.topic)
	default:
		res.Status = OK
		res.Seen = fmt.Sprintf("%s does not exist yet, and the broker does not show %s: it cannot be checked before first use", it.topic, it.rfConfig)
	}
	res.Seen += extra
	r.add(res)
}
