package compose

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// The certificates of a secured stack. Kafka 3.9 reads PEM for both stores
// (ssl.keystore.type=PEM, ssl.truststore.type=PEM), so every file is PEM:
// the CA certificate as the truststore, and per identity one file holding
// its unencrypted PKCS#8 private key followed by its certificate, which is
// what Kafka's file-based PEM keystore loads when no ssl.key.password is
// set. ECDSA P-256 keys: quick to make and accepted by the JDK's TLS and by
// Go's.
const (
	certCAFile     = "ca.crt"
	certCAKeyFile  = "ca.key"
	certValidity   = 825 * 24 * time.Hour // the longest validity Apple's TLS stack accepts for a leaf
	certCAValidity = 10 * 365 * 24 * time.Hour
)

// certAuthority is the stack's CA, loaded from disk or newly made.
type certAuthority struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	certPEM []byte
	created bool
}

// loadOrCreateCA returns the CA kept in dir (ca.crt and ca.key), or a new
// one written there when there is none or fresh is true. Keeping the CA
// means certificates already trusted by clients stay valid when the stack
// is regenerated.
func loadOrCreateCA(dir string, fresh bool) (*certAuthority, error) {
	certPath, keyPath := filepath.Join(dir, certCAFile), filepath.Join(dir, certCAKeyFile)
	if !fresh {
		ca, err := loadCA(certPath, keyPath)
		if err == nil {
			return ca, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("keep the existing CA: %w (pass --new-ca to replace it)", err)
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make the CA key: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "kafkit development CA", Organization: []string{"kafkit"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certCAValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("make the CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	keyPEM, err := pkcs8PEM(key)
	if err != nil {
		return nil, err
	}
	ca := &certAuthority{cert: cert, key: key, certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), created: true}
	if err := writePrivate(keyPath, keyPEM); err != nil {
		return nil, err
	}
	if err := os.WriteFile(certPath, ca.certPEM, 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", certPath, err)
	}
	return ca, nil
}

func loadCA(certPath, keyPath string) (*certAuthority, error) {
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, err
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, err
	}
	cb, _ := pem.Decode(certPEM)
	if cb == nil || cb.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s: no PEM certificate", certPath)
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", certPath, err)
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, fmt.Errorf("%s: no PEM key", keyPath)
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", keyPath, err)
	}
	key, ok := k.(*ecdsa.PrivateKey)
	if !ok || !key.PublicKey.Equal(cert.PublicKey) {
		return nil, fmt.Errorf("%s is not the key of %s", keyPath, certPath)
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("%s is not a CA certificate", certPath)
	}
	if time.Now().After(cert.NotAfter) {
		return nil, fmt.Errorf("%s expired on %s", certPath, cert.NotAfter.Format(time.DateOnly))
	}
	return &certAuthority{cert: cert, key: key, certPEM: certPEM}, nil
}

// issue makes a key and a certificate for name signed by the CA, and
// returns the PEM keystore file content: the PKCS#8 key, the certificate,
// then the CA certificate (the chain a peer needs). Server certificates
// carry hosts as DNS names (and 127.0.0.1 as an address when "localhost"
// is one of them); every certificate may act as a TLS client too, since
// brokers present theirs when they connect to each other.
func (ca *certAuthority) issue(name string, hosts []string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make the key of %s: %w", name, err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if len(hosts) > 0 {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageServerAuth)
		tmpl.DNSNames = hosts
		for _, h := range hosts {
			if h == "localhost" {
				tmpl.IPAddresses = append(tmpl.IPAddresses, []byte{127, 0, 0, 1})
			}
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, fmt.Errorf("make the certificate of %s: %w", name, err)
	}
	keyPEM, err := pkcs8PEM(key)
	if err != nil {
		return nil, err
	}
	out := append(keyPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	return append(out, ca.certPEM...), nil
}

func pkcs8PEM(key *ecdsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func randomSerial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return n
}

// writePrivate writes a file only its owner can read, replacing any
// existing one (whose mode WriteFile would otherwise keep).
func writePrivate(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
