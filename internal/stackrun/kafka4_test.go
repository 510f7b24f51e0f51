package stackrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/compose"
	"github.com/kafkit/kafkit/internal/harness"
)

// TestKafka4Stacks boots the 4.x examples (kafkit compose --kafka 4.x,
// combined and with dedicated controllers) on Apache Kafka 4.4.0 from Maven
// Central: storage formatted with the file's cluster id, the quorum formed
// with the file's voters, every active line of each file confirmed by the
// server, no warning and no unknown config in any log, the healthchecks
// passing, the seed's flow through the host listener.
func TestKafka4Stacks(t *testing.T) {
	d := harness.Kafka(t, catalog.V4.Release())
	for _, name := range []string{"kafka4", "kafka4-cluster"} {
		t.Run(name, func(t *testing.T) {
			st := Load(t, d, repoFile(t, "examples/compose/"+name+"/docker-compose.yml"))
			st.Start(t)
			ctx := context.Background()
			var clusterID string
			for _, k := range st.Of("kafka") {
				if !strings.Contains(k.Server.Log(), "Kafka version: "+catalog.V4.Release()) {
					t.Fatalf("%s does not log Kafka version %s", k.Name, catalog.V4.Release())
				}
				t.Logf("%s (%s) started in %s", k.Name, k.roles(), k.Server.StartedIn.Round(time.Millisecond))
				m := clusterIDRE.FindStringSubmatch(strings.Join(k.svc.Command, " "))
				if m == nil {
					t.Fatalf("%s does not format its storage", k.Name)
				}
				clusterID = m[1]
				dirs, _ := k.Config.Get("log.dirs")
				local, _ := k.localPath(strings.Split(dirs, ",")[0])
				meta, err := os.ReadFile(filepath.Join(local, "meta.properties"))
				if err != nil || !strings.Contains(string(meta), "cluster.id="+clusterID) {
					t.Errorf("%s: meta.properties does not hold cluster.id=%s: %v\n%s", k.Name, clusterID, err, meta)
				}
				var eq, n int
				if k.roles() == "controller" && LoggedConfig(k.Server.Log()) == nil {
					eq, n = checkControllerConfig(t, st, k)
				} else {
					eq, n = checkLoggedConfig(t, k)
				}
				t.Logf("%s confirmed %d of %d active lines", k.Name, eq, n)
				checkLogClean(t, k)
				if k.roles() != "controller" {
					if err := st.Healthcheck(ctx, t, k); err != nil {
						t.Error(err)
					}
				}
			}
			bootstrap := st.HostBootstrap(t)
			checkQuorum(t, st, bootstrap)
			seedFlow(t, bootstrap)
			cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...))
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			md, err := kadm.NewClient(cl).BrokerMetadata(ctx)
			if err != nil || md.Cluster != clusterID {
				t.Errorf("cluster id %q (%v), want the file's %s", md.Cluster, err, clusterID)
			}
		})
	}
}

// TestKafka4ExplicitStack boots `kafkit compose --kafka 4.x --explicit`, where
// every 4.x broker parameter with a default is active with it: Kafka 4.4
// must accept every one, log each as the file writes it, and warn about
// none.
func TestKafka4ExplicitStack(t *testing.T) {
	d := harness.Kafka(t, catalog.V4.Release())
	yml, err := compose.Generate(compose.StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Kafka: catalog.V4, Style: compose.StyleExplicit})
	if err != nil {
		t.Fatal(err)
	}
	st := Load(t, d, yml)
	st.Start(t)
	kafka := st.Services["kafka"]
	seedFlow(t, st.HostBootstrap(t))
	eq, n := checkLoggedConfig(t, kafka)
	t.Logf("broker confirmed %d of %d active lines in its KafkaConfig values", eq, n)
	if err := st.Healthcheck(context.Background(), t, kafka); err != nil {
		t.Error(err)
	}
	checkLogClean(t, kafka)
	if n < 250 {
		t.Errorf("only %d active lines in --explicit", n)
	}
}
