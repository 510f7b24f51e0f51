package lint

import (
	"sort"
	"strings"
)

// ruleListenerProtocol reports listener names with no security protocol:
// a name other than PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL must be
// mapped in listener.security.protocol.map, or Kafka refuses to start.
var ruleListenerProtocol = Rule{
	Name:    "listener-protocol",
	Summary: "a listener name missing from listener.security.protocol.map",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			ls := s.listenerSet()
			if ls == nil || !ls.mapKnown {
				continue
			}
			seen := map[string]bool{}
			var missing []string
			for _, group := range [][]listenerDef{ls.bound, ls.advertised} {
				for _, l := range group {
					if _, ok := ls.protoMap[l.name]; !ok && !seen[l.name] {
						seen[l.name] = true
						missing = append(missing, l.name)
					}
				}
			}
			if len(missing) == 0 {
				continue
			}
			mapName := s.propName("listener.security.protocol.map")
			var entries []string
			for name, proto := range ls.protoMap {
				if ls.mapProp != nil {
					entries = append(entries, name+":"+proto)
				}
			}
			sort.Strings(entries)
			for _, m := range missing {
				entries = append(entries, m+":PLAINTEXT")
			}
			hint := s.setHint("listener.security.protocol.map", strings.Join(entries, ",")) + " (or SSL/SASL_* for secured listeners)"
			what := "listener " + missing[0] + " has"
			if len(missing) > 1 {
				what = "listeners " + strings.Join(missing[:len(missing)-1], ", ") + " and " + missing[len(missing)-1] + " have"
			}
			if ls.mapProp != nil {
				r.errorf(ls.mapProp.pos, hint, "%s no security protocol: %s does not map it, and Kafka refuses to start",
					what, ls.mapProp.written)
				continue
			}
			pos := s.anchor()
			if ls.boundProp != nil {
				pos = ls.boundProp.pos
			} else if ls.advProp != nil {
				pos = ls.advProp.pos
			}
			r.errorf(pos, hint, "%s no security protocol: %s is not set, and the default map only knows PLAINTEXT, SSL, SASL_PLAINTEXT and SASL_SSL",
				what, mapName)
		}
	},
}
