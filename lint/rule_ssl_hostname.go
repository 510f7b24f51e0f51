package lint

import (
	"strings"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleSSLHostname reports ssl.endpoint.identification.algorithm set to
// the empty value: brokers then accept any certificate signed by the CA
// for any host when they connect to each other, so one stolen broker (or
// client) certificate impersonates every broker.
var ruleSSLHostname = Rule{
	Name:    "ssl-hostname-check-off",
	Summary: "ssl.endpoint.identification.algorithm emptied: host names of certificates not checked",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			if s.role != stackmodel.RoleKafka {
				continue
			}
			for _, pr := range s.props.list {
				if pr.name != "ssl.endpoint.identification.algorithm" && !(strings.HasPrefix(pr.name, "listener.name.") && strings.HasSuffix(pr.name, ".ssl.endpoint.identification.algorithm")) {
					continue
				}
				if pr.dynamic() || strings.TrimSpace(pr.value) != "" {
					continue
				}
				r.warnf(pr.pos, "remove it (the default https checks host names) and give each broker a certificate naming every address it is reached at (kafkit compose --security makes such certificates)",
					"%s is empty: host name verification is off, so any certificate from the CA passes for any broker", pr.written)
			}
		}
	},
}
