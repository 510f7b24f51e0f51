package lint

import (
	"fmt"
	"path"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleUnreadConfigFile reports a file mounted into a Kafka or ZooKeeper
// service, named like the server's configuration, that the server never
// reads: the stack model decides which file it starts from (the command's,
// or the one the image's scripts use), and a file mounted anywhere else is
// dead weight whose settings never apply. Nothing is said where the model
// takes every such file as read (images not checked file by file, a start
// it cannot follow).
var ruleUnreadConfigFile = Rule{
	Name:    "unread-config-file",
	Summary: "a mounted server configuration file the server never reads",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			if s.role == stackmodel.RoleOther {
				continue
			}
			for _, target := range s.unread {
				source, pos := mountOf(s, target)
				what := target
				if source != "" {
					what = source + " (mounted at " + target + ")"
				}
				instead, hint := unreadInstead(s, target)
				r.warnf(pos, hint, "%s is never read by the server of %s: %s", what, imageName(s), instead)
			}
		}
	},
}

// mountOf finds the configs: or volumes: entry that mounts target: what
// it mounts (a config's name, a bind mount's host path) and where it is
// written.
func mountOf(s *service, target string) (source string, pos position) {
	if files, ok := s.model.Files.(inlineFiles); ok {
		for _, c := range files.refs {
			if path.Clean(c.target) == path.Clean(target) {
				return "config " + c.source, c.pos
			}
		}
	}
	for _, m := range s.mounts {
		if m.kind != "tmpfs" && path.Clean(m.target) == path.Clean(target) {
			return m.source, m.pos
		}
	}
	return "", posOf(s.key)
}

// imageName is the service's image as written, or its name when it has
// none.
func imageName(s *service) string {
	if s.image.Raw != "" {
		return "image " + s.image.Raw
	}
	return "service " + s.name
}

// unreadInstead says what the server of s reads in place of the file
// mounted at target, and how to make it read that file, from what the
// command or the image's scripts do.
func unreadInstead(s *service, target string) (instead, hint string) {
	if !s.scripts {
		instead = fmt.Sprintf("the service's command starts it with %s", s.reads)
		hint = fmt.Sprintf("start the server with %s in the command, or remove the mount", target)
		return instead, hint
	}
	// Confluent's scripts render their file at a fixed path; a file mounted
	// at that very path is written over (or, mounted read-only, makes the
	// start fail), not read.
	writes := func(rendered string) string {
		if path.Clean(target) == rendered {
			return "write over " + rendered + ", where it is mounted,"
		}
		return "write " + rendered
	}
	switch s.conv {
	case stackmodel.ConvCPKafka:
		return "its scripts " + writes("/etc/kafka/kafka.properties") + " from the KAFKA_ variables and start the broker with that",
			fmt.Sprintf("set the file's settings as KAFKA_ variables, or start the broker with the file: command: kafka-server-start %s", target)
	case stackmodel.ConvCPZooKeeper:
		return "its scripts " + writes("/etc/kafka/zookeeper.properties") + " from the ZOOKEEPER_ variables and start ZooKeeper with that",
			fmt.Sprintf("set the file's settings as ZOOKEEPER_ variables, or start ZooKeeper with the file: command: zookeeper-server-start %s", target)
	case stackmodel.ConvApacheKafka:
		return fmt.Sprintf("it starts from %s when one is mounted there, with the KAFKA_ variables appended", s.reads),
			fmt.Sprintf("mount the file at %s (settings from KAFKA_ variables still win over it)", s.reads)
	case stackmodel.ConvZooKeeper:
		return fmt.Sprintf("it reads %s, written from the ZOO_ variables when none is mounted there", s.reads),
			fmt.Sprintf("mount the file at %s (the ZOO_ variables are then ignored)", s.reads)
	}
	return fmt.Sprintf("it reads %s", s.reads), fmt.Sprintf("mount the file at %s", s.reads)
}
