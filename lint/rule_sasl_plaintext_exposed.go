package lint

import "fmt"

// ruleSASLPlaintextExposed reports a SASL_PLAINTEXT listener published on
// every interface of the host: the login is checked, but records (and,
// with PLAIN, the password itself) cross the network unencrypted.
var ruleSASLPlaintextExposed = Rule{
	Name:    "sasl-plaintext-exposed",
	Summary: "a SASL_PLAINTEXT listener published on all interfaces",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			for _, e := range s.exposedListeners("SASL_PLAINTEXT") {
				r.warnf(e.port.pos, fmt.Sprintf("publish it on the loopback interface only: \"127.0.0.1:%d:%d\", or use SASL_SSL beyond this machine", e.port.published, e.port.target),
					"listener %s (SASL_PLAINTEXT: authenticated but not encrypted) is published on all interfaces as port %d: records, and with PLAIN the passwords, cross the network in clear text",
					e.listener.name, e.port.published)
			}
		}
	},
}
