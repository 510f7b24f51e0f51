package lint

import "github.com/kafkit/kafkit/stackmodel"

// ruleImageBitnami reports Bitnami images pulled from docker.io/bitnami,
// which Bitnami stopped publishing in 2025: the catalogue moved to
// docker.io/bitnamilegacy (frozen, no more updates) and only a few
// hardened images remain under bitnami/, for subscribers.
var ruleImageBitnami = Rule{
	Name:    "image-bitnami",
	Summary: "a Bitnami image that is no longer published on Docker Hub",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			im := s.image
			if s.imageNode == nil || im.Registry != "" || len(im.Repo) < len("bitnami/") || im.Repo[:len("bitnami/")] != "bitnami/" {
				continue
			}
			tag := im.Tag
			if tag == "" {
				tag = "latest"
			}
			hint := "Bitnami moved its catalogue to bitnamilegacy in 2025: pin bitnamilegacy/" + repoBase(im.Repo) + ":" + tag +
				" to keep this file working (frozen, no security updates), or move to a maintained image"
			switch s.conv {
			case stackmodel.ConvBitnamiKafka:
				hint += " such as apache/kafka or confluentinc/cp-kafka (their variables differ: KAFKA_CFG_X becomes KAFKA_X)"
			case stackmodel.ConvBitnamiZooKeeper:
				hint += " such as zookeeper or confluentinc/cp-zookeeper (their variables differ)"
			}
			r.errorf(posOf(s.imageNode), hint, "image %s is no longer published: docker compose pull fails with \"manifest unknown\"", im.Raw)
		}
	},
}
