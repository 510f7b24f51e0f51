package compose

import "fmt"

// ruleSASLPlaintextExposed reports a SASL_PLAINTEXT listener published on
// every interface of the host: the login is checked, but records (and,
// with PLAIN, the password itself) cross the network unencrypted.
var ruleSASLPlaintextExposed = LintRule{
	Name:    "sasl-plaintext-exposed",
	Summary: "a SASL_PLAINTEXT listener published on all interfaces",
	check: func(p *lintProject, r *lintReporter) {
		for _, s := range p.services {
			ls := s.listenerSet()
			if ls == nil || !ls.mapKnown {
				continue
			}
			for _, pt := range s.ports {
				if pt.dynamic || pt.published == 0 || lintAnyIP(pt.hostIP) != "*" {
					continue
				}
				for _, l := range ls.bound {
					if l.port != pt.target || ls.protoMap[l.name] != "SASL_PLAINTEXT" {
						continue
					}
					r.warnf(pt.pos, fmt.Sprintf("publish it on the loopback interface only: \"127.0.0.1:%d:%d\", or use SASL_SSL beyond this machine", pt.published, pt.target),
						"listener %s (SASL_PLAINTEXT: authenticated but not encrypted) is published on all interfaces as port %d: records, and with PLAIN the passwords, cross the network in clear text",
						l.name, pt.published)
					break
				}
			}
		}
	},
}
