// Command kafkit is a Kafka toolkit for learners and developers: an embedded
// Kafka-protocol broker, producer and consumer, a documented full-parameter
// docker-compose stack, a linter for Kafka compose files and a catalogue of
// every Kafka 3.9 and ZooKeeper 3.8 parameter.
package main

import (
	"context"
	"os"

	"github.com/kafkit/kafkit/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
