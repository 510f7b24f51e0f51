package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/devbroker"
	"github.com/kafkit/kafkit/stackmodel"
)

func runComposeArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code = Run(ctx, args, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return out.String(), errb.String(), code
}

// TestComposeGolden is the contract of the repository: `kafkit compose`
// prints docker-compose.yml byte for byte.
func TestComposeGolden(t *testing.T) {
	const golden = "../../docker-compose.yml"
	out, errs, code := runComposeArgs(t, "compose")
	if code != 0 {
		t.Fatalf("kafkit compose: exit %d: %s", code, errs)
	}
	// compose's TestGoldenStacks owns the file (it alone rewrites it);
	// this test proves the command's defaults give the same stack.
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("kafkit compose differs from docker-compose.yml: the command's defaults and compose.DefaultStackOptions disagree, or the file is stale (regenerate: go test ./compose -run TestGoldenStacks -update)")
	}
}

func TestComposeFlags(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		contains string // in stdout on success, in stderr on failure
	}{
		{[]string{"compose", "--brokers", "3", "--zookeepers", "3"}, 0, "kafka-3.server.properties:"},
		{[]string{"compose", "--mode", "kraft"}, 0, "process.roles=broker,controller"},
		{[]string{"compose", "--mode", "kraft", "--brokers", "2", "--controllers", "3"}, 0, "controller-3:"},
		{[]string{"compose", "--minimal"}, 0, "broker.id=1"},
		{[]string{"compose", "--explicit"}, 0, "\n      log.retention.hours=168\n"},
		{[]string{"compose", "--explicit", "--minimal"}, 2, "contradict"},
		{[]string{"compose", "--brokers", "10"}, 2, "invalid broker count 10"},
		{[]string{"compose", "--zookeepers", "2"}, 2, "invalid ZooKeeper count 2"},
		{[]string{"compose", "--mode", "kraft", "--zookeepers", "3"}, 2, "--zookeepers has no meaning"},
		{[]string{"compose", "--controllers", "3"}, 2, "controllers exist only in KRaft mode"},
		{[]string{"compose", "--mode", "both"}, 2, "invalid --mode"},
		{[]string{"compose", "extra"}, 2, "unknown command"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errs, code := runComposeArgs(t, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.code, errs)
			}
			where := out
			if c.code != 0 {
				where = errs
			}
			if !strings.Contains(where, c.contains) {
				t.Errorf("output does not contain %q", c.contains)
			}
		})
	}
}

func TestComposeOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stack.yml")
	out, errs, code := runComposeArgs(t, "compose", "--minimal", "-o", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "" {
		t.Errorf("with -o nothing goes to stdout, got %d bytes", len(out))
	}
	if !strings.Contains(errs, "wrote "+path) {
		t.Errorf("stderr %q does not say where the file went", errs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	stdout, _, _ := runComposeArgs(t, "compose", "--minimal")
	if string(data) != stdout {
		t.Error("-o wrote something else than stdout gets")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left next to the output: %v", entries)
	}
}

func TestComposeConfig(t *testing.T) {
	const file = "../../docker-compose.yml"
	cases := []struct {
		args    []string
		code    int
		want    []string
		notWant []string
	}{
		{[]string{"kafka"}, 0, []string{"broker.id=1\n", "zookeeper.connect=zookeeper:2181\n", "advertised.listeners=INTERNAL://kafka:29092,EXTERNAL://localhost:9092\n"}, []string{"#log.retention.hours"}},
		{[]string{"zookeeper"}, 0, []string{"tickTime=2000\n", "dataDir=/var/lib/zookeeper/data\n", "4lw.commands.whitelist=srvr,"}, []string{"#globalOutstandingLimit"}},
		{[]string{"zookeeper", "--raw"}, 0, []string{"#globalOutstandingLimit=1000\n", "# ---- /etc/kafka/kafkit/zookeeper-jvm.args", "#-Dzookeeper.extendedTypesEnabled=false\n"}, nil},
		{[]string{"kafka", "--raw"}, 0, []string{"#log.retention.hours=168\n", "broker.id=1\n"}, nil},
		{[]string{"nosuch"}, 2, []string{`no service "nosuch"`, "kafka, zookeeper"}, nil},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errs, code := runComposeArgs(t, append([]string{"compose", "config", "-f", file}, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.code, errs)
			}
			got := out + errs
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(got, w) {
					t.Errorf("output has %q", w)
				}
			}
		})
	}
	_, errs, code := runComposeArgs(t, "compose", "config", "-f", filepath.Join(t.TempDir(), "missing.yml"), "kafka")
	if code != 1 || !strings.Contains(errs, "missing.yml") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
}

// TestComposeConfigFromEnvironment: a plain cp-kafka/cp-zookeeper stack
// configured through variables shows what the images write, dropped
// variables left out.
func TestComposeConfigFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "docker-compose.yml")
	const yml = `services:
  zookeeper:
    image: confluentinc/cp-zookeeper:7.9.6
    environment:
      ZOOKEEPER_CLIENT_PORT: "2181"
      ZOOKEEPER_TICK_TIME: "2000"
      ZOOKEEPER_4LW_COMMANDS_WHITELIST: "srvr,ruok"
      ZOOKEEPER_SSL_OCPS: "false"
      KAFKA_OPTS: "-Dzookeeper.4lw.commands.whitelist=*"
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: "1"
      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
      KAFKA_HEAP_OPTS: "-Xmx1G"
      KAFKA_OPTS: "-Dfoo=bar"
`
	if err := os.WriteFile(file, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runComposeArgs(t, "compose", "config", "-f", file, "zookeeper")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"dataDir=/var/lib/zookeeper/data\n", "clientPort=2181\n", "ssl.ocsp=false\n", "#   -Dzookeeper.4lw.commands.whitelist=*\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("zookeeper: output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "4lw.commands.whitelist=srvr") {
		t.Errorf("zookeeper: cp-zookeeper ignores ZOOKEEPER_4LW_COMMANDS_WHITELIST, but the output has it:\n%s", out)
	}
	out, errs, code = runComposeArgs(t, "compose", "config", "-f", file, "kafka")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"broker.id=1\n", "listeners=PLAINTEXT://0.0.0.0:29092,PLAINTEXT_HOST://0.0.0.0:9092\n", "heap.opts=-Xmx1G\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("kafka: output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "opts=-Dfoo") {
		t.Errorf("kafka: KAFKA_OPTS is excluded from kafka.properties:\n%s", out)
	}
}

// TestComposeHostListenerWorks checks the address the stack advertises to
// the host with real clients: the EXTERNAL listener of the default file is
// localhost:9092, published on 127.0.0.1 only. A development broker on
// 127.0.0.1 stands in for the container; kafkit produce/consume and the
// seed's produtor example bootstrap from the advertised host name with the
// dev broker's port.
func TestComposeHostListenerWorks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, err := stackmodel.LoadComposeFile(ctx, "../../docker-compose.yml", nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := stackmodel.EffectiveConfig(p, "kafka")
	if err != nil {
		t.Fatal(err)
	}
	adv, _ := c.Get("advertised.listeners")
	var host, port string
	for _, l := range strings.Split(adv, ",") {
		if rest, ok := strings.CutPrefix(l, "EXTERNAL://"); ok {
			host, port, _ = strings.Cut(rest, ":")
		}
	}
	if host != "localhost" || port != "9092" {
		t.Fatalf("advertised.listeners=%s: want EXTERNAL://localhost:9092", adv)
	}
	ports := p.Services["kafka"].Ports
	if len(ports) != 1 || ports[0].HostIP != "127.0.0.1" || ports[0].Published != port || ports[0].Target != 9092 {
		t.Fatalf("kafka publishes %+v, want 127.0.0.1:%s:9092", ports, port)
	}

	b, err := devbroker.New(devbroker.Listen("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_, devPort, _ := strings.Cut(b.Addr(), ":")
	bootstrap := host + ":" + devPort

	if _, errs, code := runComposeArgs(t, "produce", "conversas", "-b", bootstrap, "via the advertised host name"); code != 0 {
		t.Fatalf("kafkit produce -b %s: exit %d: %s", bootstrap, code, errs)
	}
	out, errs, code := runComposeArgs(t, "consume", "conversas", "-b", bootstrap, "-e")
	if code != 0 || !strings.Contains(out, "via the advertised host name") {
		t.Fatalf("kafkit consume -b %s: exit %d, stdout %q, stderr %q", bootstrap, code, out, errs)
	}

	bin := filepath.Join(t.TempDir(), "produtor")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/kafkit/kafkit/examples/produtor").CombinedOutput(); err != nil {
		t.Fatalf("go build produtor: %v\n%s", err, out)
	}
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), "BOOTSTRAP_SERVERS="+bootstrap)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "delivered to conversas") {
		t.Fatalf("produtor with BOOTSTRAP_SERVERS=%s: %v\n%s", bootstrap, err, out)
	}
}
