package lint

import "strings"

// ruleInterBrokerListener checks the listener brokers use between
// themselves: it must be one of the broker's listeners (by default the one
// named PLAINTEXT, which custom names such as INTERNAL/EXTERNAL do not
// provide), and inter.broker.listener.name and
// security.inter.broker.protocol cannot both be set.
var ruleInterBrokerListener = Rule{
	Name:    "inter-broker-listener",
	Summary: "the inter-broker listener is not one of the broker's listeners",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			ls := s.listenerSet()
			if ls == nil || !s.isBroker() {
				continue
			}
			ibl := s.props.get("inter.broker.listener.name")
			sibp := s.props.get("security.inter.broker.protocol")
			if ibl != nil && sibp != nil {
				r.errorf(sibp.pos, "keep only "+ibl.written, "%s and %s are both set: Kafka accepts only one of them", ibl.written, sibp.written)
				continue
			}
			name, explicit, ok := s.interBrokerName()
			if !ok {
				continue
			}
			var names []string
			found := false
			for _, l := range ls.advertised {
				names = append(names, l.name)
				if l.name == name {
					found = true
				}
			}
			if found || len(names) == 0 {
				continue
			}
			hint := s.setHint("inter.broker.listener.name", names[0]) + ", or another listener other brokers can reach (" + strings.Join(names, ", ") + ")"
			switch {
			case explicit:
				r.errorf(ibl.pos, hint, "%s is %s, which is not one of the advertised listeners (%s): Kafka refuses to start",
					ibl.written, name, strings.Join(names, ", "))
			case sibp != nil:
				r.errorf(sibp.pos, hint, "%s=%s makes the broker look for a listener named %s, and there is none (%s): Kafka refuses to start",
					sibp.written, name, name, strings.Join(names, ", "))
			default:
				pos := s.anchor()
				if ls.advProp != nil {
					pos = ls.advProp.pos
				} else if ls.boundProp != nil {
					pos = ls.boundProp.pos
				}
				r.errorf(pos, hint, "no listener is named PLAINTEXT, the default inter-broker listener, and %s is not set: Kafka refuses to start",
					s.propName("inter.broker.listener.name"))
			}
		}
	},
}
