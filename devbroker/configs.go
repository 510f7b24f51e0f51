package devbroker

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/catalog"
)

// honoured lists the broker configs the development broker applies as Kafka
// does, with the values it can apply: nil accepts any whole number, a list
// only those values. kfake keeps other names it knows (compression.type,
// log.message.timestamp.type, fetch.max.bytes) but does not act on them, so
// they are refused rather than accepted and ignored. A single node applies
// a default replication factor of 1 only.
var honoured = map[string][]string{
	"group.max.session.timeout.ms":    nil,
	"group.min.session.timeout.ms":    nil,
	"log.retention.bytes":             nil,
	"log.retention.check.interval.ms": nil, // read by the retainer, not kfake
	"log.retention.ms":                nil,
	"log.roll.ms":                     nil,
	"log.segment.bytes":               nil,
	"message.max.bytes":               nil,
	"offsets.retention.minutes":       nil,
	"transaction.max.timeout.ms":      nil,
	"transactional.id.expiration.ms":  nil,
	"default.replication.factor":      {"1"},
	// Kafka 3.9 caps min.insync.replicas at a partition's replication
	// factor, 1 here: any value behaves as on a single Kafka broker.
	"min.insync.replicas": nil,
}

// HonouredConfigs returns the broker configs the development broker applies,
// sorted.
func HonouredConfigs() []string {
	out := make([]string, 0, len(honoured))
	for name := range honoured {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Honours reports whether the development broker applies the broker config
// name (some only with certain values: see CheckBrokerConfig).
func Honours(name string) bool {
	_, ok := honoured[name]
	return ok
}

// trimJava trims a config value as Kafka does (String.trim: every char up
// to U+0020).
func trimJava(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// CheckBrokerConfig returns why the development broker cannot apply the
// broker config name=value as Kafka would, or nil.
func CheckBrokerConfig(name, value string) error {
	only, ok := honoured[name]
	if !ok {
		return fmt.Errorf("broker config %q is not honoured by the development broker (it honours %s)", name, strings.Join(HonouredConfigs(), ", "))
	}
	v := trimJava(value)
	// kfake parses numbers with strconv and reads 0 on an error, so " 3600000"
	// would silently become 0: a number it cannot read (Java also accepts
	// non-ASCII decimal digits) is an error instead.
	if _, err := strconv.ParseInt(v, 10, 64); err != nil {
		return fmt.Errorf("broker config %s=%q: the development broker reads only an ASCII whole number here", name, value)
	}
	if only != nil && !contains(only, v) {
		return fmt.Errorf("broker config %s=%s: the development broker is a single node and applies only %s=%s", name, v, name, strings.Join(only, ","))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// EnforcesTopicConfig reports whether the development broker applies the
// topic config name=value as Kafka does. The others it refuses (compaction,
// see CheckTopicConfig) or stores without acting on them: describe shows
// them, behaviour does not follow. `kafkit topic` says so when it sets one
// on the development broker.
func EnforcesTopicConfig(name, value string) bool {
	v := trimJava(value)
	switch name {
	case "retention.ms", "retention.bytes", "segment.ms", "segment.bytes", // the retainer
		"max.message.bytes",   // kfake, on produce
		"delete.retention.ms": // acts on compaction only, on Kafka too
		return true
	case "cleanup.policy":
		return v == "delete"
	case "min.insync.replicas":
		// Kafka 3.9 caps it at the replication factor, which is 1
		// on a single node: acks=all succeeds whatever its value, on
		// both brokers (TestMinInsyncReplicasSingleNode).
		return true
	case "message.timestamp.type":
		// kfake keeps the producer's timestamps. (It stamps batches
		// that a producer marks as log-append-time, but keeps their
		// old CRC, which consumers then reject.)
		return v == "CreateTime"
	case "compression.type":
		return v == "producer" // kfake keeps batches as produced
	}
	return false
}

// compactRefusal is why the development broker refuses compaction.
const compactRefusal = "the development broker does not compact (kfake's compaction keeps neither Kafka's active segment nor its log start offset, and runs on its own schedule): use cleanup.policy=delete on it, or a real Kafka broker (kafkit compose) to try compaction"

// CheckTopicConfig returns why the development broker refuses the topic
// config name=value, or nil: Kafka's own validation (from the catalogue:
// an unknown name or a bad value is INVALID_CONFIG on Kafka too, while kfake
// would store anything), and compaction, which it cannot do as Kafka does.
func CheckTopicConfig(name, value string) error {
	if err := catalog.Check(catalog.Topic, name, value, catalog.ModeBoth); err != nil {
		return err
	}
	if name == "cleanup.policy" {
		for _, p := range strings.Split(value, ",") {
			if trimJava(p) == "compact" {
				return fmt.Errorf("cleanup.policy=%s: %s", value, compactRefusal)
			}
		}
	}
	return nil
}

// checkConfigs installs the controls that make the broker refuse what it
// cannot apply as Kafka would, in requests from any client: topic configs
// (CreateTopics, AlterConfigs, IncrementalAlterConfigs) through
// CheckTopicConfig, and dynamic broker configs that it does not honour or
// that Kafka cannot change without a restart. A request with some refused
// entries has the others forwarded to the broker through fwd, so that each
// topic or resource gets its own answer, as on Kafka. Topic configs that
// are accepted but not applied are noted on notes, when not nil.
func checkConfigs(c *kfake.Cluster, fwd *kgo.Client, notes io.Writer) {
	note := func(topic, name string, value *string) {
		if notes == nil || value == nil || EnforcesTopicConfig(name, *value) {
			return
		}
		fmt.Fprintf(notes, "kafkit dev: note: topic %s: %s=%s is stored but not applied by the development broker (Apache Kafka applies it)\n", topic, name, *value)
	}
	forward := func(req kmsg.Request) (kmsg.Response, error) {
		var (
			resp kmsg.Response
			err  error
		)
		c.SleepControl(func() { resp, err = fwd.Request(context.Background(), req) })
		return resp, err
	}

	c.ControlKey(int16(kmsg.CreateTopics), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := kr.(*kmsg.CreateTopicsRequest)
		refused := map[string]error{}
		var keep []kmsg.CreateTopicsRequestTopic
		for _, t := range req.Topics {
			if err := topicConfigsError(t.Configs); err != nil {
				refused[t.Topic] = err
				continue
			}
			if !req.ValidateOnly {
				for _, rc := range t.Configs {
					note(t.Topic, rc.Name, rc.Value)
				}
			}
			keep = append(keep, t)
		}
		if len(refused) == 0 {
			return nil, nil, false
		}
		resp := req.ResponseKind().(*kmsg.CreateTopicsResponse)
		if len(keep) > 0 {
			fr := *req
			fr.Topics = keep
			got, err := forward(&fr)
			if err != nil {
				return nil, err, true
			}
			resp.Topics = append(resp.Topics, got.(*kmsg.CreateTopicsResponse).Topics...)
		}
		for _, t := range req.Topics {
			if err, ok := refused[t.Topic]; ok {
				rt := kmsg.NewCreateTopicsResponseTopic()
				rt.Topic = t.Topic
				rt.ErrorCode = kerr.InvalidConfig.Code
				rt.ErrorMessage = kmsg.StringPtr(err.Error())
				resp.Topics = append(resp.Topics, rt)
			}
		}
		return resp, nil, true
	})

	c.ControlKey(int16(kmsg.AlterConfigs), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := kr.(*kmsg.AlterConfigsRequest)
		type refusal struct {
			code int16
			err  error
		}
		refused := map[int]refusal{}
		var keep []kmsg.AlterConfigsRequestResource
		for i, r := range req.Resources {
			var code int16
			var err error
			for _, rc := range r.Configs {
				if rc.Value == nil {
					continue
				}
				if code, err = resourceConfigError(r.ResourceType, rc.Name, *rc.Value); err != nil {
					break
				}
			}
			if err != nil {
				refused[i] = refusal{code, err}
				continue
			}
			if r.ResourceType == kmsg.ConfigResourceTypeTopic && !req.ValidateOnly {
				for _, rc := range r.Configs {
					note(r.ResourceName, rc.Name, rc.Value)
				}
			}
			if r.ResourceType == kmsg.ConfigResourceTypeBroker {
				// AlterConfigs replaces every dynamic broker
				// config: keep kfake's own retention off.
				r.Configs = append(r.Configs, kmsg.AlterConfigsRequestResourceConfig{Name: "log.cleaner.backoff.ms", Value: kmsg.StringPtr(cleanerBackoffOff)})
				req.Resources[i] = r
			}
			keep = append(keep, r)
		}
		if len(refused) == 0 {
			return nil, nil, false
		}
		resp := req.ResponseKind().(*kmsg.AlterConfigsResponse)
		if len(keep) > 0 {
			fr := *req
			fr.Resources = keep
			got, err := forward(&fr)
			if err != nil {
				return nil, err, true
			}
			resp.Resources = append(resp.Resources, got.(*kmsg.AlterConfigsResponse).Resources...)
		}
		for i, r := range req.Resources {
			if f, ok := refused[i]; ok {
				rr := kmsg.NewAlterConfigsResponseResource()
				rr.ResourceType = r.ResourceType
				rr.ResourceName = r.ResourceName
				rr.ErrorCode = f.code
				rr.ErrorMessage = kmsg.StringPtr(f.err.Error())
				resp.Resources = append(resp.Resources, rr)
			}
		}
		return resp, nil, true
	})

	c.ControlKey(int16(kmsg.IncrementalAlterConfigs), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := kr.(*kmsg.IncrementalAlterConfigsRequest)
		type refusal struct {
			code int16
			err  error
		}
		refused := map[int]refusal{}
		var keep []kmsg.IncrementalAlterConfigsRequestResource
		for i, r := range req.Resources {
			var code int16
			var err error
			for _, rc := range r.Configs {
				code, err = incrementalConfigError(r.ResourceType, rc)
				if err != nil {
					break
				}
			}
			if err != nil {
				refused[i] = refusal{code, err}
				continue
			}
			if r.ResourceType == kmsg.ConfigResourceTypeTopic && !req.ValidateOnly {
				for _, rc := range r.Configs {
					if rc.Op == kmsg.IncrementalAlterConfigOpSet {
						note(r.ResourceName, rc.Name, rc.Value)
					}
				}
			}
			keep = append(keep, r)
		}
		if len(refused) == 0 {
			return nil, nil, false
		}
		resp := req.ResponseKind().(*kmsg.IncrementalAlterConfigsResponse)
		if len(keep) > 0 {
			fr := *req
			fr.Resources = keep
			got, err := forward(&fr)
			if err != nil {
				return nil, err, true
			}
			resp.Resources = append(resp.Resources, got.(*kmsg.IncrementalAlterConfigsResponse).Resources...)
		}
		for i, r := range req.Resources {
			if f, ok := refused[i]; ok {
				rr := kmsg.NewIncrementalAlterConfigsResponseResource()
				rr.ResourceType = r.ResourceType
				rr.ResourceName = r.ResourceName
				rr.ErrorCode = f.code
				rr.ErrorMessage = kmsg.StringPtr(f.err.Error())
				resp.Resources = append(resp.Resources, rr)
			}
		}
		return resp, nil, true
	})
}

// topicConfigsError is the first refused config of a CreateTopics topic.
func topicConfigsError(cfgs []kmsg.CreateTopicsRequestTopicConfig) error {
	for _, rc := range cfgs {
		if rc.Value == nil {
			continue // the default
		}
		if err := CheckTopicConfig(rc.Name, *rc.Value); err != nil {
			return err
		}
	}
	return nil
}

// resourceConfigError is why name=value is refused on a config resource,
// with the error code Kafka answers, or nil.
func resourceConfigError(typ kmsg.ConfigResourceType, name, value string) (int16, error) {
	switch typ {
	case kmsg.ConfigResourceTypeTopic:
		if err := CheckTopicConfig(name, value); err != nil {
			return kerr.InvalidConfig.Code, err
		}
	case kmsg.ConfigResourceTypeBroker:
		return brokerAlterError(name, value)
	}
	return 0, nil
}

// brokerAlterError is why a dynamic change of broker config name is
// refused: Kafka cannot change it without a restart (INVALID_REQUEST), or
// the development broker would not apply it (INVALID_CONFIG).
func brokerAlterError(name, value string) (int16, error) {
	if !Honours(name) {
		return kerr.InvalidConfig.Code, CheckBrokerConfig(name, value)
	}
	if p, ok := catalog.Lookup(catalog.Broker, name); ok && !p.Dynamic() {
		return kerr.InvalidRequest.Code, fmt.Errorf("broker config %s cannot be changed while the broker runs, on Kafka either (set it when starting kafkit dev: -c %s=...)", name, name)
	}
	if err := CheckBrokerConfig(name, value); err != nil {
		return kerr.InvalidConfig.Code, err
	}
	return 0, nil
}

// incrementalConfigError is why one incremental change is refused, or nil.
// Appending compact to cleanup.policy is refused like setting it.
func incrementalConfigError(typ kmsg.ConfigResourceType, rc kmsg.IncrementalAlterConfigsRequestResourceConfig) (int16, error) {
	if rc.Op == kmsg.IncrementalAlterConfigOpDelete {
		if typ == kmsg.ConfigResourceTypeBroker && !Honours(rc.Name) {
			return kerr.InvalidConfig.Code, CheckBrokerConfig(rc.Name, "")
		}
		return 0, nil
	}
	if rc.Value == nil {
		return 0, nil
	}
	return resourceConfigError(typ, rc.Name, *rc.Value)
}
