package doctor

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/client"
)

// probe is what connecting to one address taught us.
type probe struct {
	addr string
	ips  []string
	// step is the step that failed ("" when every step passed), err why
	// and fix what to do.
	step string
	err  error
	fix  string

	versions *kmsg.ApiVersionsResponse
	meta     *kmsg.MetadataResponse
	timings  []Timing
}

// probeAddr takes one address through every step a client takes: resolve
// the name, open a TCP connection, then, through a franz-go client built
// from cfg, the TLS and SASL handshakes (when the properties ask for them),
// an ApiVersions request and a Metadata request. It stops at the first step
// that fails.
func probeAddr(ctx context.Context, cfg *client.Config, addr string) probe {
	p := probe{addr: addr}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		p.step, p.err = StepResolve, fmt.Errorf("not a host:port address: %w", err)
		return p
	}
	start := time.Now()
	p.ips, err = net.DefaultResolver.LookupHost(ctx, host)
	if err != nil {
		p.step, p.err = StepResolve, err
		return p
	}
	p.timings = append(p.timings, timing("resolve", time.Since(start)))

	start = time.Now()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		p.step, p.err = StepTCP, err
		return p
	}
	conn.Close()
	p.timings = append(p.timings, timing("tcp", time.Since(start)))

	// The franz-go client talks to this one address: the properties'
	// bootstrap list is replaced, everything else (TLS, SASL, timeouts)
	// kept.
	trace := &connTrace{}
	trace.key.Store(-1)
	cl, err := cfg.NewClient(kgo.SeedBrokers(addr), kgo.WithHooks(trace))
	if err != nil {
		p.step, p.err = StepKafka, err
		return p
	}
	defer client.CloseBounded(cl, time.Second)
	seed := cl.SeedBrokers()[0]

	start = time.Now()
	req := kmsg.NewPtrApiVersionsRequest()
	req.ClientSoftwareName = "kafkit-doctor"
	req.ClientSoftwareVersion = "1"
	resp, err := request(ctx, seed, req)
	if err == nil {
		p.versions = resp.(*kmsg.ApiVersionsResponse)
		err = kerr.ErrorForCode(p.versions.ErrorCode)
	}
	if err != nil {
		p.step, p.err, p.fix = classify(err, cfg, trace)
		return p
	}
	p.timings = append(p.timings, timing("handshake and ApiVersions", time.Since(start)))

	start = time.Now()
	resp, err = request(ctx, seed, kmsg.NewPtrMetadataRequest())
	if err != nil {
		p.step, p.err, p.fix = classify(err, cfg, trace)
		return p
	}
	p.meta = resp.(*kmsg.MetadataResponse)
	p.timings = append(p.timings, timing("metadata", time.Since(start)))
	return p
}

// connTrace remembers the key of the last request franz-go wrote on the
// probe's connection and how many responses it read: a connection closed
// during the SASL login, or after a first answer, or before any, each point
// to a different cause.
type connTrace struct {
	key   atomic.Int32
	reads atomic.Int32
}

func (h *connTrace) OnBrokerWrite(_ kgo.BrokerMetadata, key int16, _ int, _, _ time.Duration, err error) {
	if err == nil {
		h.key.Store(int32(key))
	}
}

func (h *connTrace) OnBrokerRead(_ kgo.BrokerMetadata, _ int16, _ int, _, _ time.Duration, err error) {
	if err == nil {
		h.reads.Add(1)
	}
}

// request sends req to one broker and waits for the answer no longer than
// ctx allows: franz-go's connection setup runs under its own timeouts,
// which ctx does not shorten, so the wait happens here.
func request(ctx context.Context, b *kgo.Broker, req kmsg.Request) (kmsg.Response, error) {
	type answer struct {
		resp kmsg.Response
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		resp, err := b.Request(ctx, req)
		ch <- answer{resp, err}
	}()
	select {
	case a := <-ch:
		return a.resp, a.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// clientProtocol is the client's security.protocol, upper case.
func clientProtocol(cfg *client.Config) string {
	if p, ok := cfg.Value("security.protocol"); ok {
		return strings.ToUpper(p.Value)
	}
	return "PLAINTEXT"
}

// security says whether the properties ask for TLS and for SASL, and with
// which mechanism.
func security(cfg *client.Config) (tlsOn, saslOn bool, mech string) {
	proto := clientProtocol(cfg)
	if p, ok := cfg.Value("sasl.mechanism"); ok {
		mech = p.Value
	}
	if mech == "" {
		if p, ok := cfg.Value("sasl.jaas.config"); ok && strings.Contains(p.Value, "PlainLoginModule") {
			mech = "PLAIN"
		}
	}
	return proto == "SSL" || proto == "SASL_SSL", proto == "SASL_PLAINTEXT" || proto == "SASL_SSL", mech
}

// classify turns a failed handshake or request into the step that failed
// and the fix, helped by what trace saw on the connection. It returns
// (step, err, fix), the order a diagnosis reads in.
//
//lint:ignore ST1008 the error sits between the step and the fix it explains
func classify(err error, cfg *client.Config, trace *connTrace) (string, error, string) {
	tlsOn, saslOn, mech := security(cfg)
	lastKey := int16(trace.key.Load())
	// A response read means the connection's encryption matches the
	// listener's: TLS (or its absence) is settled.
	answered := trace.reads.Load() > 0
	var (
		unknownCA   x509.UnknownAuthorityError
		hostname    x509.HostnameError
		invalid     x509.CertificateInvalidError
		recordHdr   tls.RecordHeaderError
		alert       tls.AlertError
		verifyErr   *tls.CertificateVerificationError
		firstEOF    *kgo.ErrFirstReadEOF
		kafkaErr    *kerr.Error
		deadline    = errors.Is(err, context.DeadlineExceeded)
		closedEarly = errors.As(err, &firstEOF) || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
	)
	switch {
	case errors.As(err, &unknownCA):
		issuer := ""
		if unknownCA.Cert != nil {
			issuer = fmt.Sprintf(" (issued by %q)", unknownCA.Cert.Issuer.String())
		}
		return StepTLS, fmt.Errorf("the broker's TLS certificate%s is signed by an authority this client does not trust: %w", issuer, err),
			"set ssl.ca.location (or ssl.ca.pem) to the PEM certificate of the CA that signed the broker's certificate"
	case errors.As(err, &hostname):
		names := ""
		if hostname.Certificate != nil {
			names = strings.Join(append(append([]string(nil), hostname.Certificate.DNSNames...), ipStrings(hostname.Certificate.IPAddresses)...), ", ")
		}
		return StepTLS, fmt.Errorf("the broker's TLS certificate is not valid for %q (it names %s): %w", hostname.Host, names, err),
			"connect with a name the certificate holds, or issue the broker a certificate for this name (ssl.endpoint.identification.algorithm= turns the name check off, at a security cost)"
	case errors.As(err, &invalid):
		return StepTLS, fmt.Errorf("the broker's TLS certificate is not valid: %w", err),
			"renew the broker's certificate (check its dates and key usage) or the client's clock"
	case errors.As(err, &verifyErr):
		return StepTLS, fmt.Errorf("the broker's TLS certificate could not be verified: %w", err),
			"set ssl.ca.location to the CA that signed the broker's certificate"
	case closedEarly && lastKey == int16(kmsg.SASLAuthenticate):
		return StepSASL, fmt.Errorf("the broker closed the connection during the SASL %s login: it refused the credentials: %w", mech, err),
			"check sasl.username and sasl.password (or sasl.jaas.config) against the users the broker knows for " + mech
	case closedEarly && lastKey == int16(kmsg.SASLHandshake):
		return StepSASL, fmt.Errorf("the broker closed the connection at the SASL handshake: the listener does not use SASL or does not enable %s: %w", mech, err),
			"bootstrap from the broker's SASL listener with a mechanism it enables (sasl.enabled.mechanisms), or set security.protocol to PLAINTEXT (or SSL) for this one"
	case deadline && tlsOn && lastKey < 0:
		return StepTLS, fmt.Errorf("no TLS handshake within the timeout: the listener probably does not speak TLS: %w", err),
			"this listener is PLAINTEXT or SASL_PLAINTEXT: set security.protocol accordingly, or bootstrap from the broker's SSL listener"
	case errors.As(err, &recordHdr) || tlsOn && closedEarly && lastKey < 0:
		return StepTLS, fmt.Errorf("no TLS handshake: the listener does not speak TLS: %w", err),
			"this listener is PLAINTEXT or SASL_PLAINTEXT: set security.protocol accordingly, or bootstrap from the broker's SSL listener"
	case errors.As(err, &alert):
		return StepTLS, fmt.Errorf("the broker refused the TLS handshake: %w", err),
			"the broker may require a client certificate (ssl.client.auth=required): set ssl.certificate.location and ssl.key.location"
	case errors.Is(err, kerr.SaslAuthenticationFailed):
		return StepSASL, fmt.Errorf("SASL %s authentication failed, the credentials were refused: %w", mech, err),
			"check sasl.username and sasl.password (or sasl.jaas.config) against the users the broker knows for " + mech
	case errors.Is(err, kerr.UnsupportedSaslMechanism):
		return StepSASL, fmt.Errorf("the listener does not enable SASL mechanism %s: %w", mech, err),
			"set sasl.mechanism to one the broker lists in sasl.enabled.mechanisms (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)"
	case (errors.Is(err, kerr.IllegalSaslState) || errors.Is(err, kerr.UnsupportedVersion) && lastKey == int16(kmsg.SASLHandshake)) && saslOn:
		return StepSASL, fmt.Errorf("the listener does not use SASL: %w", err),
			"set security.protocol to PLAINTEXT (or SSL), or bootstrap from the broker's SASL listener"
	case !tlsOn && !answered && lastKey >= 0 && !deadline && !errors.As(err, &kafkaErr):
		return StepTLS, fmt.Errorf("no Kafka answer to the first request (the connection closed, or the bytes were not Kafka's): the listener probably expects TLS: %w", err),
			"set security.protocol=SSL (or SASL_SSL) and ssl.ca.location, or bootstrap from a PLAINTEXT listener"
	case !saslOn && closedEarly && answered:
		return StepSASL, fmt.Errorf("the broker closed the connection after ApiVersions: the listener probably requires SASL: %w", err),
			"set security.protocol=SASL_PLAINTEXT (or SASL_SSL), sasl.mechanism, sasl.username and sasl.password"
	case errors.As(err, &kafkaErr) && (errors.Is(err, kerr.ClusterAuthorizationFailed) || errors.Is(err, kerr.TopicAuthorizationFailed)):
		return StepKafka, fmt.Errorf("the broker refused the request: %w", err),
			"grant this principal Describe on the cluster and topics (kafka-acls), or use a principal that has it"
	case deadline:
		return StepKafka, errors.New("the port accepts connections but no Kafka answer came within the timeout"),
			"check that this port is a Kafka listener (not ZooKeeper's or a controller's), and that the security settings match the listener (a TLS listener waits for a handshake)"
	}
	return StepKafka, err, ""
}

func ipStrings(ips []net.IP) []string {
	out := make([]string, len(ips))
	for i, ip := range ips {
		out[i] = ip.String()
	}
	return out
}
