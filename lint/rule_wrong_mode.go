package lint

import (
	"fmt"
	"strings"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// zkRefuses are the KRaft settings a ZooKeeper-mode broker (outside a
// migration) refuses to start with when they are not empty; it ignores the
// others (KafkaConfig.validateValues in Kafka 3.9; both behaviours are
// shown on a real broker by TestLintClaimsOnRealKafka).
var zkRefuses = map[string]bool{"controller.listener.names": true}

// ruleWrongMode reports settings of the other broker mode: a KRaft-only
// parameter on a ZooKeeper-mode broker and the reverse, process.roles
// together with zookeeper.connect, and a ZooKeeper-mode broker on the
// apache/kafka image, which only runs KRaft.
var ruleWrongMode = Rule{
	Name:    "wrong-mode",
	Summary: "a parameter of the other broker mode (KRaft vs ZooKeeper), or both modes at once",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			if s.role != stackmodel.RoleKafka {
				continue
			}
			if v, ok := s.props.value("zookeeper.metadata.migration.enable"); ok && strings.EqualFold(v, "true") {
				// A ZooKeeper-to-KRaft migration uses both on purpose.
				continue
			}
			mode := s.kafkaMode()
			zk := s.props.get("zookeeper.connect")
			roles := s.props.get("process.roles")
			if mode == "kraft" && zk != nil && roles != nil {
				// Kafka 3.9 starts such a node in KRaft mode and never
				// connects to ZooKeeper (TestLintClaimsOnRealKafka): the
				// line misleads, it breaks nothing.
				r.warnf(zk.pos, fmt.Sprintf("remove %s (KRaft), or remove %s to run with ZooKeeper", zk.written, roles.written),
					"%s is set together with %s: process.roles makes this a KRaft node, which starts without ever connecting to ZooKeeper", zk.written, roles.written)
			}
			if s.conv == stackmodel.ConvApacheKafka && s.scripts && mode == "zk" {
				r.errorf(zk.pos, "use confluentinc/cp-kafka:7.9.x for a ZooKeeper-mode broker, or configure KRaft (KAFKA_PROCESS_ROLES, KAFKA_NODE_ID, KAFKA_CONTROLLER_QUORUM_VOTERS)",
					"%s configures a ZooKeeper-mode broker, but the apache/kafka image only runs KRaft: it formats KRaft storage at start", zk.written)
			}
			if mode == "" {
				continue
			}
			for _, pr := range s.props.list {
				if pr == zk || pr == roles {
					continue
				}
				param, ok := catalog.LookupKey(catalog.Broker, pr.name)
				if !ok {
					continue
				}
				switch {
				case mode == "zk" && param.Mode == catalog.ModeKRaft && zkRefuses[param.Name] && strings.TrimSpace(pr.value) != "":
					r.errorf(pr.pos, "remove it: it only applies to KRaft nodes (process.roles)",
						"%s is a KRaft setting, and service %s runs with ZooKeeper (zookeeper.connect): Kafka refuses to start unless it is empty", pr.written, s.name)
				case mode == "zk" && param.Mode == catalog.ModeKRaft:
					r.warnf(pr.pos, "remove it: it only applies to KRaft nodes (process.roles)",
						"%s is a KRaft setting, but service %s runs with ZooKeeper (zookeeper.connect), which ignores or rejects it", pr.written, s.name)
				case mode == "kraft" && param.Mode == catalog.ModeZK:
					r.warnf(pr.pos, "remove it: it only applies to ZooKeeper-mode brokers",
						"%s is a ZooKeeper-mode setting, but service %s is a KRaft node (process.roles), which ignores or rejects it", pr.written, s.name)
				}
			}
		}
	},
}
