package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
)

// AuthError says a broker refused who the client is, or the client refused
// the broker's certificate: a problem of credentials or certificates, not
// of reachability, so retrying does not help.
type AuthError struct {
	// Stage is "authentication" (the broker refused who the client is) or
	// "TLS handshake" (the client refused the broker, or the two do not
	// speak the same protocol).
	Stage string
	// Brokers are the addresses the client tried.
	Brokers []string
	// Reason says in words what was refused and how to fix it.
	Reason string
	Err    error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("%s failed on broker %s: %s: %v", e.Stage, strings.Join(e.Brokers, ","), e.Reason, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// authFailure recognises, in an error from connecting to brokers, a
// refused SASL login or a failed TLS handshake. hasCert says whether the
// client was configured with a certificate of its own.
func authFailure(err error, brokers []string, hasCert bool) *AuthError {
	ae := &AuthError{Stage: "authentication", Brokers: brokers, Err: err}
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var alert tls.AlertError
	var recordHeader tls.RecordHeaderError
	switch {
	case errors.Is(err, kerr.SaslAuthenticationFailed):
		ae.Reason = "the broker refused the SASL login (wrong password or unknown user; check sasl.username and sasl.password or sasl.jaas.config)"
	case errors.Is(err, kerr.UnsupportedSaslMechanism):
		ae.Reason = "the broker does not enable this SASL mechanism (sasl.mechanism must be one the listener offers)"
	case errors.Is(err, kerr.IllegalSaslState):
		ae.Reason = "the broker did not expect a SASL login here (is the listener SASL? check security.protocol)"
	case errors.As(err, &unknownCA):
		ae.Stage = "TLS handshake"
		ae.Reason = "the broker's certificate is not signed by a CA this client trusts (ssl.ca.location or ssl.truststore.location must name the CA that signed it)"
	case errors.As(err, &hostErr):
		ae.Stage = "TLS handshake"
		ae.Reason = "the broker's certificate does not name the address used to reach it (connect by a name it holds, or fix advertised.listeners)"
	case errors.As(err, &invalid):
		ae.Stage = "TLS handshake"
		ae.Reason = "the broker's certificate is not valid (expired, not yet valid, or not for a server)"
	case errors.As(err, &alert) || strings.Contains(err.Error(), "remote error: tls:"):
		if hasCert {
			ae.Reason = "the broker refused this client's certificate (not signed by a CA the broker trusts, or expired)"
		} else {
			ae.Reason = "the broker requires a client certificate (set ssl.keystore.location, or ssl.certificate.location and ssl.key.location)"
		}
	case strings.Contains(err.Error(), "appear to be a tls alert record"):
		// franz-go's reading of a TLS alert sent to a plaintext client.
		return plaintextToTLS(err, brokers)
	case errors.As(err, &recordHeader):
		ae.Stage = "TLS handshake"
		ae.Reason = "the broker did not answer the TLS handshake with TLS (is the listener SSL or SASL_SSL? check security.protocol)"
	default:
		return nil
	}
	return ae
}

// probeTLS reports whether a broker that closed a plaintext connection
// answers a TLS handshake instead: the usual sign of a client without
// security.protocol=SSL (or SASL_SSL) in front of a TLS listener.
func probeTLS(ctx context.Context, addr string) bool {
	ctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancel()
	d := tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // only asks whether the port speaks TLS
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		// A broker that wants a client certificate may refuse the
		// handshake after answering it: that is TLS too.
		var alert tls.AlertError
		return errors.As(err, &alert)
	}
	c.Close()
	return true
}

// plaintextToTLS is the error for a plaintext client at a TLS listener.
func plaintextToTLS(err error, brokers []string) *AuthError {
	return &AuthError{Stage: "TLS handshake", Brokers: brokers, Err: err,
		Reason: "the broker's listener speaks TLS and this client does not (set security.protocol=SSL, or SASL_SSL with SASL, and ssl.ca.location)"}
}
