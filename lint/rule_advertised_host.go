package lint

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ruleAdvertisedHost checks that each advertised address works from where
// it is used. A client connects to the bootstrap address, then to the
// address the broker advertises; so localhost is wrong on a listener other
// containers use (it is their own container there), and a container name
// is wrong on a port published to the host (the host cannot resolve it).
var ruleAdvertisedHost = Rule{
	Name:    "advertised-host",
	Summary: "an advertised host that is unreachable from where the listener is used",
	check: func(p *project, r *reporter) {
		brokers := p.brokers()
		for _, s := range brokers {
			ls := s.listenerSet()
			if ls == nil || ls.advProp == nil || s.netHost {
				continue
			}
			ibl, _, iblOK := s.interBrokerName()
			for _, l := range ls.advertised {
				if l.dyn {
					continue
				}
				bp := ls.boundPort(l.name)
				if bp == 0 {
					bp = l.port
				}
				if isLoopback(l.host) {
					if iblOK && l.name == ibl && len(brokers) > 1 {
						r.errorf(ls.advProp.pos,
							fmt.Sprintf("advertise the inter-broker listener by service name, e.g. %s://%s:%d, and keep localhost for a separate listener the host uses", l.name, s.name, bp),
							"%s advertises %s as %s:%d, and it is the inter-broker listener: each of the %d brokers would connect to itself instead of the others",
							ls.advProp.written, l.name, l.host, l.port, len(brokers))
						continue
					}
					if c, ref := p.clientOf(s, bp); c != nil {
						r.errorf(ls.advProp.pos,
							fmt.Sprintf("give containers a listener of their own, e.g. INTERNAL://%s:29092 (bound on 0.0.0.0:29092, mapped INTERNAL:PLAINTEXT), and point %s at %s:29092", s.name, c.name, s.name),
							"%s advertises %s as %s:%d, but service %s connects through it (%s): the broker sends it back to %s:%d, which inside %s's container is %s itself",
							ls.advProp.written, l.name, l.host, l.port, c.name, ref, l.host, l.port, c.name, c.name)
					}
					continue
				}
				host := l.host
				if host == "" {
					// Kafka advertises the container's own host name:
					// the hostname: of the service, else its container id
					// (container_name and network aliases do not set it).
					host = "the container's host name (its id)"
					if s.hostname != "" {
						host = s.hostname
					}
				} else if _, err := netip.ParseAddr(host); err == nil || p.hosts[strings.ToLower(host)] == nil {
					continue
				}
				for _, pt := range s.ports {
					if pt.dynamic || pt.target != bp || pt.published == 0 {
						continue
					}
					msg := fmt.Sprintf("%s advertises %s as %s:%d, and port %d is published to the host: a client on the host connects, then is told to use %s:%d, a name only containers can resolve",
						ls.advProp.written, l.name, host, l.port, pt.published, host, l.port)
					if l.host == "" {
						msg = fmt.Sprintf("%s advertises %s without a host, so Kafka advertises %s, and port %d is published to the host: a client on the host connects, then is told to use a name only containers can resolve",
							ls.advProp.written, l.name, host, pt.published)
					}
					r.warnf(ls.advProp.pos,
						fmt.Sprintf("add a listener for the host that advertises localhost:%d (e.g. PLAINTEXT_HOST://localhost:%d) and publish that one, or keep this one for containers only", pt.published, pt.published),
						"%s", msg)
					break
				}
			}
		}
	},
}

// brokers returns the Kafka services that serve clients.
func (p *project) brokers() []*service {
	var out []*service
	for _, s := range p.services {
		if s.isBroker() {
			out = append(out, s)
		}
	}
	return out
}

// clientOf finds another service whose environment or command connects to
// broker b on port: an entry such as kafka:9092 naming one of b's names.
// It returns the service and the text that refers to b.
func (p *project) clientOf(b *service, port int) (*service, string) {
	names := append([]string{b.name}, b.names...)
	suffix := ":" + strconv.Itoa(port)
	for _, c := range p.services {
		if c == b {
			continue
		}
		for _, e := range c.env {
			if ref := findHostPort(e.value, names, suffix); ref != "" {
				return c, e.name + "=" + ref
			}
		}
		if ref := findHostPort(c.command, names, suffix); ref != "" {
			return c, "command: " + ref
		}
	}
	return nil, ""
}

// findHostPort finds name+suffix (suffix is ":port") in text as a whole
// host:port, not inside a longer name or port, and returns it as written.
func findHostPort(text string, names []string, suffix string) string {
	lower := strings.ToLower(text)
	for _, n := range names {
		want := strings.ToLower(n) + suffix
		for from := 0; ; {
			i := strings.Index(lower[from:], want)
			if i < 0 {
				break
			}
			i += from
			end := i + len(want)
			before := i == 0 || !hostChar(lower[i-1])
			after := end == len(lower) || lower[end] < '0' || lower[end] > '9'
			if before && after {
				return text[i:end]
			}
			from = i + 1
		}
	}
	return ""
}

func hostChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
