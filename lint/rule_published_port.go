package lint

import "fmt"

// rulePublishedPort checks the ports behind a listener advertised as
// localhost: the host must publish the advertised port, onto the port the
// listener binds in the container. Otherwise clients on the host bootstrap
// fine and then connect to a port where nothing listens.
var rulePublishedPort = Rule{
	Name:    "published-port",
	Summary: "the published port does not match the port of the listener advertised to the host",
	check: func(p *project, r *reporter) {
		for _, s := range p.brokers() {
			ls := s.listenerSet()
			if ls == nil || ls.advProp == nil || s.netHost || len(s.ports) == 0 {
				continue
			}
			dynamic := false
			for _, pt := range s.ports {
				dynamic = dynamic || pt.dynamic
			}
			if dynamic {
				continue
			}
			for _, l := range ls.advertised {
				if l.dyn || !isLoopback(l.host) || l.port == 0 {
					continue
				}
				bp := ls.boundPort(l.name)
				var match *portMapping
				for i := range s.ports {
					if s.ports[i].published == l.port {
						match = &s.ports[i]
						break
					}
				}
				want := l.port
				if bp != 0 {
					want = bp
				}
				switch {
				case match == nil:
					r.errorf(ls.advProp.pos, fmt.Sprintf("publish it: ports: - \"127.0.0.1:%d:%d\"", l.port, want),
						"%s advertises %s as %s:%d, but no port mapping publishes %d: clients on the host are sent to a port nothing listens on",
						ls.advProp.written, l.name, l.host, l.port, l.port)
				case bp != 0 && match.target != bp:
					r.errorf(match.pos, fmt.Sprintf("map it onto the listener's port: \"%d:%d\"", l.port, bp),
						"port %d is published to container port %d, but listener %s (advertised as %s:%d) binds %d",
						l.port, match.target, l.name, l.host, l.port, bp)
				}
			}
		}
	},
}
