package lint

import (
	"fmt"
	"strings"
)

// ruleSASLJAAS reports a SASL listener the broker has no JAAS
// configuration for: no listener.name.<listener>.<mechanism>.sasl.jaas.config
// and no KafkaServer section in the file java.security.auth.login.config
// names. Kafka then refuses to start ("Could not find a 'KafkaServer' or
// '<listener>.KafkaServer' entry in the JAAS configuration").
var ruleSASLJAAS = Rule{
	Name:    "sasl-jaas-missing",
	Summary: "a SASL listener without a JAAS configuration",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			ls := s.listenerSet()
			if ls == nil || !ls.mapKnown {
				continue
			}
			j := p.jaas(s)
			for _, l := range ls.bound {
				if !isSASL(ls.protoMap[l.name]) || len(s.listenerJAASProps(l.name)) > 0 {
					continue
				}
				pos := s.settingsPos()
				if ls.boundProp != nil {
					pos = ls.boundProp.pos
				}
				switch {
				case j == nil:
					r.errorf(pos, fmt.Sprintf("set listener.name.%s.<mechanism>.sasl.jaas.config, or pass a JAAS file with a KafkaServer section: KAFKA_OPTS=-Djava.security.auth.login.config=/path/kafka.jaas", strings.ToLower(l.name)),
						"listener %s is %s but the broker has no JAAS configuration for it: Kafka refuses to start", l.name, ls.protoMap[l.name])
				case j.known:
					if _, ok := j.section(strings.ToLower(l.name) + ".KafkaServer"); ok {
						continue
					}
					if _, ok := j.section("KafkaServer"); ok {
						continue
					}
					r.errorf(pos, "add a KafkaServer { ... }; section to "+j.path,
						"listener %s is %s but the JAAS file %s has no KafkaServer (or %s.KafkaServer) section: Kafka refuses to start",
						l.name, ls.protoMap[l.name], j.path, strings.ToLower(l.name))
				}
			}
		}
	},
}
