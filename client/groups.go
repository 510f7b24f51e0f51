package client

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// The group protocols, as ListGroups v5 names them: classic is the
// JoinGroup/SyncGroup protocol every Kafka version has; consumer is the
// broker-assigned protocol of KIP-848.
const (
	ProtocolClassic  = "classic"
	ProtocolConsumer = "consumer"
)

// GroupSummary is a group as `kafkit group list` shows it.
type GroupSummary struct {
	Name  string `json:"name"`
	State string `json:"state"`
	// Protocol is classic or consumer (KIP-848).
	Protocol string `json:"protocol"`
	// ProtocolType is what the members are: consumer for consumers,
	// connect for Kafka Connect workers; empty for a group that only
	// holds offsets committed by an admin tool.
	ProtocolType string `json:"protocol_type"`
	Members      int    `json:"members"`
	Coordinator  int32  `json:"coordinator"`
	// Lag is the sum of the lags of the partitions with a committed
	// offset, as kafka-consumer-groups counts them.
	Lag int64 `json:"lag"`
}

// Group is a group as `kafkit group describe` shows it.
type Group struct {
	Name         string `json:"name"`
	State        string `json:"state"`
	Protocol     string `json:"protocol"`
	ProtocolType string `json:"protocol_type"`
	// Assignor is the partition assignor the group uses (range,
	// cooperative-sticky, uniform, ...); empty while none is chosen.
	Assignor    string        `json:"assignor"`
	Coordinator Coordinator   `json:"coordinator"`
	Members     []GroupMember `json:"members"`
	Offsets     []GroupOffset `json:"offsets"`
	// Lag sums the lags of Offsets.
	Lag int64 `json:"lag"`
}

// Coordinator is the broker that manages a group.
type Coordinator struct {
	ID   int32  `json:"id"`
	Host string `json:"host"`
	Port int32  `json:"port"`
}

func (c Coordinator) String() string { return fmt.Sprintf("%s:%d (id %d)", c.Host, c.Port, c.ID) }

// GroupMember is one member of a group and the partitions it owns.
type GroupMember struct {
	ID         string            `json:"id"`
	InstanceID string            `json:"instance_id,omitempty"`
	ClientID   string            `json:"client_id"`
	Host       string            `json:"host"`
	Assigned   []TopicPartitions `json:"assigned"`
}

// TopicPartitions is a topic and some of its partitions, sorted.
type TopicPartitions struct {
	Topic      string  `json:"topic"`
	Partitions []int32 `json:"partitions"`
}

// GroupOffset is one partition a group owns or has committed an offset for.
type GroupOffset struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	// Committed is the group's committed offset; nil when it has none.
	Committed *int64 `json:"committed"`
	// End is the partition's log end offset; nil when it could not be
	// listed.
	End *int64 `json:"log_end"`
	// Lag is End minus Committed; nil when either is unknown (as
	// kafka-consumer-groups prints "-").
	Lag *int64 `json:"lag"`
	// MemberID, ClientID and Host name the member that owns the
	// partition; empty when no member does.
	MemberID string `json:"member_id,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	Host     string `json:"host,omitempty"`
}

// GroupError is an operation that failed for one group.
type GroupError struct {
	Group  string
	Err    error
	Detail string
}

func (e *GroupError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("group %s: %v (%s)", e.Group, e.Err, e.Detail)
	}
	return fmt.Sprintf("group %s: %v", e.Group, e.Err)
}

func (e *GroupError) Unwrap() error { return e.Err }

// ErrNoGroup says that a group does not exist: the broker knows no member
// and no committed offset for it.
var ErrNoGroup = errors.New("no such group (no member, no committed offset)")

// ListGroups returns every group the cluster knows, sorted by name, each
// with its members and total lag.
func ListGroups(ctx context.Context, cl *kgo.Client) ([]GroupSummary, error) {
	return retryCoordinator(ctx, func() ([]GroupSummary, error) { return listGroups(ctx, cl) })
}

func listGroups(ctx context.Context, cl *kgo.Client) ([]GroupSummary, error) {
	listed, err := kadm.NewClient(cl).ListGroups(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing groups: %w", err)
	}
	groups, err := describeGroups(ctx, cl, listed.Groups())
	out := make([]GroupSummary, 0, len(groups))
	for _, g := range groups {
		out = append(out, GroupSummary{Name: g.Name, State: g.State, Protocol: g.Protocol, ProtocolType: g.ProtocolType,
			Members: len(g.Members), Coordinator: g.Coordinator.ID, Lag: g.Lag})
	}
	return out, err
}

// consumerProtocolGroups returns the groups among names that use the
// consumer protocol (KIP-848). A broker older than ListGroups v5 (Kafka
// 3.8) cannot filter by type, and cannot host such groups either.
func consumerProtocolGroups(ctx context.Context, adm *kadm.Client) (map[string]bool, error) {
	versions, err := adm.ApiVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("asking the broker's API versions: %w", err)
	}
	for _, v := range versions {
		if v.Err != nil {
			continue
		}
		if max, ok := v.KeyMaxVersion(int16(kmsg.ListGroups)); !ok || max < 5 {
			return map[string]bool{}, nil
		}
	}
	listed, err := adm.ListGroupsByType(ctx, []string{ProtocolConsumer})
	if err != nil {
		return nil, fmt.Errorf("listing consumer-protocol groups: %w", err)
	}
	out := make(map[string]bool, len(listed))
	for name := range listed {
		out[name] = true
	}
	return out, nil
}

// DescribeGroups describes each named group in the order given: state,
// protocol, coordinator, members and, per partition, the committed offset,
// the log end offset and the lag. A group that cannot be described, or
// does not exist, is a *GroupError in the joined error; the others are
// still returned.
func DescribeGroups(ctx context.Context, cl *kgo.Client, names []string) ([]Group, error) {
	return retryCoordinator(ctx, func() ([]Group, error) { return describeGroups(ctx, cl, names) })
}

func describeGroups(ctx context.Context, cl *kgo.Client, names []string) ([]Group, error) {
	adm := kadm.NewClient(cl)
	next, err := consumerProtocolGroups(ctx, adm)
	if err != nil {
		return nil, err
	}
	var classic, consumer []string
	for _, n := range names {
		if next[n] {
			consumer = append(consumer, n)
		} else {
			classic = append(classic, n)
		}
	}
	found := map[string]Group{}
	failed := map[string]error{}
	if len(classic) > 0 {
		lags, err := adm.Lag(ctx, classic...)
		if err != nil {
			return nil, fmt.Errorf("describing groups: %w", err)
		}
		for _, name := range classic {
			l, ok := lags[name]
			switch {
			case !ok:
				failed[name] = errors.New("the broker did not answer for this group")
			case l.Error() != nil:
				failed[name] = l.Error()
			default:
				found[name] = classicGroup(l)
			}
		}
	}
	if len(consumer) > 0 {
		if err := describeConsumerGroups(ctx, cl, adm, consumer, found, failed); err != nil {
			return nil, err
		}
	}
	var out []Group
	var errs []error
	for _, name := range names {
		if err, ok := failed[name]; ok {
			errs = append(errs, groupErr(name, err))
			continue
		}
		g := found[name]
		if (g.State == "Dead" || g.State == "") && len(g.Members) == 0 && len(g.Offsets) == 0 {
			errs = append(errs, &GroupError{Group: name, Err: ErrNoGroup})
			continue
		}
		out = append(out, g)
	}
	return out, errors.Join(errs...)
}

// retryCoordinator runs f again while a group coordinator is not ready
// (loading, or not yet elected on a new cluster), until ctx ends, as the
// Java admin client retries these errors until its timeout. Giving up, it
// explains the error.
func retryCoordinator[T any](ctx context.Context, f func() (T, error)) (T, error) {
	for {
		v, err := f()
		if !errors.Is(err, kerr.CoordinatorNotAvailable) && !errors.Is(err, kerr.CoordinatorLoadInProgress) && !errors.Is(err, kerr.NotCoordinator) {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, coordinatorHint(err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// coordinatorHint explains the errors of a group coordinator that is not
// ready: on a new cluster, the first group request creates the offsets
// topic, which takes a few seconds.
func coordinatorHint(err error) error {
	if errors.Is(err, kerr.CoordinatorNotAvailable) || errors.Is(err, kerr.CoordinatorLoadInProgress) {
		return fmt.Errorf("%w (the group coordinator is not ready yet: a new cluster creates __consumer_offsets on first use; try again in a few seconds)", err)
	}
	return err
}

func groupErr(group string, err error) error {
	var ke *kerr.Error
	if errors.As(err, &ke) && ke == kerr.GroupIDNotFound {
		err = ErrNoGroup
	}
	return &GroupError{Group: group, Err: err}
}

func coordinator(b kadm.BrokerDetail) Coordinator {
	return Coordinator{ID: b.NodeID, Host: b.Host, Port: b.Port}
}

func topicPartitions(s kadm.TopicsSet) []TopicPartitions {
	out := []TopicPartitions{}
	for _, t := range s.Sorted() {
		ps := append([]int32(nil), t.Partitions...)
		sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
		out = append(out, TopicPartitions{Topic: t.Topic, Partitions: ps})
	}
	return out
}

// classicGroup turns kadm's lag of a classic group into a Group.
func classicGroup(l kadm.DescribedGroupLag) Group {
	g := Group{Name: l.Group, State: l.State, Protocol: ProtocolClassic, ProtocolType: l.ProtocolType,
		Assignor: l.Protocol, Coordinator: coordinator(l.Coordinator), Members: []GroupMember{}, Offsets: []GroupOffset{}}
	for _, m := range l.Members {
		gm := GroupMember{ID: m.MemberID, ClientID: m.ClientID, Host: m.ClientHost, Assigned: []TopicPartitions{}}
		if m.InstanceID != nil {
			gm.InstanceID = *m.InstanceID
		}
		if a, ok := m.Assigned.AsConsumer(); ok {
			s := kadm.TopicsSet{}
			for _, t := range a.Topics {
				s.Add(t.Topic, t.Partitions...)
			}
			gm.Assigned = topicPartitions(s)
		}
		g.Members = append(g.Members, gm)
	}
	for _, ml := range l.Lag.Sorted() {
		o := GroupOffset{Topic: ml.Topic, Partition: ml.Partition}
		if ml.Commit.At >= 0 {
			o.Committed = ptr(ml.Commit.At)
		}
		if ml.End.Err == nil && ml.End.Offset >= 0 {
			o.End = ptr(ml.End.Offset)
		}
		if ml.Member != nil {
			o.MemberID, o.ClientID, o.Host = ml.Member.MemberID, ml.Member.ClientID, ml.Member.ClientHost
		} else if o.Committed == nil {
			// OffsetFetch may answer -1 for a partition the group never
			// committed; kafka-consumer-groups leaves it out.
			continue
		}
		g.addOffset(o)
	}
	return g
}

func ptr[T any](v T) *T { return &v }

// addOffset fills o's lag, as kafka-consumer-groups computes it (log end
// minus committed, only when both are known), and adds it.
func (g *Group) addOffset(o GroupOffset) {
	if o.Committed != nil && o.End != nil {
		o.Lag = ptr(*o.End - *o.Committed)
		g.Lag += *o.Lag
	}
	g.Offsets = append(g.Offsets, o)
}

// describeConsumerGroups describes groups of the consumer protocol
// (KIP-848), whose members the classic DescribeGroups does not show: the
// members from ConsumerGroupDescribe, the commits from OffsetFetch and
// the ends from ListOffsets, all through kadm.
func describeConsumerGroups(ctx context.Context, cl *kgo.Client, adm *kadm.Client, names []string, found map[string]Group, failed map[string]error) error {
	described, err := adm.DescribeConsumerGroups(ctx, names...)
	var se *kadm.ShardErrors
	if err != nil && !errors.As(err, &se) {
		return fmt.Errorf("describing consumer-protocol groups: %w", err)
	}
	if err := nameAssignedTopics(ctx, cl, adm, described); err != nil {
		return err
	}
	fetched := adm.FetchManyOffsets(ctx, names...)
	topics := kadm.TopicsSet{}
	for _, name := range names {
		d, ok := described[name]
		if !ok || d.Err != nil {
			continue
		}
		topics.Merge(d.AssignedPartitions())
		topics.Merge(fetched[name].Fetched.Partitions())
	}
	var ends kadm.ListedOffsets
	if ts := topics.Topics(); len(ts) > 0 {
		ends, err = adm.ListEndOffsets(ctx, ts...)
		if err != nil && !errors.As(err, &se) {
			return fmt.Errorf("listing end offsets: %w", err)
		}
	}
	for _, name := range names {
		d, ok := described[name]
		switch {
		case !ok:
			failed[name] = errors.New("the broker did not answer for this group")
			continue
		case d.Err != nil:
			failed[name] = d.Err
			continue
		case fetched[name].Err != nil:
			failed[name] = fmt.Errorf("fetching committed offsets: %w", fetched[name].Err)
			continue
		}
		g := Group{Name: name, State: d.State, Protocol: ProtocolConsumer, ProtocolType: "consumer", Assignor: d.AssignorName,
			Coordinator: coordinator(d.Coordinator), Members: []GroupMember{}, Offsets: []GroupOffset{}}
		owner := map[string]map[int32]kadm.ConsumerGroupMember{}
		for _, m := range d.Members {
			gm := GroupMember{ID: m.MemberID, ClientID: m.ClientID, Host: m.ClientHost, Assigned: topicPartitions(m.Assignment)}
			if m.InstanceID != nil {
				gm.InstanceID = *m.InstanceID
			}
			g.Members = append(g.Members, gm)
			m.Assignment.Each(func(t string, p int32) {
				if owner[t] == nil {
					owner[t] = map[int32]kadm.ConsumerGroupMember{}
				}
				owner[t][p] = m
			})
		}
		parts := d.AssignedPartitions()
		parts.Merge(fetched[name].Fetched.Partitions())
		for _, t := range parts.Sorted() {
			ps := append([]int32(nil), t.Partitions...)
			sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
			for _, p := range ps {
				o := GroupOffset{Topic: t.Topic, Partition: p}
				if c, ok := fetched[name].Fetched.Lookup(t.Topic, p); ok && c.Err == nil && c.At >= 0 {
					o.Committed = ptr(c.At)
				}
				if e, ok := ends.Lookup(t.Topic, p); ok && e.Err == nil && e.Offset >= 0 {
					o.End = ptr(e.Offset)
				}
				if m, ok := owner[t.Topic][p]; ok {
					o.MemberID, o.ClientID, o.Host = m.MemberID, m.ClientID, m.ClientHost
				} else if o.Committed == nil {
					continue
				}
				g.addOffset(o)
			}
		}
		found[name] = g
	}
	return nil
}

// nameAssignedTopics fills in the topic names of assignments that carry only
// topic IDs. ConsumerGroupDescribe has both, and Kafka sends both; kfake
// sends only the ID, which kadm, keeping names alone, turns into "". The
// request is sent again, raw, to read the IDs, and each is looked up in the
// cluster's metadata.
func nameAssignedTopics(ctx context.Context, cl *kgo.Client, adm *kadm.Client, described kadm.DescribedConsumerGroups) error {
	var missing []string
	for name, d := range described {
		for _, m := range d.Members {
			if _, ok := m.Assignment[""]; ok {
				missing = append(missing, name)
				break
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	topics, err := adm.ListTopicsWithInternal(ctx)
	if err != nil {
		return fmt.Errorf("reading topic metadata: %w", err)
	}
	byID := map[kadm.TopicID]string{}
	for _, t := range topics {
		byID[t.ID] = t.Topic
	}
	req := kmsg.NewPtrConsumerGroupDescribeRequest()
	req.Groups = missing
	shards := cl.RequestSharded(ctx, req)
	for _, sh := range shards {
		if sh.Err != nil {
			return fmt.Errorf("describing consumer-protocol groups: %w", sh.Err)
		}
		for _, rg := range sh.Resp.(*kmsg.ConsumerGroupDescribeResponse).Groups {
			d, ok := described[rg.Group]
			if !ok {
				continue
			}
			for _, rm := range rg.Members {
				for i := range d.Members {
					m := &d.Members[i]
					if m.MemberID != rm.MemberID {
						continue
					}
					delete(m.Assignment, "")
					for _, tp := range rm.Assignment.TopicPartitions {
						name := tp.Topic
						if name == "" {
							name = byID[tp.TopicID]
						}
						if name == "" {
							name = "(topic id " + kadm.TopicID(tp.TopicID).String() + ")"
						}
						m.Assignment.Add(name, tp.Partitions...)
					}
				}
			}
			described[rg.Group] = d
		}
	}
	return nil
}

// DeleteGroups deletes the named groups with their committed offsets and
// returns those deleted, in the order given. A group with active members
// cannot be deleted (NON_EMPTY_GROUP). Every failure is a *GroupError in
// the joined error.
func DeleteGroups(ctx context.Context, cl *kgo.Client, names []string) ([]string, error) {
	return retryCoordinator(ctx, func() ([]string, error) { return deleteGroups(ctx, cl, names) })
}

func deleteGroups(ctx context.Context, cl *kgo.Client, names []string) ([]string, error) {
	resps, err := kadm.NewClient(cl).DeleteGroups(ctx, names...)
	if err != nil {
		return nil, fmt.Errorf("deleting groups: %w", err)
	}
	var out []string
	var errs []error
	for _, name := range names {
		r, ok := resps[name]
		switch {
		case !ok:
			errs = append(errs, &GroupError{Group: name, Err: errors.New("the broker did not answer for this group")})
		case r.Err != nil:
			errs = append(errs, &GroupError{Group: name, Err: deleteGroupErr(r.Err), Detail: r.ErrMessage})
		default:
			out = append(out, name)
		}
	}
	return out, errors.Join(errs...)
}

func deleteGroupErr(err error) error {
	switch {
	case errors.Is(err, kerr.NonEmptyGroup):
		return fmt.Errorf("%w (stop its consumers first)", err)
	case errors.Is(err, kerr.GroupIDNotFound):
		return ErrNoGroup
	}
	return err
}

// DeletedOffset is the outcome of deleting one partition's committed
// offset.
type DeletedOffset struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Error     string `json:"error,omitempty"`
}

// DeleteOffsets deletes group's committed offsets for the selected
// partitions (a selection without partitions means all of the topic's).
// The broker refuses a partition of a topic that active members of the
// group subscribe to (GROUP_SUBSCRIBED_TO_TOPIC). Each partition's outcome
// is returned; the error joins the failures.
func DeleteOffsets(ctx context.Context, cl *kgo.Client, group string, sel []TopicPartitions) ([]DeletedOffset, error) {
	return retryCoordinator(ctx, func() ([]DeletedOffset, error) { return deleteOffsets(ctx, cl, group, sel) })
}

func deleteOffsets(ctx context.Context, cl *kgo.Client, group string, sel []TopicPartitions) ([]DeletedOffset, error) {
	adm := kadm.NewClient(cl)
	set, err := resolvePartitions(ctx, adm, sel)
	if err != nil {
		return nil, err
	}
	resps, err := adm.DeleteOffsets(ctx, group, set)
	if err != nil {
		if errors.Is(err, kerr.GroupIDNotFound) {
			err = ErrNoGroup
		}
		return nil, &GroupError{Group: group, Err: err}
	}
	var out []DeletedOffset
	var errs []error
	for _, t := range set.Sorted() {
		for _, p := range sortedInt32(t.Partitions) {
			d := DeletedOffset{Topic: t.Topic, Partition: p}
			perr, ok := resps.Lookup(t.Topic, p)
			if !ok {
				perr = errors.New("the broker did not answer for this partition")
			}
			if perr != nil {
				if errors.Is(perr, kerr.GroupSubscribedToTopic) {
					perr = fmt.Errorf("%w (a member of the group reads this topic; stop it first)", perr)
				}
				d.Error = perr.Error()
				errs = append(errs, &GroupError{Group: group, Err: fmt.Errorf("partition %s/%d: %w", t.Topic, p, perr)})
			}
			out = append(out, d)
		}
	}
	return out, errors.Join(errs...)
}

func sortedInt32(v []int32) []int32 {
	v = append([]int32(nil), v...)
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	return v
}

// resolvePartitions expands a selection: a topic without partitions means
// all of its partitions; a topic or partition that does not exist is an
// error naming it.
func resolvePartitions(ctx context.Context, adm *kadm.Client, sel []TopicPartitions) (kadm.TopicsSet, error) {
	var names []string
	for _, s := range sel {
		names = append(names, s.Topic)
	}
	details, err := adm.ListTopics(ctx, names...)
	if err != nil {
		return nil, fmt.Errorf("reading topic metadata: %w", err)
	}
	set := kadm.TopicsSet{}
	for _, s := range sel {
		d, ok := details[s.Topic]
		if !ok || d.Err != nil {
			return nil, &TopicError{Topic: s.Topic, Err: kerr.UnknownTopicOrPartition}
		}
		if len(s.Partitions) == 0 {
			set.Add(s.Topic, d.Partitions.Numbers()...)
			continue
		}
		for _, p := range s.Partitions {
			if _, ok := d.Partitions[p]; !ok {
				return nil, &TopicError{Topic: s.Topic, Err: fmt.Errorf("no partition %d (the topic has %d, numbered from 0)", p, len(d.Partitions))}
			}
		}
		set.Add(s.Topic, s.Partitions...)
	}
	return set, nil
}

// ResetKind says where ResetOffsets moves a group.
type ResetKind int

// The reset targets of kafka-consumer-groups --reset-offsets.
const (
	ResetEarliest ResetKind = iota // the log start offset
	ResetLatest                    // the log end offset
	ResetOffset                    // Offset, within the log
	ResetShift                     // the committed offset plus Offset, within the log
	ResetTime                      // the first offset at or after Millis (the end when none)
	ResetCurrent                   // the committed offset (the end when none)
)

// ResetTo is where ResetOffsets moves a group.
type ResetTo struct {
	Kind   ResetKind
	Offset int64 // ResetOffset: the offset; ResetShift: the shift
	Millis int64 // ResetTime
}

// ResetSpec says which partitions ResetOffsets moves and where.
type ResetSpec struct {
	// Topics selects partitions; a topic without partitions means all of
	// them.
	Topics []TopicPartitions
	// AllTopics selects every partition the group has committed offsets
	// for.
	AllTopics bool
	To        ResetTo
}

// OffsetReset is one partition of a reset plan.
type OffsetReset struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	// Old is the committed offset; nil when the group has none.
	Old *int64 `json:"old"`
	New int64  `json:"new"`
	// Clamped says the target was outside the log and was brought to its
	// nearest end, as Kafka does.
	Clamped bool `json:"clamped,omitempty"`
}

// ResetPlan is what ResetOffsets would do or did.
type ResetPlan struct {
	Group   string `json:"group"`
	State   string `json:"state"`
	Members int    `json:"members"`
	// Executed is true when the offsets were committed.
	Executed   bool          `json:"executed"`
	Partitions []OffsetReset `json:"partitions"`
}

// ErrActiveGroup says that a group with members cannot have its offsets
// reset: they would overwrite the reset with their next commit, so Kafka
// refuses.
var ErrActiveGroup = errors.New("the group has active members")

// ResetOffsets computes where spec moves group and, when execute is true,
// commits it. Like kafka-consumer-groups, it commits only for a group
// without members (state Empty, or Dead for one that never existed);
// otherwise the plan comes back with an error wrapping ErrActiveGroup.
//
// The plan is retried while the coordinator is not ready; the commit is
// sent once (a second --shift-by would shift again).
func ResetOffsets(ctx context.Context, cl *kgo.Client, group string, spec ResetSpec, execute bool) (ResetPlan, error) {
	var commit kadm.Offsets
	plan, err := retryCoordinator(ctx, func() (ResetPlan, error) {
		var (
			p   ResetPlan
			err error
		)
		p, commit, err = planReset(ctx, cl, group, spec)
		return p, err
	})
	if err != nil || !execute {
		return plan, err
	}
	resps, err := kadm.NewClient(cl).CommitOffsets(ctx, group, commit)
	if err == nil {
		err = resps.Error()
	}
	if err != nil {
		if errors.Is(err, kerr.UnknownMemberID) || errors.Is(err, kerr.IllegalGeneration) {
			err = fmt.Errorf("%w: a consumer joined the group meanwhile (%v)", ErrActiveGroup, err)
		}
		return plan, &GroupError{Group: group, Err: coordinatorHint(fmt.Errorf("committing the new offsets: %w", err))}
	}
	plan.Executed = true
	return plan, nil
}

// planReset computes a reset and the offsets to commit for it; the error
// wraps ErrActiveGroup, with the plan, when the group has members.
func planReset(ctx context.Context, cl *kgo.Client, group string, spec ResetSpec) (ResetPlan, kadm.Offsets, error) {
	adm := kadm.NewClient(cl)
	plan := ResetPlan{Group: group, Partitions: []OffsetReset{}}
	next, err := consumerProtocolGroups(ctx, adm)
	if err != nil {
		return plan, nil, err
	}
	if next[group] {
		d, err := adm.DescribeConsumerGroups(ctx, group)
		if err == nil {
			err = d[group].Err
		}
		if err != nil {
			return plan, nil, &GroupError{Group: group, Err: fmt.Errorf("describing: %w", err)}
		}
		plan.State, plan.Members = d[group].State, len(d[group].Members)
	} else {
		d, err := adm.DescribeGroups(ctx, group)
		if err == nil {
			err = d[group].Err
		}
		if err != nil && !errors.Is(err, kerr.GroupIDNotFound) {
			return plan, nil, &GroupError{Group: group, Err: fmt.Errorf("describing: %w", err)}
		}
		plan.State, plan.Members = d[group].State, len(d[group].Members)
		if plan.State == "" {
			plan.State = "Dead"
		}
	}
	committed, err := adm.FetchOffsets(ctx, group)
	if err == nil {
		err = committed.Error()
	}
	if errors.Is(err, kerr.GroupIDNotFound) {
		// kfake's answer for a group it never saw; Kafka answers with
		// no offsets. Either way there is nothing committed yet.
		committed, err = kadm.OffsetResponses{}, nil
	}
	if err != nil {
		return plan, nil, &GroupError{Group: group, Err: fmt.Errorf("fetching committed offsets: %w", err)}
	}
	var set kadm.TopicsSet
	if spec.AllTopics {
		set = committed.Partitions()
		if len(set) == 0 {
			return plan, nil, &GroupError{Group: group, Err: errors.New("--all-topics: the group has no committed offset (name topics with --topic)")}
		}
	} else if set, err = resolvePartitions(ctx, adm, spec.Topics); err != nil {
		return plan, nil, err
	}
	topics := set.Topics()
	starts, err := adm.ListStartOffsets(ctx, topics...)
	if err != nil {
		return plan, nil, fmt.Errorf("listing start offsets: %w", err)
	}
	ends, err := adm.ListEndOffsets(ctx, topics...)
	if err != nil {
		return plan, nil, fmt.Errorf("listing end offsets: %w", err)
	}
	var times kadm.ListedOffsets
	if spec.To.Kind == ResetTime {
		if times, err = adm.ListOffsetsAfterMilli(ctx, spec.To.Millis, topics...); err != nil {
			return plan, nil, fmt.Errorf("listing offsets by time: %w", err)
		}
	}
	commit := kadm.Offsets{}
	for _, t := range set.Sorted() {
		for _, p := range sortedInt32(t.Partitions) {
			start, err := listed(starts, t.Topic, p, "start")
			if err != nil {
				return plan, nil, err
			}
			end, err := listed(ends, t.Topic, p, "end")
			if err != nil {
				return plan, nil, err
			}
			r := OffsetReset{Topic: t.Topic, Partition: p}
			if c, ok := committed.Lookup(t.Topic, p); ok && c.At >= 0 {
				r.Old = ptr(c.At)
			}
			target := int64(0)
			switch spec.To.Kind {
			case ResetEarliest:
				target = start
			case ResetLatest:
				target = end
			case ResetOffset:
				target = spec.To.Offset
			case ResetShift:
				if r.Old == nil {
					return plan, nil, &GroupError{Group: group, Err: fmt.Errorf("partition %s/%d has no committed offset to shift from (use --to-earliest, --to-latest or --to-offset)", t.Topic, p)}
				}
				target = *r.Old + spec.To.Offset
			case ResetTime:
				if target, err = listed(times, t.Topic, p, "by-time"); err != nil {
					return plan, nil, err
				}
			case ResetCurrent:
				target = end
				if r.Old != nil {
					target = *r.Old
				}
			}
			r.New = min(max(target, start), end)
			r.Clamped = r.New != target
			plan.Partitions = append(plan.Partitions, r)
			commit.Add(kadm.Offset{Topic: t.Topic, Partition: p, At: r.New, LeaderEpoch: -1})
		}
	}
	if plan.State != "Empty" && plan.State != "Dead" {
		return plan, nil, &GroupError{Group: group, Err: fmt.Errorf("%w (state %s, %d %s): offsets can be reset only while no consumer of the group runs; stop them first", ErrActiveGroup, plan.State, plan.Members, plural(int64(plan.Members), "member", "members"))}
	}
	return plan, commit, nil
}

func listed(l kadm.ListedOffsets, topic string, p int32, what string) (int64, error) {
	o, ok := l.Lookup(topic, p)
	switch {
	case !ok:
		return 0, &TopicError{Topic: topic, Err: fmt.Errorf("partition %d: no %s offset listed", p, what)}
	case o.Err != nil:
		return 0, &TopicError{Topic: topic, Err: fmt.Errorf("partition %d: listing the %s offset: %w", p, what, o.Err)}
	}
	return o.Offset, nil
}

// ParseTopicPartitions reads TOPIC or TOPIC:P[,P...] as
// kafka-consumer-groups --topic does.
func ParseTopicPartitions(s string) (TopicPartitions, error) {
	topic, list, hasList := strings.Cut(s, ":")
	if topic == "" {
		return TopicPartitions{}, fmt.Errorf("invalid topic %q: want TOPIC or TOPIC:P[,P...]", s)
	}
	tp := TopicPartitions{Topic: topic}
	if !hasList {
		return tp, nil
	}
	for _, f := range strings.Split(list, ",") {
		var p int32
		if _, err := fmt.Sscan(strings.TrimSpace(f), &p); err != nil || p < 0 || fmt.Sprint(p) != strings.TrimSpace(f) {
			return TopicPartitions{}, fmt.Errorf("invalid partition %q in %q: want a number from 0", f, s)
		}
		tp.Partitions = append(tp.Partitions, p)
	}
	return tp, nil
}
