package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// ErrNoConsumerProtocol says that a broker cannot run group.protocol=consumer
// (KIP-848) with kafkit's client.
var ErrNoConsumerProtocol = errors.New("the broker does not serve the consumer group protocol (KIP-848) that group.protocol=consumer asks for")

// CheckGroupProtocol asks every broker whether it serves the consumer group
// protocol as franz-go speaks it: ConsumerGroupHeartbeat version 1, which
// Kafka serves from 4.0. Kafka 3.9 has only an early-access version 0, in
// KRaft mode and only with group.coordinator.rebalance.protocols including
// consumer; franz-go does not speak it, and given a broker without version
// 1 it would quietly join with the classic protocol instead. kafkit refuses
// rather than do something else than what was asked.
func CheckGroupProtocol(ctx context.Context, cfg *Config, timeout time.Duration) error {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s, err := Connect(tctx, cfg.Groupless(), timeout)
	if err != nil {
		return err
	}
	defer s.Close()
	versions, err := kadm.NewClient(s.Client).ApiVersions(tctx)
	if err != nil {
		return fmt.Errorf("asking the brokers' API versions for group.protocol=consumer: %w", err)
	}
	for _, v := range versions.Sorted() {
		if v.Err != nil {
			return fmt.Errorf("asking broker %d's API versions for group.protocol=consumer: %w", v.NodeID, v.Err)
		}
		max, ok := v.KeyMaxVersion(int16(kmsg.ConsumerGroupHeartbeat))
		switch {
		case !ok:
			return fmt.Errorf("%w: broker %d (%s) has no ConsumerGroupHeartbeat at all (Kafka before 4.0, or 3.7 to 3.9 without the early-access protocol enabled); use group.protocol=classic, or Kafka 4.0 or later", ErrNoConsumerProtocol, v.NodeID, v.VersionGuess())
		case max < 1:
			return fmt.Errorf("%w: broker %d serves only ConsumerGroupHeartbeat v%d, the early-access protocol of Kafka 3.7 to 3.9, and kafkit's client (franz-go) needs v1 (Kafka 4.0 or later); use group.protocol=classic, or Kafka 4.0 or later", ErrNoConsumerProtocol, v.NodeID, max)
		}
	}
	return nil
}
