package reliability

import (
	"syscall"
	"testing"

	"github.com/kafkit/kafkit/internal/harness"
)

// target is the broker a reliability test stops and restarts: a `kafkit
// dev --data-dir` process (kfake) or a ZooKeeper-mode Apache Kafka broker
// of its own.
type target struct {
	name string
	addr string
	real bool
	// restart stops the broker with sig (SIGTERM: a controlled shutdown,
	// SIGKILL: a crash) and starts it again on the same address and data;
	// it fails the test if the broker does not come back.
	restart func(t *testing.T, sig syscall.Signal)
}

// targetSpec configures both brokers the same way: devArgs for kafkit dev
// (-c name=value), props for Apache Kafka's server.properties.
type targetSpec struct {
	devArgs []string
	props   map[string]string
}

// onTargets runs body against kafkit dev and against an Apache Kafka
// cluster (one broker) started for the test, as subtests named like
// harness.Brokers's. A broker of its own, not the package's shared one:
// the tests kill it.
func onTargets(t *testing.T, spec targetSpec, body func(t *testing.T, tg *target)) {
	t.Helper()
	t.Run("kfake", func(t *testing.T) {
		d := startDev(t, "127.0.0.1:0", t.TempDir(), spec.devArgs...)
		tg := &target{name: "kfake", addr: d.addr}
		tg.restart = func(t *testing.T, sig syscall.Signal) {
			t.Helper()
			var code int
			d, code = d.restart(t, sig)
			want := 0 // SIGTERM: a clean shutdown
			if sig == syscall.SIGKILL {
				want = -1
			}
			if code != want {
				t.Fatalf("kafkit dev stopped with %v exited %d, want %d", sig, code, want)
			}
		}
		body(t, tg)
	})
	t.Run("kafka-"+harness.DefaultVersion, func(t *testing.T) {
		dist := harness.Kafka(t, harness.DefaultVersion)
		props := map[string]string{
			// A broker killed with SIGKILL can register again only once
			// ZooKeeper has dropped its session: 6 s instead of 18.
			"zookeeper.session.timeout.ms": "6000",
		}
		for k, v := range spec.props {
			props[k] = v
		}
		c := harness.StartCluster(t, dist, harness.ClusterSpec{Props: props})
		b := c.Brokers[0]
		tg := &target{name: "kafka-" + harness.DefaultVersion, addr: c.Bootstrap, real: true}
		tg.restart = func(t *testing.T, sig syscall.Signal) {
			t.Helper()
			var err error
			if sig == syscall.SIGKILL {
				if err = b.Kill(); err == nil {
					err = b.StartRestarting()
				}
			} else {
				if err = b.Stop(); err == nil {
					err = b.Start()
				}
			}
			if err != nil {
				t.Fatalf("restarting the broker after %v: %v", sig, err)
			}
			t.Logf("broker back %s after its start (%v)", b.StartedIn.Round(1e6), sig)
		}
		body(t, tg)
	})
}
