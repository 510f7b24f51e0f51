package lint

import (
	"slices"
	"strings"
)

// ruleSuperUserBroker reports an authorizer whose super.users leaves out
// the principal the brokers present to each other: without ACLs for it,
// inter-broker requests (replication, controller requests) are denied and
// the cluster does not work.
var ruleSuperUserBroker = Rule{
	Name:    "super-user-broker",
	Summary: "an authorizer whose super.users does not hold the brokers' own principal",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			ls := s.listenerSet()
			if ls == nil || !s.isBroker() {
				continue
			}
			if v, ok := s.valueOf(s.props.get("authorizer.class.name")); !ok || v == "" {
				continue
			}
			if pr := s.props.get("allow.everyone.if.no.acl.found"); pr != nil {
				if v, ok := s.valueOf(pr); !ok || strings.EqualFold(v, "true") {
					continue
				}
			}
			principal, ok := p.brokerPrincipal(s, ls)
			if !ok {
				continue
			}
			su := s.props.get("super.users")
			var users []string
			if su != nil {
				v, ok := s.valueOf(su)
				if !ok {
					continue
				}
				for _, u := range strings.Split(v, ";") {
					users = append(users, strings.TrimSpace(u))
				}
			}
			if slices.Contains(users, principal) {
				continue
			}
			pos := s.settingsPos()
			if su != nil {
				pos = su.pos
			}
			hint := "add " + principal + " to super.users (entries separated by ';')"
			r.errorf(pos, hint, "brokers talk to each other as %s, which is not in super.users and has no ACLs here: inter-broker requests are denied (CLUSTER_AUTHORIZATION_FAILED)", principal)
		}
	},
}
