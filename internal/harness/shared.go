package harness

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Cluster is a running ZooKeeper-mode Kafka cluster.
type Cluster struct {
	Dist      *Dist
	ZooKeeper *Server
	Brokers   []*Server
	// Bootstrap is the comma-separated client addresses of the brokers.
	Bootstrap string
}

// ClusterSpec shapes StartCluster's cluster.
type ClusterSpec struct {
	// Brokers is the number of brokers; default 1.
	Brokers int
	// Props are added to every broker's server.properties (after the
	// harness's own lines, so they win).
	Props map[string]string
	// Heap is each broker's KAFKA_HEAP_OPTS; default "-Xms128m -Xmx512m".
	Heap string
}

// baseBrokerProps are the settings every harness broker gets: one replica
// for the internal topics when there is one broker, and no delay before the
// first group rebalance, as the stack's single-broker file has them.
func baseBrokerProps(id, port, brokers int, zk, logDir string) string {
	rf := 1
	if brokers >= 3 {
		rf = 3
	}
	return fmt.Sprintf(`broker.id=%d
zookeeper.connect=%s
listeners=PLAINTEXT://127.0.0.1:%d
log.dirs=%s
offsets.topic.replication.factor=%d
transaction.state.log.replication.factor=%d
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
`, id, zk, port, logDir, rf, rf)
}

// StartCluster starts a ZooKeeper and spec.Brokers brokers of version d on
// loopback, for the test alone. The test's cleanup stops them.
func StartCluster(t testing.TB, d *Dist, spec ClusterSpec) *Cluster {
	t.Helper()
	c, err := startCluster(d, spec, t.TempDir)
	for _, s := range liveOf(c) {
		t.Cleanup(func() { _ = s.Stop() })
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func liveOf(c *Cluster) []*Server {
	if c == nil {
		return nil
	}
	var out []*Server
	if c.ZooKeeper != nil {
		out = append(out, c.ZooKeeper)
	}
	return append(out, c.Brokers...)
}

func startCluster(d *Dist, spec ClusterSpec, tempDir func() string) (*Cluster, error) {
	if spec.Brokers <= 0 {
		spec.Brokers = 1
	}
	c := &Cluster{Dist: d}
	zkDir := tempDir()
	zkPort, err := freePort("127.0.0.1")
	if err != nil {
		return c, err
	}
	zk, err := newZooKeeper(d, ZooKeeperSpec{
		ZooCfg: fmt.Sprintf("clientPort=%d\nclientPortAddress=127.0.0.1\ndataDir=%s/data\ntickTime=2000\n"+
			"admin.enableServer=false\n4lw.commands.whitelist=srvr,stat,ruok,mntr\n", zkPort, zkDir),
		Dir: zkDir,
	}, tempDir)
	if err != nil {
		return c, err
	}
	c.ZooKeeper = zk
	if err := zk.Start(); err != nil {
		return c, err
	}
	var addrs []string
	for i := 1; i <= spec.Brokers; i++ {
		dir := tempDir()
		port, err := freePort("127.0.0.1")
		if err != nil {
			return c, err
		}
		props := baseBrokerProps(i, port, spec.Brokers, zk.Addr, dir+"/data")
		for k, v := range spec.Props {
			props += k + "=" + v + "\n"
		}
		b, err := newKafka(d, KafkaSpec{Name: fmt.Sprintf("kafka-%d", i), Properties: props, Dir: dir, Heap: spec.Heap}, tempDir)
		if err != nil {
			return c, err
		}
		c.Brokers = append(c.Brokers, b)
		if err := b.Launch(); err != nil {
			return c, err
		}
		addrs = append(addrs, b.Addr)
	}
	for _, b := range c.Brokers {
		if err := b.WaitReady(); err != nil {
			return c, err
		}
	}
	c.Bootstrap = strings.Join(addrs, ",")
	return c, WaitRegistered(c.Bootstrap, len(c.Brokers))
}

// WaitRegistered waits until the metadata bootstrap answers lists at
// least brokers brokers: a broker serves a moment before its metadata
// holds itself (and the others), and a test should not begin in that
// moment. A ZooKeeper-mode broker learns of itself only from the
// controller's UpdateMetadata, which a loaded machine delays.
func WaitRegistered(bootstrap string, brokers int) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...))
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	adm := kadm.NewClient(cl)
	for {
		md, err := adm.BrokerMetadata(ctx)
		if err == nil && len(md.Brokers) >= brokers {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the metadata of %s does not list its %d brokers after %s (last: %v, %v)", bootstrap, brokers, StartTimeout, md.Brokers, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Ports handed to servers come from below the kernel's ephemeral range
// (32768-60999 on Linux), which it also hands to outgoing connections: a
// port found free with ":0" could be taken by any client's connection in
// the seconds before the JVM binds it (seen: "Address already in use" while
// other suites ran). Picked at random, never twice in one test binary, and
// checked by binding.
const (
	portLow  = 20000
	portHigh = 32000
)

var (
	portMu   sync.Mutex
	portUsed = map[int]bool{}
)

func freePort(host string) (int, error) {
	portMu.Lock()
	defer portMu.Unlock()
	var lastErr error
	for i := 0; i < 200; i++ {
		p := portLow + mrand.IntN(portHigh-portLow)
		if portUsed[p] {
			continue
		}
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err != nil {
			lastErr = err
			continue
		}
		l.Close()
		portUsed[p] = true
		return p, nil
	}
	return 0, fmt.Errorf("no free port on %s between %d and %d: %v", host, portLow, portHigh, lastErr)
}

var (
	sharedMu   sync.Mutex
	shared     = map[string]*Cluster{}
	sharedErr  = map[string]error{}
	mainCalled bool
	sharedDirs []string
)

// Main runs the package's tests and then stops every server the harness
// started for them (SharedKafka's among them). Call it from TestMain.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with more to do after the tests: it returns
// the exit code instead of exiting.
func Run(m *testing.M) int {
	sharedMu.Lock()
	mainCalled = true
	sharedMu.Unlock()
	code := m.Run()
	StopAll()
	for _, d := range sharedDirs {
		os.RemoveAll(d)
	}
	return code
}

// SharedKafka returns the test binary's one ZooKeeper-mode Kafka 3.9.2
// broker (with its ZooKeeper), started on first use and stopped by Main.
// Tests sharing it use their own topic and group names (TopicName).
func SharedKafka(t testing.TB) *Cluster {
	t.Helper()
	return SharedKafkaVersion(t, DefaultVersion)
}

// SharedKafkaVersion is SharedKafka for another Kafka version.
func SharedKafkaVersion(t testing.TB, version string) *Cluster {
	t.Helper()
	d := Kafka(t, version)
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if !mainCalled {
		t.Fatal("harness.SharedKafka needs harness.Main(m) in the package's TestMain, which stops the broker")
	}
	if err := sharedErr[version]; err != nil {
		t.Fatalf("shared Kafka %s did not start: %v", version, err)
	}
	if c := shared[version]; c != nil {
		return c
	}
	tempDir := func() string {
		dir, err := os.MkdirTemp("", "kafkit-harness-")
		if err != nil {
			panic(err)
		}
		sharedDirs = append(sharedDirs, dir)
		return dir
	}
	c, err := startCluster(d, ClusterSpec{}, tempDir)
	if err != nil {
		sharedErr[version] = err
		t.Fatalf("shared Kafka %s did not start: %v", version, err)
	}
	shared[version] = c
	return c
}

var topicUnsafe = regexp.MustCompile(`[^a-zA-Z0-9._-]+`)

// TopicName returns a topic (or group) name unique to the test and this
// run, for tests that share a broker.
func TopicName(t testing.TB) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := topicUnsafe.ReplaceAllString(t.Name(), "_")
	if len(name) > 180 {
		name = name[len(name)-180:]
	}
	return name + "-" + hex.EncodeToString(b[:])
}

// Admin returns a kadm client for addr, closed by the test's cleanup.
func Admin(t testing.TB, addr string) *kadm.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(addr, ",")...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return kadm.NewClient(cl)
}

// CreateTopic creates a topic on addr with partitions and replication
// factor 1 unless rf says otherwise, and waits until its leaders are known.
func CreateTopic(t testing.TB, addr, topic string, partitions int32, rf int16, configs map[string]*string) {
	t.Helper()
	adm := Admin(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if rf <= 0 {
		rf = 1
	}
	resp, err := adm.CreateTopic(ctx, partitions, rf, configs, topic)
	if err != nil {
		t.Fatalf("creating topic %s: %v", topic, err)
	}
	if resp.Err != nil {
		t.Fatalf("creating topic %s: %v", topic, resp.Err)
	}
	for ctx.Err() == nil {
		md, err := adm.Metadata(ctx, topic)
		if err == nil {
			if td, ok := md.Topics[topic]; ok && td.Err == nil && len(td.Partitions) == int(partitions) {
				ready := true
				for _, p := range td.Partitions {
					if p.Leader < 0 || p.Err != nil {
						ready = false
					}
				}
				if ready {
					return
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("topic %s has no leaders after 60 s", topic)
}
