package harness

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/javaconf"
)

// JVMPerformanceOpts are the JIT and GC flags Kafka's kafka-run-class gives
// every server when KAFKA_JVM_PERFORMANCE_OPTS is unset, as in the images.
const JVMPerformanceOpts = "-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 " +
	"-XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"

// StartTimeout bounds how long a server may take to answer after its
// process starts. JVMs on a loaded 2-core machine are slow to start.
var StartTimeout = 120 * time.Second

// Server is a ZooKeeper or Kafka server process.
type Server struct {
	// Name identifies the server in logs and errors (the service name).
	Name string
	// Dir holds the server's configuration files and its log (server.log).
	Dir string
	// Addr is the host:port a client connects to ("" for a Kafka node
	// without a client listener).
	Addr string
	// StartedIn is how long the last start took, from the process starting
	// to the server answering.
	StartedIn time.Duration

	dist  *Dist
	args  []string
	env   []string
	ready func(ctx context.Context, s *Server, logFrom int64) error

	mu       sync.Mutex
	cmd      *exec.Cmd
	done     chan struct{}
	logFrom  int64
	launched time.Time
}

// LogPath is the file holding the server's stdout and stderr, across
// restarts.
func (s *Server) LogPath() string { return filepath.Join(s.Dir, "server.log") }

// Log returns everything the server has written so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.LogPath())
	return string(b)
}

// logSince returns what the server wrote from byte offset off on.
func (s *Server) logSince(off int64) string {
	b, _ := os.ReadFile(s.LogPath())
	if off > int64(len(b)) {
		return ""
	}
	return string(b[off:])
}

// Running reports whether the process is alive.
func (s *Server) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		return false
	}
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// Exited is closed when the current process has exited.
func (s *Server) Exited() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done
}

// Launch starts the process without waiting for it to answer; WaitReady
// waits. Servers that need each other to answer (a ZooKeeper ensemble, a
// KRaft quorum) are launched together, then waited for.
func (s *Server) Launch() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		select {
		case <-s.done:
		default:
			return fmt.Errorf("%s is already running", s.Name)
		}
	}
	f, err := os.OpenFile(s.LogPath(), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	st, _ := f.Stat()
	s.logFrom = st.Size()
	fmt.Fprintf(f, "----- kafkit harness: starting %s at %s -----\n", s.Name, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(s.dist.Java, s.args...)
	cmd.Dir = s.Dir
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("starting %s: %w", s.Name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		f.Close()
		close(done)
	}()
	s.cmd, s.done, s.launched = cmd, done, time.Now()
	registerLive(s)
	return nil
}

// WaitReady waits until the server launched last answers, failing early
// when the process exits, and after StartTimeout.
func (s *Server) WaitReady() error {
	s.mu.Lock()
	done, from, cmd := s.done, s.logFrom, s.cmd
	s.mu.Unlock()
	if done == nil {
		return fmt.Errorf("%s was not launched", s.Name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	for {
		err := s.ready(ctx, s, from)
		if err == nil {
			s.mu.Lock()
			s.StartedIn = time.Since(s.launched)
			s.mu.Unlock()
			return nil
		}
		select {
		case <-done:
			return fmt.Errorf("%s exited before it answered (%s); its log ends:\n%s", s.Name, cmd.ProcessState, tail(s.logSince(from), 40))
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer within %s (%v); its log ends:\n%s", s.Name, StartTimeout, err, tail(s.logSince(from), 40))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Start launches the server and waits until it answers.
func (s *Server) Start() error {
	if err := s.Launch(); err != nil {
		return err
	}
	return s.WaitReady()
}

// StartRestarting starts the server the way a compose service with
// "restart: unless-stopped" comes back: a process that exits before it
// answers is started again, until StartTimeout. A ZooKeeper-mode broker
// killed with SIGKILL needs this: it refuses to start while ZooKeeper still
// holds its old session's registration (until zookeeper.session.timeout.ms).
func (s *Server) StartRestarting() error {
	deadline := time.Now().Add(StartTimeout)
	for {
		err := s.Start()
		if err == nil || s.Running() || time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Second)
	}
}

// WaitExit waits up to d for the process to exit by itself and reports
// whether it did.
func (s *Server) WaitExit(d time.Duration) bool {
	done := s.Exited()
	if done == nil {
		return true
	}
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// Stop sends SIGTERM (Kafka shuts down in a controlled way) and waits up to
// 60 s, then kills the process.
func (s *Server) Stop() error { return s.signal(syscall.SIGTERM, 60*time.Second) }

// Kill sends SIGKILL and waits for the process to go.
func (s *Server) Kill() error { return s.signal(syscall.SIGKILL, 30*time.Second) }

func (s *Server) signal(sig syscall.Signal, grace time.Duration) error {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.mu.Unlock()
	if done == nil {
		return nil
	}
	select {
	case <-done:
		return nil
	default:
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
		return nil
	case <-time.After(grace):
	}
	_ = cmd.Process.Kill()
	<-done
	if sig == syscall.SIGKILL {
		return nil
	}
	return fmt.Errorf("%s did not stop within %s of %s; killed", s.Name, grace, sig)
}

// PID is the process id of the running process, 0 when none runs.
func (s *Server) PID() int {
	if !s.Running() {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd.Process.Pid
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// live tracks every process the harness started, so that Main can stop
// whatever a test's cleanup did not.
var (
	liveMu sync.Mutex
	live   = map[*Server]bool{}
)

func registerLive(s *Server) {
	liveMu.Lock()
	live[s] = true
	liveMu.Unlock()
}

// StopAll stops every server the harness started that is still running.
func StopAll() {
	liveMu.Lock()
	var all []*Server
	for s := range live {
		all = append(all, s)
	}
	liveMu.Unlock()
	var wg sync.WaitGroup
	for _, s := range all {
		wg.Add(1)
		go func() { defer wg.Done(); _ = s.Stop() }()
	}
	wg.Wait()
}

// ZooKeeperSpec describes a ZooKeeper server as a compose service starts it.
type ZooKeeperSpec struct {
	// Name is the service name ("zookeeper").
	Name string
	// ZooCfg is the zoo.cfg text, written to Dir/zoo.cfg.
	ZooCfg string
	// MyID, when above 0, is written to the myid file in zoo.cfg's dataDir
	// (the compose service's command does the same).
	MyID int
	// Heap is KAFKA_HEAP_OPTS; default "-Xms64m -Xmx256m".
	Heap string
	// Opts is KAFKA_OPTS, split on spaces as the start scripts do; an
	// @argfile in it is read by the JVM itself.
	Opts string
	// Log4j is the log4j configuration; default: INFO to stdout.
	Log4j string
	// Files are written to Dir before the start, name -> content.
	Files map[string]string
	// Dir is where the files go; default: a new temporary directory.
	Dir string
	// Addr is the client address to ask "srvr"; default: clientPortAddress
	// (or 127.0.0.1) and clientPort from ZooCfg.
	Addr string
	// NoWait launches without waiting (for ensembles: WaitReady each after
	// launching all).
	NoWait bool
}

// StartZooKeeper starts ZooKeeper as QuorumPeerMain with spec's zoo.cfg and
// waits until it answers "srvr" with a Mode (standalone, leader or
// follower). The test's cleanup stops it.
func StartZooKeeper(t testing.TB, d *Dist, spec ZooKeeperSpec) *Server {
	t.Helper()
	s, err := newZooKeeper(d, spec, t.TempDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop() })
	start(t, s, spec.NoWait)
	return s
}

func start(t testing.TB, s *Server, noWait bool) {
	t.Helper()
	var err error
	if noWait {
		err = s.Launch()
	} else {
		err = s.Start()
	}
	if err != nil {
		t.Fatal(err)
	}
}

func newZooKeeper(d *Dist, spec ZooKeeperSpec, tempDir func() string) (*Server, error) {
	if spec.Name == "" {
		spec.Name = "zookeeper"
	}
	dir := spec.Dir
	if dir == "" {
		dir = tempDir()
	}
	props := parseSimpleProps(spec.ZooCfg)
	if spec.MyID > 0 {
		dataDir := props["dataDir"]
		if dataDir == "" {
			return nil, fmt.Errorf("%s: zoo.cfg has no dataDir for myid", spec.Name)
		}
		if err := os.MkdirAll(dataDir, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dataDir, "myid"), []byte(fmt.Sprintf("%d\n", spec.MyID)), 0o644); err != nil {
			return nil, err
		}
	}
	if spec.Addr == "" {
		host := props["clientPortAddress"]
		if host == "" || host == "0.0.0.0" {
			host = "127.0.0.1"
		}
		spec.Addr = net.JoinHostPort(host, props["clientPort"])
	}
	files := map[string]string{"zoo.cfg": spec.ZooCfg}
	for k, v := range spec.Files {
		files[k] = v
	}
	if err := writeFiles(dir, files); err != nil {
		return nil, err
	}
	heap := spec.Heap
	if heap == "" {
		heap = "-Xms64m -Xmx256m"
	}
	args := jvmArgs(d, dir, heap, spec.Log4j, spec.Opts)
	args = append(args, "org.apache.zookeeper.server.quorum.QuorumPeerMain", filepath.Join(dir, "zoo.cfg"))
	return &Server{Name: spec.Name, Dir: dir, Addr: spec.Addr, dist: d, args: args, ready: zkReady}, nil
}

// jvmArgs builds the java arguments as kafka-run-class does:
// heap, performance flags, log4j options, classpath, then KAFKA_OPTS.
func jvmArgs(d *Dist, dir, heap, log4j, opts string) []string {
	args := strings.Fields(heap)
	args = append(args, strings.Fields(JVMPerformanceOpts)...)
	args = append(args, serverLogArgs(d, dir, log4j)...)
	args = append(args, "-cp", d.Classpath())
	args = append(args, strings.Fields(opts)...)
	return args
}

// serverLogArgs writes the server's logging configuration (given, or INFO
// to stdout) into dir and returns the JVM flag that points at it.
func serverLogArgs(d *Dist, dir, log4j string) []string {
	if d.Major() == "3" {
		if log4j == "" {
			log4j = "log4j.rootLogger=INFO, stdout\n" +
				"log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n" +
				"log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n" +
				"log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
		}
		p := filepath.Join(dir, "log4j.properties")
		_ = os.WriteFile(p, []byte(log4j), 0o644)
		return []string{"-Dlog4j.configuration=file:" + p}
	}
	if log4j == "" {
		log4j = log4j2Config("INFO", "SYSTEM_OUT")
	}
	p := filepath.Join(dir, "log4j2.properties")
	_ = os.WriteFile(p, []byte(log4j), 0o644)
	return []string{"-Dlog4j2.configurationFile=" + p}
}

func writeFiles(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// zkReady asks the server "srvr" and wants a Mode line.
func zkReady(ctx context.Context, s *Server, _ int64) error {
	mode, err := ZooKeeperMode(ctx, s.Addr)
	if err != nil {
		return err
	}
	if mode == "" {
		return errors.New("no Mode in srvr's answer")
	}
	return nil
}

// ZooKeeperMode sends the srvr four-letter word to addr and returns the
// Mode it reports (standalone, leader, follower, observer).
func ZooKeeperMode(ctx context.Context, addr string) (string, error) {
	out, err := FourLetterWord(ctx, addr, "srvr")
	if err != nil {
		return "", err
	}
	for _, l := range strings.Split(out, "\n") {
		if m, ok := strings.CutPrefix(l, "Mode: "); ok {
			return strings.TrimSpace(m), nil
		}
	}
	return "", fmt.Errorf("srvr from %s: no Mode in %q", addr, out)
}

// FourLetterWord sends a ZooKeeper four-letter word and returns the answer.
func FourLetterWord(ctx context.Context, addr, word string) (string, error) {
	var dl net.Dialer
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	c, err := dl.DialContext(dctx, "tcp", addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := c.Write([]byte(word)); err != nil {
		return "", err
	}
	var b strings.Builder
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		b.WriteString(line)
		if err != nil {
			break
		}
	}
	return b.String(), nil
}

// KafkaSpec describes a Kafka server (broker, controller or both) as a
// compose service starts it.
type KafkaSpec struct {
	// Name is the service name ("kafka").
	Name string
	// Properties is the server.properties text, written to
	// Dir/server.properties.
	Properties string
	// Heap is KAFKA_HEAP_OPTS; default "-Xms128m -Xmx512m".
	Heap string
	// Opts is KAFKA_OPTS (JAAS files, system properties, @argfiles).
	Opts string
	// Log4j is the logging configuration; default: INFO to stdout.
	Log4j string
	// Files are written to Dir before the start, name -> content.
	Files map[string]string
	// Dir is where the files go; default: a new temporary directory.
	Dir string
	// Addr is the address clients bootstrap from; the harness dials it once
	// the server says it started. Default: the first listener of
	// advertised.listeners (or listeners) that is not a controller listener.
	Addr string
	// ClusterID, when set, formats the storage (KRaft) with kafka-storage
	// format -t ClusterID before the first start; FormatArgs are added to
	// that command (--add-scram, --release-version, ...).
	ClusterID  string
	FormatArgs []string
	// NoWait launches without waiting (KRaft quorums: WaitReady each after
	// launching all).
	NoWait bool
}

// StartKafka starts kafka.Kafka with spec's server.properties and waits
// until it logs that it started and its client address accepts connections.
// The test's cleanup stops it.
func StartKafka(t testing.TB, d *Dist, spec KafkaSpec) *Server {
	t.Helper()
	s, err := newKafka(d, spec, t.TempDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop() })
	start(t, s, spec.NoWait)
	return s
}

func newKafka(d *Dist, spec KafkaSpec, tempDir func() string) (*Server, error) {
	if spec.Name == "" {
		spec.Name = "kafka"
	}
	dir := spec.Dir
	if dir == "" {
		dir = tempDir()
	}
	props := parseSimpleProps(spec.Properties)
	if spec.Addr == "" {
		spec.Addr = clientAddr(props)
	}
	files := map[string]string{"server.properties": spec.Properties}
	for k, v := range spec.Files {
		files[k] = v
	}
	if err := writeFiles(dir, files); err != nil {
		return nil, err
	}
	heap := spec.Heap
	if heap == "" {
		heap = "-Xms128m -Xmx512m"
	}
	s := &Server{Name: spec.Name, Dir: dir, Addr: spec.Addr, dist: d, ready: kafkaReady}
	if spec.ClusterID != "" {
		args := append([]string{"format", "-t", spec.ClusterID, "-c", filepath.Join(dir, "server.properties")}, spec.FormatArgs...)
		class, err := d.ToolClass("kafka-storage")
		if err != nil {
			return nil, err
		}
		cmd := d.Command(context.Background(), class, args...)
		cmd.Env = append(os.Environ(), "KAFKA_OPTS="+spec.Opts)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("%s: kafka-storage %s: %v\n%s", spec.Name, strings.Join(args, " "), err, out)
		}
		_ = os.WriteFile(filepath.Join(dir, "storage-format.log"), out, 0o644)
	}
	s.args = append(jvmArgs(d, dir, heap, spec.Log4j, spec.Opts), "kafka.Kafka", filepath.Join(dir, "server.properties"))
	return s, nil
}

// kafkaStarted matches the line a Kafka server logs once it serves: the
// ZooKeeper-mode KafkaServer's and the KRaft KafkaRaftServer's.
var kafkaStarted = regexp.MustCompile(`\] started \(kafka\.server\.KafkaServer\)|Kafka Server started \(kafka\.server\.KafkaRaftServer\)`)

func kafkaReady(ctx context.Context, s *Server, from int64) error {
	if !kafkaStarted.MatchString(s.logSince(from)) {
		return errors.New("not started yet")
	}
	if s.Addr == "" {
		return nil
	}
	var dl net.Dialer
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	c, err := dl.DialContext(dctx, "tcp", s.Addr)
	if err != nil {
		return err
	}
	return c.Close()
}

// clientAddr picks the address a client bootstraps from: the first
// advertised (else bound) listener that is not a controller listener, with
// 0.0.0.0 or an empty host read as 127.0.0.1.
func clientAddr(props map[string]string) string {
	ctrl := map[string]bool{}
	for _, n := range strings.Split(props["controller.listener.names"], ",") {
		ctrl[strings.ToUpper(strings.TrimSpace(n))] = true
	}
	list := props["advertised.listeners"]
	if list == "" {
		list = props["listeners"]
	}
	for _, l := range catalog.ReadListeners(list) {
		if ctrl[l.Name] || l.Dynamic {
			continue
		}
		host := l.Host
		if host == "" || host == "0.0.0.0" {
			host = "127.0.0.1"
		}
		return net.JoinHostPort(host, strconv.Itoa(l.Port))
	}
	return ""
}

// parseSimpleProps reads server.properties text as Kafka does (javaconf),
// values trimmed as Kafka trims them; text Java refuses keeps what comes
// before the bad entry.
func parseSimpleProps(text string) map[string]string {
	props, _ := javaconf.ReadServerProperties([]byte(text))
	m := props.Map()
	for k, v := range m {
		m[k] = strings.TrimSpace(v)
	}
	return m
}

// FreePort returns a TCP port on host that was free a moment ago.
func FreePort(t testing.TB, host string) int {
	t.Helper()
	p, err := freePort(host)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
