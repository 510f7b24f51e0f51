package lint

import (
	"fmt"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// ruleIgnoredVariable reports environment variables that look like
// configuration but never reach it: the image drops them (cp-zookeeper's
// fixed list, bitnami's KAFKA_CFG_ prefix), the image's scripts never run
// (a command that starts the server itself, a mounted zoo.cfg), or they
// reach the file in a form the server does not read. It also notes the
// script variables cp-kafka leaks into kafka.properties.
var ruleIgnoredVariable = Rule{
	Name:    "ignored-variable",
	Summary: "a variable the image ignores, or one that leaks into the properties file",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			if s.role == stackmodel.RoleOther {
				continue
			}
			bypass := scriptsBypassed(s)
			for _, e := range s.env {
				c := e.class
				if bypass != "" {
					if c.Kind == stackmodel.EnvProp || s.conv == stackmodel.ConvZooKeeper && (e.name == "ZOO_SERVERS" || e.name == "ZOO_CFG_EXTRA") {
						hint := "set it in the configuration file instead"
						if c.Prop != "" {
							hint = "set " + c.Prop + " in the configuration file instead"
						}
						r.errorf(e.pos, hint, "%s is ignored: %s", e.name, bypass)
					}
					continue
				}
				switch c.Kind {
				case stackmodel.EnvIgnored:
					msg := fmt.Sprintf("%s is ignored: %s", e.name, ignoredWhy(s.conv))
					if c.Sure {
						r.errorf(e.pos, ignoredHint(s, e), "%s", msg)
					} else {
						r.warnf(e.pos, ignoredHint(s, e), "%s", msg)
					}
				case stackmodel.EnvNoEffect:
					hint := "pass it to the JVM instead, in KAFKA_OPTS"
					if c.Prop == "jute.maxbuffer" && e.set {
						hint = "pass it to the JVM instead: KAFKA_OPTS=-Djute.maxbuffer=" + e.value
					}
					r.warnf(e.pos, hint, "%s has no effect: %s", e.name, c.Note)
				case stackmodel.EnvRemoved:
					r.errorf(e.pos, "remove it and describe the listeners with "+c.Use+" (and KAFKA_LISTENERS)",
						"%s makes %s refuse to start: the variable was removed", e.name, s.conv)
				case stackmodel.EnvLeak:
					if !e.set {
						continue
					}
					r.infof(e.pos, "harmless: Kafka logs \""+c.Prop+" was supplied but isn't a known config\" at start-up and goes on",
						"%s is also written to the broker's properties as %s", e.name, c.Prop)
				}
			}
		}
	},
}

// scriptsBypassed says why the image's environment handling does not
// run for s, or "" when it does.
func scriptsBypassed(s *service) string {
	if s.conv == stackmodel.ConvNone || s.conv == stackmodel.ConvPlainZooKeeper {
		return ""
	}
	if !s.scripts {
		if s.mountedConfig != "" {
			return fmt.Sprintf("the service's command starts the server with %s, so the image's scripts that read these variables never run", s.mountedConfig)
		}
		return "the service's command starts the server itself, so the image's scripts that read these variables never run"
	}
	if s.envSkippedFor != "" {
		return s.envSkippedFor + " is mounted, and the image only writes zoo.cfg when there is none"
	}
	return ""
}

func ignoredWhy(conv stackmodel.Convention) string {
	switch conv {
	case stackmodel.ConvCPZooKeeper:
		return "cp-zookeeper only reads a fixed list of 66 ZOOKEEPER_ variables"
	case stackmodel.ConvBitnamiKafka:
		return "bitnami/kafka reads KAFKA_CFG_ variables (and a few legacy aliases), not this one"
	}
	return fmt.Sprintf("the %s image does not read it", conv)
}

// ignoredHint names what to use instead: the image's own variable for
// the setting, or the system property or zoo.cfg line that reaches it.
func ignoredHint(s *service, e *envVar) string {
	c := e.class
	if c.Use != "" {
		return "use " + c.Use
	}
	comp, _ := componentOf(s.role)
	param, ok := catalog.LookupKey(comp, c.Prop)
	if !ok || c.Prop == "" {
		return "remove it, or check the image's documentation for the variable you meant"
	}
	img, inCatalog := s.conv.Catalog()
	if inCatalog {
		value := e.value
		if value == "" {
			value = "<value>"
		}
		if name, v, shared, ok := catalog.EnvSetting(param, img, value); ok {
			if shared {
				return fmt.Sprintf("%s has no variable of its own here; set it through %s: %s=%s", param.Name, name, name, v)
			}
			return "use " + name
		}
	}
	if env := stackmodel.EnvName(s.conv, param.Name); env != "" {
		return "use " + env
	}
	return fmt.Sprintf("%s cannot set %s from the environment; mount a configuration file that sets it", s.conv, param.Name)
}
