package compose

import (
	"strings"
	"testing"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// TestKafka4Image: the 4.x stack runs exactly the release the 4.x
// catalogue was checked against and the tests boot.
func TestKafka4Image(t *testing.T) {
	if want := "apache/kafka:" + catalog.V4.Release(); Kafka4Image != want {
		t.Errorf("Kafka4Image %s, want %s", Kafka4Image, want)
	}
}

func TestKafka4StackOptions(t *testing.T) {
	cases := []struct {
		opts StackOptions
		want string
	}{
		{StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Kafka: catalog.V4}, "Kafka 4.x has no ZooKeeper mode"},
		{StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Kafka: "5.0"}, `invalid Kafka line "5.0"`},
		{StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Kafka: catalog.V4, Security: SecuritySASLSCRAM}, "--security is not available with --kafka 4.x"},
		{StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Kafka: catalog.V4}, ""},
	}
	for _, tc := range cases {
		err := tc.opts.Validate()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
	}
}

// TestKafka4Stack checks what the 4.x stack does differently from the 3.9
// KRaft stack: Apache's image and script paths, Log4j 2, the 4.x catalogue's
// parameters (none that 4.x removed), the share-group state topic sized to
// the stack.
func TestKafka4Stack(t *testing.T) {
	for _, o := range []StackOptions{
		{Mode: catalog.ModeKRaft, Brokers: 1, Kafka: catalog.V4},
		{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Kafka: catalog.V4},
	} {
		plan := mustPlan(t, o)
		t.Run(plan.commandLine(), func(t *testing.T) {
			data, p := loadGenerated(t, o)
			for _, n := range plan.kafkaNodes() {
				s := p.Services[n.service]
				cmd := strings.Join(s.Command, " ")
				for _, want := range []string{"/opt/kafka/bin/kafka-storage.sh format --ignore-formatted", "exec /opt/kafka/bin/kafka-server-start.sh " + stackServerProps} {
					if !strings.Contains(cmd, want) {
						t.Errorf("%s: command %q lacks %q", n.service, cmd, want)
					}
				}
				if v := s.Environment["KAFKA_LOG4J_OPTS"]; v == nil || *v != "-Dlog4j2.configurationFile=file:"+stackLog4j2 {
					t.Errorf("%s: KAFKA_LOG4J_OPTS %v", n.service, v)
				}
				if hc := strings.Join(s.HealthCheck.Test, " "); !strings.Contains(hc, "/opt/kafka/bin/kafka-") {
					t.Errorf("%s: healthcheck %q does not use the image's scripts", n.service, hc)
				}
				c, err := stackmodel.EffectiveConfig(p, n.service)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range c.Entries {
					if _, removed := catalog.RemovedIn4(catalog.Broker, e.Key); removed {
						t.Errorf("%s sets %s, which 4.x removed", n.service, e.Key)
					}
				}
				rf, _ := c.Get("share.coordinator.state.topic.replication.factor")
				if n.role.isBroker() && rf != "" && rf != "3" && rf != "1" || n.role.isBroker() && len(plan.brokers) == 1 && rf != "1" {
					t.Errorf("%s: share.coordinator.state.topic.replication.factor=%q with %d brokers", n.service, rf, len(plan.brokers))
				}
			}
			text := string(data)
			for _, want := range []string{"apache/kafka:4.4.0", "Kafka 4.4 (the 4.x line, KRaft only)", "chosen over Confluent's", "status=error"} {
				if !strings.Contains(text, want) {
					t.Errorf("the file lacks %q", want)
				}
			}
			for _, bad := range []string{"zookeeper.connect=", "log.message.format.version", "confluentinc/"} {
				if strings.Contains(text, bad) {
					t.Errorf("the 4.x file mentions %q", bad)
				}
			}
		})
	}
}
