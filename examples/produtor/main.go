// Command produtor is the seed's producer in Go: it sends one record, key
// "chave", to the topic "conversas" and waits until the broker has it.
//
// It uses franz-go (github.com/twmb/franz-go/pkg/kgo) directly, nothing of
// kafkit, so it can be copied into any project. Run a broker first, then:
//
//	kafkit dev                   # or: docker compose up -d
//	go run ./examples/produtor
//
// The broker address defaults to localhost:9092, the one `kafkit dev` and
// the compose stack offer to the host; BOOTSTRAP_SERVERS overrides it.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	servers := "localhost:9092"
	if s := os.Getenv("BOOTSTRAP_SERVERS"); s != "" {
		servers = s
	}

	// The Python seed builds Producer({'bootstrap.servers': ...}). In
	// franz-go a client is built from options; SeedBrokers is
	// bootstrap.servers. franz-go's producer is idempotent with acks=all
	// by default, so a retried send can never be written twice.
	client, err := kgo.NewClient(
		// bootstrap.servers is a comma-separated list, as in the seed.
		kgo.SeedBrokers(strings.Split(servers, ",")...),
		// The broker creates "conversas" on first use, as Kafka does
		// with auto.create.topics.enable=true.
		kgo.AllowAutoTopicCreation(),
		// delivery.timeout.ms: give up on a record that cannot be
		// delivered within 10 seconds (for instance, no broker running)
		// instead of retrying for as long as the flush below waits.
		kgo.RecordDeliveryTimeout(10*time.Second),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, "produtor: invalid client options:", err)
		os.Exit(1)
	}
	defer client.Close()

	// producer.produce('conversas', key='chave', value='...'): Produce is
	// asynchronous like the Python call; the callback runs when the broker
	// has acknowledged the record or the send has failed for good.
	record := &kgo.Record{
		Topic: "conversas",
		Key:   []byte("chave"),
		Value: []byte("faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor"),
	}
	failed := false
	client.Produce(context.Background(), record, func(r *kgo.Record, err error) {
		if err != nil {
			fmt.Fprintf(os.Stderr, "produtor: delivery to %s failed: %v\n", servers, err)
			failed = true
			return
		}
		fmt.Printf("delivered to %s [%d] at offset %d\n", r.Topic, r.Partition, r.Offset)
	})

	// producer.flush(): wait until every record sent so far is delivered
	// (or failed). Bound the wait so an unreachable broker is an error, not
	// a hang.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := client.Flush(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "produtor: flush: %v (is a broker running at %s? try \"kafkit dev\")\n", err, servers)
		os.Exit(1)
	}
	if failed {
		os.Exit(1)
	}
}
