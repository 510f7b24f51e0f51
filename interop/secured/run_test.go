package secured

// This file boots the services of a generated compose file as real
// processes on the loopback interface, the way their containers start
// them: ZooKeeper's QuorumPeerMain with zoo.cfg and the KAFKA_OPTS of the
// service, the kafka-setup service's bash command with the Kafka tools it
// calls, and kafka.Kafka with server.properties. What Docker provides is
// replaced by the least that keeps the files' meaning: the configs and
// bind mounts are written to a directory per service (paths under
// /etc/kafka/kafkit and the data volumes rewritten to it), and the
// compose network's names and ports become localhost and free ports. The
// certificates name localhost, so TLS host name checks still run.
//
// The jars come from internal/harness. internal/stackrun, which boots the
// plain examples the same way, does not know one-shot services (kafka-setup)
// or bind-mounted secrets yet; these tests keep their own small runner.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/kafkit/kafkit/internal/harness"
)

// kafkaLibs returns the directory of the Kafka jars the stack's image
// carries (3.9.2), or skips (fails under CI=true) without Java or them.
func kafkaLibs(t *testing.T) string {
	t.Helper()
	return harness.Kafka(t, harness.DefaultVersion).Libs
}

// freePort is a loopback port for a server, from the harness (outside the
// kernel's ephemeral range, never handed out twice).
func freePort(t *testing.T) int { return harness.FreePort(t, "127.0.0.1") }

// toolClasses maps the Kafka scripts the generated commands call to the
// classes their scripts run in Kafka 3.9.
var toolClasses = map[string]string{
	"kafka-configs":             "kafka.admin.ConfigCommand",
	"kafka-acls":                "kafka.admin.AclCommand",
	"kafka-broker-api-versions": "kafka.admin.BrokerApiVersionsCommand",
	"kafka-topics":              "org.apache.kafka.tools.TopicCommand",
	"kafka-console-producer":    "kafka.tools.ConsoleProducer",
	"kafka-console-consumer":    "org.apache.kafka.tools.consumer.ConsoleConsumer",
	"zookeeper-server-start":    "org.apache.zookeeper.server.quorum.QuorumPeerMain",
	"kafka-server-start":        "kafka.Kafka",
	"kafka-storage":             "kafka.tools.StorageTool",
	"kafka-metadata-quorum":     "org.apache.kafka.tools.MetadataQuorumCommand",
	"kafka-consumer-groups":     "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
	"kafka-e2e-latency":         "",
}

// stack is a generated compose file running here.
type stack struct {
	t       *testing.T
	libs    string
	dir     string // the compose file's directory
	run     string // where the services' files live
	shims   string // the Kafka scripts, as small shell scripts
	project *types.Project
	// repl are the address and path rewrites, applied to every file a
	// service reads and to its command and environment.
	repl []string
	// extPort is where the broker listens for the host (EXTERNAL); the
	// advertised port, clientPort, is a capture proxy in front of it.
	extPort, clientPort int
	// listen are the rewrites of a Kafka node's own listeners.
	listen  map[string][]string
	servers map[string]*server
}

type server struct {
	name string
	cmd  *exec.Cmd
	out  *harness.SyncBuffer
	done chan struct{}
	err  error
}

// newStack loads the compose file in dir with the variables of its .env
// and prepares the rewrites.
func newStack(t *testing.T, libs, dir string, project *types.Project) *stack {
	s := &stack{t: t, libs: libs, dir: dir, run: filepath.Join(dir, "run"), project: project, servers: map[string]*server{}}
	s.shims = filepath.Join(s.run, "bin")
	if err := os.MkdirAll(s.shims, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, class := range toolClasses {
		if class == "" {
			continue
		}
		script := fmt.Sprintf("#!/bin/sh\nexec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_OPTS $KAFKA_LOG4J_OPTS -cp '%s/*' %s \"$@\"\n", libs, class)
		if err := os.WriteFile(filepath.Join(s.shims, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	zk := freePort(t)
	s.extPort, s.clientPort = freePort(t), freePort(t)
	s.repl = []string{
		"zookeeper:2181", fmt.Sprintf("127.0.0.1:%d", zk),
		"clientPort=2181", fmt.Sprintf("clientPort=%d", zk),
		"/dev/tcp/127.0.0.1/2181", fmt.Sprintf("/dev/tcp/127.0.0.1/%d", zk),
		"0.0.0.0:9092", fmt.Sprintf("127.0.0.1:%d", s.extPort),
		"localhost:9092", fmt.Sprintf("localhost:%d", s.clientPort),
	}
	// Every Kafka node (broker, combined node or dedicated controller)
	// gets ports of its own for INTERNAL and CONTROLLER: the others reach
	// it by service name, which becomes localhost (the certificates name
	// it too), and it binds them where its listeners say 0.0.0.0.
	s.listen = map[string][]string{}
	names := make([]string, 0, len(project.Services))
	for name := range project.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "zookeeper" || strings.HasSuffix(name, "-setup") {
			continue
		}
		internal, controller := freePort(t), freePort(t)
		s.repl = append(s.repl,
			name+":29092", fmt.Sprintf("localhost:%d", internal),
			name+":29093", fmt.Sprintf("localhost:%d", controller))
		s.listen[name] = []string{
			"0.0.0.0:29092", fmt.Sprintf("127.0.0.1:%d", internal),
			"0.0.0.0:29093", fmt.Sprintf("127.0.0.1:%d", controller),
		}
	}
	return s
}

// serviceDir is where a service's container paths are rewritten to.
func (s *stack) serviceDir(svc string) string { return filepath.Join(s.run, svc) }

// rewrite applies the address rewrites and maps the service's container
// paths to its directory.
func (s *stack) rewrite(svc, text string) string {
	d := s.serviceDir(svc)
	r := strings.NewReplacer(append(append(append([]string(nil), s.listen[svc]...), s.repl...),
		"/etc/kafka/kafkit", filepath.Join(d, "etc"),
		"/var/lib/kafka/data", filepath.Join(d, "kafka-data"),
		"/var/lib/zookeeper/data", filepath.Join(d, "zk-data"),
		"/var/lib/zookeeper/log", filepath.Join(d, "zk-log"),
	)...)
	return r.Replace(text)
}

// materialize writes what a service's container would see: its configs
// (already interpolated by compose-go from .env) and its bind mounts.
func (s *stack) materialize(svc string) types.ServiceConfig {
	t := s.t
	sc, ok := s.project.Services[svc]
	if !ok {
		t.Fatalf("the compose file has no service %s", svc)
	}
	for _, sub := range []string{"etc", "kafka-data", "zk-data", "zk-log"} {
		if err := os.MkdirAll(filepath.Join(s.serviceDir(svc), sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range sc.Configs {
		def, ok := s.project.Configs[c.Source]
		if !ok || def.Content == "" {
			t.Fatalf("%s: config %s has no inline content", svc, c.Source)
		}
		s.writeFile(svc, c.Target, []byte(s.rewrite(svc, def.Content)), 0o644)
	}
	for _, v := range sc.Volumes {
		if v.Type != types.VolumeTypeBind {
			continue
		}
		data, err := os.ReadFile(v.Source)
		if err != nil {
			t.Fatalf("%s: bind mount %s: %v", svc, v.Source, err)
		}
		s.writeFile(svc, v.Target, data, 0o600)
	}
	return sc
}

func (s *stack) writeFile(svc, target string, data []byte, perm os.FileMode) {
	path := s.rewrite(svc, target)
	if path == target {
		s.t.Fatalf("%s: %s is outside the rewritten paths", svc, target)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(path, data, perm); err != nil {
		s.t.Fatal(err)
	}
}

// env returns the process environment of a service: this one's, PATH
// with the shims first, and the service's variables rewritten.
func (s *stack) env(svc string, sc types.ServiceConfig) []string {
	env := []string{"PATH=" + s.shims + ":" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	keys := make([]string, 0, len(sc.Environment))
	for k := range sc.Environment {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := sc.Environment[k]; v != nil {
			env = append(env, k+"="+s.rewrite(svc, *v))
		}
	}
	return env
}

var scriptStart = regexp.MustCompile(`(?:^|exec )(zookeeper-server-start|kafka-server-start) (\S+)$`)

// start starts a long-running service from its command.
func (s *stack) start(svc string) *server {
	t := s.t
	sc := s.materialize(svc)
	// A bash -c script (KRaft: format, then exec the server) runs as
	// written; a plain command is exec'd.
	script := "exec " + strings.Join(sc.Command, " ")
	if len(sc.Command) == 3 && sc.Command[0] == "bash" && sc.Command[1] == "-c" {
		script = sc.Command[2]
	}
	script = s.rewrite(svc, script)
	m := scriptStart.FindStringSubmatch(script)
	if m == nil {
		t.Fatalf("%s: command %q does not end by starting a server this test knows", svc, sc.Command)
	}
	cmd := exec.Command("bash", "-c", script)
	cmd.Env = s.env(svc, sc)
	if m[1] == "zookeeper-server-start" {
		// The container has its own 8080; here the AdminServer stays off.
		cmd.Env = append(cmd.Env, "KAFKA_JVM_PERFORMANCE_OPTS=-Dzookeeper.admin.enableServer=false")
	}
	srv := &server{name: svc, cmd: cmd, out: &harness.SyncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = srv.out, srv.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { srv.err = cmd.Wait(); close(srv.done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-srv.done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-srv.done
		}
	})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s log (end):\n%s", svc, tail(srv.out.String(), 60))
		}
	})
	s.servers[svc] = srv
	return srv
}

// runOnce runs a one-shot service's bash command to completion.
func (s *stack) runOnce(ctx context.Context, svc string) string {
	t := s.t
	sc := s.materialize(svc)
	if len(sc.Command) != 3 || sc.Command[0] != "bash" || sc.Command[1] != "-c" {
		t.Fatalf("%s: command %q, want bash -c SCRIPT", svc, sc.Command)
	}
	cmd := exec.CommandContext(ctx, "bash", "-c", s.rewrite(svc, sc.Command[2]))
	cmd.Env = s.env(svc, sc)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s failed: %v\n%s", svc, err, tail(string(out), 40))
	}
	return string(out)
}

// healthy runs a service's healthcheck until it passes, as Docker would
// before starting what depends on it.
func (s *stack) healthy(ctx context.Context, svc string) {
	t := s.t
	sc := s.project.Services[svc]
	hc := sc.HealthCheck
	if hc == nil || len(hc.Test) != 4 || hc.Test[0] != "CMD" || hc.Test[1] != "bash" {
		t.Fatalf("%s: healthcheck %v, want [CMD bash -c SCRIPT]", svc, hc)
	}
	script := s.rewrite(svc, hc.Test[3])
	srv := s.servers[svc]
	var last string
	for {
		cmd := exec.CommandContext(ctx, "bash", "-c", script)
		cmd.Env = s.env(svc, sc)
		out, err := cmd.CombinedOutput()
		if err == nil {
			return
		}
		last = fmt.Sprintf("%v %s", err, tail(string(out), 5))
		select {
		case <-ctx.Done():
			t.Fatalf("%s never became healthy (%s): last %s", svc, script, last)
		case <-srv.done:
			t.Fatalf("%s exited: %v", svc, srv.err)
		case <-time.After(time.Second):
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// capture is a TCP proxy in front of the broker's EXTERNAL listener that
// keeps what clients send: the test's packet capture.
type capture struct {
	mu   sync.Mutex
	sent bytes.Buffer
	l    net.Listener
}

func (s *stack) startCapture() *capture {
	t := s.t
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", s.clientPort))
	if err != nil {
		t.Fatal(err)
	}
	c := &capture{l: l}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", s.extPort))
			if err != nil {
				in.Close()
				continue
			}
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, _ = io.Copy(out, io.TeeReader(in, c))
				out.Close()
			}()
			go func() {
				defer wg.Done()
				_, _ = io.Copy(in, out)
				in.Close()
			}()
		}
	}()
	return c
}

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent.Write(p)
}

func (c *capture) bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.sent.Bytes()...)
}
