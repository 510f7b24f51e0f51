// Package bench holds `make bench`'s helpers. TestBroker is not a test: it
// is the real Apache Kafka broker that bench/kafka.sh measures against,
// started through the test harness (internal/harness) so that the bench and
// the test suites run the same broker the same way.
package bench

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestBroker starts one ZooKeeper and one Kafka broker, writes what the
// script needs (toolEnv) to the file named by $KAFKIT_BENCH_BROKER and keeps them
// running until the process gets SIGTERM or SIGINT, or its parent (the bench
// script) goes away; then the harness stops both. Without
// $KAFKIT_BENCH_BROKER it skips: it only runs for the bench.
//
// $KAFKIT_BENCH_HEAP is the broker's heap (default -Xms1g -Xmx1g, what
// kafka-server-start gives a broker when KAFKA_HEAP_OPTS is unset).
func TestBroker(t *testing.T) {
	out := os.Getenv("KAFKIT_BENCH_BROKER")
	if out == "" {
		t.Skip("only for bench/kafka.sh (set KAFKIT_BENCH_BROKER to a file for the bootstrap address)")
	}
	heap := os.Getenv("KAFKIT_BENCH_HEAP")
	if heap == "" {
		heap = "-Xms1g -Xmx1g"
	}
	// The handler stays installed until the process exits: Ctrl-C reaches
	// both the script and this process, and the script's SIGTERM follows,
	// which must not kill the process while its cleanup stops the servers.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	parent := os.Getppid()

	d := harness.Kafka(t, harness.DefaultVersion)
	c := harness.StartCluster(t, d, harness.ClusterSpec{Heap: heap})
	env, err := toolEnv(d, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out+".tmp", []byte(env), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(out+".tmp", out); err != nil {
		t.Fatal(err)
	}
	t.Logf("Kafka %s at %s (ZooKeeper at %s), broker started in %s", d.Version, c.Bootstrap, c.ZooKeeper.Addr, c.Brokers[0].StartedIn)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-sigs:
			return
		case <-c.Brokers[0].Exited():
			t.Fatalf("the broker exited during the bench; its log ends:\n%s", tail(c.Brokers[0].Log()))
		case <-tick.C:
			if os.Getppid() != parent {
				return // the script died without stopping us
			}
		}
	}
}

// toolEnv is a shell fragment for the script to source: the bootstrap
// address, the java launcher, the classpath, the tools' logging option (as
// the harness's tools have it: warnings and errors to stderr) and the main
// class of each Kafka tool the bench runs, as this version names it.
func toolEnv(d *harness.Dist, c *harness.Cluster) (string, error) {
	var b strings.Builder
	set := func(name, value string) { fmt.Fprintf(&b, "%s=%s\n", name, shellQuote(value)) }
	set("KAFKA_BOOTSTRAP", c.Bootstrap)
	set("KAFKA_VERSION", d.Version)
	set("KAFKA_JAVA", d.Java)
	set("KAFKA_CLASSPATH", d.Classpath())
	var logArgs []string
	for _, a := range d.Command(context.Background(), "x").Args {
		if strings.HasPrefix(a, "-Dlog4j") {
			logArgs = append(logArgs, a)
		}
	}
	set("KAFKA_JVM_PERFORMANCE_OPTS", harness.JVMPerformanceOpts)
	set("KAFKA_TOOL_LOG", strings.Join(logArgs, " "))
	for _, tool := range []string{"kafka-console-producer", "kafka-console-consumer", "kafka-producer-perf-test", "kafka-e2e-latency"} {
		class, err := d.ToolClass(tool)
		if err != nil {
			return "", err
		}
		set("CLASS_"+strings.ReplaceAll(strings.TrimPrefix(tool, "kafka-"), "-", "_"), class)
	}
	return b.String(), nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func tail(s string) string {
	if len(s) > 4000 {
		return s[len(s)-4000:]
	}
	return s
}
