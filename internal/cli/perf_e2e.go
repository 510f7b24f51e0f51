package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/perf"
)

type perfE2EOptions struct {
	IO         *IO
	Topic      string
	RecordSize int
	Rate       float64
	InFlight   int
	Acks       string
	perfCommon
}

func newPerfE2ECmd(ios *IO) *cobra.Command {
	opts := &perfE2EOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "e2e TOPIC",
		Short: "Produce at a fixed rate while reading back, and report end-to-end latency",
		Long: `Produce --records records to TOPIC at --rate records/s while reading them back
from the partitions' current ends, and report the produce-to-consume latency
percentiles (p50, p95, p99, p99.9, max) beside the acknowledgement latency.

Each value starts with a run id, a sequence number and the time the record was
due (24 bytes, so --record-size must be at least 24); latency is measured on
this process's monotonic clock, from the due time, so a stalled broker is not
hidden. Records of other runs on the same topic are ignored; a record read
twice is counted as a duplicate.

"end-to-end from send" measures the same records from the moment each was handed
to the client instead: it leaves out how late a busy machine woke the sender,
and is what tools that stamp a record as they send it (Kafka's EndToEndLatency)
report. --in-flight bounds the records sent and not yet read back: with
--in-flight 1 --rate 0 each record is sent once the previous one is read back,
which is how EndToEndLatency runs, so the two can be compared like for like.

Latency includes the producer's linger: franz-go waits up to 10 ms for a batch
to fill (linger.ms); -X linger.ms=0 measures the broker round trip alone.

One client produces and reads (directly from the partitions, no group), so -X
takes producer properties. ` + propHelp,
		Example: `  kafkit perf e2e latency
  kafkit perf e2e latency --rate 5000 --records 50000 --acks 1
  kafkit perf e2e latency -X linger.ms=0
  kafkit perf e2e latency --in-flight 1 --rate 0 -X linger.ms=0
  kafkit perf e2e latency --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Topic = args[0]
			opts.Changed = changedFlags(cmd)
			return runPerfE2E(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.RecordSize, "record-size", 100, "value size in bytes (at least 24)")
	f.Float64Var(&opts.Rate, "rate", 1000, "records per second (0: as fast as possible, which measures queueing)")
	f.IntVar(&opts.InFlight, "in-flight", 0, "most records sent and not yet read back (0: no bound; 1 with --rate 0: one at a time)")
	f.StringVar(&opts.Acks, "acks", "all", "acknowledgements: all (-1), 1 or 0 (same as -X acks)")
	addPerfCommonFlags(cmd, &opts.perfCommon, 10000)
	return cmd
}

func runPerfE2E(ctx context.Context, opts *perfE2EOptions) error {
	if err := opts.check(opts.Topic); err != nil {
		return err
	}
	if err := checkRate(opts.Rate); err != nil {
		return err
	}
	if opts.InFlight < 0 {
		return UsageErrorf("invalid --in-flight %d: give 0 for no bound, or the most records sent and not yet read back", opts.InFlight)
	}
	if opts.RecordSize < perf.E2EHeaderSize {
		return UsageErrorf("invalid --record-size %d: an end-to-end record needs at least %d bytes (run id, sequence, due time)", opts.RecordSize, perf.E2EHeaderSize)
	}
	s, err := connectPerfProducer(ctx, &opts.perfCommon, opts.Acks, opts.IO.Err)
	if err != nil {
		return err
	}
	defer s.Close()

	res, err := perf.EndToEnd(ctx, s.Client, s.Client, perf.E2EOptions{
		Topic:      opts.Topic,
		Records:    opts.Records,
		RecordSize: opts.RecordSize,
		Rate:       opts.Rate,
		InFlight:   opts.InFlight,
		Idle:       opts.Timeout,
		Progress:   progressWriter(opts.IO.Err),
	})
	var view perf.TextWriter
	if res != nil {
		view = perf.NewE2EView(res)
	}
	return perfFinish(opts.IO, opts.Format, view, err)
}
