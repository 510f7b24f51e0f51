package lint

import (
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// rfParams are the replication factors Kafka applies on its own: the
// internal topics' (whose defaults of 3 assume three brokers) and the
// default for new topics.
var rfParams = []struct {
	name   string
	effect string
}{
	{"offsets.topic.replication.factor", "the __consumer_offsets topic cannot be created, so consumer groups never find a coordinator"},
	{"transaction.state.log.replication.factor", "the __transaction_state topic cannot be created, so transactional producers fail"},
	{"default.replication.factor", "topics created without an explicit replication factor (auto-created ones too) fail"},
}

// ruleReplicationFactor compares replication factors with the number of
// brokers in the file: a topic cannot have more replicas than brokers.
var ruleReplicationFactor = Rule{
	Name:    "replication-factor",
	Summary: "a replication factor (offsets topic, transaction log, default) greater than the number of brokers",
	check: func(p *project, r *reporter) {
		brokers := p.brokers()
		if p.scaled(brokers) {
			return
		}
		n := len(brokers)
		for _, s := range brokers {
			for _, rf := range rfParams {
				v, written, explicit, ok := s.intSetting(rf.name)
				if !ok || v <= n {
					continue
				}
				hint := s.setHint(rf.name, strconv.Itoa(min(n, 3)))
				if explicit {
					r.errorf(s.props.get(rf.name).pos, hint, "%s is %d, but the file runs %d broker(s): %s", written, v, n, rf.effect)
				} else {
					r.errorf(s.settingsPos(), hint, "%s defaults to %d, but the file runs %d broker(s) and service %s does not set %s: %s",
						rf.name, v, n, s.name, written, rf.effect)
				}
			}
			// Plugins' own topics (Confluent's license, metrics and
			// balancer topics) follow the same arithmetic when set.
			for _, pr := range s.props.list {
				if !strings.HasSuffix(pr.name, ".replication.factor") && !strings.HasSuffix(pr.name, ".topic.replicas") {
					continue
				}
				if _, core := catalog.Lookup(catalog.Broker, pr.name); core {
					continue
				}
				if v, err := strconv.Atoi(strings.TrimSpace(pr.value)); err == nil && !pr.dynamic() && v > n {
					r.errorf(pr.pos, s.setHint(pr.name, strconv.Itoa(min(n, 3))),
						"%s is %d, but the file runs %d broker(s): the topic cannot be created", pr.written, v, n)
				}
			}
		}
	},
}

// intSetting returns a numeric broker setting: its value, how it is
// written (or the variable to set), whether the file sets it, and whether
// the value is known (set without interpolation, or a catalogue default).
func (s *service) intSetting(name string) (v int, written string, explicit, ok bool) {
	written = s.propName(name)
	if pr := s.props.get(name); pr != nil {
		if pr.dynamic() {
			return 0, written, true, false
		}
		n, err := strconv.Atoi(strings.TrimSpace(pr.value))
		return n, written, true, err == nil
	}
	if !defaultsVisible(s) {
		return 0, written, false, false
	}
	param, found := catalogFor(s).Lookup(catalog.Broker, name)
	if !found || !param.HasDefault {
		return 0, written, false, false
	}
	n, err := strconv.Atoi(param.Default)
	return n, written, false, err == nil
}

// defaultsVisible reports whether Kafka's own defaults apply to the
// settings a service leaves out. bitnami/kafka and wurstmeister/kafka start
// from Kafka's sample server.properties, which already lowers the internal
// topics' replication to 1, so there the linter only judges what the file
// sets. apache/kafka uses its sample configuration only when no KAFKA_
// property variable is given, and Kafka's defaults otherwise.
func defaultsVisible(s *service) bool {
	if !s.scripts {
		return true
	}
	switch s.conv {
	case stackmodel.ConvBitnamiKafka, stackmodel.ConvWurstmeister:
		return false
	case stackmodel.ConvApacheKafka:
		for _, e := range s.env {
			if e.class.Kind == stackmodel.EnvProp {
				return true
			}
		}
		return false
	}
	return true
}

// scaled reports whether a broker service runs several replicas (scale or
// deploy.replicas), which makes the broker count in the file meaningless.
func (p *project) scaled(brokers []*service) bool {
	for _, s := range brokers {
		if _, v := yGet(s.node, "scale"); v != nil {
			return true
		}
		_, d := yGet(s.node, "deploy")
		if _, v := yGet(d, "replicas"); v != nil {
			return true
		}
	}
	return false
}
