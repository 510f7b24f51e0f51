package lint

import (
	"fmt"

	"github.com/kafkit/kafkit/stackmodel"
)

// rulePlaintextExposed reports unauthenticated, unencrypted ports published
// on every interface of the host: a PLAINTEXT Kafka listener (anyone on
// the network reads and writes every topic) or ZooKeeper's client port
// (anyone rewrites the cluster's metadata).
var rulePlaintextExposed = Rule{
	Name:    "plaintext-exposed",
	Summary: "a PLAINTEXT listener (or ZooKeeper's client port) published on all interfaces",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			switch s.role {
			case stackmodel.RoleKafka:
				for _, e := range s.exposedListeners("PLAINTEXT") {
					r.warnf(e.port.pos, fmt.Sprintf("publish it on the loopback interface only: \"127.0.0.1:%d:%d\" (or secure the listener with SASL_SSL)", e.port.published, e.port.target),
						"listener %s (PLAINTEXT: no authentication, no encryption) is published on all interfaces as port %d: anyone who can reach this machine can read and write every topic",
						e.listener.name, e.port.published)
				}
			case stackmodel.RoleZooKeeper:
				cp, ok := s.zkClientPort()
				if !ok {
					continue
				}
				for _, pt := range s.ports {
					if pt.dynamic || pt.published == 0 || pt.target != cp || anyIP(pt.hostIP) != "*" {
						continue
					}
					r.warnf(pt.pos, fmt.Sprintf("publish it on the loopback interface only: \"127.0.0.1:%d:%d\", or not at all (brokers reach ZooKeeper over the compose network)", pt.published, pt.target),
						"ZooKeeper's client port is published on all interfaces as port %d: anyone who can reach this machine can change the cluster's metadata",
						pt.published)
				}
			}
		}
	},
}

// exposedListener is a listener reached through a port published on every
// interface of the host.
type exposedListener struct {
	listener listenerDef
	port     portMapping
}

// exposedListeners returns the listeners of security protocol proto that
// the service publishes on every interface (one per published port), for
// the rules about what crosses the network unprotected. Nothing is returned
// when the protocol map cannot be read.
func (s *service) exposedListeners(proto string) []exposedListener {
	ls := s.listenerSet()
	if ls == nil || !ls.mapKnown {
		return nil
	}
	var out []exposedListener
	for _, pt := range s.ports {
		if pt.dynamic || pt.published == 0 || anyIP(pt.hostIP) != "*" {
			continue
		}
		for _, l := range ls.bound {
			if l.port == pt.target && ls.protoMap[l.name] == proto {
				out = append(out, exposedListener{l, pt})
				break
			}
		}
	}
	return out
}
