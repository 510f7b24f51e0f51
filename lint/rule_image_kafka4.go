package lint

import (
	"fmt"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleImageKafka4 reports a ZooKeeper-mode configuration on an image that
// ships Kafka 4, which removed ZooKeeper: the broker does not start.
var ruleImageKafka4 = Rule{
	Name:    "image-kafka4",
	Summary: "a ZooKeeper-mode configuration on a Kafka 4.x image",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			if s.imageNode == nil || s.image.Dynamic {
				continue
			}
			if s.role == stackmodel.RoleZooKeeper && s.conv == stackmodel.ConvCPZooKeeper {
				if ma, _, ok := stackmodel.LeadingVersion(s.image.Tag); ok && ma >= 8 {
					r.errorf(posOf(s.imageNode), "use "+stackmodel.CPZooKeeperImage+", the newest release of the last line",
						"image %s does not exist: Confluent Platform 8 dropped ZooKeeper, so cp-zookeeper stops at 7.9", s.image.Raw)
				}
				continue
			}
			if s.role != stackmodel.RoleKafka || s.kafkaMode() != "zk" {
				continue
			}
			ma, mi, ok := s.image.KafkaVersion(s.conv)
			latest := s.image.Tag == "" || s.image.Tag == "latest"
			if !(ok && ma >= 4) && !(latest && s.conv != stackmodel.ConvWurstmeister && s.conv != stackmodel.ConvNone) {
				continue
			}
			zk := s.props.get("zookeeper.connect")
			what := fmt.Sprintf("ships Kafka %d.%d", ma, mi)
			if !ok {
				what = "now pulls Kafka 4"
			}
			r.errorf(posOf(s.imageNode), "run Kafka 3.9 for ZooKeeper mode: "+suggestTag(s)+"; or move to KRaft and drop "+zk.written,
				"image %s %s, which removed ZooKeeper mode, but service %s sets %s (line %d): the broker does not start",
				s.image.Raw, what, s.name, zk.written, zk.pos.line)
		}
	},
}
