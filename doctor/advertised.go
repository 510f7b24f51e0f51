package doctor

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/client"
)

const noBootstrap = "no bootstrap address answered"

// checkAdvertised probes every broker at the address the metadata
// advertises for it: that is where clients go after bootstrapping.
func (r *run) checkAdvertised(ctx context.Context) {
	if r.meta == nil {
		r.skip(CheckAdvertised, noBootstrap)
		return
	}
	if len(r.meta.Brokers) == 0 {
		r.awaitBrokers(ctx)
	}
	brokers := sortedBrokers(r.meta)
	if len(brokers) == 0 {
		r.add(Result{Check: CheckAdvertised, Status: Error, Seen: fmt.Sprintf("the metadata lists no broker, still after %s", r.opts.Timeout),
			Fix: "the brokers have not registered with the controller yet, or the controller cannot reach them over the inter-broker listener: check the broker logs"})
		return
	}
	controllerListed := false
	for _, b := range brokers {
		addr := net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port)))
		target := fmt.Sprintf("broker %d", b.NodeID)
		if b.NodeID == r.meta.ControllerID {
			target += " (controller)"
			controllerListed = true
		}
		pctx, cancel := r.bounded(ctx)
		p := probeAddr(pctx, r.opts.Admin, addr)
		cancel()
		if ctx.Err() != nil {
			return
		}
		res := Result{Check: CheckAdvertised, Target: target, Timings: p.timings}
		advertised := fmt.Sprintf("broker %d advertises %s", b.NodeID, addr)
		switch {
		case p.step != "":
			res.Status, res.Step = Error, p.step
			res.Seen, res.Fix = connectFailure(p, advertised)
			res.Seen, res.Fix = r.explainAdvertised(ctx, b, addr, res.Seen, res.Fix, p.step)
		case clusterID(p.meta) != clusterID(r.meta):
			res.Status, res.Step = Error, StepKafka
			res.Seen = fmt.Sprintf("%s, which from here answers for cluster %s, not %s", advertised, clusterID(p.meta), clusterID(r.meta))
			res.Fix = "another broker listens at that address on this machine"
			if isLoopback(b.Host) {
				res.Fix = fmt.Sprintf("%s is a loopback address, which from here means this machine, not the broker: advertise an address this machine reaches the broker at", b.Host)
			}
		default:
			r.reachable++
			r.versions[b.NodeID] = p.versions
			res.Status = OK
			res.Seen = fmt.Sprintf("%s: resolves to %s, connects and answers for cluster %s", advertised, strings.Join(p.ips, ", "), clusterID(p.meta))
		}
		r.add(res)
	}
	if c := r.meta.ControllerID; c >= 0 && !controllerListed {
		// KRaft clusters answer with a random broker as the controller,
		// so an unlisted one is from a ZooKeeper cluster whose
		// controller has gone.
		r.add(Result{Check: CheckAdvertised, Target: fmt.Sprintf("controller %d", c), Status: Warning,
			Seen: fmt.Sprintf("the metadata names broker %d as the controller, but does not list it among the brokers", c),
			Fix:  "the controller is restarting or cannot be reached by the other brokers: check its logs"})
	}
}

// awaitBrokers asks the bootstrap broker for metadata again until it lists
// brokers or the check's time is up: a ZooKeeper-mode broker that has just
// started answers with no broker until the controller has sent it the
// cluster's metadata.
func (r *run) awaitBrokers(ctx context.Context) {
	cl, err := r.seedClient()
	if err != nil {
		return
	}
	cctx, cancel := r.bounded(ctx)
	defer cancel()
	for {
		resp, err := request(cctx, cl.SeedBrokers()[0], kmsg.NewPtrMetadataRequest())
		if err == nil {
			if m := resp.(*kmsg.MetadataResponse); len(m.Brokers) > 0 {
				r.meta = m
				if len(m.Brokers) == 1 && r.versions[m.Brokers[0].NodeID] == nil && r.metaVersions != nil {
					r.versions[m.Brokers[0].NodeID] = r.metaVersions
				}
				return
			}
		}
		select {
		case <-cctx.Done():
			return
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// explainAdvertised adds to a failed advertised address what the broker's
// own configuration says: which listener advertises it, and which other
// listener this machine could use instead.
func (r *run) explainAdvertised(ctx context.Context, b kmsg.MetadataResponseBroker, addr, seen, fix, step string) (string, string) {
	host, port, _ := net.SplitHostPort(addr)
	seen += fmt.Sprintf("; this is the address clients get after bootstrapping from %s", r.metaVia)
	if isLoopback(host) && step == StepTCP {
		if bh, _, err := net.SplitHostPort(r.metaVia); err == nil && !isLoopback(bh) {
			seen += fmt.Sprintf("; %s is a loopback address, which from here means this machine, not the broker", host)
		}
	}
	cfgs, err := r.configsOf(ctx, b.NodeID)
	if err != nil {
		return seen, fix
	}
	listeners := catalog.ReadListeners(cfgs["advertised.listeners"])
	if len(listeners) == 0 {
		listeners = catalog.ReadListeners(cfgs["listeners"])
	}
	var mine string
	for _, l := range listeners {
		if strings.EqualFold(l.Host, host) && strconv.Itoa(l.Port) == port {
			mine = l.Name
		}
	}
	if mine != "" {
		seen += fmt.Sprintf(" (advertised by listener %s)", mine)
		fix += fmt.Sprintf("; or, in advertised.listeners, make listener %s advertise an address this machine resolves and reaches", mine)
	}
	// A listener of the same security protocol as the client's is one it
	// can use as it is.
	protos, err := catalog.ParseProtocolMap(cfgs["listener.security.protocol.map"])
	if err != nil || len(protos) == 0 {
		// Kafka's default map: each listener is named after its protocol.
		protos = map[string]string{}
		for _, p := range catalog.SecurityProtocols {
			protos[p] = p
		}
	}
	want := clientProtocol(r.opts.Admin)
	for _, l := range listeners {
		if l.Name == mine || protos[l.Name] != want {
			continue
		}
		lctx, cancel := context.WithTimeout(ctx, min(r.opts.Timeout, 2*time.Second))
		var d net.Dialer
		alt := net.JoinHostPort(l.Host, strconv.Itoa(l.Port))
		conn, err := d.DialContext(lctx, "tcp", alt)
		cancel()
		if err != nil {
			continue
		}
		conn.Close()
		fix = fmt.Sprintf("bootstrap from listener %s, which advertises %s, reachable from here (-b %s); ", l.Name, alt, alt) + fix
		break
	}
	return seen, fix
}

// configsOf returns a broker's configs. It asks over the bootstrap
// connection, because the broker's advertised address may be the very thing
// that does not work; Kafka answers for a broker's configs only on that
// broker, so a multi-broker cluster may answer for one broker only.
func (r *run) configsOf(ctx context.Context, id int32) (map[string]string, error) {
	if r.brokerConfigs != nil && r.configsID == id {
		return r.brokerConfigs, nil
	}
	cl, err := r.seedClient()
	if err != nil {
		return nil, err
	}
	cctx, cancel := r.bounded(ctx)
	defer cancel()
	req := kmsg.NewPtrDescribeConfigsRequest()
	res := kmsg.NewDescribeConfigsRequestResource()
	res.ResourceType = kmsg.ConfigResourceTypeBroker
	res.ResourceName = strconv.Itoa(int(id))
	req.Resources = append(req.Resources, res)
	resp, err := request(cctx, cl.SeedBrokers()[0], req)
	if err != nil {
		return nil, err
	}
	dr := resp.(*kmsg.DescribeConfigsResponse)
	if len(dr.Resources) != 1 {
		return nil, fmt.Errorf("describe configs of broker %d: %d resources in the answer", id, len(dr.Resources))
	}
	if err := kerr.ErrorForCode(dr.Resources[0].ErrorCode); err != nil {
		return nil, fmt.Errorf("describe configs of broker %d: %w", id, err)
	}
	out := map[string]string{}
	for _, c := range dr.Resources[0].Configs {
		if c.Value != nil {
			out[c.Name] = *c.Value
		}
	}
	r.brokerConfigs, r.configsID = out, id
	return out, nil
}

// anyConfigs returns the configs of whichever broker the bootstrap
// connection reaches.
func (r *run) anyConfigs(ctx context.Context) (map[string]string, error) {
	if r.brokerConfigs != nil {
		return r.brokerConfigs, nil
	}
	if r.meta == nil {
		return nil, fmt.Errorf("%s", noBootstrap)
	}
	var last error
	for _, b := range sortedBrokers(r.meta) {
		cfgs, err := r.configsOf(ctx, b.NodeID)
		if err == nil {
			return cfgs, nil
		}
		last = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, last
}

// seedClient is a client that talks only to the bootstrap address that
// answered, kept for the whole run.
func (r *run) seedClient() (*kgo.Client, error) {
	if r.seed != nil {
		return r.seed, nil
	}
	cl, err := r.opts.Admin.NewClient(kgo.SeedBrokers(r.metaVia))
	if err != nil {
		return nil, err
	}
	r.seed = cl
	return cl, nil
}

func (r *run) close() {
	if r.seed != nil {
		client.CloseBounded(r.seed, time.Second)
	}
	if r.admin != nil {
		client.CloseBounded(r.admin, time.Second)
	}
}

func sortedBrokers(m *kmsg.MetadataResponse) []kmsg.MetadataResponseBroker {
	bs := append([]kmsg.MetadataResponseBroker(nil), m.Brokers...)
	sort.Slice(bs, func(i, j int) bool { return bs[i].NodeID < bs[j].NodeID })
	return bs
}

func clusterID(m *kmsg.MetadataResponse) string {
	if m == nil || m.ClusterID == nil {
		return "(no id)"
	}
	return *m.ClusterID
}
