package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// ruleUnknownParameter reports variables and configuration keys that set
// no parameter Kafka or ZooKeeper knows: a misspelt name is silently
// ignored by both (Kafka logs one line, ZooKeeper nothing), so the setting
// the user meant never applies.
var ruleUnknownParameter = Rule{
	Name:    "unknown-parameter",
	Summary: "a variable or configuration key sets no known Kafka or ZooKeeper parameter (with the nearest real name)",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			comp, what := componentOf(s.role)
			if comp == "" {
				continue
			}
			for _, pr := range s.props.list {
				if knownKey(catalogFor(s), comp, s.conv, pr.name) {
					continue
				}
				if comp == catalog.Broker && removedIn4(s, pr, r) {
					continue
				}
				if pr.sysprop {
					// JVM flags carry all sorts of system properties;
					// only ZooKeeper's own namespace is judged, and as a
					// warning: ZooKeeper reads a few undocumented ones.
					if strings.HasPrefix(pr.name, "zookeeper.") {
						r.warnf(pr.pos, syspropHint(pr.name),
							"%s passes -D%s, which is not among the system properties ZooKeeper documents", argName(pr), pr.name)
					}
					continue
				}
				if pr.env != nil && pr.env.class.Kind == stackmodel.EnvHelper {
					// A key inside a carrier variable (ZOO_CFG_EXTRA,
					// KAFKA_OPTS -D flags): report it by its key.
					r.errorf(pr.pos, unknownHint(s, comp, pr.name, false),
						"%s sets %s, which is not a %s parameter", pr.written, pr.name, what)
					continue
				}
				if legacy, ok := catalog.RemovedIn3(pr.name); ok && comp == catalog.Broker {
					ma, _, known := s.image.KafkaVersion(s.conv)
					hint := "use " + s.propName(legacy) + " instead"
					if known && ma < 3 {
						r.warnf(pr.pos, hint, "%s is deprecated: Kafka 3.0 removed %s", pr.written, pr.name)
					} else {
						r.errorf(pr.pos, hint, "%s sets %s, which Kafka 3.0 removed", pr.written, pr.name)
					}
					continue
				}
				if tp, ok := catalog.Lookup(catalog.Topic, pr.name); ok && comp == catalog.Broker && tp.ServerDefault == "" {
					// A topic config without a broker-wide property: the
					// broker ignores it, and some values are refused in
					// ZooKeeper mode even where they belong.
					msg := fmt.Sprintf("%s sets %s, a topic config with no broker-wide property: the broker ignores it", pr.written, pr.name)
					var me *catalog.ModeError
					if s.kafkaMode() == "zk" && errors.As(catalog.Check(catalog.Topic, pr.name, pr.value, catalog.ModeZK), &me) && me.Value != "" {
						msg += "; and this is a ZooKeeper-mode broker, where " + pr.name + "=" + pr.value + " is refused on any topic"
					}
					r.errorf(pr.pos, "set it on the topic instead: kafka-topics --create --config "+pr.name+"=VALUE, or kafka-configs --alter --entity-type topics --add-config "+pr.name+"=VALUE", "%s", msg)
					continue
				}
				if pr.env != nil {
					r.errorf(pr.pos, unknownHint(s, comp, pr.name, true),
						"%s sets %s, which is not a %s parameter", pr.written, pr.name, what)
					continue
				}
				r.errorf(pr.pos, unknownHint(s, comp, pr.name, false), "%s is not a %s parameter", pr.written, what)
			}
		}
	},
}

// syspropHint proposes the nearest system property ZooKeeper reads.
func syspropHint(name string) string {
	for _, n := range []string{name, strings.TrimPrefix(name, "zookeeper.")} {
		for _, sg := range catalog.Suggest(catalog.ZooKeeper, n) {
			if p, ok := catalog.Lookup(catalog.ZooKeeper, sg); ok && p.JavaSystemProperty() != "" {
				return "did you mean -D" + p.JavaSystemProperty() + "?"
			}
		}
	}
	return "check the name with `kafkit params search <words>`: a misspelt system property is silently ignored"
}

// argName names where a system property is written: the variable, or
// the argument file's option.
func argName(pr *property) string {
	if pr.env != nil {
		return pr.env.name
	}
	return "the Java argument file"
}

func componentOf(role stackmodel.Role) (catalog.Component, string) {
	switch role {
	case stackmodel.RoleKafka:
		return catalog.Broker, "Kafka broker"
	case stackmodel.RoleZooKeeper:
		return catalog.ZooKeeper, "ZooKeeper"
	}
	return "", ""
}

// knownKey reports whether key configures something for component comp.
// k is the catalogue of the Kafka line the service runs.
func knownKey(k *catalog.Catalog, comp catalog.Component, conv stackmodel.Convention, key string) bool {
	if _, ok := k.LookupKey(comp, key); ok {
		return true
	}
	// The catalogue answers Kafka's and ZooKeeper's own keys, plugin
	// pass-through prefixes included; the image table the vendor's.
	return comp == catalog.Broker && conv.VendorKey(key)
}

// unknownHint proposes the nearest real name, spelt the way the entry is
// written (an image variable or a configuration key).
func unknownHint(s *service, comp catalog.Component, key string, asEnv bool) string {
	if asEnv {
		// Recognisable mix-ups of image conventions first.
		if rest, ok := strings.CutPrefix(key, "cfg."); ok && s.conv != stackmodel.ConvBitnamiKafka {
			if _, known := catalog.LookupKey(comp, rest); known {
				return fmt.Sprintf("KAFKA_CFG_ is bitnami/kafka's prefix; %s reads %s", s.conv, stackmodel.EnvName(s.conv, rest))
			}
		}
		if strings.HasPrefix(key, "listener.name.sasl.ssl.") || strings.HasPrefix(key, "listener.name.sasl.plaintext.") {
			return "a listener name with an underscore needs a double underscore in the variable: LISTENER_NAME_SASL__SSL_..."
		}
	}
	sugg := catalogFor(s).Suggest(comp, key)
	if len(sugg) == 0 {
		if comp == catalog.ZooKeeper {
			return "find the right name with `kafkit params search <words>`: ZooKeeper turns an unknown zoo.cfg key into a system property nobody reads"
		}
		return "find the right name with `kafkit params search <words>`: Kafka logs an unknown key as \"supplied but isn't a known config\" and ignores it"
	}
	var alts []string
	for _, sg := range sugg[:min(len(sugg), 2)] {
		if asEnv {
			if env := stackmodel.EnvName(s.conv, sg); env != "" {
				alts = append(alts, env+" ("+sg+")")
				continue
			}
		}
		alts = append(alts, sg)
	}
	return "did you mean " + strings.Join(alts, " or ") + "?"
}
