package lint

import (
	"strings"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// listenerDef is one NAME://host:port entry of listeners or
// advertised.listeners.
type listenerDef struct {
	name string // upper-cased, as Kafka normalises it
	host string
	port int  // 0 when unknown
	dyn  bool // host or port uses interpolation
}

// parseListenerList reads a listener list leniently with
// catalog.ReadListeners: entries with ${VAR} keep what can be read,
// malformed entries are skipped (rule invalid-value reports them).
func parseListenerList(value string) []listenerDef {
	var out []listenerDef
	for _, l := range catalog.ReadListeners(value) {
		out = append(out, listenerDef{name: l.Name, host: l.Host, port: l.Port, dyn: l.Dynamic})
	}
	return out
}

// listenerDefs is what a broker listens on and advertises.
type listenerDefs struct {
	bound      []listenerDef
	boundProp  *property // nil when derived or defaulted
	advertised []listenerDef
	advProp    *property // nil when it falls back to listeners
	// derived is true when listeners is not set and the linter inferred
	// it (cp-kafka derives it from the advertised listeners, Kafka's
	// default is PLAINTEXT://:9092).
	derived  bool
	protoMap map[string]string
	mapProp  *property // nil when Kafka's default map applies
	// mapKnown is false when the map uses interpolation.
	mapKnown bool
}

// listenerSet works out a Kafka service's listeners, or returns nil when
// the service is not Kafka or its listeners cannot be read at all.
func (s *service) listenerSet() *listenerDefs {
	if s.role != stackmodel.RoleKafka {
		return nil
	}
	ls := &listenerDefs{mapKnown: true}
	if pr := s.props.get("advertised.listeners"); pr != nil {
		ls.advProp, ls.advertised = pr, parseListenerList(pr.value)
	}
	if pr := s.props.get("listeners"); pr != nil {
		ls.boundProp, ls.bound = pr, parseListenerList(pr.value)
	} else {
		ls.derived = true
		switch {
		case s.conv == stackmodel.ConvCPKafka && s.scripts && ls.advProp != nil:
			// cp-kafka's configure step binds every advertised
			// listener on 0.0.0.0 at the same port.
			for _, l := range ls.advertised {
				ls.bound = append(ls.bound, listenerDef{name: l.name, host: "0.0.0.0", port: l.port, dyn: l.dyn})
			}
		case s.conv == stackmodel.ConvBitnamiKafka && s.scripts:
			return nil // bitnami's defaults vary across releases
		default:
			ls.bound = []listenerDef{{name: "PLAINTEXT", port: 9092}}
		}
	}
	if ls.advProp == nil {
		ls.advertised = ls.bound
	}
	ls.protoMap = map[string]string{}
	if pr := s.props.get("listener.security.protocol.map"); pr != nil {
		ls.mapProp = pr
		if pr.dynamic() {
			ls.mapKnown = false
		} else if m, err := catalog.ParseProtocolMap(pr.value); err == nil {
			ls.protoMap = m
		} else {
			ls.mapKnown = false
		}
	} else {
		for _, p := range catalog.SecurityProtocols {
			ls.protoMap[p] = p
		}
		// With the default map, KRaft maps controller listeners that
		// are not in it to PLAINTEXT.
		if v, ok := s.props.value("controller.listener.names"); ok {
			for _, n := range strings.Split(v, ",") {
				if n = strings.ToUpper(strings.TrimSpace(n)); n != "" {
					if _, in := ls.protoMap[n]; !in {
						ls.protoMap[n] = "PLAINTEXT"
					}
				}
			}
		}
	}
	return ls
}

// boundPort returns the port the listener name binds, 0 when unknown.
func (ls *listenerDefs) boundPort(name string) int {
	for _, l := range ls.bound {
		if l.name == name {
			return l.port
		}
	}
	return 0
}

// interBrokerName is the listener brokers use between themselves:
// inter.broker.listener.name, else the one named after
// security.inter.broker.protocol (PLAINTEXT by default).
func (s *service) interBrokerName() (name string, explicit bool, ok bool) {
	if pr := s.props.get("inter.broker.listener.name"); pr != nil {
		if pr.dynamic() {
			return "", true, false
		}
		return strings.ToUpper(strings.TrimSpace(pr.value)), true, true
	}
	if pr := s.props.get("security.inter.broker.protocol"); pr != nil {
		if pr.dynamic() {
			return "", false, false
		}
		return strings.ToUpper(strings.TrimSpace(pr.value)), false, true
	}
	return "PLAINTEXT", false, true
}

// isLoopback reports whether host names the container itself.
func isLoopback(host string) bool {
	h := strings.ToLower(host)
	return h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1" || h == "ip6-localhost"
}
