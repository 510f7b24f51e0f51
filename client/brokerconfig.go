package client

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// The sources of a broker config value, in kafkit's words, from the lowest
// precedence to the highest.
const (
	SourceDefault     = "default"               // Kafka's built-in default
	SourceStatic      = "static"                // server.properties
	SourceClusterWide = "dynamic cluster-wide"  // set for every broker at run time
	SourcePerBroker   = "dynamic per-broker"    // set for this broker at run time
	SourceLogger      = "dynamic broker logger" // a log4j logger level
)

// sourceName names a config source in kafkit's words.
func sourceName(s kmsg.ConfigSource) string {
	switch s {
	case kmsg.ConfigSourceDefaultConfig:
		return SourceDefault
	case kmsg.ConfigSourceStaticBrokerConfig:
		return SourceStatic
	case kmsg.ConfigSourceDynamicDefaultBrokerConfig:
		return SourceClusterWide
	case kmsg.ConfigSourceDynamicBrokerConfig:
		return SourcePerBroker
	case kmsg.ConfigSourceDynamicBrokerLoggerConfig:
		return SourceLogger
	}
	return strings.ToLower(s.String())
}

// BrokerConfigs is the effective configuration of one broker, or the
// cluster-wide dynamic defaults when Broker is nil.
type BrokerConfigs struct {
	// Broker is the broker's id; nil for the cluster-wide defaults.
	Broker  *int32         `json:"broker"`
	Configs []BrokerConfig `json:"configs"`
}

// BrokerConfig is one broker setting: its effective value, where the value
// comes from, and the values it overrides.
type BrokerConfig struct {
	Name string `json:"name"`
	// Value is nil for a setting without a value, and for a sensitive
	// one (Sensitive).
	Value     *string `json:"value"`
	Sensitive bool    `json:"sensitive,omitempty"`
	// Source is one of the Source* constants.
	Source string `json:"source"`
	// Overrides are the lower-precedence values this one hides, highest
	// first (a static value under a dynamic one, the default under both),
	// as the broker lists them (its config synonyms).
	Overrides []ConfigValue `json:"overrides,omitempty"`
}

// ConfigValue is a value and where it comes from.
type ConfigValue struct {
	Name   string  `json:"name"`
	Value  *string `json:"value"`
	Source string  `json:"source"`
}

// BrokerIDs returns the ids of the cluster's brokers, sorted. A broker
// answers with an empty broker list for a moment after it starts (a
// ZooKeeper-mode broker serves before its metadata cache holds itself);
// that answer is asked again until ctx ends, as the Java admin client
// waits for a broker list.
func BrokerIDs(ctx context.Context, cl *kgo.Client) ([]int32, error) {
	adm := kadm.NewClient(cl)
	for {
		bs, err := adm.ListBrokers(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing brokers: %w", err)
		}
		if len(bs) > 0 {
			return bs.NodeIDs(), nil
		}
		select {
		case <-ctx.Done():
			return nil, nil
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// BrokerError is an operation that failed for one broker (Broker nil: the
// cluster-wide defaults).
type BrokerError struct {
	Broker *int32
	Err    error
	Detail string
}

func (e *BrokerError) Error() string {
	what := "cluster-wide broker configs"
	if e.Broker != nil {
		what = fmt.Sprintf("broker %d", *e.Broker)
	}
	if e.Detail != "" && e.Detail != e.Err.Error() {
		// The broker's message says more than the code's generic
		// description (INVALID_REQUEST's blames the client library).
		var ke *kerr.Error
		if errors.As(e.Err, &ke) {
			return fmt.Sprintf("%s: %s: %s", what, ke.Message, e.Detail)
		}
		return fmt.Sprintf("%s: %v (%s)", what, e.Err, e.Detail)
	}
	return fmt.Sprintf("%s: %v", what, e.Err)
}

func (e *BrokerError) Unwrap() error { return e.Err }

// DescribeBrokerConfigs returns the effective configuration of each broker
// in ids, sorted by name; with no ids, the cluster-wide dynamic defaults.
func DescribeBrokerConfigs(ctx context.Context, cl *kgo.Client, ids []int32) ([]BrokerConfigs, error) {
	rcs, err := kadm.NewClient(cl).DescribeBrokerConfigs(ctx, ids...)
	var se *kadm.ShardErrors
	if err != nil && (!errors.As(err, &se) || len(rcs) == 0) {
		return nil, fmt.Errorf("describing broker configs: %w", err)
	}
	targets := make([]*int32, 0, len(ids))
	for _, id := range ids {
		targets = append(targets, &id)
	}
	if len(ids) == 0 {
		targets = append(targets, nil)
	}
	var out []BrokerConfigs
	var errs []error
	for _, id := range targets {
		name := ""
		if id != nil {
			name = strconv.Itoa(int(*id))
		}
		rc, rerr := rcs.On(name, nil)
		switch {
		case rerr != nil:
			errs = append(errs, &BrokerError{Broker: id, Err: errors.New("the broker did not answer")})
			continue
		case rc.Err != nil:
			errs = append(errs, &BrokerError{Broker: id, Err: rc.Err, Detail: rc.ErrMessage})
			continue
		}
		bc := BrokerConfigs{Broker: id, Configs: []BrokerConfig{}}
		for _, c := range rc.Configs {
			v := BrokerConfig{Name: c.Key, Value: c.Value, Sensitive: c.Sensitive, Source: sourceName(c.Source)}
			if c.Sensitive {
				v.Value = nil
			}
			for i, s := range c.Synonyms {
				// The first synonym is the value itself; the others
				// are what it hides, some under another name
				// (log.retention.hours under log.retention.ms).
				if i == 0 && s.Key == c.Key && s.Source == c.Source {
					continue
				}
				sv := s.Value
				if c.Sensitive {
					sv = nil
				}
				v.Overrides = append(v.Overrides, ConfigValue{Name: s.Key, Value: sv, Source: sourceName(s.Source)})
			}
			bc.Configs = append(bc.Configs, v)
		}
		sort.Slice(bc.Configs, func(i, j int) bool { return bc.Configs[i].Name < bc.Configs[j].Name })
		out = append(out, bc)
	}
	return out, errors.Join(errs...)
}

// AlterBrokerConfigs applies changes with one incremental alter-configs
// request (settings not named are left as they are) to the broker id, or
// to the cluster-wide defaults when id is nil.
func AlterBrokerConfigs(ctx context.Context, cl *kgo.Client, id *int32, changes []ConfigChange) error {
	alter := make([]kadm.AlterConfig, len(changes))
	for i, c := range changes {
		alter[i] = kadm.AlterConfig{Op: kadm.SetConfig, Name: c.Name, Value: c.Value}
		if c.Value == nil {
			alter[i].Op = kadm.DeleteConfig
		}
	}
	var ids []int32
	name := ""
	if id != nil {
		ids = []int32{*id}
		name = strconv.Itoa(int(*id))
	}
	resps, err := kadm.NewClient(cl).AlterBrokerConfigs(ctx, alter, ids...)
	if err != nil {
		return &BrokerError{Broker: id, Err: err}
	}
	r, err := resps.On(name, nil)
	if err != nil {
		return &BrokerError{Broker: id, Err: errors.New("the broker did not answer")}
	}
	if r.Err != nil {
		return &BrokerError{Broker: id, Err: r.Err, Detail: r.ErrMessage}
	}
	return nil
}
