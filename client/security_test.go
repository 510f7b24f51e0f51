package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// testPKI is a throwaway CA with a server certificate for 127.0.0.1, one
// for another host name, and a client certificate.
type testPKI struct {
	dir                           string
	caFile, clientCert, clientKey string
	ca                            *x509.CertPool
	good, wrongName               tls.Certificate
	// clientStore is the client's key and certificate in one PEM file,
	// the Java client's PEM keystore; clientKeyPEM and clientCertPEM the
	// same as text.
	clientStore, clientKeyPEM, clientCertPEM string
	// otherCert and otherKey are a client certificate no broker trusts.
	otherCert, otherKey string
	// caKeyless is a file that is not PEM (the CA in DER).
	caKeyless string
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	dir := t.TempDir()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kafkit test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	p := &testPKI{dir: dir, ca: x509.NewCertPool()}
	p.ca.AddCert(caCert)
	p.caFile = writePEM(t, dir, "ca.pem", "CERTIFICATE", caDER)

	issue := func(serial int64, cn string, ips []net.IP, dns []string, usage x509.ExtKeyUsage) (tls.Certificate, []byte, []byte) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			IPAddresses: ips, DNSNames: dns, ExtKeyUsage: []x509.ExtKeyUsage{usage},
			KeyUsage: x509.KeyUsageDigitalSignature,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		keyDER, _ := x509.MarshalECPrivateKey(key)
		certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
		keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			t.Fatal(err)
		}
		return pair, certPEM, keyPEM
	}
	p.good, _, _ = issue(2, "broker", []net.IP{net.ParseIP("127.0.0.1")}, []string{"localhost"}, x509.ExtKeyUsageServerAuth)
	p.wrongName, _, _ = issue(3, "broker.example", nil, []string{"broker.example"}, x509.ExtKeyUsageServerAuth)
	_, certPEM, keyPEM := issue(4, "client", nil, nil, x509.ExtKeyUsageClientAuth)
	p.clientCert = filepath.Join(dir, "client.pem")
	p.clientKey = filepath.Join(dir, "client.key")
	if err := os.WriteFile(p.clientCert, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.clientKey, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	p.clientKeyPEM, p.clientCertPEM = string(keyPEM), string(certPEM)
	p.clientStore = filepath.Join(dir, "client-store.pem")
	if err := os.WriteFile(p.clientStore, append(append([]byte(nil), keyPEM...), certPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	// A self-signed client certificate: signed by no CA the broker trusts.
	okey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	otmpl := &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "stranger"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	oder, err := x509.CreateCertificate(rand.Reader, otmpl, otmpl, &okey.PublicKey, okey)
	if err != nil {
		t.Fatal(err)
	}
	okeyDER, _ := x509.MarshalPKCS8PrivateKey(okey)
	p.otherCert = writePEM(t, dir, "other.pem", "CERTIFICATE", oder)
	p.otherKey = writePEM(t, dir, "other.key", "PRIVATE KEY", okeyDER)
	p.caKeyless = filepath.Join(dir, "ca.der")
	if err := os.WriteFile(p.caKeyless, caDER, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func writePEM(t *testing.T, dir, name, typ string, der []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func fakeCluster(t *testing.T, opts ...kfake.Opt) string {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()[0]
}

// pingWith builds a producer from the properties and pings the broker.
func pingWith(t *testing.T, addr string, kv ...string) error {
	t.Helper()
	cfg, err := Load(Producer, props(append([]string{"bootstrap.servers", addr}, kv...)...))
	if err != nil {
		return err
	}
	cl, err := cfg.NewClient()
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return Ping(ctx, cl, cfg.Brokers)
}

func TestTLS(t *testing.T) {
	pki := newTestPKI(t)
	good := fakeCluster(t, kfake.TLS(&tls.Config{Certificates: []tls.Certificate{pki.good}}))
	wrong := fakeCluster(t, kfake.TLS(&tls.Config{Certificates: []tls.Certificate{pki.wrongName}}))
	mutual := fakeCluster(t, kfake.TLS(&tls.Config{Certificates: []tls.Certificate{pki.good}, ClientCAs: pki.ca, ClientAuth: tls.RequireAndVerifyClientCert}))
	caPEM, _ := os.ReadFile(pki.caFile)

	tests := []struct {
		name    string
		addr    string
		props   []string
		wantErr string // "" for success
	}{
		{"ca file", good, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile}, ""},
		{"ca pem", good, []string{"security.protocol", "ssl", "ssl.ca.pem", string(caPEM)}, ""},
		{"no ca: unknown authority", good, []string{"security.protocol", "SSL"}, "TLS handshake failed on broker " + good + ": the broker's certificate is not signed by a CA this client trusts"},
		{"host name checked", wrong, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile}, "does not name the address used to reach it"},
		{"java: empty algorithm skips host name", wrong, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile, "ssl.endpoint.identification.algorithm", ""}, ""},
		{"librdkafka: none skips host name", wrong, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile, "ssl.endpoint.identification.algorithm", "none"}, ""},
		{"skipping host name still checks the chain", wrong, []string{"security.protocol", "SSL", "ssl.endpoint.identification.algorithm", "none"}, "certificate"},
		{"verification off", wrong, []string{"security.protocol", "SSL", "enable.ssl.certificate.verification", "false"}, ""},
		{"client certificate", mutual, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile,
			"ssl.certificate.location", pki.clientCert, "ssl.key.location", pki.clientKey}, ""},
		{"client certificate missing", mutual, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile}, "authentication failed on broker " + mutual + ": the broker requires a client certificate"},
		{"client certificate from another CA", mutual, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile,
			"ssl.certificate.location", pki.otherCert, "ssl.key.location", pki.otherKey}, "the broker refused this client's certificate"},
		{"java pem stores", mutual, []string{"security.protocol", "SSL", "ssl.truststore.type", "PEM", "ssl.truststore.location", pki.caFile,
			"ssl.keystore.type", "PEM", "ssl.keystore.location", pki.clientStore}, ""},
		{"java inline pem", mutual, []string{"security.protocol", "SSL", "ssl.truststore.type", "PEM", "ssl.truststore.certificates", string(caPEM),
			"ssl.keystore.type", "PEM", "ssl.keystore.key", pki.clientKeyPEM, "ssl.keystore.certificate.chain", pki.clientCertPEM}, ""},
		{"pkcs12 store refused", good, []string{"security.protocol", "SSL", "ssl.truststore.type", "PKCS12", "ssl.truststore.location", pki.caFile}, "kafkit reads PEM stores only"},
		{"keystore not PEM", good, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile, "ssl.keystore.location", pki.caKeyless}, "ssl.keystore.location"},
		{"two trust stores", good, []string{"security.protocol", "SSL", "ssl.ca.location", pki.caFile, "ssl.truststore.location", pki.caFile}, "keep one"},
		{"key without certificate", mutual, []string{"security.protocol", "SSL", "ssl.key.location", pki.clientKey}, "needs its certificate"},
		{"plaintext client at a TLS listener", good, nil, "TLS handshake failed on broker " + good + ": the broker's listener speaks TLS and this client does not"},
		{"not PEM", good, []string{"security.protocol", "SSL", "ssl.ca.location", pki.clientKey}, "no PEM certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pingWith(t, tt.addr, tt.props...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("ping: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("ping err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestSASL(t *testing.T) {
	addr := fakeCluster(t, kfake.EnableSASL(),
		kfake.Superuser("PLAIN", "plainuser", "plainpass"),
		kfake.Superuser("SCRAM-SHA-256", "scram256", "pass256"),
		kfake.Superuser("SCRAM-SHA-512", "scram512", "pass512"))
	jaas := func(module, user, pass string) string {
		return "org.apache.kafka.common.security." + module + " required username=\"" + user + "\" password=\"" + pass + "\";"
	}
	tests := []struct {
		name  string
		props []string
		ok    bool
	}{
		{"plain", []string{"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.username", "plainuser", "sasl.password", "plainpass"}, true},
		{"plain librdkafka spelling", []string{"security.protocol", "sasl_plaintext", "sasl.mechanisms", "plain", "sasl.username", "plainuser", "sasl.password", "plainpass"}, true},
		{"plain wrong password", []string{"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.username", "plainuser", "sasl.password", "nope"}, false},
		{"scram-sha-256", []string{"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256", "sasl.username", "scram256", "sasl.password", "pass256"}, true},
		{"scram-sha-512", []string{"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512", "sasl.username", "scram512", "sasl.password", "pass512"}, true},
		{"scram wrong mechanism", []string{"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512", "sasl.username", "scram256", "sasl.password", "pass256"}, false},
		{"java jaas plain", []string{"security.protocol", "SASL_PLAINTEXT", "sasl.jaas.config", jaas("plain.PlainLoginModule", "plainuser", "plainpass")}, true},
		{"java jaas scram", []string{"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", jaas("scram.ScramLoginModule", "scram256", "pass256")}, true},
		{"no sasl at all", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pingWith(t, addr, tt.props...)
			if tt.ok && err != nil {
				t.Fatalf("ping: %v", err)
			}
			if !tt.ok && err == nil {
				t.Fatal("ping succeeded, want an authentication failure")
			}
			// kfake closes the connection on a refused login where
			// Kafka answers SASL_AUTHENTICATION_FAILED, so the message
			// is checked against real Kafka (interop/secured).
		})
	}
}

// TestConsumeUnreadableTopic: a user who may describe a topic but not read
// it gets TOPIC_AUTHORIZATION_FAILED, with or without ExitAtEnd (an empty
// topic would otherwise look read to its end).
func TestConsumeUnreadableTopic(t *testing.T) {
	addr := fakeCluster(t, kfake.EnableSASL(), kfake.EnableACLs(),
		kfake.Superuser("PLAIN", "admin", "admin"),
		kfake.User("PLAIN", "guest", "guest",
			kfake.ACL{Resource: kmsg.ACLResourceTypeCluster, Name: "kafka-cluster", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationDescribe, Allow: true},
			kfake.ACL{Resource: kmsg.ACLResourceTypeTopic, Name: "secret", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationDescribe, Allow: true},
			kfake.ACL{Resource: kmsg.ACLResourceTypeGroup, Name: "*", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationAll, Allow: true},
		),
		kfake.SeedTopics(1, "secret"))
	cfg := consumerCfg(t, addr, "g", "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.username", "guest", "sasl.password", "guest")
	for _, exitAtEnd := range []bool{true, false} {
		_, _, err := consume(t, cfg, ConsumeOptions{Topics: []string{"secret"}, ExitAtEnd: exitAtEnd, Timeout: 5 * time.Second})
		if !errors.Is(err, kerr.TopicAuthorizationFailed) || !strings.Contains(err.Error(), "topic secret") {
			t.Fatalf("exitAtEnd %v: err = %v", exitAtEnd, err)
		}
	}
}

// TestProduceDeniedNamesOperation: an ACL denial names the topic and the
// operation that was refused.
func TestProduceDeniedNamesOperation(t *testing.T) {
	e := &RecordError{Topic: "outra", Seq: 1, Failed: 1, Err: kerr.TopicAuthorizationFailed, Brokers: []string{"localhost:9092"}}
	for _, want := range []string{"topic outra", "TOPIC_AUTHORIZATION_FAILED", "may not WRITE to topic outra", "--producer --topic outra"} {
		if !strings.Contains(e.Error(), want) {
			t.Errorf("%q does not say %q", e.Error(), want)
		}
	}
	if !errors.Is(e, kerr.TopicAuthorizationFailed) {
		t.Error("the denial does not wrap TOPIC_AUTHORIZATION_FAILED")
	}
}

func TestAuthFailureMessages(t *testing.T) {
	brokers := []string{"localhost:9092"}
	tests := []struct {
		err     error
		hasCert bool
		want    string // "" for not an authentication failure
	}{
		{fmt.Errorf("wrapped: %w", kerr.SaslAuthenticationFailed), false, "authentication failed on broker localhost:9092: the broker refused the SASL login (wrong password or unknown user"},
		{kerr.UnsupportedSaslMechanism, false, "does not enable this SASL mechanism"},
		{x509.UnknownAuthorityError{}, false, "not signed by a CA this client trusts"},
		{x509.HostnameError{Host: "kafka"}, false, "does not name the address"},
		{tls.AlertError(116), false, "requires a client certificate"},
		{tls.AlertError(42), true, "refused this client's certificate"},
		{errors.New("invalid large response size 352518912 > limit 104857600; the first three bytes received appear to be a tls alert record for TLS v1.2; is this a plaintext connection speaking to a tls endpoint?"), false, "TLS handshake failed on broker localhost:9092: the broker's listener speaks TLS and this client does not"},
		{io.EOF, false, ""},
		{kerr.TopicAuthorizationFailed, false, ""},
	}
	for _, tt := range tests {
		ae := authFailure(tt.err, brokers, tt.hasCert)
		switch {
		case tt.want == "" && ae != nil:
			t.Errorf("%v: classified as an authentication failure: %v", tt.err, ae)
		case tt.want != "" && (ae == nil || !strings.Contains(ae.Error(), tt.want)):
			t.Errorf("%v: got %v, want it to say %q", tt.err, ae, tt.want)
		case ae != nil && ae.Err != tt.err:
			t.Errorf("%v: the AuthError does not wrap it", tt.err)
		}
	}
}

// TestConsumeDeniedGroup: a group the user may not read is named, with the
// operation, instead of an empty topic.
func TestConsumeDeniedGroup(t *testing.T) {
	addr := fakeCluster(t, kfake.EnableSASL(), kfake.EnableACLs(),
		kfake.Superuser("PLAIN", "admin", "admin"),
		kfake.User("PLAIN", "guest", "guest",
			kfake.ACL{Resource: kmsg.ACLResourceTypeCluster, Name: "kafka-cluster", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationDescribe, Allow: true},
			kfake.ACL{Resource: kmsg.ACLResourceTypeTopic, Name: "conversas", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationAll, Allow: true},
			kfake.ACL{Resource: kmsg.ACLResourceTypeGroup, Name: "kafkit", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationAll, Allow: true},
		),
		kfake.SeedTopics(1, "conversas"))
	cfg := consumerCfg(t, addr, "outro-grupo", "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.username", "guest", "sasl.password", "guest")
	_, _, err := consume(t, cfg, ConsumeOptions{Topics: []string{"conversas"}, ExitAtEnd: true, Timeout: 5 * time.Second})
	if !errors.Is(err, kerr.GroupAuthorizationFailed) || !strings.Contains(err.Error(), "group outro-grupo") || !strings.Contains(err.Error(), "may not READ group outro-grupo") {
		t.Fatalf("err = %v, want a denial naming group outro-grupo and READ", err)
	}
}
