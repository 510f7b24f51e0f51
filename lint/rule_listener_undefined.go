package lint

import (
	"strconv"
	"strings"
)

// ruleListenerUndefined reports advertised listeners whose name listeners
// does not define: Kafka refuses to start ("advertised.listeners listener
// names must be equal to or a subset of the ones defined in listeners").
var ruleListenerUndefined = Rule{
	Name:    "listener-undefined",
	Summary: "an advertised listener name that listeners does not define",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			ls := s.listenerSet()
			if ls == nil || ls.advProp == nil || ls.derived {
				continue
			}
			bound := map[string]bool{}
			var names []string
			for _, l := range ls.bound {
				bound[l.name] = true
				names = append(names, l.name)
			}
			for _, l := range ls.advertised {
				if bound[l.name] {
					continue
				}
				port := "<port>"
				if l.port != 0 {
					port = strconv.Itoa(l.port)
				}
				r.errorf(ls.advProp.pos,
					"add "+l.name+"://0.0.0.0:"+port+" to "+ls.boundProp.written+" (it defines "+strings.Join(names, ", ")+")",
					"%s advertises %s, which %s does not define: Kafka refuses to start", ls.advProp.written, l.name, ls.boundProp.written)
			}
		}
	},
}
