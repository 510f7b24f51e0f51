package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"github.com/twmb/franz-go/pkg/kerr"
)

// AuthError says a broker refused who the client is, or the client refused
// the broker's certificate: a problem of credentials or certificates, not
// of reachability, so retrying does not help.
type AuthError struct {
	// Brokers are the addresses the client tried.
	Brokers []string
	// Reason says in words what was refused and how to fix it.
	Reason string
	Err    error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("authentication failed on broker %s: %s: %v", strings.Join(e.Brokers, ","), e.Reason, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// authFailure recognises, in an error from connecting to brokers, a
// refused SASL login or a failed TLS handshake. hasCert says whether the
// client was configured with a certificate of its own.
func authFailure(err error, brokers []string, hasCert bool) *AuthError {
	ae := &AuthError{Brokers: brokers, Err: err}
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
		ae.Reason = "the broker's certificate is not signed by a CA this client trusts (ssl.ca.location or ssl.truststore.location must name the CA that signed it)"
	case errors.As(err, &hostErr):
		ae.Reason = "the broker's certificate does not name the address used to reach it (connect by a name it holds, or fix advertised.listeners)"
	case errors.As(err, &invalid):
		ae.Reason = "the broker's certificate is not valid (expired, not yet valid, or not for a server)"
	case errors.As(err, &alert) || strings.Contains(err.Error(), "remote error: tls:"):
		if hasCert {
			ae.Reason = "the broker refused this client's certificate (not signed by a CA the broker trusts, or expired)"
		} else {
			ae.Reason = "the broker requires a client certificate (set ssl.keystore.location, or ssl.certificate.location and ssl.key.location)"
		}
	case errors.As(err, &recordHeader):
		ae.Reason = "the broker did not answer the TLS handshake with TLS (is the listener SSL or SASL_SSL? check security.protocol)"
	default:
		return nil
	}
	return ae
}
