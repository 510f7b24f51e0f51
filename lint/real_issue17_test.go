package lint

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/internal/harness"
)

// TestRealKafkaIssue17 confirms on a real Kafka 3.9.2 broker (ZooKeeper
// mode, the stack's default) three of the places where kafkit disagreed
// with Kafka (issue 17), and that kafkit now gives Kafka's answer:
//
//   - item 1: remote.log.manager.copier.thread.pool.size=0 stops the broker
//     at start-up;
//   - item 4: node.id is broker.id's alias in ZooKeeper mode: equal to
//     broker.id it boots, alone it becomes the broker's id, different from
//     broker.id it stops the broker;
//   - item 6: a topic with remote.log.copy.disable=true or
//     remote.log.delete.on.disable=true is refused in ZooKeeper mode.
func TestRealKafkaIssue17(t *testing.T) {
	z := startRealZK(t)

	t.Run("copier pool size 0 refused at start-up", func(t *testing.T) {
		if err := catalog.Check(catalog.Broker, "remote.log.manager.copier.thread.pool.size", "0", catalog.ModeZK); err == nil {
			t.Error("kafkit accepts remote.log.manager.copier.thread.pool.size=0")
		}
		props, addr := realBrokerProps(t, z.connect("pool"), "broker.id=1\nremote.log.manager.copier.thread.pool.size=0\n")
		s, err := startRealBroker(t, z.dist, "kafka-pool", props, addr)
		if err == nil {
			t.Fatal("Kafka started with remote.log.manager.copier.thread.pool.size=0")
		}
		if s.Running() || !logHas(s.Log(), "remote.log.manager.copier.thread.pool.size", "Value can be -1 or greater than 0") {
			t.Fatalf("broker did not exit with the pool size message:\n%s", lastLines(s.Log(), 30))
		}
	})

	t.Run("node.id equal to broker.id boots; topic configs of KRaft refused", func(t *testing.T) {
		for _, kv := range [][2]string{{"node.id", "1"}, {"broker.id", "1"}} {
			if err := catalog.Check(catalog.Broker, kv[0], kv[1], catalog.ModeZK); err != nil {
				t.Errorf("kafkit refuses %s=%s in ZooKeeper mode: %v", kv[0], kv[1], err)
			}
		}
		props, addr := realBrokerProps(t, z.connect("nodeid"), "broker.id=1\nnode.id=1\n")
		s, err := startRealBroker(t, z.dist, "kafka-nodeid", props, addr)
		if err != nil {
			t.Fatalf("node.id=1 with broker.id=1: %v", err)
		}
		if !logHas(s.Log(), "node.id = 1", "broker.id = 1") {
			t.Errorf("broker log does not confirm node.id = 1 and broker.id = 1")
		}
		for _, name := range []string{"remote.log.copy.disable", "remote.log.delete.on.disable"} {
			// Kafka's message names both configs, whichever was set.
			on, off := "true", "false"
			err := realCreateTopic(t, addr, "t-"+strings.ReplaceAll(name, ".", "-"), 1, 1, map[string]*string{name: &on})
			// The client gets INVALID_CONFIG without the reason; the
			// broker logs it (ZkAdminManager, InvalidConfigurationException).
			if err == nil || !strings.Contains(err.Error(), "INVALID_CONFIG") {
				t.Errorf("creating a topic with %s=true in ZooKeeper mode: %v, want INVALID_CONFIG", name, err)
			}
			var me *catalog.ModeError
			if !errors.As(catalog.Check(catalog.Topic, name, "true", catalog.ModeZK), &me) {
				t.Errorf("kafkit accepts %s=true in ZooKeeper mode", name)
			}
			if !logHas(s.Log(), "InvalidConfigurationException", "under Zookeeper's mode", "configs=[CreatableTopicConfig(name='"+name+"', value='true')]") {
				t.Errorf("broker log has no refusal of %s=true:\n%s", name, lastLines(s.Log(), 20))
			}
			if err := realCreateTopic(t, addr, "f-"+strings.ReplaceAll(name, ".", "-"), 1, 1, map[string]*string{name: &off}); err != nil {
				t.Errorf("creating a topic with %s=false: %v", name, err)
			}
		}
	})

	t.Run("node.id alone is the broker id", func(t *testing.T) {
		props, addr := realBrokerProps(t, z.connect("nodeonly"), "node.id=7\n")
		if _, err := startRealBroker(t, z.dist, "kafka-nodeonly", props, addr); err != nil {
			t.Fatalf("node.id=7 without broker.id: %v", err)
		}
		if err := harness.WaitRegistered(addr, 1); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		md, err := realAdmin(t, addr).BrokerMetadata(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(md.Brokers) != 1 || md.Brokers[0].NodeID != 7 {
			t.Fatalf("brokers %v, want the one broker registered as 7", md.Brokers)
		}
	})

	t.Run("node.id different from broker.id refused at start-up", func(t *testing.T) {
		errs := catalog.CrossCheck(map[string]string{"zookeeper.connect": "zk:2181", "broker.id": "1", "node.id": "2"}, catalog.ModeZK)
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "refuses to start") {
			t.Errorf("kafkit's cross check: %v, want node.id and broker.id refused", errs)
		}
		props, addr := realBrokerProps(t, z.connect("nodediff"), "broker.id=1\nnode.id=2\n")
		s, err := startRealBroker(t, z.dist, "kafka-nodediff", props, addr)
		if err == nil {
			t.Fatal("Kafka started with node.id=2 and broker.id=1")
		}
		if s.Running() || !logHas(s.Log(), "You must set `node.id` to the same value as `broker.id`") {
			t.Fatalf("broker did not exit with the node.id message:\n%s", lastLines(s.Log(), 30))
		}
	})
}
