package compose

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/catalog"
)

func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	old, err := readDotEnv(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range old {
		if k != dotEnvOther {
			out[k] = v[0]
		}
	}
	return out
}

func TestWriteStackSecured(t *testing.T) {
	for _, mode := range []catalog.Mode{catalog.ModeZK, catalog.ModeKRaft} {
		for _, sec := range SecurityModes() {
			t.Run(string(mode)+"/"+string(sec), func(t *testing.T) { testWriteStackSecured(t, mode, sec) })
		}
	}
}

func testWriteStackSecured(t *testing.T, mode catalog.Mode, sec Security) {
	{
		{
			dir := t.TempDir()
			file := filepath.Join(dir, "docker-compose.yml")
			o := StackOptions{Mode: mode, Brokers: 3, ZooKeepers: 1, Security: sec}
			if mode == catalog.ModeKRaft {
				o.ZooKeepers = 0
			}
			files, err := WriteStack(o, file, WriteOptions{UID: 1234})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				st, err := os.Stat(f.Path)
				if err != nil {
					t.Fatal(err)
				}
				want := os.FileMode(0o644)
				if f.Private {
					want = 0o600
				}
				if st.Mode().Perm() != want {
					t.Errorf("%s: mode %o, want %o", f.Path, st.Mode().Perm(), want)
				}
			}
			env := readEnvFile(t, filepath.Join(dir, ".env"))
			composeText, _ := os.ReadFile(file)
			for k, v := range env {
				if k == envUID {
					if v != "1234" {
						t.Errorf("%s=%s, want 1234", k, v)
					}
					continue
				}
				if len(v) != 32 {
					t.Errorf("%s=%q is not a 128-bit hex password", k, v)
				}
				if bytes.Contains(composeText, []byte(v)) {
					t.Errorf("the compose file holds the value of %s", k)
				}
				if mode == catalog.ModeKRaft && k == envZKPassword {
					t.Errorf("a KRaft stack has a ZooKeeper password")
				}
				if !bytes.Contains(composeText, []byte("${"+k)) {
					t.Errorf("the compose file never refers to %s", k)
				}
			}
			client, _ := os.ReadFile(filepath.Join(dir, "client.properties"))
			if sec.sasl() && !strings.Contains(string(client), env[envAppPassword]) {
				t.Errorf("client.properties does not carry the application's password:\n%s", client)
			}
			if !sec.tls() {
				if _, err := os.Stat(filepath.Join(dir, SecretsDir)); err == nil {
					t.Errorf("%s made a secrets directory but uses no TLS", sec)
				}
				return
			}
			if st, _ := os.Stat(filepath.Join(dir, SecretsDir)); st.Mode().Perm() != 0o700 {
				t.Errorf("secrets/ mode %o, want 700", st.Mode().Perm())
			}
			caPEM, _ := os.ReadFile(filepath.Join(dir, SecretsDir, certCAFile))
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM(caPEM)
			for _, svc := range []string{"kafka-1", "kafka-2", "kafka-3"} {
				data, err := os.ReadFile(filepath.Join(dir, SecretsDir, svc+".pem"))
				if err != nil {
					t.Fatal(err)
				}
				pair, err := tls.X509KeyPair(data, data)
				if err != nil {
					t.Fatalf("%s.pem is not a key and certificate: %v", svc, err)
				}
				if b, _ := pem.Decode(data); b == nil || b.Type != "PRIVATE KEY" {
					t.Errorf("%s.pem does not start with a PKCS#8 key (Kafka's PEM keystore needs one)", svc)
				}
				leaf, _ := x509.ParseCertificate(pair.Certificate[0])
				for _, host := range []string{svc, "localhost"} {
					if _, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
						t.Errorf("%s's certificate for %s: %v", svc, host, err)
					}
				}
				if leaf.Subject.CommonName != secBrokerUser {
					t.Errorf("%s's certificate CN %q, want %q (the brokers' principal)", svc, leaf.Subject.CommonName, secBrokerUser)
				}
			}
			if sec == SecurityMTLS {
				if !strings.Contains(string(client), "ssl.keystore.location=secrets/app.pem") {
					t.Errorf("mtls client.properties names no keystore:\n%s", client)
				}
			}
		}
	}
}

func TestWriteStackKeepsCAAndPasswords(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "docker-compose.yml")
	o := StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Security: SecuritySASLTLS}
	if _, err := WriteStack(o, file, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	env1 := readEnvFile(t, filepath.Join(dir, ".env"))
	ca1, _ := os.ReadFile(filepath.Join(dir, SecretsDir, certCAFile))
	// A line the user added to .env survives regeneration.
	f, _ := os.OpenFile(filepath.Join(dir, ".env"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("COMPOSE_PROFILES=extra\n")
	f.Close()

	if _, err := WriteStack(o, file, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	env2 := readEnvFile(t, filepath.Join(dir, ".env"))
	ca2, _ := os.ReadFile(filepath.Join(dir, SecretsDir, certCAFile))
	if !bytes.Equal(ca1, ca2) {
		t.Error("regenerating replaced the CA")
	}
	for k, v := range env1 {
		if env2[k] != v {
			t.Errorf("regenerating changed %s", k)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".env")); !strings.Contains(string(b), "COMPOSE_PROFILES=extra") {
		t.Error("regenerating dropped a line the user added to .env")
	}

	if _, err := WriteStack(o, file, WriteOptions{NewCA: true}); err != nil {
		t.Fatal(err)
	}
	ca3, _ := os.ReadFile(filepath.Join(dir, SecretsDir, certCAFile))
	if bytes.Equal(ca1, ca3) {
		t.Error("NewCA kept the CA")
	}

	// A broken CA is not silently replaced.
	if err := os.WriteFile(filepath.Join(dir, SecretsDir, certCAKeyFile), []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteStack(o, file, WriteOptions{}); err == nil || !strings.Contains(err.Error(), "--new-ca") {
		t.Errorf("a broken CA key: err = %v, want one pointing at --new-ca", err)
	}
}

// TestWriteStackSecuredControllers checks the files of a secured stack
// with dedicated controllers: each controller's healthcheck logs in to
// the controller listener with controller-client.properties (PLAIN in the
// SASL modes, the node's certificate in the TLS modes), the controllers'
// certificates name them (lint.TestLintSecuredControllers lints the file). interop/secured boots
// these files on real Kafka.
func TestWriteStackSecuredControllers(t *testing.T) {
	for _, sec := range SecurityModes() {
		t.Run(string(sec), func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "docker-compose.yml")
			o := StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Controllers: 3, Security: sec}
			if err := o.Validate(); err != nil {
				t.Fatal(err)
			}
			if _, err := WriteStack(o, file, WriteOptions{UID: 1234}); err != nil {
				t.Fatal(err)
			}
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []string{"controller-1", "controller-2", "controller-3"} {
				check := "--bootstrap-controller " + c + ":29093 --command-config " + secControllerClient + " describe --status"
				if !strings.Contains(string(text), check) {
					t.Errorf("%s: no healthcheck %q", c, check)
				}
			}
			want := map[bool][]string{
				true:  {"sasl.mechanism=PLAIN", "PlainLoginModule required username=\"kafka\" password=\"${KAFKA_BROKER_PASSWORD}\""},
				false: {"ssl.keystore.location=" + secBrokerPEM},
			}[sec.sasl()]
			want = append(want, "security.protocol="+sec.protocol())
			client := (&stackPlan{opts: o}).controllerClientProperties()
			for _, w := range want {
				if !strings.Contains(client, w) || !strings.Contains(string(text), w) {
					t.Errorf("controller-client.properties lacks %q:\n%s", w, client)
				}
			}
			if sec.tls() {
				for _, c := range []string{"controller-1", "controller-2", "controller-3"} {
					if _, err := os.Stat(filepath.Join(dir, SecretsDir, c+".pem")); err != nil {
						t.Errorf("no certificate for %s: %v", c, err)
					}
				}
			}
		})
	}
}

func TestSecurityOptions(t *testing.T) {
	for _, tt := range []struct {
		o    StackOptions
		want string
	}{
		{StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Security: "kerberos"}, "invalid security mode"},
	} {
		if err := tt.o.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v, want %q", tt.o, err, tt.want)
		}
	}
	if _, err := ParseSecurity("SASL-TLS"); err != nil {
		t.Errorf("ParseSecurity is case-insensitive: %v", err)
	}
	if s, err := ParseSecurity("none"); err != nil || s != SecurityNone {
		t.Errorf("none: %q %v", s, err)
	}
}
