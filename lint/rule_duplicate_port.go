package lint

import (
	"fmt"
	"strings"
)

// ruleDuplicatePort reports a host port published twice (docker compose up
// fails to bind the second) and two brokers advertising the same
// localhost address (the host would reach one broker under two ids).
var ruleDuplicatePort = Rule{
	Name:    "duplicate-port",
	Summary: "a host port published twice, or two brokers advertising the same address",
	check: func(p *project, r *reporter) {
		type owner struct {
			svc  string
			ip   string
			line int
		}
		published := map[string][]owner{}
		for _, s := range p.services {
			for _, pt := range s.ports {
				if pt.dynamic || pt.published == 0 {
					continue
				}
				key := fmt.Sprintf("%d/%s", pt.published, strings.ToLower(pt.protocol))
				ip := anyIP(pt.hostIP)
				for _, o := range published[key] {
					if o.ip == ip || o.ip == "*" || ip == "*" {
						r.errorf(pt.pos, "publish it on another host port, or remove one of the two mappings",
							"host port %d is already published by service %s (line %d): docker compose up cannot bind it twice", pt.published, o.svc, o.line)
						break
					}
				}
				published[key] = append(published[key], owner{s.name, ip, pt.pos.line})
			}
		}
		advertised := map[string]*service{}
		for _, s := range p.brokers() {
			ls := s.listenerSet()
			if ls == nil || ls.advProp == nil {
				continue
			}
			for _, l := range ls.advertised {
				if l.dyn || !isLoopback(l.host) || l.port == 0 {
					continue
				}
				key := fmt.Sprintf("%d", l.port)
				if other := advertised[key]; other != nil && other != s {
					r.errorf(ls.advProp.pos, "give each broker its own host port, e.g. localhost:9092, localhost:9093, ...",
						"%s advertises localhost:%d, which broker %s advertises too: clients on the host cannot tell the brokers apart", ls.advProp.written, l.port, other.name)
					continue
				}
				advertised[key] = s
			}
		}
	},
}

// anyIP normalises a published host IP: "*" for every interface.
func anyIP(ip string) string {
	switch ip {
	case "", "0.0.0.0", "::", "[::]":
		return "*"
	}
	return ip
}
