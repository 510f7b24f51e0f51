package devbroker_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestMinInsyncReplicasSingleNode checks why the development broker may
// take min.insync.replicas as it comes: on Apache Kafka 3.9 the minimum is
// capped at a partition's replication factor, so a one-replica topic with
// min.insync.replicas=2 still takes acks=all, and so does kfake, which
// ignores the setting.
func TestMinInsyncReplicasSingleNode(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		topic := harness.TopicName(t)
		resp, err := kadm.NewClient(cl).CreateTopic(ctx, 1, 1, map[string]*string{"min.insync.replicas": kadm.StringPtr("2")}, topic)
		if err == nil {
			err = resp.Err
		}
		if err != nil {
			t.Fatalf("create %s: %v", topic, err)
		}
		for _, acks := range []kgo.Acks{kgo.AllISRAcks(), kgo.LeaderAck()} {
			opts := []kgo.Opt{kgo.SeedBrokers(b.Addr), kgo.RequiredAcks(acks), kgo.RecordRetries(0)}
			if acks != kgo.AllISRAcks() {
				opts = append(opts, kgo.DisableIdempotentWrite())
			}
			p, err := kgo.NewClient(opts...)
			if err != nil {
				t.Fatal(err)
			}
			err = p.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte("v")}).FirstErr()
			p.Close()
			if err != nil {
				t.Errorf("acks %v on a one-replica topic with min.insync.replicas=2: %v, want success", acks, err)
			}
		}
	})
}
