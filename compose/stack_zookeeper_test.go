package compose

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/internal/harness"
	"github.com/kafkit/kafkit/javaconf"
	"github.com/kafkit/kafkit/stackmodel"
)

// These tests boot ZooKeeper 3.8.4 (the version the stack's images ship,
// from Maven Central with Kafka 3.9.2's jars) with the zoo.cfg and the JVM
// argument file each ZooKeeper service of a generated stack receives, with
// only the paths and ports rewritten for the loopback interface, and ask
// the running servers what they made of it. internal/stackrun boots whole
// stacks, brokers included.

// requireZooKeeper returns the java launcher and the classpath holding
// ZooKeeper; it skips the test without Java and Maven, or fails it under
// CI=true.
func requireZooKeeper(t *testing.T) (java, classpath string) {
	t.Helper()
	d := harness.Kafka(t, harness.DefaultVersion)
	return d.Java, d.Classpath()
}

// freePort is a loopback port for a server, from the harness (outside the
// kernel's ephemeral range, never handed out twice).
func freePort(t *testing.T) int { return harness.FreePort(t, "127.0.0.1") }

// zkNode is one ZooKeeper service of a stack, rewritten to run here.
type zkNode struct {
	service    string
	myid       string
	clientPort int
	dataDir    string
	logDir     string
	cfgPath    string
	expect     map[string]string // zoo.cfg keys and the values conf must show
	out        *harness.SyncBuffer
	exited     chan struct{} // closed when the JVM has exited
	exitErr    error
}

// zkLoopback is the zoo.cfg rewrite: the service's file with dataDir,
// dataLogDir, clientPort, admin.serverPort and the server.N addresses
// replaced; every other line, comments included, untouched.
type zkLoopback struct {
	dataDir, logDir         string
	clientPort, adminPort   int
	servers                 map[string]string // server.N -> 127.0.0.1:quorum:election
	sawClientPort, sawAdmin bool
}

func (r *zkLoopback) rewrite(content string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(content, "\n"), "\n") {
		k, _, ok := strings.Cut(l, "=")
		if ok && !strings.HasPrefix(l, "#") {
			switch {
			case k == "dataDir":
				l = k + "=" + r.dataDir
			case k == "dataLogDir":
				l = k + "=" + r.logDir
			case k == "clientPort":
				l, r.sawClientPort = k+"="+strconv.Itoa(r.clientPort), true
			case k == "admin.serverPort":
				l, r.sawAdmin = k+"="+strconv.Itoa(r.adminPort), true
			case strings.HasPrefix(k, "server."):
				l = k + "=" + r.servers[k]
			}
		}
		b.WriteString(l + "\n")
	}
	// The AdminServer listens on 8080 unless told otherwise: give it a
	// port of its own here, as the containers each have their own 8080.
	if !r.sawAdmin {
		fmt.Fprintf(&b, "admin.serverPort=%d\n", r.adminPort)
	}
	return b.String()
}

var myidRE = regexp.MustCompile(`echo (\d+) > (\S+)/myid`)

// startZooKeepers starts every ZooKeeper service of p as it would run in
// its container, on loopback.
func startZooKeepers(t *testing.T, ctx context.Context, p *types.Project, services []string) []*zkNode {
	t.Helper()
	java, classpath := requireZooKeeper(t)
	dir := t.TempDir()
	servers := map[string]string{}
	for i := range services {
		servers["server."+strconv.Itoa(i+1)] = fmt.Sprintf("127.0.0.1:%d:%d", freePort(t), freePort(t))
	}
	var nodes []*zkNode
	for _, svc := range services {
		c, err := stackmodel.EffectiveConfig(p, svc)
		if err != nil {
			t.Fatal(err)
		}
		n := &zkNode{service: svc, out: &harness.SyncBuffer{}}
		base := filepath.Join(dir, svc)
		rw := &zkLoopback{
			dataDir: filepath.Join(base, "data"), logDir: filepath.Join(base, "log"),
			clientPort: freePort(t), adminPort: freePort(t), servers: servers,
		}
		n.dataDir, n.logDir, n.clientPort = rw.dataDir, rw.logDir, rw.clientPort
		for _, d := range []string{n.dataDir, n.logDir} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		cfg := rw.rewrite(c.Content)
		if !rw.sawClientPort {
			t.Fatalf("%s: zoo.cfg sets no clientPort", svc)
		}
		n.cfgPath = filepath.Join(base, "zoo.cfg")
		if err := os.WriteFile(n.cfgPath, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		n.expect = map[string]string{}
		zoo, err := javaconf.ReadProperties([]byte(cfg))
		if err != nil {
			t.Fatalf("%s: zoo.cfg: %v", svc, err)
		}
		n.expect = zoo.Map()

		// The command writes myid into the data volume; do the same
		// into the rewritten dataDir, after checking they are the same
		// directory in the container.
		s := p.Services[svc]
		if m := myidRE.FindStringSubmatch(strings.Join(s.Command, " ")); m != nil {
			orig, _ := parseEntries(c.Entries)["dataDir"]
			if m[2] != orig {
				t.Fatalf("%s writes myid to %s but zoo.cfg has dataDir=%s", svc, m[2], orig)
			}
			n.myid = m[1]
			if err := os.WriteFile(filepath.Join(n.dataDir, "myid"), []byte(m[1]+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		} else if len(services) > 1 {
			t.Fatalf("%s is an ensemble member but its command writes no myid: %q", svc, s.Command)
		}

		// The JVM gets what the container's KAFKA_OPTS and
		// KAFKA_HEAP_OPTS give it: the argument file, by @path, as in
		// the container.
		args := strings.Fields(envValue(s, "KAFKA_HEAP_OPTS"))
		for path, content := range c.ArgFiles {
			local := filepath.Join(base, filepath.Base(path))
			if err := os.WriteFile(local, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, "@"+local)
		}
		if want := "@" + stackZKJVMArgs; envValue(s, "KAFKA_OPTS") != want && envValue(s, "KAFKA_OPTS") != "" {
			t.Fatalf("%s: KAFKA_OPTS=%q, want %q", svc, envValue(s, "KAFKA_OPTS"), want)
		}
		args = append(args, "-Dlog4j.configuration=file:"+writeLog4j(t, base), "-cp", classpath, "org.apache.zookeeper.server.quorum.QuorumPeerMain", n.cfgPath)
		cmd := exec.Command(java, args...)
		cmd.Stdout, cmd.Stderr = n.out, n.out
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		n.exited = make(chan struct{})
		go func() {
			n.exitErr = cmd.Wait()
			close(n.exited)
		}()
		t.Cleanup(func() {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-n.exited
		})
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("%s output:\n%s", svc, tail(n.out.String(), 40))
			}
		})
		nodes = append(nodes, n)
	}
	return nodes
}

// writeLog4j writes a log4j configuration sending ZooKeeper's log to
// stdout, which a failing test prints, and returns its path.
func writeLog4j(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "log4j.properties")
	content := "log4j.rootLogger=INFO, stdout\n" +
		"log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n" +
		"log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n" +
		"log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func envValue(s types.ServiceConfig, name string) string {
	if v := s.Environment[name]; v != nil {
		return *v
	}
	return ""
}

func parseEntries(es []stackmodel.Entry) map[string]string {
	m := map[string]string{}
	for _, e := range es {
		m[e.Key] = e.Value
	}
	return m
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// fourLetter sends a four-letter word and returns the whole answer.
func fourLetter(ctx context.Context, port int, word string) (string, error) {
	d := net.Dialer{Timeout: 2 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, word); err != nil {
		return "", err
	}
	b, err := io.ReadAll(conn)
	return string(b), err
}

var modeRE = regexp.MustCompile(`(?m)^Mode: (\S+)`)

// waitMode polls srvr, the healthcheck's question, until the server
// answers with a Mode or ctx ends.
func waitMode(ctx context.Context, n *zkNode) (string, error) {
	var last string
	for {
		out, err := fourLetter(ctx, n.clientPort, "srvr")
		if m := modeRE.FindStringSubmatch(out); err == nil && m != nil {
			return m[1], nil
		}
		if err != nil {
			last = err.Error()
		} else {
			last = strings.TrimSpace(out)
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("%s never answered srvr with a Mode (last answer: %s)", n.service, last)
		case <-n.exited:
			return "", fmt.Errorf("%s exited before answering srvr: %v", n.service, n.exitErr)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// checkHealthcheck runs the service's healthcheck command, port rewritten,
// against the running server: it must pass, as Docker would see it.
func checkHealthcheck(t *testing.T, ctx context.Context, p *types.Project, n *zkNode) {
	t.Helper()
	hc := p.Services[n.service].HealthCheck
	if hc == nil || len(hc.Test) != 4 || hc.Test[0] != "CMD" || hc.Test[1] != "bash" {
		t.Fatalf("%s: healthcheck %v, want [CMD bash -c SCRIPT]", n.service, hc)
	}
	script := strings.ReplaceAll(hc.Test[3], fmt.Sprintf("/%d ", stackZKClientPort), fmt.Sprintf("/%d ", n.clientPort))
	if script == hc.Test[3] {
		t.Fatalf("%s: healthcheck %q does not ask port %d", n.service, hc.Test[3], stackZKClientPort)
	}
	out, err := exec.CommandContext(ctx, "bash", "-c", script).CombinedOutput()
	if err != nil {
		t.Errorf("%s: healthcheck %q fails against the running server: %v %s", n.service, script, err, out)
	}
}

// checkConf compares what the server reports with conf against the
// zoo.cfg it was given: every key both have must agree (ZooKeeper reports
// its data directories with /version-2 appended).
func checkConf(t *testing.T, ctx context.Context, n *zkNode) map[string]string {
	t.Helper()
	out, err := fourLetter(ctx, n.clientPort, "conf")
	if err != nil {
		t.Fatalf("%s: conf: %v", n.service, err)
	}
	if strings.Contains(out, "not in the whitelist") {
		t.Fatalf("%s: conf refused, so 4lw.commands.whitelist from zoo.cfg did not take effect: %s", n.service, out)
	}
	conf := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			conf[k] = v
		}
	}
	compared := 0
	for k, v := range conf {
		want, ok := n.expect[k]
		if !ok {
			continue
		}
		switch {
		case k == "dataDir" || k == "dataLogDir":
			want = filepath.Join(want, "version-2")
		case strings.HasPrefix(k, "server.") && !strings.Contains(want, ":participant") && !strings.Contains(want, ":observer"):
			// conf spells out the default role.
			want += ":participant"
		}
		compared++
		if v != want {
			t.Errorf("%s: conf reports %s=%s, zoo.cfg says %s", n.service, k, v, want)
		}
	}
	for _, k := range []string{"clientPort", "dataDir", "dataLogDir", "tickTime"} {
		if _, ok := conf[k]; !ok {
			t.Errorf("%s: conf does not report %s:\n%s", n.service, k, out)
		}
	}
	t.Logf("%s: conf agrees with zoo.cfg on %d keys", n.service, compared)
	return conf
}

func TestRealZooKeeperStandalone(t *testing.T) {
	requireZooKeeper(t)
	for _, o := range []StackOptions{DefaultStackOptions(), {Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Style: StyleExplicit}} {
		plan := mustPlan(t, o)
		t.Run(plan.commandLine(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, p := loadGenerated(t, o)
			nodes := startZooKeepers(t, ctx, p, []string{"zookeeper"})
			n := nodes[0]
			mode, err := waitMode(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			if mode != "standalone" {
				t.Fatalf("Mode: %s, want standalone", mode)
			}
			checkHealthcheck(t, ctx, p, n)
			conf := checkConf(t, ctx, n)
			for k, v := range map[string]string{"tickTime": "2000", "minSessionTimeout": "4000", "maxSessionTimeout": "40000"} {
				if conf[k] != v {
					t.Errorf("conf %s=%s, want %s", k, conf[k], v)
				}
			}
			// The whitelist came from zoo.cfg: what it lists answers, what
			// it leaves out does not.
			if out, _ := fourLetter(ctx, n.clientPort, "ruok"); out != "imok" {
				t.Errorf("ruok answered %q", out)
			}
			if out, _ := fourLetter(ctx, n.clientPort, "envi"); !strings.Contains(out, "not in the whitelist") {
				t.Errorf("envi is not whitelisted but answered %q", tail(out, 2))
			}
		})
	}
}

func TestRealZooKeeperEnsemble(t *testing.T) {
	requireZooKeeper(t)
	for _, style := range []Style{StyleDocumented, StyleExplicit} {
		o := StackOptions{Mode: catalog.ModeZK, Brokers: 3, ZooKeepers: 3, Style: style}
		t.Run(mustPlan(t, o).commandLine(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
			defer cancel()
			_, p := loadGenerated(t, o)
			nodes := startZooKeepers(t, ctx, p, []string{"zookeeper-1", "zookeeper-2", "zookeeper-3"})
			modes := map[string]int{}
			for _, n := range nodes {
				mode, err := waitMode(ctx, n)
				if err != nil {
					t.Fatal(err)
				}
				modes[mode]++
				checkHealthcheck(t, ctx, p, n)
				conf := checkConf(t, ctx, n)
				if conf["serverId"] != n.myid {
					t.Errorf("%s: serverId=%s, want its myid %s", n.service, conf["serverId"], n.myid)
				}
				t.Logf("%s (myid %s): %s", n.service, n.myid, mode)
			}
			if modes["leader"] != 1 || modes["follower"] != 2 {
				t.Errorf("modes %v, want one leader and two followers", modes)
			}
		})
	}
}
