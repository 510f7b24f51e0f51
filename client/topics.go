package client

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Topic is a topic as `kafkit topic` shows it. Describe fills the partition
// details and the configs; List leaves them out.
type Topic struct {
	Name string `json:"name"`
	// ID is the topic ID as Kafka's tools print it (URL-safe base64 of
	// the UUID, no padding); empty when the broker has none.
	ID                string `json:"id,omitempty"`
	Internal          bool   `json:"internal"`
	Partitions        int    `json:"partitions"`
	ReplicationFactor int    `json:"replication_factor"`

	PartitionDetails []PartitionDetail `json:"partition_details,omitempty"`
	// Configs are the topic's settings that differ from the broker's
	// defaults, sorted by name; ConfigsUnknown says they could not be read.
	Configs        []TopicConfig `json:"configs,omitempty"`
	ConfigsUnknown bool          `json:"configs_unknown,omitempty"`
}

// PartitionDetail is one partition: where it lives and which offsets it
// holds (records Start to End-1; End is where the next record goes).
type PartitionDetail struct {
	Partition int32   `json:"partition"`
	Leader    int32   `json:"leader"`
	Replicas  []int32 `json:"replicas"`
	ISR       []int32 `json:"isr"`
	Start     int64   `json:"start_offset"`
	End       int64   `json:"end_offset"`
}

// TopicConfig is a topic setting and where its value comes from
// (DYNAMIC_TOPIC_CONFIG for one set on the topic).
type TopicConfig struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

// TopicError is an admin operation that failed for one topic.
type TopicError struct {
	Topic string
	Err   error
	// Detail is the broker's own message, when it sent one that says more
	// than the error code.
	Detail string
}

func (e *TopicError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("topic %s: %v (%s)", e.Topic, e.Err, e.Detail)
	}
	return fmt.Sprintf("topic %s: %v", e.Topic, e.Err)
}

func (e *TopicError) Unwrap() error { return e.Err }

// topicErr builds a TopicError, dropping a detail that only repeats err.
func topicErr(topic string, err error, detail string) error {
	var ke *kerr.Error
	if detail == err.Error() || errors.As(err, &ke) && detail == ke.Description {
		detail = ""
	}
	return &TopicError{Topic: topic, Err: err, Detail: detail}
}

func topicID(id kadm.TopicID) string {
	if id == (kadm.TopicID{}) {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(id[:])
}

func summary(d kadm.TopicDetail) Topic {
	t := Topic{Name: d.Topic, ID: topicID(d.ID), Internal: d.IsInternal, Partitions: len(d.Partitions)}
	for _, p := range d.Partitions {
		t.ReplicationFactor = max(t.ReplicationFactor, len(p.Replicas))
	}
	return t
}

// ListTopics returns the cluster's topics sorted by name; internal ones
// (__consumer_offsets) only when internal is true.
func ListTopics(ctx context.Context, cl *kgo.Client, internal bool) ([]Topic, error) {
	adm := kadm.NewClient(cl)
	var (
		details kadm.TopicDetails
		err     error
	)
	if internal {
		details, err = adm.ListTopicsWithInternal(ctx)
	} else {
		details, err = adm.ListTopics(ctx)
	}
	if err != nil {
		return nil, err
	}
	var out []Topic
	var errs []error
	for _, name := range details.Names() {
		d := details[name]
		if d.Err != nil {
			errs = append(errs, topicErr(name, d.Err, ""))
			continue
		}
		out = append(out, summary(d))
	}
	return out, errors.Join(errs...)
}

// DescribeTopics returns each named topic with its partitions, their
// offsets and the configs set on it, in the order given. A topic that
// cannot be described is a *TopicError in the joined error; the others are
// still returned.
func DescribeTopics(ctx context.Context, cl *kgo.Client, names []string) ([]Topic, error) {
	adm := kadm.NewClient(cl)
	details, err := adm.ListTopicsWithInternal(ctx, names...)
	if err != nil {
		return nil, err
	}
	var found []string
	var errs []error
	for _, name := range names {
		d, ok := details[name]
		switch {
		case !ok:
			errs = append(errs, topicErr(name, kerr.UnknownTopicOrPartition, ""))
		case d.Err != nil:
			errs = append(errs, topicErr(name, d.Err, ""))
		default:
			found = append(found, name)
		}
	}
	if len(found) == 0 {
		return nil, errors.Join(errs...)
	}
	// Each of these asks every broker holding the topics; when some of
	// them fail (kadm's *ShardErrors), what the others said is kept and
	// the failure reported beside it.
	partial := func(what string, err error) error {
		if err == nil {
			return nil
		}
		err = fmt.Errorf("%s: %w", what, err)
		var se *kadm.ShardErrors
		if !errors.As(err, &se) {
			return err
		}
		errs = append(errs, err)
		return nil
	}
	starts, err := adm.ListStartOffsets(ctx, found...)
	if err := partial("listing start offsets", err); err != nil {
		return nil, err
	}
	ends, err := adm.ListEndOffsets(ctx, found...)
	if err := partial("listing end offsets", err); err != nil {
		return nil, err
	}
	configs, err := adm.DescribeTopicConfigs(ctx, found...)
	if err := partial("describing configs", err); err != nil {
		return nil, err
	}
	var out []Topic
	for _, name := range found {
		t := summary(details[name])
		for _, p := range details[name].Partitions.Sorted() {
			pd := PartitionDetail{Partition: p.Partition, Leader: p.Leader, Replicas: p.Replicas, ISR: p.ISR, Start: -1, End: -1}
			if o, ok := starts.Lookup(name, p.Partition); ok && o.Err == nil {
				pd.Start = o.Offset
			}
			if o, ok := ends.Lookup(name, p.Partition); ok && o.Err == nil {
				pd.End = o.Offset
			}
			t.PartitionDetails = append(t.PartitionDetails, pd)
		}
		rc, err := configs.On(name, nil)
		if err == nil && rc.Err != nil {
			err = rc.Err
		}
		if err != nil {
			t.ConfigsUnknown = true
			errs = append(errs, topicErr(name, fmt.Errorf("describing configs: %w", err), rc.ErrMessage))
		}
		for _, c := range rc.Configs {
			if c.Source == kmsg.ConfigSourceDefaultConfig || c.Source == kmsg.ConfigSourceStaticBrokerConfig ||
				c.Source == kmsg.ConfigSourceDynamicDefaultBrokerConfig || c.Source == kmsg.ConfigSourceDynamicBrokerConfig {
				continue
			}
			v := c.MaybeValue()
			if c.Sensitive {
				v = "(sensitive)"
			}
			t.Configs = append(t.Configs, TopicConfig{Name: c.Key, Value: v, Source: c.Source.String()})
		}
		sort.Slice(t.Configs, func(i, j int) bool { return t.Configs[i].Name < t.Configs[j].Name })
		out = append(out, t)
	}
	return out, errors.Join(errs...)
}

// TopicSpec is what CreateTopics asks for. Partitions and ReplicationFactor
// of -1 leave the choice to the broker (num.partitions and
// default.replication.factor).
type TopicSpec struct {
	Partitions        int32
	ReplicationFactor int16
	Configs           map[string]string
	// IfNotExists makes an existing topic a success (not created).
	IfNotExists bool
	// ValidateOnly asks the broker to check the request and create
	// nothing (CreateTopics' validate_only).
	ValidateOnly bool
}

// Created is the outcome of creating one topic.
type Created struct {
	Topic
	// Existed is true when the topic was already there (IfNotExists).
	Existed bool `json:"existed"`
	// DryRun is true when the broker only validated the request.
	DryRun bool `json:"dry_run,omitempty"`
}

// CreateTopics creates the named topics, each with spec, and returns those
// that now exist, in the order given. Every failure is a *TopicError in the
// joined error.
func CreateTopics(ctx context.Context, cl *kgo.Client, names []string, spec TopicSpec) ([]Created, error) {
	configs := make(map[string]*string, len(spec.Configs))
	for k, v := range spec.Configs {
		configs[k] = kadm.StringPtr(v)
	}
	adm := kadm.NewClient(cl)
	create := adm.CreateTopics
	if spec.ValidateOnly {
		create = adm.ValidateCreateTopics
	}
	resps, err := create(ctx, spec.Partitions, spec.ReplicationFactor, configs, names...)
	if err != nil {
		return nil, err
	}
	answers := make(map[string]answer, len(resps))
	for name, r := range resps {
		answers[name] = answer{r.Err, r.ErrMessage}
		if errors.Is(r.Err, kerr.TopicAlreadyExists) && spec.IfNotExists {
			answers[name] = answer{}
		}
	}
	var out []Created
	err = eachTopic(names, answers, func(name string) {
		r := resps[name]
		if r.Err != nil { // it already existed (IfNotExists)
			out = append(out, Created{Topic: Topic{Name: name}, Existed: true})
			return
		}
		out = append(out, Created{Topic: Topic{Name: name, ID: topicID(r.ID), Partitions: int(r.NumPartitions), ReplicationFactor: int(r.ReplicationFactor)}, DryRun: spec.ValidateOnly})
	})
	return out, err
}

// answer is what the broker said about one topic of a request.
type answer struct {
	err error
	msg string
}

// eachTopic goes over names in order: a topic the broker did not answer
// for, or answered with an error, becomes a *TopicError in the joined
// error; ok is called for each of the others.
func eachTopic(names []string, answers map[string]answer, ok func(name string)) error {
	var errs []error
	for _, name := range names {
		a, answered := answers[name]
		switch {
		case !answered:
			errs = append(errs, topicErr(name, errors.New("the broker did not answer for this topic"), ""))
		case a.err != nil:
			errs = append(errs, topicErr(name, a.err, a.msg))
		default:
			ok(name)
		}
	}
	return errors.Join(errs...)
}

// DeleteTopics deletes the named topics and returns those deleted, in the
// order given. Every failure is a *TopicError in the joined error.
func DeleteTopics(ctx context.Context, cl *kgo.Client, names []string) ([]string, error) {
	resps, err := kadm.NewClient(cl).DeleteTopics(ctx, names...)
	if err != nil {
		return nil, err
	}
	answers := make(map[string]answer, len(resps))
	for name, r := range resps {
		answers[name] = answer{r.Err, r.ErrMessage}
	}
	var out []string
	err = eachTopic(names, answers, func(name string) { out = append(out, name) })
	return out, err
}

// ConfigChange is one change to a topic's configs. A nil Value deletes the
// setting, so that the broker's default applies again.
type ConfigChange struct {
	Name  string  `json:"name"`
	Value *string `json:"value"`
}

// AlterTopicConfigs applies changes to each named topic with one
// incremental alter-configs request (other settings are left as they are)
// and returns the topics altered, in the order given. Every failure is a
// *TopicError in the joined error.
func AlterTopicConfigs(ctx context.Context, cl *kgo.Client, names []string, changes []ConfigChange) ([]string, error) {
	alter := make([]kadm.AlterConfig, len(changes))
	for i, c := range changes {
		alter[i] = kadm.AlterConfig{Op: kadm.SetConfig, Name: c.Name, Value: c.Value}
		if c.Value == nil {
			alter[i].Op = kadm.DeleteConfig
		}
	}
	resps, err := kadm.NewClient(cl).AlterTopicConfigs(ctx, alter, names...)
	if err != nil {
		return nil, err
	}
	answers := make(map[string]answer, len(resps))
	for _, r := range resps {
		answers[r.Name] = answer{r.Err, r.ErrMessage}
	}
	var out []string
	err = eachTopic(names, answers, func(name string) { out = append(out, name) })
	return out, err
}

// ClusterID is the cluster ID the broker reports in metadata, "" when it
// reports none.
func ClusterID(ctx context.Context, cl *kgo.Client) (string, error) {
	m, err := kadm.NewClient(cl).BrokerMetadata(ctx)
	if err != nil {
		return "", err
	}
	return m.Cluster, nil
}
