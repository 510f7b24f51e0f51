package lint

import (
	"strings"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleACLAllowEveryone reports allow.everyone.if.no.acl.found=true next to
// an authorizer: every resource without an ACL (every new topic) is then
// open to everyone, which defeats the authorizer for all but the resources
// someone remembered to protect.
var ruleACLAllowEveryone = Rule{
	Name:    "acl-allow-everyone",
	Summary: "allow.everyone.if.no.acl.found=true with an authorizer",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			if s.role != stackmodel.RoleKafka {
				continue
			}
			if v, ok := s.valueOf(s.props.get("authorizer.class.name")); !ok || v == "" {
				continue
			}
			pr := s.props.get("allow.everyone.if.no.acl.found")
			if v, ok := s.valueOf(pr); !ok || !strings.EqualFold(v, "true") {
				continue
			}
			r.warnf(pr.pos, "set allow.everyone.if.no.acl.found=false (the default) and grant what each user needs with kafka-acls",
				"%s is true: every topic, group and the cluster without an ACL is open to anyone who can connect, so the authorizer protects only what has ACLs", pr.written)
		}
	},
}
