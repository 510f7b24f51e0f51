package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kafkit/kafkit/client"
	"github.com/kafkit/kafkit/perf"
)

func init() { register(newPerfCmd) }

func newPerfCmd(ios *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "perf",
		Short: "Measure a broker: produce and consume throughput, end-to-end latency",
		Long: `Measure what a broker and kafkit's client can do, the way Kafka's
kafka-producer-perf-test and kafka-consumer-perf-test do.

  perf produce   send N records as fast as possible (or at --rate) and report
                 records/s, MB/s and acknowledgement latency percentiles
  perf consume   read N records and report records/s, MB/s and the lag seen
  perf e2e       produce at a fixed rate while reading the records back and
                 report produce-to-consume latency percentiles

Latency percentiles come from an HDR histogram (three significant digits). A
progress bar is drawn on stderr when it is a terminal; the summary goes to
stdout, as text or as JSON with --format json.

Exit codes: 0 every record was produced (or read), 1 a broker or record
failed or nothing happened for --timeout, 2 usage error, 130 interrupted (the
summary of what was done is still printed).`,
		Example: `  kafkit perf produce bench --records 1000000 --record-size 100
  kafkit perf consume bench --records 1000000
  kafkit perf e2e latency --rate 1000 --records 10000 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPerfProduceCmd(ios), newPerfConsumeCmd(ios), newPerfE2ECmd(ios))
	return cmd
}

// perfCommon holds the flags every perf command shares.
type perfCommon struct {
	Records int64
	Timeout time.Duration
	Format  string
	Props   propFlags
	// Changed are the flags the user typed (RunE fills it).
	Changed changed
}

func addPerfCommonFlags(cmd *cobra.Command, c *perfCommon, defaultRecords int64) {
	f := cmd.Flags()
	f.Int64Var(&c.Records, "records", defaultRecords, "number of records")
	f.DurationVar(&c.Timeout, "timeout", 30*time.Second, "give up when a broker does not answer, or no record moves, for this long")
	f.StringVar(&c.Format, "format", "text", "summary format: text or json")
	addPropFlags(cmd, &c.Props)
}

// check validates the flags every perf command shares, and the topic.
func (c *perfCommon) check(topic string) error {
	if topic == "" {
		return UsageErrorf("empty topic name")
	}
	if c.Records < 1 {
		return UsageErrorf("invalid --records %d: must be at least 1", c.Records)
	}
	if c.Timeout <= 0 {
		return UsageErrorf("invalid --timeout %s: must be positive", c.Timeout)
	}
	if c.Format != "text" && c.Format != "json" {
		return UsageErrorf("invalid --format %q (text or json)", c.Format)
	}
	return nil
}

// connectPerfProducer connects the producing client of perf produce and
// perf e2e: the properties, then --acks and --timeout (as
// delivery.timeout.ms) when given.
func connectPerfProducer(ctx context.Context, c *perfCommon, acks string, errw io.Writer) (*client.Session, error) {
	cfg, err := loadClientConfig(client.Producer, c.Props.layers(c.Changed, nil,
		flagProp(c.Changed, "acks", "acks", acks),
		flagProp(c.Changed, "timeout", "delivery.timeout.ms", millis(c.Timeout)),
	), errw)
	if err != nil {
		return nil, err
	}
	return connect(ctx, cfg, c.Timeout)
}

// progressWriter returns w when it is a terminal, so that the progress bar
// never lands in a file or a pipe, and nil otherwise.
func progressWriter(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return f
	}
	return nil
}

// perfFinish prints the summary, even for an interrupted or failed run, and
// maps the run's error to kafkit's exit codes.
func perfFinish(ios *IO, format string, view perf.TextWriter, runErr error) error {
	if view != nil {
		if err := perf.Write(ios.Out, format, view); err != nil {
			return fmt.Errorf("writing the summary: %w", err)
		}
	}
	return perfError(runErr)
}

func perfError(err error) error {
	if err == nil {
		return nil
	}
	// An interruption keeps its own exit code (130: report maps a
	// cancelled context when the command's context ended); everything
	// else the run reports is a failure (1), not a usage error.
	if errors.Is(err, context.Canceled) {
		return err
	}
	return ExitWith(ExitFailure, err)
}

// checkRate rejects a negative rate, which would otherwise mean "unlimited"
// by accident.
func checkRate(rate float64) error {
	if rate < 0 {
		return UsageErrorf("invalid --rate %v: must be 0 (unlimited) or more", rate)
	}
	return nil
}
