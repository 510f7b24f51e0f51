package lint

import "strings"

// ruleHostDockerInternal reports host.docker.internal in a service that does
// not define it: Docker Desktop resolves the name everywhere, Docker Engine
// on Linux only with an extra_hosts entry.
var ruleHostDockerInternal = Rule{
	Name:    "host-docker-internal",
	Summary: "host.docker.internal used without extra_hosts (does not resolve on Linux)",
	check: func(p *project, r *reporter) {
		const name = "host.docker.internal"
		for _, s := range p.services {
			if s.extraHosts[name] {
				continue
			}
			hint := "add extra_hosts: [\"host.docker.internal:host-gateway\"] to service " + s.name + " (Docker Desktop defines the name, Docker Engine on Linux does not)"
			reported := false
			for _, e := range s.env {
				if strings.Contains(strings.ToLower(e.value), name) {
					r.warnf(e.pos, hint, "%s uses host.docker.internal, which does not resolve on Linux without extra_hosts", e.name)
					reported = true
				}
			}
			if reported || s.props == nil {
				continue
			}
			for _, pr := range s.props.list {
				if pr.env == nil && strings.Contains(strings.ToLower(pr.value), name) {
					r.warnf(pr.pos, hint, "%s uses host.docker.internal, which does not resolve on Linux without extra_hosts", pr.written)
				}
			}
		}
	},
}
