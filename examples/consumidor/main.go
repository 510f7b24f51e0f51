// Command consumidor is the seed's consumer in Go: it joins a consumer
// group, subscribes to "conversas" and prints every record's key and value,
// polling with a one-second timeout as the seed does.
//
// It uses franz-go (github.com/twmb/franz-go/pkg/kgo) directly, nothing of
// kafkit. Run a broker and the producer first, then:
//
//	go run ./examples/consumidor
//
// Stop it with Ctrl-C: it then leaves the group cleanly. BOOTSTRAP_SERVERS
// overrides the broker address (default localhost:9092).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	servers := "localhost:9092"
	if s := os.Getenv("BOOTSTRAP_SERVERS"); s != "" {
		servers = s
	}

	// The seed's three settings, in franz-go's words:
	//   bootstrap.servers -> SeedBrokers
	//   group.id          -> ConsumerGroup
	//   auto.offset.reset -> ConsumeResetOffset ("earliest" = AtStart):
	//     where a group with no committed offset starts reading.
	// consumer.subscribe(['conversas']) -> ConsumeTopics.
	client, err := kgo.NewClient(
		// bootstrap.servers is a comma-separated list, as in the seed.
		kgo.SeedBrokers(strings.Split(servers, ",")...),
		kgo.ConsumerGroup("meu-grupo"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.ConsumeTopics("conversas"),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, "consumidor: invalid client options:", err)
		os.Exit(1)
	}
	// Close commits what was consumed and leaves the group, so the next
	// run starts after the last record printed here.
	defer client.Close()

	stop, cancelStop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancelStop()

	// while True: msg = consumer.poll(1.0)
	for stop.Err() == nil {
		ctx, cancel := context.WithTimeout(stop, time.Second)
		fetches := client.PollFetches(ctx)
		cancel()

		// The seed's "msg is None": nothing arrived within the second.
		if fetches.Empty() {
			continue
		}

		// The seed's "msg.error()": errors come per topic and partition.
		// A poll that merely timed out or was stopped is not an error.
		fetches.EachError(func(topic string, partition int32, err error) {
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return
			}
			fmt.Fprintf(os.Stderr, "consumidor: error on %s [%d]: %v\n", topic, partition, err)
		})

		fetches.EachPartition(func(p kgo.FetchTopicPartition) {
			for _, r := range p.Records {
				// The seed prints the key (if there is one) and the value.
				if r.Key != nil {
					fmt.Printf("%s: %s\n", r.Key, r.Value)
				} else {
					fmt.Printf("%s\n", r.Value)
				}
			}
			// The seed's partition EOF: librdkafka reports it as an
			// "error"; franz-go gives the partition's high watermark,
			// so the end is when the last record read is just below it.
			if n := len(p.Records); n > 0 && p.Records[n-1].Offset+1 == p.HighWatermark {
				fmt.Fprintf(os.Stderr, "end of %s [%d] at offset %d\n", p.Topic, p.Partition, p.HighWatermark)
			}
		})
	}
}
