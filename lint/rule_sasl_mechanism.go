package lint

import (
	"slices"
	"strings"
)

// ruleSASLMechanism reports a SASL mechanism the broker uses on its own
// connections (sasl.mechanism.inter.broker.protocol, and in KRaft
// sasl.mechanism.controller.protocol) that the listener it connects to
// does not offer (sasl.enabled.mechanisms, per listener or global, GSSAPI
// by default): Kafka refuses to start.
var ruleSASLMechanism = Rule{
	Name:    "sasl-mechanism",
	Summary: "the SASL mechanism brokers use between themselves is not enabled on that listener",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			ls := s.listenerSet()
			if ls == nil || !ls.mapKnown {
				continue
			}
			check := func(listener, mechProp string) {
				if !isSASL(ls.protoMap[listener]) || ls.boundPort(listener) == 0 && !slices.ContainsFunc(ls.bound, func(l listenerDef) bool { return l.name == listener }) {
					return
				}
				mech, pos := "GSSAPI", s.settingsPos()
				if pr := s.props.get(mechProp); pr != nil {
					v, ok := s.valueOf(pr)
					if !ok {
						return
					}
					mech, pos = strings.ToUpper(v), pr.pos
				}
				enabled := []string{"GSSAPI"}
				ep := s.listenerProp(listener, "sasl.enabled.mechanisms")
				if ep != nil {
					v, ok := s.valueOf(ep)
					if !ok {
						return
					}
					enabled = mechanisms(v)
				}
				if slices.Contains(enabled, mech) {
					return
				}
				where := "sasl.enabled.mechanisms"
				if ep != nil {
					where = ep.written
				}
				r.errorf(pos, "add "+mech+" to "+where+", or set "+mechProp+" to one of "+strings.Join(enabled, ","),
					"%s is %s but listener %s offers only %s (%s): Kafka refuses to start", mechProp, mech, listener, strings.Join(enabled, ","), where)
			}
			if name, _, ok := s.interBrokerName(); ok && s.isBroker() {
				check(name, "sasl.mechanism.inter.broker.protocol")
			}
			if v, ok := s.valueOf(s.props.get("controller.listener.names")); ok && v != "" {
				check(strings.ToUpper(strings.TrimSpace(strings.Split(v, ",")[0])), "sasl.mechanism.controller.protocol")
			}
		}
	},
}
