package cli

import (
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/perf"
)

type perfProduceOptions struct {
	IO          *IO
	Topic       string
	RecordSize  int
	PayloadFile string
	Rate        float64
	Acks        string
	perfCommon
}

func newPerfProduceCmd(ios *IO) *cobra.Command {
	opts := &perfProduceOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "produce TOPIC",
		Short: "Send records as fast as possible (or at --rate) and report throughput and latency",
		Long: `Send --records records of --record-size bytes (or the lines of --payload-file,
in turn) to TOPIC, without keys, and wait for every acknowledgement. The
summary gives records/s, MB/s (10^6 bytes), acknowledgement latency
percentiles (p50, p95, p99, p99.9, max) and the number of failed records.

With --rate, records are sent on a fixed schedule and latency is measured from
the time each record was due, so a stalled broker shows in the percentiles
instead of silently lowering the rate.

The producer is kafkit's: acks=all and idempotence unless --acks or -X say
otherwise. ` + propHelp,
		Example: `  kafkit perf produce bench
  kafkit perf produce bench --records 100000 --record-size 1024 --rate 20000
  kafkit perf produce bench --acks 1 -X compression.type=lz4 -X linger.ms=5
  kafkit perf produce bench --payload-file payloads.txt --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Topic = args[0]
			opts.Changed = changedFlags(cmd)
			return runPerfProduce(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.RecordSize, "record-size", 100, "value size in bytes")
	f.StringVar(&opts.PayloadFile, "payload-file", "", "use the lines of this file as values, in turn, instead of --record-size")
	f.Float64Var(&opts.Rate, "rate", 0, "records per second (0: as fast as possible)")
	f.StringVar(&opts.Acks, "acks", "all", "acknowledgements: all (-1), 1 or 0 (same as -X acks)")
	addPerfCommonFlags(cmd, &opts.perfCommon, 1000000)
	return cmd
}

func runPerfProduce(ctx context.Context, opts *perfProduceOptions) error {
	if err := opts.check(opts.Topic); err != nil {
		return err
	}
	if err := checkRate(opts.Rate); err != nil {
		return err
	}
	sizeSet := opts.Changed.has("record-size")
	if opts.PayloadFile != "" && sizeSet {
		return UsageErrorf("--record-size and --payload-file both choose the values; use one")
	}
	var payloads [][]byte
	if opts.PayloadFile != "" {
		data, err := os.ReadFile(opts.PayloadFile)
		if err != nil {
			return AsUsage(err)
		}
		if payloads, err = perf.PayloadsFromFile(opts.PayloadFile, data); err != nil {
			return AsUsage(err)
		}
	} else {
		if opts.RecordSize < 0 {
			return UsageErrorf("invalid --record-size %d: must be 0 or more", opts.RecordSize)
		}
		payloads = [][]byte{perf.Payload(opts.RecordSize)}
	}

	s, err := connectPerfProducer(ctx, &opts.perfCommon, opts.Acks, opts.IO.Err)
	if err != nil {
		return err
	}
	defer s.Close()

	res, err := perf.Produce(ctx, s.Client, perf.ProduceOptions{
		Topic:    opts.Topic,
		Records:  opts.Records,
		Payloads: payloads,
		Rate:     opts.Rate,
		Idle:     opts.Timeout,
		Progress: progressWriter(opts.IO.Err),
	})
	var view perf.TextWriter
	if res != nil {
		view = perf.NewProduceView(res)
	}
	return perfFinish(opts.IO, opts.Format, view, err)
}
