package lint

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleZooKeeperConnect checks that zookeeper.connect names ZooKeeper
// services of the file, on the port they serve clients on.
var ruleZooKeeperConnect = Rule{
	Name:    "zookeeper-connect",
	Summary: "zookeeper.connect names a service or port that is not there",
	check: func(p *project, r *reporter) {
		var zks []string
		for _, s := range p.services {
			if s.role == stackmodel.RoleZooKeeper {
				zks = append(zks, s.name)
			}
		}
		for _, s := range p.services {
			if s.role != stackmodel.RoleKafka || s.netHost {
				continue
			}
			pr := s.props.get("zookeeper.connect")
			if pr == nil || pr.dynamic() {
				continue
			}
			hosts, _, _ := strings.Cut(strings.TrimSpace(pr.value), "/")
			for _, e := range strings.Split(hosts, ",") {
				e = strings.TrimSpace(e)
				if e == "" {
					continue
				}
				host, port := e, 2181
				if i := strings.LastIndexByte(e, ':'); i >= 0 && !strings.HasSuffix(e, "]") {
					host = e[:i]
					n, err := strconv.Atoi(e[i+1:])
					if err != nil {
						continue // invalid-value reports it
					}
					port = n
				}
				host = strings.Trim(host, "[]")
				checkZKHost(p, r, s, pr, host, port, zks)
			}
		}
	},
}

func checkZKHost(p *project, r *reporter, s *service, pr *property, host string, port int, zks []string) {
	if isLoopback(host) {
		hint := "use the ZooKeeper service's name, e.g. zookeeper:2181"
		if len(zks) > 0 {
			hint = fmt.Sprintf("use the ZooKeeper service's name: %s:%d", zks[0], port)
		}
		r.errorf(pr.pos, hint, "%s points at %s: inside service %s's container that is the broker itself, not ZooKeeper", pr.written, host, s.name)
		return
	}
	if _, err := netip.ParseAddr(host); err == nil || strings.Contains(host, ".") || s.extraHosts[strings.ToLower(host)] {
		return // an address, a fully qualified name or an extra_hosts entry: outside the file
	}
	target := p.hosts[strings.ToLower(host)]
	if target == nil {
		hint := "name a ZooKeeper service of this file"
		if near := nearest(host, zks); near != "" {
			hint = "did you mean " + near + "?"
		} else if len(zks) == 0 {
			hint = "add a ZooKeeper service (e.g. " + stackmodel.CPZooKeeperImage + ") or point at an existing ensemble"
		}
		r.errorf(pr.pos, hint, "%s names %s, which is not a service of this file", pr.written, host)
		return
	}
	if target.role != stackmodel.RoleZooKeeper {
		r.errorf(pr.pos, "point it at the ZooKeeper service", "%s names %s, which is not a ZooKeeper service", pr.written, host)
		return
	}
	if cp, ok := target.zkClientPort(); ok && cp != port {
		r.errorf(pr.pos, fmt.Sprintf("use %s:%d", host, cp),
			"%s connects to %s:%d, but ZooKeeper service %s serves clients on port %d", pr.written, host, port, target.name, cp)
	}
}
