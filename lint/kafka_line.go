package lint

import (
	"strings"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// kafkaLine is the Kafka line whose catalogue judges a Kafka service: the
// one its image tag ships (cp-kafka 8.x and apache/kafka 4.x run 4.x,
// cp-kafka 7.9.x and apache/kafka 3.9.x run 3.9). An image whose tag says
// nothing (latest, a ${VAR}) or an older line is judged as 3.9, the
// catalogue's default.
func (s *service) kafkaLine() catalog.Version {
	if s.role != stackmodel.RoleKafka {
		return catalog.V39
	}
	if ma, _, ok := s.image.KafkaVersion(s.conv); ok && ma >= 4 {
		return catalog.V4
	}
	return catalog.V39
}

// catalogFor is the catalogue that judges service s.
func catalogFor(s *service) *catalog.Catalog { return catalog.Kafka(s.kafkaLine()) }

// removedIn4 reports a 3.9 broker key on a 4.x image: the error, with
// what replaces it as the hint. It returns false for any other key.
func removedIn4(s *service, pr *property, r *reporter) bool {
	if s.kafkaLine() != catalog.V4 {
		return false
	}
	succ, ok := catalog.RemovedIn4(catalog.Broker, pr.name)
	if !ok {
		return false
	}
	if pr.name == "zookeeper.connect" && s.kafkaMode() == "zk" {
		// image-kafka4 already reports the whole ZooKeeper-mode setup.
		return true
	}
	hint := succ.Note
	switch {
	case succ.Renamed:
		hint = "write " + s.propName(succ.Name) + " instead: " + succ.Note
	case succ.Name != "":
		hint = "see " + s.propName(succ.Name) + ": " + succ.Note
	}
	of := ""
	if pr.written != pr.name {
		of = " (" + pr.name + ")"
	}
	r.errorf(pr.pos, hint, "%s%s is a Kafka 3.9 setting that Kafka 4.x removed; image %s runs 4.x", pr.written, of, s.image.Raw)
	return true
}

// paramsFlag is the --kafka flag that makes `kafkit params` answer for
// the service's line ("" for 3.9, the default).
func paramsFlag(s *service) string {
	if s.kafkaLine() == catalog.V4 {
		return "--kafka 4.x "
	}
	return ""
}

// kafka4ControllerRF is the default.replication.factor that applies to a
// Kafka 4.x broker-only service which does not set it: 4.x takes it from
// the controllers, which create the topics (and warns when a broker-only
// node sets it). ok is false for any other service, or when the file has
// no 4.x controller that says.
func (p *project) kafka4ControllerRF(s *service) (rf int, written string, ok bool) {
	if s.kafkaLine() != catalog.V4 || isController(s) || s.props.get("default.replication.factor") != nil {
		return 0, "", false
	}
	for _, c := range p.services {
		if c.role != stackmodel.RoleKafka || c.kafkaLine() != catalog.V4 || !isController(c) {
			continue
		}
		if v, name, _, ok := c.intSetting("default.replication.factor"); ok {
			return v, "the controllers' " + name + " (service " + c.name + ")", true
		}
	}
	return 0, "", false
}

// isController reports whether a Kafka service is a KRaft controller
// (process.roles names controller).
func isController(s *service) bool {
	v, ok := s.props.value("process.roles")
	if !ok {
		return false
	}
	for _, r := range strings.Split(v, ",") {
		if strings.TrimSpace(r) == "controller" {
			return true
		}
	}
	return false
}
