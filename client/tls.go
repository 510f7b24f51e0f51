package client

import (
	"bytes"
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
	// The Java client's names: PEM stores. A keystore file holds the key
	// and the certificate chain.
	trustStore, trustPEM       string
	keyStore                   string
	storeKeyPEM, storeChainPEM string
	skipVerify                 bool // enable.ssl.certificate.verification=false
	skipHostname               bool // ssl.endpoint.identification.algorithm= / none
	touched                    bool // a verification switch was set
}

func (t *tlsSettings) any() bool {
	return t.caFile != "" || t.caPEM != "" || t.certFile != "" || t.certPEM != "" ||
		t.keyFile != "" || t.keyPEM != "" || t.touched || t.trustStore != "" || t.trustPEM != "" ||
		t.keyStore != "" || t.storeKeyPEM != "" || t.storeChainPEM != ""
}

// config builds the client TLS configuration. Files are read here, so a
// missing or unreadable one is reported before any connection is tried.
func (t *tlsSettings) config() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if n := countSet(t.caFile, t.caPEM, t.trustStore, t.trustPEM); n > 1 {
		return nil, errors.New("more than one of ssl.ca.location, ssl.ca.pem, ssl.truststore.location and ssl.truststore.certificates is set; keep one")
	}
	caPEM := []byte(t.caPEM + t.trustPEM)
	for _, f := range []struct{ name, path string }{{"ssl.ca.location", t.caFile}, {"ssl.truststore.location", t.trustStore}} {
		if f.path == "" {
			continue
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
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

	if countSet(t.certFile+t.keyFile, t.certPEM+t.keyPEM, t.keyStore, t.storeKeyPEM+t.storeChainPEM) > 1 {
		return nil, errors.New("the client certificate is given more than once (ssl.certificate/key.location, ssl.certificate/key.pem, ssl.keystore.location, ssl.keystore.key/certificate.chain); keep one form")
	}
	certPEM, keyPEM := []byte(t.certPEM+t.storeChainPEM), []byte(t.keyPEM+t.storeKeyPEM)
	if t.keyStore != "" {
		// A PEM keystore is one file with the key and the chain;
		// X509KeyPair picks the blocks it needs from each.
		b, err := os.ReadFile(t.keyStore)
		if err != nil {
			return nil, fmt.Errorf("ssl.keystore.location: %w", err)
		}
		if !bytes.Contains(b, []byte("-----BEGIN ")) {
			return nil, fmt.Errorf("ssl.keystore.location: %s is not a PEM file (a PKCS#12 or JKS store?): kafkit reads PEM stores only; convert with openssl pkcs12 -in %s -nodes -out client.pem", t.keyStore, t.keyStore)
		}
		certPEM, keyPEM = b, b
	}
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
			return nil, fmt.Errorf("client certificate and key: %w (want an unencrypted PEM key and its certificate)", err)
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

func countSet(vs ...string) int {
	n := 0
	for _, v := range vs {
		if v != "" {
			n++
		}
	}
	return n
}
