package lint

import (
	"strings"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleDuplicateID reports two Kafka nodes with the same broker.id or
// node.id: the second one fails to register (ZooKeeper: "node already
// exists"; KRaft: the quorum rejects it).
var ruleDuplicateID = Rule{
	Name:    "duplicate-id",
	Summary: "two Kafka nodes with the same broker.id or node.id",
	check: func(p *project, r *reporter) {
		type first struct {
			svc  string
			line int
		}
		seen := map[string]first{}
		for _, s := range p.services {
			if s.role != stackmodel.RoleKafka {
				continue
			}
			// broker.id and node.id name the same id space (node.id is
			// KRaft's name for it); one id per service.
			var pr *property
			for _, name := range []string{"node.id", "broker.id"} {
				if c := s.props.get(name); c != nil && !c.dynamic() {
					pr = c
					break
				}
			}
			if pr == nil {
				continue
			}
			id := strings.TrimSpace(pr.value)
			if id == "-1" || id == "" {
				continue // -1 asks ZooKeeper to generate one
			}
			if f, dup := seen[id]; dup && f.svc != s.name {
				r.errorf(pr.pos, "give every Kafka service its own id (1, 2, 3, ...)",
					"%s is %s, the same id as service %s (line %d): the second node cannot register", pr.written, id, f.svc, f.line)
				continue
			}
			seen[id] = first{s.name, pr.pos.line}
		}
	},
}
