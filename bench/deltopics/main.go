// Command deltopics deletes topics; bench/run.sh uses it to drop each
// topic a produce run wrote, so that the broker holds the same data in
// every run and neither tool pays for the other's garbage. It is a bench
// helper, not part of kafkit's command line.
//
//	go run ./bench/deltopics BROKER TOPIC...
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: deltopics BROKER TOPIC...")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "deltopics:", err)
		os.Exit(1)
	}
}

func run(broker string, topics []string) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(broker))
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resps, err := kadm.NewClient(cl).DeleteTopics(ctx, topics...)
	if err != nil {
		return err
	}
	return resps.Error()
}
