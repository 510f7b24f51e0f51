package stackrun

import (
	"context"
	"testing"

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
			checkKRaftStack(t, st)
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
