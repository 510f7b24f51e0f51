// Package secured proves the stacks of `kafkit compose --security` on real
// Apache Kafka: the generated files boot, the application user's client
// files work with kafkit and Kafka's Java console tools, and every way of
// getting in without the right credentials is refused with kafkit saying
// why.
package secured

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/compose"
	"github.com/kafkit/kafkit/internal/cli"
	"github.com/kafkit/kafkit/internal/harness"
	"github.com/kafkit/kafkit/stackmodel"
)

const (
	seedKey   = "chave"
	seedValue = "faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor"
)

// kafkit runs the CLI in-process from dir and returns its exit code and
// output.
func kafkit(t *testing.T, ctx context.Context, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := cli.Main(ctx, args, strings.NewReader(stdin), &out, &errw)
	return code, out.String(), errw.String()
}

// readEnv reads the generated .env.
func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || !strings.Contains(l, "=") {
			continue
		}
		k, v, _ := strings.Cut(l, "=")
		env[k] = v
	}
	return env
}

// clientCopy writes a copy of a generated client file with the bootstrap
// address pointed at this test's broker, and extra lines appended (later
// lines win in a properties file).
func (s *stack) clientCopy(name, as string, drop []string, extra ...string) string {
	t := s.t
	b, err := os.ReadFile(filepath.Join(s.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(s.rewrite("", string(b))), "\n") {
		keep := true
		for _, d := range drop {
			if strings.HasPrefix(l, d+"=") {
				keep = false
			}
		}
		if keep {
			lines = append(lines, l)
		}
	}
	lines = append(lines, extra...)
	path := filepath.Join(s.dir, as)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return as
}

// layout is a shape of stack the secured modes are proven on.
type layout struct {
	name string
	// kraft: KRaft mode; controllers: dedicated controllers (0: combined
	// broker+controller nodes).
	kraft       bool
	controllers int
	// modes run when KAFKIT_SECURITY_MODES does not say: all four, or,
	// for the four-JVM dedicated-controller stack, the two that differ
	// most (SASL with a PLAIN controller listener, certificates).
	modes []compose.Security
}

// TestSecuredStacks boots every secured mode on each layout. Narrow it
// with KAFKIT_SECURITY_MODES=sasl-scram,mtls and KAFKIT_SECURITY_KRAFT:
// 0 the ZooKeeper stack, 1 both KRaft layouts, combined or controllers
// one KRaft layout.
func TestSecuredStacks(t *testing.T) {
	layouts := []layout{
		{name: "zookeeper", modes: compose.SecurityModes()},
		{name: "kraft", kraft: true, modes: compose.SecurityModes()},
		{name: "kraft-controllers", kraft: true, controllers: 3, modes: []compose.Security{compose.SecuritySASLSCRAM, compose.SecurityMTLS}},
	}
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) { testSecuredModes(t, l) })
	}
}

func testSecuredModes(t *testing.T, l layout) {
	libs := kafkaLibs(t)
	switch v := os.Getenv("KAFKIT_SECURITY_KRAFT"); {
	case v == "":
	case v == "0" && l.kraft, v == "1" && !l.kraft,
		v == "combined" && (!l.kraft || l.controllers > 0),
		v == "controllers" && l.controllers == 0:
		t.Skipf("KAFKIT_SECURITY_KRAFT=%s selects another layout", v)
	}
	modes := l.modes
	if m := os.Getenv("KAFKIT_SECURITY_MODES"); m != "" {
		modes = nil
		for _, v := range strings.Split(m, ",") {
			modes = append(modes, compose.Security(v))
		}
	}
	for _, mode := range modes {
		t.Run(string(mode), func(t *testing.T) {
			testSecured(t, libs, mode, l)
		})
	}
}

func testSecured(t *testing.T, libs string, mode compose.Security, l layout) {
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dir := t.TempDir()
	file := filepath.Join(dir, "docker-compose.yml")
	args := []string{"compose", "--security", string(mode), "-o", file}
	if l.kraft {
		args = append(args, "--mode", "kraft")
	}
	if l.controllers > 0 {
		args = append(args, "--controllers", fmt.Sprint(l.controllers))
	}
	if code, _, errs := kafkit(t, ctx, "", args...); code != 0 {
		t.Fatalf("kafkit compose --security %s: exit %d: %s", mode, code, errs)
	}
	// The generated file is clean for kafkit's own linter.
	if code, out, errs := kafkit(t, ctx, "", "lint", file); code != 0 {
		t.Fatalf("kafkit lint: exit %d\n%s%s", code, out, errs)
	}
	env := readEnv(t, filepath.Join(dir, ".env"))
	project, err := stackmodel.LoadComposeFile(ctx, file, env)
	if err != nil {
		t.Fatal(err)
	}
	s := newStack(t, libs, dir, project)
	t.Chdir(dir) // the client files name secrets/ relative to their directory

	var broker *server
	switch {
	case l.controllers > 0:
		// The controllers elect a leader over their secured listener
		// (all started before any is waited for, as compose does), the
		// broker registers with them, then the ACLs go in through it.
		var ctrls []string
		for name := range project.Services {
			if strings.HasPrefix(name, "controller-") {
				ctrls = append(ctrls, name)
			}
		}
		if len(ctrls) != l.controllers {
			t.Fatalf("the compose file has controllers %v, want %d", ctrls, l.controllers)
		}
		for _, c := range ctrls {
			s.start(c)
		}
		for _, c := range ctrls {
			s.healthy(ctx, c)
		}
		broker = s.start("kafka")
		s.healthy(ctx, "kafka")
		s.runOnce(ctx, "kafka-setup")
	case l.kraft:
		// Storage formatted with the SCRAM users, then the ACLs through
		// the running broker.
		broker = s.start("kafka")
		s.healthy(ctx, "kafka")
		s.runOnce(ctx, "kafka-setup")
	default:
		s.start("zookeeper")
		s.healthy(ctx, "zookeeper")
		s.runOnce(ctx, "kafka-setup")
		broker = s.start("kafka")
		s.healthy(ctx, "kafka")
	}
	t.Logf("stack up in %s", time.Since(began).Round(time.Millisecond))
	capt := s.startCapture()

	client := s.clientCopy("client.properties", "client.test.properties", nil)

	// The application user produces and consumes the seed's record.
	code, _, errs := kafkit(t, ctx, seedKey+":"+seedValue+"\n", "produce", "-F", client, "--key-delimiter", ":", "conversas")
	if code != 0 {
		t.Fatalf("kafkit produce as the application user: exit %d: %s", code, errs)
	}
	// Kafka's console producer writes the seed's record again with the
	// same client file (key and value parsed from the line).
	s.javaToolIn(ctx, seedKey+":"+seedValue+"\n", "kafka-console-producer", "--bootstrap-server", s.bootstrap(), "--producer.config", client,
		"--topic", "conversas", "--property", "parse.key=true", "--property", "key.separator=:")
	// kafkit reads both: its own record and the console producer's.
	code, out, errs := kafkit(t, ctx, "", "consume", "-F", client, "-e", "--timeout", "20s", "conversas")
	if code != 0 || strings.Count(out, seedValue) != 2 {
		t.Fatalf("kafkit consume as the application user: exit %d, want the seed record twice (kafkit's, kafka-console-producer's)\nstdout: %s\nstderr: %s", code, out, errs)
	}
	t.Logf("kafkit consumed: %s", strings.TrimSpace(out))

	// Kafka's own console consumer with the same client file reads it.
	javaOut := s.javaTool(ctx, "kafka-console-consumer", "--bootstrap-server", s.bootstrap(), "--consumer.config", client,
		"--topic", "conversas", "--group", "meu-grupo", "--from-beginning", "--max-messages", "1", "--timeout-ms", "30000", "--property", "print.key=true")
	if !strings.Contains(javaOut, seedValue) {
		t.Errorf("kafka-console-consumer did not read the seed record:\n%s", javaOut)
	}

	// The admin user of admin.properties is a super user: it lists the
	// ACLs kafka-setup created.
	admin := s.clientCopy("admin.properties", "admin.test.properties", nil)
	acls := s.javaTool(ctx, "kafka-acls", "--bootstrap-server", s.bootstrap(), "--command-config", admin, "--list", "--topic", "conversas")
	if !strings.Contains(acls, "principal="+appPrincipal(mode)) || !strings.Contains(acls, "operation=WRITE") {
		t.Errorf("kafka-acls --list as the admin user does not show the application's ACLs:\n%s", acls)
	}

	// The capture shows whether the bytes on the wire are encrypted.
	sent := capt.bytes()
	switch {
	case mode == compose.SecuritySASLSCRAM && !bytes.Contains(sent, []byte(seedValue)):
		t.Errorf("sasl-scram is not encrypted, yet the capture (%d bytes) does not hold the record", len(sent))
	case mode != compose.SecuritySASLSCRAM && bytes.Contains(sent, []byte(seedValue)):
		t.Errorf("%s: the record crossed the wire in clear text", mode)
	case mode != compose.SecuritySASLSCRAM && (len(sent) < 3 || sent[0] != 0x16 || sent[1] != 0x03):
		t.Errorf("%s: the first bytes a client sent are not a TLS handshake record: % x", mode, sent[:min(8, len(sent))])
	default:
		t.Logf("capture: %d bytes from clients, record in clear text: %v", len(sent), bytes.Contains(sent, []byte(seedValue)))
	}

	// The application user may not use another topic.
	code, _, errs = kafkit(t, ctx, "x\n", "produce", "-F", client, "--timeout", "15s", "outra")
	t.Logf("produce to outra: exit %d: %s", code, strings.TrimSpace(errs))
	if code != 1 || !strings.Contains(errs, "outra") || !strings.Contains(strings.ToLower(errs), "authoriz") {
		t.Errorf("produce to outra as the application user: exit %d, want 1 with a denial naming the topic: %s", code, errs)
	}

	// ... nor read with a group its ACLs do not name.
	code, _, errs = kafkit(t, ctx, "", "consume", "-F", client, "-e", "--timeout", "15s", "-g", "outro-grupo", "conversas")
	t.Logf("consume with group outro-grupo: exit %d: %s", code, strings.TrimSpace(errs))
	if code != 1 || !strings.Contains(errs, "outro-grupo") || !strings.Contains(strings.ToLower(errs), "authoriz") {
		t.Errorf("consume with group outro-grupo: exit %d, want 1 with a denial naming the group: %s", code, errs)
	}

	refusals := []struct {
		name  string
		file  string
		words []string
	}{}
	if mode == compose.SecuritySASLSCRAM || mode == compose.SecuritySASLTLS {
		refusals = append(refusals, struct {
			name  string
			file  string
			words []string
		}{"wrong password", s.clientCopy("client.properties", "wrong-password.properties", []string{"sasl.jaas.config"},
			`sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="not-the-password";`),
			[]string{"authentication", "localhost:"}})
	}
	if mode == compose.SecurityMTLS {
		refusals = append(refusals, struct {
			name  string
			file  string
			words []string
		}{"missing client certificate", s.clientCopy("client.properties", "no-cert.properties", []string{"ssl.keystore.type", "ssl.keystore.location"}),
			[]string{"certificate", "localhost:"}})
	}
	if mode.TLS() {
		other := filepath.Join(dir, "other")
		if err := os.MkdirAll(other, 0o700); err != nil {
			t.Fatal(err)
		}
		if code, _, errs := kafkit(t, ctx, "", "compose", "--security", string(mode), "-o", filepath.Join(other, "docker-compose.yml")); code != 0 {
			t.Fatalf("second stack: %s", errs)
		}
		refusals = append(refusals, struct {
			name  string
			file  string
			words []string
		}{"unknown CA", s.clientCopy("client.properties", "unknown-ca.properties", []string{"ssl.truststore.location"},
			"ssl.truststore.location=other/secrets/ca.crt"),
			[]string{"certificate", "localhost:"}})
	}
	if mode.TLS() {
		proto := "PLAINTEXT"
		if mode == compose.SecuritySASLTLS {
			proto = "SASL_PLAINTEXT"
		}
		refusals = append(refusals, struct {
			name  string
			file  string
			words []string
		}{"plaintext client at the TLS listener", s.clientCopy("client.properties", "plaintext.properties",
			[]string{"security.protocol", "ssl.truststore.type", "ssl.truststore.location", "ssl.keystore.type", "ssl.keystore.location"},
			"security.protocol="+proto),
			[]string{"TLS handshake failed", "speaks TLS", "localhost:"}})
	}
	for _, r := range refusals {
		logBefore := len(broker.out.String())
		start := time.Now()
		code, _, errs := kafkit(t, ctx, "x\n", "produce", "-F", r.file, "--timeout", "15s", "conversas")
		took := time.Since(start)
		time.Sleep(time.Second) // the broker logs a failed handshake a moment later
		brokerSaid := strings.TrimSpace(broker.out.String()[logBefore:])
		t.Logf("%s: exit %d after %s\n  kafkit: %s\n  broker: %s", r.name, code, took.Round(time.Millisecond), strings.TrimSpace(errs), lastLines(brokerSaid, 3))
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", r.name, code)
		}
		for _, w := range r.words {
			if !strings.Contains(strings.ToLower(errs), strings.ToLower(w)) {
				t.Errorf("%s: kafkit's message does not say %q: %s", r.name, w, errs)
			}
		}
		if took > 20*time.Second {
			t.Errorf("%s: took %s, more than the 15s timeout allows", r.name, took)
		}
	}
	// TLS is visible in the broker's own log: a client that does not
	// speak it fails the broker's SSL handshake.
	if mode.TLS() && !strings.Contains(broker.out.String(), "(SSL handshake failed)") {
		t.Errorf("the broker's log shows no failed TLS handshake")
	}

	// kcat reads it with the librdkafka form of the client file.
	if _, err := exec.LookPath("kcat"); err == nil || harness.InCI() {
		kcat := harness.Kcat(t)
		rdk := s.clientCopy("client-librdkafka.properties", "kcat.test.properties", nil)
		out, err := exec.CommandContext(ctx, kcat, "-F", rdk, "-C", "-t", "conversas", "-o", "beginning", "-c", "1", "-e", "-f", "%k: %s\n").CombinedOutput()
		if err != nil || !strings.Contains(string(out), seedValue) {
			t.Errorf("kcat -F %s: %v\n%s", rdk, err, out)
		} else {
			t.Logf("kcat read: %s", lastLine(string(out)))
		}
	} else {
		t.Logf("kcat not installed: the librdkafka file is checked with confluent-kafka only")
	}

	// Python's confluent-kafka (librdkafka) reads the record with the
	// librdkafka form of the client file. Last: without Python the rest
	// still ran before the skip.
	s.pythonReads(ctx, s.clientCopy("client-librdkafka.properties", "client-librdkafka.test.properties", nil))
}

func lastLines(s string, n int) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "Failed authentication") || strings.Contains(l, "SSL") || strings.Contains(l, "Authentication") || strings.Contains(l, "authentication") {
			keep = append(keep, strings.TrimSpace(l))
		}
	}
	if len(keep) > n {
		keep = keep[len(keep)-n:]
	}
	return strings.Join(keep, "\n  ")
}

// bootstrap is the address clients use, the capture proxy.
func (s *stack) bootstrap() string { return s.rewrite("", "localhost:9092") }

// javaTool runs one of Kafka's Java tools from the stack's directory.
func (s *stack) javaTool(ctx context.Context, name string, args ...string) string {
	return s.javaToolIn(ctx, "", name, args...)
}

// javaToolIn runs a Java tool with stdin.
func (s *stack) javaToolIn(ctx context.Context, stdin, name string, args ...string) string {
	cmd := exec.CommandContext(ctx, filepath.Join(s.shims, name), args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "KAFKA_HEAP_OPTS=-Xmx128m")
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Errorf("%s: %v\n%s", name, err, tail(string(out), 20))
	}
	return string(out)
}

// pythonScript reads the first record of conversas with confluent-kafka,
// configured from a librdkafka properties file, without joining a group.
const pythonScript = `
import sys
from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING
conf = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line and not line.startswith("#"):
        k, v = line.split("=", 1)
        conf[k] = v
conf.update({"group.id": "meu-grupo", "enable.auto.commit": False})
c = Consumer(conf)
c.assign([TopicPartition("conversas", 0, OFFSET_BEGINNING)])
m = c.poll(30)
if m is None or m.error():
    sys.exit("no record: %s" % (m.error() if m else "timeout"))
print("%s: %s" % (m.key().decode(), m.value().decode()))
c.close()
`

func (s *stack) pythonReads(ctx context.Context, file string) {
	t := s.t
	python := harness.PythonCK(t)
	out, err := exec.CommandContext(ctx, python, "-c", pythonScript, file).CombinedOutput()
	if err != nil || !strings.Contains(string(out), seedValue) {
		t.Errorf("confluent-kafka with %s: %v\n%s", file, err, out)
		return
	}
	t.Logf("confluent-kafka read: %s", strings.TrimSpace(string(out)))
}

func appPrincipal(mode compose.Security) string {
	if mode == compose.SecurityTLS {
		return "User:ANONYMOUS"
	}
	return "User:app"
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
