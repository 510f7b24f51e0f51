package compose

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// WriteOptions are the choices of WriteStack beyond the stack itself.
type WriteOptions struct {
	// NewCA replaces the CA kept in the secrets directory (and so every
	// certificate clients trusted).
	NewCA bool
	// UID is the user the Kafka containers of a TLS stack run as, so that
	// they can read the keys; os.Getuid() when zero.
	UID int
}

// WrittenFile is one file WriteStack wrote.
type WrittenFile struct {
	Path string `json:"path"`
	// Private is true for files that hold a secret (mode 0600).
	Private bool   `json:"private"`
	What    string `json:"what"`
}

// WriteStack generates the stack of o into composePath and, for a secured
// stack, writes next to it what the compose file refers to: .env with the
// passwords (kept when .env already has them), the secrets directory with
// the CA (kept unless w.NewCA) and a certificate per broker and client, and
// the client configurations. Files holding a secret are readable by their
// owner only.
func WriteStack(o StackOptions, composePath string, w WriteOptions) ([]WrittenFile, error) {
	plan, err := newStackPlan(o)
	if err != nil {
		return nil, err
	}
	data, err := Generate(o)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(composePath)
	var out []WrittenFile
	if o.Security.on() {
		files, err := plan.writeSecurity(dir, w)
		if err != nil {
			return nil, err
		}
		out = files
	}
	if err := writeAtomic(composePath, data, 0o644); err != nil {
		return nil, err
	}
	return append([]WrittenFile{{Path: composePath, What: "the compose file"}}, out...), nil
}

// writeSecurity writes .env, the secrets and the client files of a secured
// stack into dir.
func (p *stackPlan) writeSecurity(dir string, w WriteOptions) ([]WrittenFile, error) {
	sec := p.opts.Security
	var out []WrittenFile
	envPath := filepath.Join(dir, ".env")
	old, err := readDotEnv(envPath)
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, name := range p.envNames() {
		switch {
		case name == envUID:
			uid := w.UID
			if uid == 0 {
				uid = os.Getuid()
			}
			env[name] = strconv.Itoa(uid)
		case len(old[name]) == 1 && old[name][0] != "":
			env[name] = old[name][0]
		default:
			env[name] = newPassword()
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Variables of the secured stack made by `%s`. docker compose reads this file (it must stay\n", p.commandLine())
	b.WriteString("# next to the compose file) and substitutes them; the compose file itself holds no secret.\n")
	b.WriteString("# Regenerating keeps these values. Changing a password here needs the stack recreated with fresh\n")
	b.WriteString("# volumes (docker compose down -v) and the client files regenerated.\n")
	for _, name := range p.envNames() {
		fmt.Fprintf(&b, "%s=%s\n", name, env[name])
	}
	// Keep whatever else the user put into .env.
	for _, line := range old[dotEnvOther] {
		b.WriteString(line)
	}
	if err := writeAtomic(envPath, []byte(b.String()), 0o600); err != nil {
		return nil, err
	}
	out = append(out, WrittenFile{Path: envPath, Private: true, What: "the passwords"})

	var certs map[string]string // identity -> secrets/NAME.pem
	if sec.tls() {
		sdir := filepath.Join(dir, SecretsDir)
		if err := os.MkdirAll(sdir, 0o700); err != nil {
			return nil, fmt.Errorf("create %s: %w", sdir, err)
		}
		ca, err := loadOrCreateCA(sdir, w.NewCA)
		if err != nil {
			return nil, err
		}
		what := "kept"
		if ca.created {
			what = "new"
		}
		out = append(out, WrittenFile{Path: filepath.Join(sdir, certCAFile), What: "the CA certificate (" + what + ")"},
			WrittenFile{Path: filepath.Join(sdir, certCAKeyFile), Private: true, What: "the CA key (" + what + ")"})
		certs = map[string]string{}
		for _, n := range p.kafkaNodes() {
			pemData, err := ca.issue(secBrokerUser, []string{n.service, "localhost"})
			if err != nil {
				return nil, err
			}
			path := filepath.Join(sdir, n.service+".pem")
			if err := writePrivate(path, pemData); err != nil {
				return nil, err
			}
			out = append(out, WrittenFile{Path: path, Private: true, What: "key and certificate of " + n.service})
		}
		clients := []string{secAdminUser}
		if sec == SecurityMTLS {
			clients = append(clients, secAppUser)
		}
		if sec.certIdentity() {
			for _, c := range clients {
				pemData, err := ca.issue(c, nil)
				if err != nil {
					return nil, err
				}
				path := filepath.Join(sdir, c+".pem")
				if err := writePrivate(path, pemData); err != nil {
					return nil, err
				}
				certs[c] = filepath.ToSlash(filepath.Join(SecretsDir, c+".pem"))
				out = append(out, WrittenFile{Path: path, Private: true, What: "key and certificate of the client " + c})
			}
		}
	}

	for _, f := range []struct {
		name, what, user string
		rdk              bool
	}{
		{"client.properties", "client configuration of " + p.appPrincipal() + " (kafkit -F, Java tools)", secAppUser, false},
		{"admin.properties", "client configuration of User:" + secAdminUser + " (kafkit -F, Java tools)", secAdminUser, false},
		{"client-librdkafka.properties", "client configuration of " + p.appPrincipal() + " (kcat -F, confluent-kafka)", secAppUser, true},
	} {
		content := p.clientFile(f.name, f.user, f.rdk, env, certs)
		path := filepath.Join(dir, f.name)
		if err := writeAtomic(path, []byte(content), 0o600); err != nil {
			return nil, err
		}
		out = append(out, WrittenFile{Path: path, Private: true, What: f.what})
	}
	return out, nil
}

// clientFile renders a client configuration for user. Paths are relative
// to the directory of the compose file, where the commands in its header
// are run.
func (p *stackPlan) clientFile(name, user string, rdk bool, env map[string]string, certs map[string]string) string {
	sec := p.opts.Security
	var b strings.Builder
	bootstrap := make([]string, len(p.brokers))
	for i, n := range p.brokers {
		bootstrap[i] = fmt.Sprintf("localhost:%d", n.hostPort)
	}
	principal := "User:" + user
	if user == secAppUser {
		principal = p.appPrincipal()
	}
	fmt.Fprintf(&b, "# %s: connect to the stack of `%s` from this directory as %s.\n", name, p.commandLine(), principal)
	if rdk {
		b.WriteString("# librdkafka's property names:\n")
		fmt.Fprintf(&b, "#   kcat -F %s -t %s -P    and    kcat -F %s -t %s -C -e\n", name, secTopic, name, secTopic)
		b.WriteString("#   confluent-kafka: pass these pairs as the configuration dict (kafkit -F reads this form too).\n")
	} else {
		b.WriteString("# The Java client's property names, which kafkit reads too:\n")
		fmt.Fprintf(&b, "#   kafkit produce -F %s %s \"hello\"    and    kafkit consume -F %s %s -e\n", name, secTopic, name, secTopic)
		fmt.Fprintf(&b, "#   kafka-console-producer --bootstrap-server %s --producer.config %s --topic %s\n", bootstrap[0], name, secTopic)
	}
	b.WriteString("# It holds a password or names a private key: keep it private (mode 0600).\n")
	fmt.Fprintf(&b, "bootstrap.servers=%s\n", strings.Join(bootstrap, ","))
	fmt.Fprintf(&b, "security.protocol=%s\n", sec.protocol())
	if sec.sasl() {
		pw := env[map[string]string{secAppUser: envAppPassword, secAdminUser: envAdminPassword}[user]]
		if rdk {
			fmt.Fprintf(&b, "sasl.mechanisms=%s\nsasl.username=%s\nsasl.password=%s\n", secMech, user, pw)
		} else {
			fmt.Fprintf(&b, "sasl.mechanism=%s\n", secMech)
			fmt.Fprintf(&b, "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=%q password=%q;\n", user, pw)
		}
	}
	if sec.tls() {
		ca := SecretsDir + "/" + certCAFile
		if rdk {
			fmt.Fprintf(&b, "ssl.ca.location=%s\n", ca)
		} else {
			fmt.Fprintf(&b, "ssl.truststore.type=PEM\nssl.truststore.location=%s\n", ca)
		}
		if c := certs[user]; c != "" {
			if rdk {
				// One file holds both: librdkafka takes the key and the
				// certificate blocks from it.
				fmt.Fprintf(&b, "ssl.certificate.location=%s\nssl.key.location=%s\n", c, c)
			} else {
				fmt.Fprintf(&b, "ssl.keystore.type=PEM\nssl.keystore.location=%s\n", c)
			}
		}
	}
	return b.String()
}

// dotEnvOther is the key under which readDotEnv keeps the lines it does
// not own, as one-element values in order.
const dotEnvOther = "\x00other"

// readDotEnv reads NAME=value lines of an existing .env; lines for other
// names are kept, for writing back.
func readDotEnv(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string][]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		k, v, ok := strings.Cut(l, "=")
		k = strings.TrimSpace(k)
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "#") || strings.TrimSpace(l) == "":
		case ok && isOwnEnv(k):
			out[k] = []string{strings.TrimSpace(v)}
		default:
			out[dotEnvOther] = append(out[dotEnvOther], l+"\n")
		}
	}
	return out, sc.Err()
}

func isOwnEnv(k string) bool {
	switch k {
	case envBrokerPassword, envAdminPassword, envAppPassword, envZKPassword, envUID:
		return true
	}
	return false
}

// newPassword returns 128 random bits in hex: nothing that needs quoting
// in .env, JAAS, a properties file or kafka-configs' [password=...].
func newPassword() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// writeAtomic writes data to a temporary file next to path with mode perm
// and renames it over path, so that an interrupted run never leaves half a
// file.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
