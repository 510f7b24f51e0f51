package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// realHeap keeps the brokers these tests start small: they hold a topic or
// two and are stopped at once.
const realHeap = "-Xms64m -Xmx256m"

// realZK is one real ZooKeeper 3.8 for a whole table of real-Kafka cases;
// each case starts its brokers under a ZooKeeper chroot of its own, so the
// cases do not see each other's registrations.
type realZK struct {
	dist *harness.Dist
	zk   *harness.Server
}

// startRealZK starts ZooKeeper for the test (skipped, or failed under
// CI=true, when Java or the Kafka jars are missing).
func startRealZK(t *testing.T) *realZK {
	t.Helper()
	d := harness.Kafka(t, harness.DefaultVersion)
	dir := t.TempDir()
	port := harness.FreePort(t, "127.0.0.1")
	zk := harness.StartZooKeeper(t, d, harness.ZooKeeperSpec{
		ZooCfg: fmt.Sprintf("clientPort=%d\nclientPortAddress=127.0.0.1\ndataDir=%s/data\ntickTime=2000\n"+
			"admin.enableServer=false\n4lw.commands.whitelist=srvr\n", port, dir),
		Dir: dir,
	})
	return &realZK{dist: d, zk: zk}
}

// connect is the zookeeper.connect value for chroot (a path without the
// leading slash).
func (z *realZK) connect(chroot string) string { return z.zk.Addr + "/" + chroot }

// realBrokerProps is a ZooKeeper-mode broker on a free loopback port with
// one replica for the internal topics; extra lines come after, so they win.
func realBrokerProps(t *testing.T, connect string, extra string) (props string, addr string) {
	t.Helper()
	port := harness.FreePort(t, "127.0.0.1")
	addr = fmt.Sprintf("127.0.0.1:%d", port)
	props = fmt.Sprintf(`zookeeper.connect=%s
listeners=PLAINTEXT://%s
log.dirs=%s
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
`, connect, addr, t.TempDir())
	return props + extra, addr
}

// startRealBroker launches a broker and waits for it to serve or to exit.
// err is nil when it serves; otherwise err says it exited (with the end
// of its log) or did not answer in time. The test's cleanup stops it.
func startRealBroker(t *testing.T, d *harness.Dist, name, props, addr string) (*harness.Server, error) {
	t.Helper()
	s := harness.StartKafka(t, d, harness.KafkaSpec{Name: name, Properties: props, Heap: realHeap, Addr: addr, NoWait: true})
	return s, s.WaitReady()
}

// realAdmin is a kadm client for addr with short timeouts.
func realAdmin(t *testing.T, addr string) *kadm.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RequestRetries(2), kgo.RetryTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return kadm.NewClient(cl)
}

// realCreateTopic creates a topic and returns Kafka's answer for it: nil
// or the broker's error with its message.
func realCreateTopic(t *testing.T, addr, topic string, partitions int32, rf int16, configs map[string]*string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := realAdmin(t, addr).CreateTopic(ctx, partitions, rf, configs, topic)
	if err != nil {
		return err
	}
	if resp.Err != nil {
		return fmt.Errorf("%w: %s", resp.Err, resp.ErrMessage)
	}
	return nil
}

// logHas reports whether every word appears in the log.
func logHas(log string, words ...string) bool {
	for _, w := range words {
		if !strings.Contains(log, w) {
			return false
		}
	}
	return true
}

// lastLines returns the last n lines of a log, for failure messages.
func lastLines(log string, n int) string {
	l := strings.Split(strings.TrimRight(log, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}
