package lint

import (
	"fmt"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleImageTag reports images without a pinned tag: :latest (or no tag,
// which means :latest) changes under the file. For Kafka it already has:
// the latest Confluent, Apache and Bitnami Kafka images are Kafka 4, which
// has no ZooKeeper mode.
var ruleImageTag = Rule{
	Name:    "image-tag",
	Summary: "an image with :latest or no tag",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			im := s.image
			if s.imageNode == nil || im.Dynamic || im.Digest != "" || im.Repo == "" {
				continue
			}
			if im.Tag != "" && im.Tag != "latest" {
				continue
			}
			what := "has no tag, which means :latest"
			if im.Tag == "latest" {
				what = "uses :latest"
			}
			hint := "pin a version tag, e.g. " + suggestTag(s)
			switch s.role {
			case stackmodel.RoleKafka, stackmodel.RoleZooKeeper:
				r.warnf(posOf(s.imageNode), hint, "image %s %s: the Kafka or ZooKeeper version changes whenever the image is pulled again", im.Raw, what)
			default:
				r.warnf(posOf(s.imageNode), "pin a version tag", "image %s %s: the version changes whenever the image is pulled again", im.Raw, what)
			}
		}
	},
}

func suggestTag(s *service) string {
	switch s.conv {
	case stackmodel.ConvCPKafka:
		return s.image.Repo + ":" + stackmodel.CPVersion + " (Kafka 3.9, the last release with ZooKeeper)"
	case stackmodel.ConvCPZooKeeper:
		return stackmodel.CPZooKeeperImage
	case stackmodel.ConvApacheKafka:
		return s.image.Repo + ":3.9.1"
	case stackmodel.ConvZooKeeper:
		return "zookeeper:3.8"
	case stackmodel.ConvBitnamiKafka, stackmodel.ConvBitnamiZooKeeper:
		return "bitnamilegacy/" + repoBase(s.image.Repo) + ":<version>"
	}
	return fmt.Sprintf("%s:<version>", s.image.Repo)
}

// repoBase is the last path element of a repository.
func repoBase(repo string) string {
	for i := len(repo) - 1; i >= 0; i-- {
		if repo[i] == '/' {
			return repo[i+1:]
		}
	}
	return repo
}
