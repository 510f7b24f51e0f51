package doctor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"

	"github.com/kafkit/kafkit/client"
)

// checkBootstrap probes every bootstrap address; the metadata of the first
// that answers feeds the later checks.
func (r *run) checkBootstrap(ctx context.Context) {
	for _, addr := range r.opts.Admin.Brokers {
		pctx, cancel := r.bounded(ctx)
		p := probeAddr(pctx, r.opts.Admin, addr)
		cancel()
		if ctx.Err() != nil {
			return
		}
		res := Result{Check: CheckBootstrap, Target: addr, Timings: p.timings}
		if p.step != "" {
			res.Status, res.Step = Error, p.step
			res.Seen, res.Fix = connectFailure(p, "")
			r.add(res)
			continue
		}
		res.Status = OK
		res.Seen = fmt.Sprintf("resolves to %s; TCP connects; %s; Kafka answers: cluster %s, %d %s",
			strings.Join(p.ips, ", "), handshakes(r.opts.Admin), clusterID(p.meta), len(p.meta.Brokers), plural(len(p.meta.Brokers), "broker", "brokers"))
		if r.meta == nil {
			r.meta, r.metaVia, r.metaVersions = p.meta, addr, p.versions
			r.report.ClusterID = clusterID(p.meta)
			if len(p.meta.Brokers) == 1 {
				r.versions[p.meta.Brokers[0].NodeID] = p.versions
			}
		} else if clusterID(p.meta) != clusterID(r.meta) {
			res.Status = Error
			res.Seen = fmt.Sprintf("answers for cluster %s, but %s answered for cluster %s", clusterID(p.meta), r.metaVia, clusterID(r.meta))
			res.Fix = "bootstrap.servers mixes two clusters: list the brokers of one cluster only"
		}
		r.add(res)
	}
}

// handshakes names the handshakes the client does on connecting, from its
// properties.
func handshakes(cfg *client.Config) string {
	tlsOn, saslOn, mech := security(cfg)
	switch {
	case tlsOn && saslOn:
		return "TLS handshake and SASL " + mech + " login pass"
	case tlsOn:
		return "TLS handshake passes"
	case saslOn:
		return "SASL " + mech + " login passes"
	}
	return "no TLS or SASL asked for"
}

// connectFailure words a failed probe: what was seen and the fix. advertised,
// when not empty, introduces the address as a broker's advertised one.
func connectFailure(p probe, advertised string) (seen, fix string) {
	host, port, _ := net.SplitHostPort(p.addr)
	subject := p.addr
	if advertised != "" {
		subject = advertised
	}
	switch p.step {
	case StepResolve:
		seen = fmt.Sprintf("%s: the name %q does not resolve from here: %v", subject, host, p.err)
		if isContainerName(host) {
			fix = fmt.Sprintf("%q looks like a container or service name, which only other containers on the same network resolve; from this machine use the address and port the broker publishes (often localhost:PORT)", host)
		} else {
			fix = fmt.Sprintf("check the spelling of %q, or use an address this machine's DNS (or /etc/hosts) knows", host)
		}
	case StepTCP:
		var errno syscall.Errno
		switch {
		case errors.As(p.err, &errno) && errno == syscall.ECONNREFUSED:
			seen = fmt.Sprintf("%s: %s resolves to %s, but nothing accepts connections on port %s (connection refused)", subject, host, strings.Join(p.ips, ", "), port)
			fix = fmt.Sprintf("start the broker, or check the port: nothing listens on %s from this machine (with Docker, the published port must be the one advertised)", p.addr)
		case errors.Is(p.err, context.DeadlineExceeded) || isTimeout(p.err):
			seen = fmt.Sprintf("%s: no answer to a TCP connection within the timeout (%s resolves to %s)", subject, host, strings.Join(p.ips, ", "))
			fix = "a firewall drops the connection or this machine has no route to that address: open the port or use an address reachable from here"
		default:
			seen = fmt.Sprintf("%s: TCP connection failed: %v", subject, p.err)
			fix = "check that the address is reachable from this machine"
		}
	default:
		seen = fmt.Sprintf("%s: %v", subject, p.err)
		fix = p.fix
	}
	return seen, fix
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// isContainerName guesses whether host is a name that only a container
// network resolves: a single label that is not localhost and not an IP.
func isContainerName(host string) bool {
	return host != "localhost" && !strings.Contains(host, ".") && net.ParseIP(host) == nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
