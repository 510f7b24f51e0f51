package doctor

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

const noBroker = "no broker answered at its advertised address"

// checkVersions reports, for every broker that answered, the Kafka version
// its API versions point to and its finalized features.
func (r *run) checkVersions(_ context.Context) {
	if len(r.versions) == 0 {
		r.skip(CheckVersions, noBroker)
		return
	}
	guesses := map[string]bool{}
	for _, id := range r.versionIDs() {
		v := r.versions[id]
		guess := kversion.FromApiVersionsResponse(v).VersionGuess()
		guesses[guess] = true
		seen := fmt.Sprintf("Kafka %s (from the API versions it offers)", guess)
		if !strings.HasPrefix(guess, "v") {
			// Not a release's exact set of versions: a Kafka-compatible
			// broker (kafkit dev, Redpanda, ...) or a custom build.
			seen = fmt.Sprintf("its API versions match no Apache Kafka release (%s): a Kafka-compatible broker or a custom build", guess)
		}
		var feats []string
		for _, f := range v.FinalizedFeatures {
			feats = append(feats, fmt.Sprintf("%s=%d", f.Name, f.MaxVersionLevel))
		}
		if len(feats) > 0 {
			sort.Strings(feats)
			seen += "; finalized features: " + strings.Join(feats, ", ")
		}
		r.add(Result{Check: CheckVersions, Target: fmt.Sprintf("broker %d", id), Status: OK, Seen: seen})
	}
	if len(guesses) > 1 {
		var all []string
		for g := range guesses {
			all = append(all, g)
		}
		sort.Strings(all)
		r.add(Result{Check: CheckVersions, Status: Warning,
			Seen: "the brokers run different versions: " + strings.Join(all, ", "),
			Fix:  "finish the rolling upgrade (or downgrade) so that every broker runs the same version"})
	}
}

func (r *run) versionIDs() []int32 {
	ids := make([]int32, 0, len(r.versions))
	for id := range r.versions {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// need is something a client setting requires of every broker: an API, at
// least at some version.
type need struct {
	setting string // the setting, as the user wrote it
	what    string // what it needs, in words
	key     int16
	min     int16
	fix     string
}

// needs lists what the client settings require of the brokers.
func (r *run) needs() []need {
	var out []need
	value := func(cfgName string, get func(string) (string, bool)) string {
		v, _ := get(cfgName)
		return strings.ToLower(strings.TrimSpace(v))
	}
	prod := func(n string) (string, bool) {
		p, ok := r.opts.Producer.Value(n)
		return p.Value, ok
	}
	cons := func(n string) (string, bool) {
		p, ok := r.opts.Consumer.Value(n)
		return p.Value, ok
	}
	if gp := strings.ToLower(r.opts.Uses.GroupProtocol); gp == "consumer" {
		out = append(out, need{setting: "group.protocol=consumer", what: "the ConsumerGroupHeartbeat API (KIP-848's consumer group protocol)",
			key: int16(kmsg.ConsumerGroupHeartbeat), min: 0,
			fix: "set group.protocol=classic, or run Kafka 4.0 or later (KRaft), where the consumer group protocol is generally available"})
	}
	if id := r.opts.Uses.TransactionalID; id != "" {
		for _, k := range []kmsg.Key{kmsg.InitProducerID, kmsg.AddPartitionsToTxn, kmsg.EndTxn} {
			out = append(out, need{setting: "transactional.id=" + id, what: "the " + k.Name() + " API (transactions)", key: int16(k),
				fix: "transactions need Kafka 0.11 or later: upgrade the brokers or remove transactional.id"})
		}
	}
	acks := value("acks", prod)
	if idem := value("enable.idempotence", prod); idem != "false" && (acks == "" || acks == "all" || acks == "-1") {
		out = append(out, need{setting: "enable.idempotence (on by default)", what: "the InitProducerId API (idempotent producers)", key: int16(kmsg.InitProducerID),
			fix: "set enable.idempotence=false, or upgrade the brokers to Kafka 0.11 or later"})
	}
	if value("compression.type", prod) == "zstd" {
		out = append(out, need{setting: "compression.type=zstd", what: "Produce version 7 (zstd batches)", key: int16(kmsg.Produce), min: 7,
			fix: "choose lz4, snappy or gzip, or upgrade the brokers to Kafka 2.1 or later"})
	}
	if value("isolation.level", cons) == "read_committed" {
		out = append(out, need{setting: "isolation.level=read_committed", what: "Fetch version 4 (read committed)", key: int16(kmsg.Fetch), min: 4,
			fix: "upgrade the brokers to Kafka 0.11 or later, or read uncommitted"})
	}
	if v := value("group.instance.id", cons); v != "" {
		out = append(out, need{setting: "group.instance.id", what: "JoinGroup version 5 (static membership)", key: int16(kmsg.JoinGroup), min: 5,
			fix: "remove group.instance.id, or upgrade the brokers to Kafka 2.3 or later"})
	}
	return out
}

// checkFeatures compares what the client settings need with what every
// broker offers.
func (r *run) checkFeatures(ctx context.Context) {
	if len(r.versions) == 0 {
		r.skip(CheckFeatures, noBroker)
		return
	}
	needs := r.needs()
	failed := false
	var asked []string
	for _, n := range needs {
		asked = append(asked, n.setting)
		var lacking []string
		for _, id := range r.versionIDs() {
			vs := kversion.FromApiVersionsResponse(r.versions[id])
			if top, ok := vs.LookupMaxKeyVersion(n.key); !ok || top < n.min {
				lacking = append(lacking, fmt.Sprintf("broker %d (%s)", id, versionName(vs)))
			}
		}
		if len(lacking) == 0 {
			continue
		}
		failed = true
		r.featuresFailed = true
		r.add(Result{Check: CheckFeatures, Target: n.setting, Status: Error,
			Seen: fmt.Sprintf("%s needs %s, which %s does not offer", n.setting, n.what, strings.Join(lacking, ", ")),
			Fix:  n.fix})
	}
	if failed {
		return
	}
	seen := "the client settings need nothing beyond the basic APIs"
	if len(asked) > 0 {
		seen = fmt.Sprintf("every broker lists the APIs the client settings need (%s)", strings.Join(asked, ", "))
	}
	r.add(Result{Check: CheckFeatures, Status: OK, Seen: seen})
}

func versionName(vs *kversion.Versions) string {
	g := vs.VersionGuess()
	if strings.HasPrefix(g, "v") {
		return "Kafka " + g
	}
	return "API versions " + g
}

// checkConsumerProtocol tries group.protocol=consumer for real, once a group
// coordinator is known to answer: a broker may list ConsumerGroupHeartbeat
// and still refuse it (Kafka 3.x where the protocol is not enabled), and
// only a heartbeat tells.
func (r *run) checkConsumerProtocol(ctx context.Context) {
	if r.opts.Uses.GroupProtocol != "consumer" || !r.coordinator || r.featuresFailed {
		return
	}
	start := time.Now()
	err := r.tryConsumerProtocol(ctx)
	if ctx.Err() != nil {
		return
	}
	res := Result{Check: CheckFeatures, Target: "group.protocol=consumer", Timings: []Timing{timing("consumer group heartbeat", time.Since(start))}}
	if err != nil {
		var names []string
		for _, id := range r.versionIDs() {
			names = append(names, fmt.Sprintf("broker %d (%s)", id, versionName(kversion.FromApiVersionsResponse(r.versions[id]))))
		}
		res.Status = Error
		res.Seen = fmt.Sprintf("group.protocol=consumer needs KIP-848's consumer group protocol; %s %s its ConsumerGroupHeartbeat API, but the coordinator refuses a heartbeat: %v",
			strings.Join(names, ", "), plural(len(names), "lists", "list"), err)
		res.Fix = "set group.protocol=classic; the consumer protocol is generally available from Kafka 4.0 (KRaft); on 3.9 it needs KRaft and group.coordinator.rebalance.protocols=classic,consumer"
	} else {
		res.Status = OK
		res.Seen = "the group coordinator accepts a consumer group protocol heartbeat (the doctor's member left at once and its group was removed)"
		for _, id := range r.versionIDs() {
			vs := kversion.FromApiVersionsResponse(r.versions[id])
			if top, _ := vs.LookupMaxKeyVersion(int16(kmsg.ConsumerGroupHeartbeat)); top < 1 {
				// Kafka 3.7 to 3.9's early-access version: Java
				// clients of those releases speak it, franz-go
				// (kafkit consume) needs version 1.
				res.Status = Warning
				res.Seen += fmt.Sprintf("; broker %d serves only ConsumerGroupHeartbeat v%d, the early-access protocol of Kafka 3.7 to 3.9", id, top)
				res.Fix = "Java clients of 3.7 to 3.9 can use it; kafkit consume and other franz-go clients need version 1 (Kafka 4.0 or later) and refuse group.protocol=consumer here"
				break
			}
		}
	}
	r.add(res)
}

// tryConsumerProtocol joins the doctor's group with a ConsumerGroupHeartbeat
// and leaves it at once.
func (r *run) tryConsumerProtocol(ctx context.Context) error {
	cctx, cancel := r.bounded(ctx)
	defer cancel()
	for {
		err := r.heartbeatOnce(cctx)
		var ke *kerr.Error
		if err == nil || !errors.As(err, &ke) || !ke.Retriable {
			return err
		}
		// Retriable (the coordinator is loading): ask again until the
		// check's time is up.
		select {
		case <-cctx.Done():
			return fmt.Errorf("still %w after %s", err, r.opts.Timeout)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (r *run) heartbeatOnce(cctx context.Context) error {
	cl, err := r.adminClient()
	if err != nil {
		return err
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	req := kmsg.NewPtrConsumerGroupHeartbeatRequest()
	// A group of its own: a group once joined with the consumer protocol
	// keeps that type, and the round trip's group joins the classic way.
	req.Group = "kafkit-doctor-kip848-" + randomHex()
	req.MemberID = base64.RawURLEncoding.EncodeToString(id) // Kafka 4 wants the member to name itself
	req.RebalanceTimeoutMillis = 5000
	req.SubscribedTopicNames = []string{}
	req.Topics = []kmsg.ConsumerGroupHeartbeatRequestTopic{}
	resp, err := req.RequestWith(cctx, cl)
	if err != nil {
		return err
	}
	if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
		if resp.ErrorMessage != nil && *resp.ErrorMessage != "" {
			return fmt.Errorf("%w: %s", err, *resp.ErrorMessage)
		}
		return err
	}
	leave := kmsg.NewPtrConsumerGroupHeartbeatRequest()
	leave.Group = req.Group
	leave.MemberID = req.MemberID
	if resp.MemberID != nil {
		leave.MemberID = *resp.MemberID
	}
	leave.MemberEpoch = -1
	_, _ = leave.RequestWith(cctx, cl)
	_, _ = kadm.NewClient(cl).DeleteGroups(cctx, req.Group)
	return nil
}
