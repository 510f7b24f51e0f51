package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
	"github.com/kafkit/kafkit/devbroker"
)

// The seed's record, word for word.
const (
	seedTopic = "conversas"
	seedKey   = "chave"
	seedValue = "faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor"
	demoGroup = "kafkit-demo"
)

type demoOptions struct {
	IO      *IO
	Brokers string
	Timeout time.Duration
}

func init() { register(newDemoCmd) }

func newDemoCmd(ios *IO) *cobra.Command {
	opts := &demoOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "The seed end to end: embedded broker, producer, consumer group",
		Long: `Run the seed's example end to end in one command.

kafkit starts the embedded development broker on a free loopback port (or uses
-b), produces the seed's record (key "chave" on topic "conversas") with acks=all
and idempotence, then reads it back with consumer group "kafkit-demo" from the
earliest offset and prints it on stdout as the seed's consumer does:

  chave: faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor

What happens along the way (broker address, partition and offset of the
delivery, time to read it back) is told on stderr.

Exit codes: 0 the record read back equals the one produced, 1 it does not or a
step failed, 130 interrupted.`,
		Example: `  kafkit demo
  kafkit demo -b localhost:9092        # against kafkit dev or the compose stack`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDemo(cmd.Context(), opts) },
	}
	cmd.Flags().StringVarP(&opts.Brokers, "brokers", "b", "", "use this broker instead of starting the embedded one")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 30*time.Second, "bound for the whole demo")
	return cmd
}

func runDemo(ctx context.Context, opts *demoOptions) error {
	if opts.Timeout <= 0 {
		return UsageErrorf("invalid --timeout %s: must be positive", opts.Timeout)
	}
	errw := opts.IO.Err
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()

	addr := opts.Brokers
	if addr == "" {
		b, err := devbroker.New(devbroker.Listen("127.0.0.1:0"))
		if err != nil {
			return fmt.Errorf("starting the embedded broker: %w", err)
		}
		defer b.Close()
		addr = b.Addr()
		fmt.Fprintf(errw, "broker:   embedded development broker (Kafka protocol, kfake) started at %s in %s\n", addr, ms(time.Since(start)))
	} else {
		fmt.Fprintf(errw, "broker:   using %s\n", addr)
	}
	brokers := client.Property{Name: "bootstrap.servers", Value: addr, Origin: "demo"}
	deadline := millis(opts.Timeout)

	// Produce, as the seed's producer does, then flush.
	pcfg, err := client.Load(client.Producer, []client.Property{brokers,
		{Name: "delivery.timeout.ms", Value: deadline, Origin: "--timeout"}})
	if err != nil {
		return AsUsage(err)
	}
	s, err := client.Connect(ctx, pcfg, opts.Timeout)
	if err != nil {
		return demoErr(ctx, err)
	}
	defer s.Close()
	pstart := time.Now()
	var delivered kgo.Record
	_, err = client.Produce(ctx, s.Client, client.ProduceInput{
		Topic:  seedTopic,
		Key:    []byte(seedKey),
		Values: [][]byte{[]byte(seedValue)},
	}, client.ProduceOptions{StallTimeout: opts.Timeout, OnDelivery: func(d client.Delivery) {
		if d.Err == nil {
			delivered = *d.Record
		}
	}})
	if err != nil {
		return demoErr(ctx, err)
	}
	fmt.Fprintf(errw, "produced: key %q to topic %s, delivered at partition %d offset %d (acks=all, idempotent) in %s\n",
		seedKey, seedTopic, delivered.Partition, delivered.Offset, ms(time.Since(pstart)))

	// Consume with a group from the earliest offset, as the seed's
	// consumer does, until our record comes back.
	ccfg, err := client.Load(client.Consumer, []client.Property{brokers,
		{Name: "group.id", Value: demoGroup, Origin: "demo"},
		{Name: "auto.offset.reset", Value: "earliest", Origin: "demo"}})
	if err != nil {
		return AsUsage(err)
	}
	cstart := time.Now()
	find := &demoSink{want: &delivered}
	st, err := client.Consume(ctx, ccfg, client.ConsumeOptions{
		Topics:    []string{seedTopic},
		ExitAtEnd: true,
		Timeout:   opts.Timeout,
		Warn:      func(err error) { fmt.Fprintf(errw, "kafkit: warning: %v\n", err) },
	}, find)
	if err != nil {
		return demoErr(ctx, err)
	}
	if find.got == nil {
		return ExitWith(ExitFailure, fmt.Errorf("read %d records from %s but not the one delivered at partition %d offset %d",
			st.Records, seedTopic, delivered.Partition, delivered.Offset))
	}
	if !bytes.Equal(find.got.Key, delivered.Key) || !bytes.Equal(find.got.Value, delivered.Value) {
		return ExitWith(ExitFailure, fmt.Errorf("the record read back (key %q, value %q) differs from the one produced", find.got.Key, find.got.Value))
	}
	fmt.Fprintf(opts.IO.Out, "%s: %s\n", find.got.Key, find.got.Value)
	skipped := ""
	if n := st.Records - 1; n > 0 {
		skipped = fmt.Sprintf(" (after %d older %s)", n, plural(n, "record", "records"))
	}
	fmt.Fprintf(errw, "consumed: read back by group %s from partition %d offset %d in %s%s; it equals the record produced\n",
		demoGroup, find.got.Partition, find.got.Offset, ms(time.Since(cstart)), skipped)
	fmt.Fprintf(errw, "done in %s\n", ms(time.Since(start)))
	return nil
}

// demoErr reports a failed step: a timeout names the bound, SIGINT exits
// 130, anything else exits 1.
func demoErr(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ExitWith(ExitFailure, fmt.Errorf("%w (the demo's --timeout ran out)", err))
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if client.IsPropertyError(err) {
		return AsUsage(err)
	}
	return ExitWith(ExitFailure, err)
}

// demoSink looks for the delivered record among those read and stops there.
type demoSink struct {
	want *kgo.Record
	got  *kgo.Record
}

func (s *demoSink) Write(r *kgo.Record) error {
	if r.Partition == s.want.Partition && r.Offset == s.want.Offset {
		s.got = r
		return client.ErrStop
	}
	return nil
}

func (s *demoSink) Flush() error { return nil }

func ms(d time.Duration) string {
	if d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}
