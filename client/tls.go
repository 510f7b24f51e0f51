package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// tlsSettings collects the ssl.* properties before the tls.Config is built.
type tlsSettings struct {
	caFile, caPEM     string
	certFile, certPEM string
	keyFile, keyPEM   string
	skipVerify        bool // enable.ssl.certificate.verification=false
	skipHostname      bool // ssl.endpoint.identification.algorithm= / none
	touched           bool // a verification switch was set
}

func (t *tlsSettings) any() bool {
	return t.caFile != "" || t.caPEM != "" || t.certFile != "" || t.certPEM != "" ||
		t.keyFile != "" || t.keyPEM != "" || t.touched
}

// config builds the client TLS configuration. Files are read here, so a
// missing or unreadable one is reported before any connection is tried.
func (t *tlsSettings) config() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if t.caFile != "" && t.caPEM != "" {
		return nil, errors.New("ssl.ca.location and ssl.ca.pem are both set; keep one")
	}
	caPEM := []byte(t.caPEM)
	if t.caFile != "" {
		b, err := os.ReadFile(t.caFile)
		if err != nil {
			return nil, fmt.Errorf("ssl.ca.location: %w", err)
		}
		caPEM = b
	}
	if len(caPEM) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, errors.New("ssl.ca.location/ssl.ca.pem: no PEM certificate found")
		}
		cfg.RootCAs = pool
	}

	certPEM, keyPEM := []byte(t.certPEM), []byte(t.keyPEM)
	if t.certFile != "" {
		b, err := os.ReadFile(t.certFile)
		if err != nil {
			return nil, fmt.Errorf("ssl.certificate.location: %w", err)
		}
		certPEM = b
	}
	if t.keyFile != "" {
		b, err := os.ReadFile(t.keyFile)
		if err != nil {
			return nil, fmt.Errorf("ssl.key.location: %w", err)
		}
		keyPEM = b
	}
	switch {
	case len(certPEM) > 0 && len(keyPEM) > 0:
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("client certificate and key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	case len(certPEM) > 0:
		return nil, errors.New("a client certificate needs its key: set ssl.key.location")
	case len(keyPEM) > 0:
		return nil, errors.New("a client key needs its certificate: set ssl.certificate.location")
	}

	switch {
	case t.skipVerify:
		// enable.ssl.certificate.verification=false: no verification at
		// all, as librdkafka does.
		cfg.InsecureSkipVerify = true
	case t.skipHostname:
		// Verify the chain against the roots but not the host name:
		// Go's only way is to turn verification off and do the chain
		// part ourselves.
		roots := cfg.RootCAs
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("broker sent no certificate")
			}
			inter := x509.NewCertPool()
			for _, c := range cs.PeerCertificates[1:] {
				inter.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
			return err
		}
	}
	return cfg, nil
}
