package stackrun

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/compose"
	"github.com/kafkit/kafkit/internal/harness"
)

const seedLine = "chave: faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor"

func repoFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seedFlow runs the seed's producer and then its consumer against the
// stack's host listener: the consumer must print the seed's line.
func seedFlow(t *testing.T, bootstrap string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	env := append(os.Environ(), "BOOTSTRAP_SERVERS="+bootstrap)
	prod := exec.CommandContext(ctx, filepath.Join(bin, "produtor"))
	prod.Env = env
	if out, err := prod.CombinedOutput(); err != nil {
		t.Fatalf("examples/produtor: %v\n%s", err, out)
	}
	cons := exec.CommandContext(ctx, filepath.Join(bin, "consumidor"))
	cons.Env = env
	out, err := cons.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cons.Stderr = &stderr
	if err := cons.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cons.Process.Signal(os.Interrupt)
		_ = cons.Wait()
	}()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if sc.Text() == seedLine {
			return
		}
		t.Logf("consumidor printed %q", sc.Text())
	}
	t.Fatalf("examples/consumidor ended without printing the seed's line; stderr:\n%s", stderr.String())
}

// doctorFlow runs kafkit doctor, as the README's tour does, against the
// stack's host listener: every check must pass, the round trip included.
func doctorFlow(t *testing.T, bootstrap string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, filepath.Join(bin, "kafkit"), "doctor", "-b", bootstrap).CombinedOutput()
	if err != nil {
		t.Fatalf("kafkit doctor -b %s: %v\n%s", bootstrap, err, out)
	}
	if !strings.Contains(string(out), "OK       round-trip ") || strings.Contains(string(out), "WARNING") {
		t.Errorf("kafkit doctor -b %s: a check did not pass:\n%s", bootstrap, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Logf("kafkit doctor -b %s: %s", bootstrap, lines[len(lines)-1])
}

// checkListeners asks every listener a broker advertises for its
// ApiVersions (as the healthcheck tool does) and the broker list.
func checkListeners(t *testing.T, st *Stack, s *Service, brokers int) {
	t.Helper()
	adv, _ := s.Config.Get("advertised.listeners")
	for _, l := range strings.Split(adv, ",") {
		name, hp, _ := strings.Cut(strings.TrimSpace(l), "://")
		addr, err := st.RewriteAddrs(s, hp)
		if err != nil {
			t.Fatal(err)
		}
		// Every broker of the stack registers before the listener is
		// asked: a broker that has just started may not yet list the
		// others, or itself.
		if err := harness.WaitRegistered(addr, brokers); err != nil {
			t.Errorf("%s listener %s (%s): %v", s.Name, name, addr, err)
			continue
		}
		cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		md, err := kadm.NewClient(cl).BrokerMetadata(ctx)
		cancel()
		cl.Close()
		if err != nil {
			t.Errorf("%s listener %s (%s): %v", s.Name, name, addr, err)
			continue
		}
		if len(md.Brokers) != brokers {
			t.Errorf("%s listener %s: %d brokers registered, want %d", s.Name, name, len(md.Brokers), brokers)
		}
	}
}

// checkLoggedConfig compares the broker's "KafkaConfig values:" block
// with every active line of the file it was started with, and returns how
// many agreed out of how many active lines.
func checkLoggedConfig(t *testing.T, s *Service) (equal, active int) {
	t.Helper()
	logged := LoggedConfig(s.Server.Log())
	if logged == nil {
		var blocks []string
		for _, l := range strings.Split(s.Server.Log(), "\n") {
			if strings.Contains(l, "values:") {
				blocks = append(blocks, l)
			}
		}
		t.Fatalf("%s logged no KafkaConfig values block (value blocks it logged: %q)", s.Name, blocks)
	}
	changed := map[string]string{}
	for _, c := range s.Changes {
		changed[c.Key] = c.To
	}
	var missing []string
	for _, e := range s.Config.Entries {
		v := e.Value
		if to, ok := changed[e.Key]; ok {
			v = to
		}
		active++
		got, ok := logged[e.Key]
		if !ok {
			missing = append(missing, e.Key)
			continue
		}
		if !SameValue(got, v) {
			t.Errorf("%s: the file sets %s=%s, the broker logged %s", s.Name, e.Key, v, got)
			continue
		}
		equal++
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("%s: %d active lines are not in the broker's KafkaConfig values: %s", s.Name, len(missing), strings.Join(missing, ", "))
	}
	return equal, active
}

// notice is a WARN or ERROR line a healthy server may log: the line holds
// text, and, when cause is set, the exception line that follows it holds
// one of the causes.
type notice struct {
	text   string
	causes []string
}

func (n notice) matches(problem string) bool {
	line, exc, _ := strings.Cut(problem, "\n")
	if !strings.Contains(line, n.text) {
		return false
	}
	if len(n.causes) == 0 {
		return true
	}
	for _, c := range n.causes {
		if strings.Contains(exc, c) {
			return true
		}
	}
	return false
}

// kafkaNotices are start-up messages of a healthy broker or controller
// that are about timing, not configuration.
var kafkaNotices = []notice{
	// The controller (in the same process) connects to the broker's
	// listener a moment before it accepts.
	{text: "could not be established. Node may not be available"},
	{text: "was unsuccessful (kafka.controller.RequestSendThread)"},
	// A new KRaft cluster's first controller writes the bootstrap
	// metadata, and says so at WARN level; while a three-controller quorum
	// forms, a controller may lose a just-won leadership to a new election.
	{text: "Performing controller activation."},
	{text: "Renouncing the leadership due to a metadata log event."},
	// Each controller registers with the active one as soon as it starts.
	// When that request meets a controller that has just lost the
	// leadership, or one that has not yet applied the bootstrap metadata
	// version, ControllerApis logs the failed request at ERROR, and the
	// registering controller sends it again after a back-off
	// (ControllerRegistrationManager). Seen on a loaded machine with the
	// three-controller example.
	{text: "Unexpected error handling request RequestHeader(apiKey=CONTROLLER_REGISTRATION", causes: []string{
		"NotControllerException",
		"The current MetadataVersion is too old to support controller registrations",
	}},
}

// zooKeeperNotices are WARN lines every ZooKeeper 3.8 server logs however
// it is configured, and one start-up bug.
var zooKeeperNotices = []notice{
	// The mode it runs in, the AdminServer's Jetty set-up, maxCnxns, which
	// it warns about whenever zoo.cfg leaves it unset (the stack keeps the
	// default, unlimited, as a comment).
	{text: "running in standalone mode"},
	{text: "(org.eclipse.jetty."},
	{text: "maxCnxns is not configured, using default value 0"},
	// An ensemble forming: members connect to peers that are not up yet
	// and drop the duplicate of two crossing connections (the
	// QuorumCnxManager's warnings), and followers note the new epoch's
	// first transaction id.
	{text: "(org.apache.zookeeper.server.quorum.QuorumCnxManager)"},
	{text: "(org.apache.zookeeper.server.quorum.Learner)"},
	// A ZooKeeper 3.8 bug: a four-letter word that arrives while the
	// server still loads its database is answered ("not currently serving
	// requests"), and closing that connection then fails on the database
	// that is not there yet. The harness's readiness probe and the stack's
	// healthcheck both ask srvr during start-up, as Docker's healthcheck
	// would. Reproduced outside the tests: srvr probes in a loop against a
	// starting standalone server.
	{text: "ERROR Error closing a command socket", causes: []string{`"this.zkDb" is null`}},
}

// checkLogClean fails on any WARN or ERROR a server logged that is not a
// known start-up race or notice, and on unknown-config messages.
func checkLogClean(t *testing.T, s *Service) {
	t.Helper()
	log := s.Server.Log()
	allowed := kafkaNotices
	if s.Kind == "zookeeper" {
		allowed = zooKeeperNotices
	}
	if strings.Contains(log, "isn't a known config") {
		for _, l := range strings.Split(log, "\n") {
			if strings.Contains(l, "isn't a known config") {
				t.Errorf("%s: %s", s.Name, l)
			}
		}
	}
next:
	for _, p := range Problems(log) {
		for _, n := range allowed {
			if n.matches(p) {
				continue next
			}
		}
		t.Errorf("%s logged: %s", s.Name, p)
	}
}

func TestDefaultStack(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	st := Load(t, d, repoFile(t, "docker-compose.yml"))
	st.Start(t)
	zk, kafka := st.Services["zookeeper"], st.Services["kafka"]
	t.Logf("started: ZooKeeper in %s, the broker in %s", zk.Server.StartedIn.Round(time.Millisecond), kafka.Server.StartedIn.Round(time.Millisecond))
	mode, err := harness.ZooKeeperMode(context.Background(), zk.Server.Addr)
	if err != nil || mode != "standalone" {
		t.Fatalf("ZooKeeper mode %q (%v), want standalone", mode, err)
	}
	ctx := context.Background()
	for _, s := range []*Service{zk, kafka} {
		if err := st.Healthcheck(ctx, t, s); err != nil {
			t.Error(err)
		}
	}
	checkListeners(t, st, kafka, 1)
	seedFlow(t, st.HostBootstrap(t))
	doctorFlow(t, st.HostBootstrap(t))
	eq, n := checkLoggedConfig(t, kafka)
	t.Logf("broker confirmed %d of %d active lines in its KafkaConfig values", eq, n)
	for _, c := range append(append([]Change{}, zk.Changes...), kafka.Changes...) {
		t.Logf("changed to run here: %s %s: %s -> %s", c.File, c.Key, c.From, c.To)
	}
	checkLogClean(t, zk)
	checkLogClean(t, kafka)
}

type commented struct{ key, reason string }

// commentedBrokerParams lists the broker parameters an --explicit
// server.properties leaves commented, each with the reason the file gives:
// a "Note: left commented: ..." or "no default" (a parameter without a
// documented default shows an example, which would change behaviour). A
// commented parameter with neither is an error: --explicit must make every
// documented default active or say why not.
func commentedBrokerParams(t *testing.T, content string) []commented {
	t.Helper()
	var out []commented
	var block []string
	for _, l := range strings.Split(content, "\n") {
		trim := strings.TrimSpace(l)
		if !strings.HasPrefix(trim, "#") {
			block = nil
			continue
		}
		body := strings.TrimSpace(strings.TrimPrefix(trim, "#"))
		k, _, isLine := strings.Cut(body, "=")
		if _, known := catalog.Lookup(catalog.Broker, k); isLine && known && !strings.Contains(k, " ") {
			text := strings.Join(block, " ")
			reason := ""
			if i := strings.Index(text, "left commented: "); i >= 0 {
				reason = strings.TrimSpace(text[i+len("left commented: "):])
				if j := strings.Index(reason, ". "); j >= 0 {
					reason = reason[:j]
				}
				reason = strings.TrimSuffix(reason, ".")
			} else if strings.Contains(text, "no default") {
				reason = "no documented default; the example value would change behaviour"
			} else {
				t.Errorf("--explicit leaves %s commented without a reason in the file: %s", k, text)
			}
			out = append(out, commented{k, reason})
			block = nil
			continue
		}
		block = append(block, body)
	}
	return out
}

func TestExplicitStack(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	yml, err := compose.Generate(compose.StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Style: compose.StyleExplicit})
	if err != nil {
		t.Fatal(err)
	}
	st := Load(t, d, yml)
	st.Start(t)
	kafka := st.Services["kafka"]
	seedFlow(t, st.HostBootstrap(t))
	eq, n := checkLoggedConfig(t, kafka)
	t.Logf("broker confirmed %d of %d active lines in its KafkaConfig values", eq, n)
	for _, s := range st.Of("zookeeper") {
		if err := st.Healthcheck(context.Background(), t, s); err != nil {
			t.Error(err)
		}
		checkLogClean(t, s)
	}
	if err := st.Healthcheck(context.Background(), t, kafka); err != nil {
		t.Error(err)
	}
	checkLogClean(t, kafka)
	notActive := commentedBrokerParams(t, kafka.Config.Content)
	for _, c := range notActive {
		t.Logf("not active in --explicit: %s (%s)", c.key, c.reason)
	}
	t.Logf("--explicit: %d broker parameters active, %d left commented", n, len(notActive))
}
