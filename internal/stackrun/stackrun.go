// Package stackrun runs the services of a kafkit compose stack as real
// Apache Kafka and ZooKeeper servers on this machine, without Docker, to
// prove the stack's files: each server gets exactly the files its service
// would receive, with only what cannot be the same outside a container
// changed, and every change recorded:
//
//   - each service gets a loopback address of its own (127.A.B.N, one block
//     per run), so the ports stay as the file writes them;
//   - a service's host name, and the 0.0.0.0 it binds, become its address;
//     localhost:PORT, which a service advertises to the host through a
//     published port, becomes the address and container port behind it;
//   - container paths (volumes, mounted configs) become directories of the
//     test.
//
// Servers start as the images start them: ZooKeeper as QuorumPeerMain with
// zoo.cfg, Kafka as kafka.Kafka with server.properties, with the service's
// KAFKA_HEAP_OPTS, KAFKA_OPTS (argument files included) and log4j
// configuration (internal/harness).
package stackrun

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/internal/harness"
	"github.com/kafkit/kafkit/stackmodel"
)

// Change is one line of a server's file that was changed to run here.
type Change struct {
	File, Key, From, To string
}

// Service is one ZooKeeper or Kafka service of the stack.
type Service struct {
	Name string
	// Kind is "zookeeper" or "kafka".
	Kind string
	// IP is the loopback address standing for the service's container.
	IP string
	// Config is the effective configuration, as `kafkit compose config`
	// shows it.
	Config *stackmodel.ServiceConfig
	// File is the server's configuration as it was started here.
	File string
	// Changes are the lines changed from the service's own file.
	Changes []Change
	// Server is the running process.
	Server *harness.Server
	// Dir holds the service's local files: mounted configs and volumes.
	Dir string

	svc types.ServiceConfig
}

// Stack is a compose project whose Kafka and ZooKeeper services run here.
type Stack struct {
	Project  *types.Project
	Dist     *harness.Dist
	Services map[string]*Service
	// Order is the services in start order: ZooKeeper first, then Kafka
	// controllers, then brokers, each by name.
	Order []string

	ipOf map[string]string // service name -> loopback address
}

// Load reads a compose file's content and prepares every Kafka and
// ZooKeeper service to run on Kafka version d, without starting anything.
func Load(t testing.TB, d *harness.Dist, composeYAML []byte) *Stack {
	t.Helper()
	p, err := stackmodel.LoadComposeBytes(context.Background(), filepath.Join(t.TempDir(), "docker-compose.yml"), composeYAML, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	s := &Stack{Project: p, Dist: d, Services: map[string]*Service{}, ipOf: map[string]string{}}
	names := make([]string, 0, len(p.Services))
	for n := range p.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	block := randomBlock(t)
	for i, n := range names {
		s.ipOf[n] = fmt.Sprintf("%s.%d", block, i+1)
	}
	for _, n := range names {
		c, err := stackmodel.EffectiveConfig(p, n)
		if err != nil {
			t.Fatalf("service %s: %v", n, err)
		}
		svc := &Service{Name: n, Kind: c.Server, IP: s.ipOf[n], Config: c, svc: p.Services[n], Dir: t.TempDir()}
		s.Services[n] = svc
	}
	s.Order = startOrder(s.Services)
	return s
}

func randomBlock(t testing.TB) string {
	var b [2]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	// 127.0.x.y is left to everything else on the machine.
	return fmt.Sprintf("127.%d.%d", 1+int(b[0])%254, 1+int(b[1])%254)
}

func startOrder(all map[string]*Service) []string {
	rank := func(s *Service) int {
		switch {
		case s.Kind == "zookeeper":
			return 0
		case s.roles() == "controller":
			return 1
		default:
			return 2
		}
	}
	var out []string
	for n := range all {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := all[out[i]], all[out[j]]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		return a.Name < b.Name
	})
	return out
}

func (s *Service) roles() string {
	v, _ := s.Config.Get("process.roles")
	return strings.TrimSpace(v)
}

// Of returns the services of a kind ("zookeeper" or "kafka"), in start
// order.
func (st *Stack) Of(kind string) []*Service {
	var out []*Service
	for _, n := range st.Order {
		if st.Services[n].Kind == kind {
			out = append(out, st.Services[n])
		}
	}
	return out
}

// Brokers returns the Kafka services that serve clients (not dedicated
// controllers).
func (st *Stack) Brokers() []*Service {
	var out []*Service
	for _, s := range st.Of("kafka") {
		if s.roles() != "controller" {
			out = append(out, s)
		}
	}
	return out
}

// hostRE finds host:port pairs in a value: after the start, "=", ",",
// "//", "@" or a space.
var hostRE = regexp.MustCompile(`(^|[=,/@\s;])([A-Za-z0-9][A-Za-z0-9._-]*|0\.0\.0\.0|\[::\])?:(\d+)`)

// RewriteAddrs rewrites the host:port pairs in v as seen from service
// from: service names to their addresses, 0.0.0.0 and an empty host to
// from's own, and localhost:PORT (the host side of a published port) to
// the address and container port of the service publishing it (from's own
// first).
func (st *Stack) RewriteAddrs(from *Service, v string) (string, error) {
	var firstErr error
	out := hostRE.ReplaceAllStringFunc(v, func(m string) string {
		sub := hostRE.FindStringSubmatch(m)
		lead, host, port := sub[1], sub[2], sub[3]
		switch {
		case host == "" || host == "0.0.0.0" || host == "[::]":
			if from == nil {
				return m
			}
			return lead + from.IP + ":" + port
		case host == "localhost" || host == "127.0.0.1":
			addr, err := st.published(from, port)
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return m
			}
			return lead + addr
		}
		if ip, ok := st.ipOf[host]; ok {
			return lead + ip + ":" + port
		}
		return m
	})
	return out, firstErr
}

// published finds the container behind host port port: from's own
// published ports first, then every service's.
func (st *Stack) published(from *Service, port string) (string, error) {
	try := func(s *Service) (string, bool) {
		for _, p := range s.svc.Ports {
			if p.Published == port {
				return net.JoinHostPort(s.IP, strconv.Itoa(int(p.Target))), true
			}
		}
		return "", false
	}
	if from != nil {
		if a, ok := try(from); ok {
			return a, nil
		}
	}
	for _, n := range st.Order {
		if a, ok := try(st.Services[n]); ok {
			return a, nil
		}
	}
	return "", fmt.Errorf("localhost:%s is used but no service publishes port %s", port, port)
}

// HostBootstrap is the bootstrap list a client on the host uses (the
// brokers' advertised localhost listeners), rewritten to run here.
func (st *Stack) HostBootstrap(t testing.TB) string {
	t.Helper()
	var addrs []string
	for _, b := range st.Brokers() {
		adv, _ := b.Config.Get("advertised.listeners")
		for _, l := range catalog.ReadListeners(adv) {
			if l.Host == "localhost" && !l.Dynamic {
				a, err := st.RewriteAddrs(b, net.JoinHostPort(l.Host, strconv.Itoa(l.Port)))
				if err != nil {
					t.Fatal(err)
				}
				addrs = append(addrs, a)
			}
		}
	}
	if len(addrs) == 0 {
		t.Fatal("no broker advertises a localhost listener")
	}
	return strings.Join(addrs, ",")
}

// localPath maps a container path of service s to the test's directory:
// mounted volumes and configs live under s.Dir.
func (s *Service) localPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	var roots []string
	for _, v := range s.svc.Volumes {
		roots = append(roots, v.Target)
	}
	for _, c := range s.svc.Configs {
		roots = append(roots, path.Dir(c.Target))
	}
	for _, r := range roots {
		if p == r || strings.HasPrefix(p, r+"/") {
			return filepath.Join(s.Dir, filepath.FromSlash(p)), true
		}
	}
	return "", false
}

// rewriteFile rewrites a properties-style file (server.properties, zoo.cfg,
// JVM argument file) for service s, line by line: active lines only,
// comments untouched.
func (st *Stack) rewriteFile(s *Service, name, content string) (string, error) {
	var b strings.Builder
	for _, l := range strings.SplitAfter(content, "\n") {
		body := strings.TrimRight(l, "\n")
		trim := strings.TrimSpace(body)
		if trim == "" || strings.HasPrefix(trim, "#") || strings.HasPrefix(trim, "!") {
			b.WriteString(l)
			continue
		}
		key, val, ok := strings.Cut(body, "=")
		if !ok {
			b.WriteString(l)
			continue
		}
		nv, err := st.RewriteAddrs(s, val)
		if err != nil {
			return "", fmt.Errorf("%s: %s: %w", name, key, err)
		}
		// Paths: every comma-separated element that is a container path
		// under a mount.
		parts := strings.Split(nv, ",")
		for i, p := range parts {
			if lp, ok := s.localPath(strings.TrimSpace(p)); ok {
				parts[i] = lp
			}
		}
		nv = strings.Join(parts, ",")
		if nv != val {
			s.Changes = append(s.Changes, Change{File: name, Key: strings.TrimSpace(key), From: strings.TrimSpace(val), To: strings.TrimSpace(nv)})
		}
		b.WriteString(key + "=" + nv)
		if strings.HasSuffix(l, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String(), nil
}

var (
	myidRE      = regexp.MustCompile(`echo (\d+) > (\S+)/myid`)
	clusterIDRE = regexp.MustCompile(`kafka-storage(?:\.sh)? format .*--cluster-id (\S+)`)
)

// prepare writes the service's mounted configs (rewritten) under s.Dir and
// returns the harness spec that starts it.
func (st *Stack) prepare(t testing.TB, s *Service) any {
	t.Helper()
	// Every config the service mounts, at its container path under Dir.
	files := map[string]string{}
	for _, c := range s.svc.Configs {
		obj, ok := st.Project.Configs[c.Source]
		if !ok {
			t.Fatalf("%s mounts config %s, which the file does not define", s.Name, c.Source)
		}
		content := obj.Content
		if obj.File != "" {
			b, err := os.ReadFile(obj.File)
			if err != nil {
				t.Fatal(err)
			}
			content = string(b)
		}
		target := c.Target
		if target == "" {
			target = "/" + c.Source
		}
		files[target] = content
	}
	for _, v := range s.svc.Volumes {
		lp, _ := s.localPath(v.Target)
		if err := os.MkdirAll(lp, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	heap := envValue(s.svc, "KAFKA_HEAP_OPTS")
	opts, err := st.RewriteAddrs(s, envValue(s.svc, "KAFKA_OPTS"))
	if err != nil {
		t.Fatal(err)
	}
	// @argfiles and -D paths in KAFKA_OPTS point into the mounts.
	var words []string
	for _, w := range strings.Fields(opts) {
		prefix := ""
		body := w
		if strings.HasPrefix(w, "@") {
			prefix, body = "@", w[1:]
		} else if k, v, ok := strings.Cut(w, "="); ok && strings.HasPrefix(w, "-D") {
			prefix, body = k+"=", v
		}
		if lp, ok := s.localPath(body); ok {
			body = lp
		}
		words = append(words, prefix+body)
	}
	opts = strings.Join(words, " ")
	log4j := ""
	if lo := envValue(s.svc, "KAFKA_LOG4J_OPTS"); lo != "" {
		if _, p, ok := strings.Cut(lo, "=file:"); ok {
			log4j = files[p]
		}
	}
	local := map[string]string{}
	for target, content := range files {
		lp, ok := s.localPath(target)
		if !ok {
			t.Fatalf("%s: config target %s is outside its mounts", s.Name, target)
		}
		rel, _ := filepath.Rel(s.Dir, lp)
		if !strings.Contains(path.Base(target), "log4j") {
			content, err = st.rewriteFile(s, path.Base(target), content)
			if err != nil {
				t.Fatalf("%s: %v", s.Name, err)
			}
		}
		local[rel] = content
	}
	cfgLocal, _ := s.localPath(s.Config.Path)
	relCfg, _ := filepath.Rel(s.Dir, cfgLocal)
	command := strings.Join(s.svc.Command, " ")
	switch s.Kind {
	case "zookeeper":
		cfg := local[relCfg]
		// The container binds every interface; here the client port and
		// the AdminServer bind the service's own address.
		cfg = setOrAdd(s, path.Base(s.Config.Path), cfg, "clientPortAddress", s.IP)
		if v, _ := s.Config.Get("admin.enableServer"); v != "false" {
			cfg = setOrAdd(s, path.Base(s.Config.Path), cfg, "admin.serverAddress", s.IP)
		}
		delete(local, relCfg)
		s.File = cfg
		myid := 0
		if m := myidRE.FindStringSubmatch(command); m != nil {
			myid, _ = strconv.Atoi(m[1])
		}
		port, _ := s.Config.Get("clientPort")
		return harness.ZooKeeperSpec{Name: s.Name, ZooCfg: cfg, MyID: myid, Heap: heap, Opts: opts, Log4j: log4j,
			Files: local, Dir: s.Dir, Addr: net.JoinHostPort(s.IP, port), NoWait: true}
	default:
		props := local[relCfg]
		delete(local, relCfg)
		s.File = props
		spec := harness.KafkaSpec{Name: s.Name, Properties: props, Heap: heap, Opts: opts, Log4j: log4j,
			Files: local, Dir: s.Dir, NoWait: true}
		if m := clusterIDRE.FindStringSubmatch(command); m != nil {
			spec.ClusterID = m[1]
			if !strings.Contains(command, "--ignore-formatted") {
				t.Fatalf("%s formats its storage without --ignore-formatted: a restart would fail (%s)", s.Name, command)
			}
		}
		if s.roles() == "controller" {
			spec.Addr = "-"
		}
		return spec
	}
}

// setOrAdd sets key in a zoo.cfg text, adding the line when absent, and
// records the change.
func setOrAdd(s *Service, file, cfg, key, value string) string {
	lines := strings.Split(cfg, "\n")
	for i, l := range lines {
		if k, v, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == key && !strings.HasPrefix(strings.TrimSpace(l), "#") {
			s.Changes = append(s.Changes, Change{File: file, Key: key, From: strings.TrimSpace(v), To: value})
			lines[i] = key + "=" + value
			return strings.Join(lines, "\n")
		}
	}
	s.Changes = append(s.Changes, Change{File: file, Key: key, From: "(unset: every interface)", To: value})
	return strings.TrimRight(cfg, "\n") + "\n" + key + "=" + value + "\n"
}

func envValue(s types.ServiceConfig, name string) string {
	if v := s.Environment[name]; v != nil {
		return *v
	}
	return ""
}

// Start starts every Kafka and ZooKeeper service: the ZooKeeper servers
// together, then the Kafka nodes together (a KRaft quorum needs its
// voters up at once), and waits until each answers.
func (st *Stack) Start(t testing.TB) {
	t.Helper()
	for _, kind := range []string{"zookeeper", "kafka"} {
		var started []*Service
		for _, s := range st.Of(kind) {
			spec := st.prepare(t, s)
			switch sp := spec.(type) {
			case harness.ZooKeeperSpec:
				s.Server = harness.StartZooKeeper(t, st.Dist, sp)
			case harness.KafkaSpec:
				if sp.Addr == "-" {
					sp.Addr = ""
				}
				s.Server = harness.StartKafka(t, st.Dist, sp)
			}
			started = append(started, s)
		}
		for _, s := range started {
			if err := s.Server.WaitReady(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// imageToolRE matches a Kafka tool by its path in the apache/kafka image.
var imageToolRE = regexp.MustCompile(`/opt/kafka/bin/(kafka-[a-z-]+)\.sh\b`)

// Healthcheck runs the service's healthcheck command as Docker would, with
// the Kafka tools it names on PATH, its addresses rewritten like its
// files, and reports its error.
func (st *Stack) Healthcheck(ctx context.Context, t testing.TB, s *Service) error {
	t.Helper()
	hc := s.svc.HealthCheck
	if hc == nil || len(hc.Test) < 2 {
		return fmt.Errorf("%s has no healthcheck", s.Name)
	}
	var argv []string
	switch hc.Test[0] {
	case "CMD":
		argv = hc.Test[1:]
	case "CMD-SHELL":
		argv = []string{"/bin/sh", "-c", strings.Join(hc.Test[1:], " ")}
	default:
		return fmt.Errorf("%s: healthcheck %v", s.Name, hc.Test)
	}
	var args []string
	for _, a := range argv {
		// Inside the container, 127.0.0.1 is the container itself; bash's
		// /dev/tcp/HOST/PORT names it with a slash.
		a = strings.ReplaceAll(a, "/dev/tcp/127.0.0.1/", "/dev/tcp/"+s.IP+"/")
		a = strings.ReplaceAll(a, "/dev/tcp/localhost/", "/dev/tcp/"+s.IP+"/")
		// apache/kafka keeps the tools as /opt/kafka/bin/NAME.sh; here they
		// are NAME on PATH.
		a = imageToolRE.ReplaceAllString(a, "$1")
		r, err := st.RewriteAddrs(s, a)
		if err != nil {
			return err
		}
		args = append(args, r)
	}
	timeout := 30 * time.Second
	if hc.Timeout != nil {
		timeout = time.Duration(*hc.Timeout) + 20*time.Second // JVM start-up on a loaded machine
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "PATH="+st.Dist.BinDir(t)+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: healthcheck %q: %v\n%s", s.Name, strings.Join(args, " "), err, out)
	}
	return nil
}
