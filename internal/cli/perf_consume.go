package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
	"github.com/kafkit/kafkit/perf"
)

type perfConsumeOptions struct {
	IO    *IO
	Topic string
	Group string
	From  string
	perfCommon
}

// perfPlainGroup satisfies the consumer configuration's need for a group
// when perf consume reads plain partitions; the group is then dropped (see
// runPerfConsume) and never joined.
const perfPlainGroup = "kafkit-perf"

func newPerfConsumeCmd(ios *IO) *cobra.Command {
	opts := &perfConsumeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "consume TOPIC",
		Short: "Read records as fast as possible and report throughput and lag",
		Long: `Read --records records from TOPIC and report records/s and MB/s (measured from
the first record to the last; the time to the first record, which includes
joining a group, is reported apart) and the consumer lag observed: the
partitions' high watermark minus the next offset to read, summed over the
partitions, at the first fetch, at its largest and at the end.

Without --group, every partition is read directly from --from, and nothing is
committed; with --group, kafkit joins that consumer group and commits as
"kafkit consume" does. Fewer records than --records in the topic ends with an
error after --timeout without a new record.

` + propHelp,
		Example: `  kafkit perf consume bench
  kafkit perf consume bench --records 100000 --group perf-readers
  kafkit perf consume bench -X fetch.max.bytes=104857600 --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Topic = args[0]
			opts.Changed = changedFlags(cmd)
			return runPerfConsume(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Group, "group", "g", "", "consumer group to join (default: read the partitions directly, no group)")
	f.StringVar(&opts.From, "from", "earliest", "where to start without a committed offset: earliest or latest")
	addPerfCommonFlags(cmd, &opts.perfCommon, 1000000)
	return cmd
}

func runPerfConsume(ctx context.Context, opts *perfConsumeOptions) error {
	if err := opts.check(opts.Topic); err != nil {
		return err
	}
	if opts.From != "earliest" && opts.From != "latest" {
		return UsageErrorf("invalid --from %q (earliest or latest)", opts.From)
	}
	group := opts.Group
	if group == "" {
		group = perfPlainGroup
	}
	cfg, err := loadClientConfig(client.Consumer, opts.Props.layers(opts.Changed,
		[]client.Property{{Name: "group.id", Value: group, Origin: "kafkit perf default"}},
		flagProp(opts.Changed, "from", "auto.offset.reset", opts.From),
	), opts.IO.Err)
	if err != nil {
		return err
	}
	if opts.Group == "" && cfg.Group == perfPlainGroup {
		// Every partition directly, without a group; a group property
		// the user set is reported rather than silently dropped.
		noteGroupOnly(cfg, opts.IO.Err, "without --group perf consume reads every partition directly")
		cfg = cfg.Groupless()
	} else if cfg.GroupProtocol == "consumer" {
		// franz-go would fall back to the classic protocol quietly; say
		// so instead.
		if err := client.CheckGroupProtocol(ctx, cfg, opts.Timeout); err != nil {
			return err
		}
	}
	s, err := connect(ctx, cfg, opts.Timeout, kgo.ConsumeTopics(opts.Topic))
	if err != nil {
		return err
	}
	defer s.Close()

	res, err := perf.Consume(ctx, s.Client, perf.ConsumeOptions{
		Records:  opts.Records,
		Idle:     opts.Timeout,
		Progress: progressWriter(opts.IO.Err),
	})
	var view perf.TextWriter
	if res != nil {
		view = perf.NewConsumeView(res)
	}
	return perfFinish(opts.IO, opts.Format, view, err)
}

// groupOnlyProps are consumer properties that only matter inside a group.
var groupOnlyProps = []string{
	"group.id", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms",
	"enable.auto.commit", "auto.commit.interval.ms", "max.poll.interval.ms",
	"partition.assignment.strategy", "group.protocol",
}

// noteGroupOnly tells the user about each group property they set (not
// kafkit's defaults) that a read without a group does not use; why says how
// the command reads.
func noteGroupOnly(cfg *client.Config, w io.Writer, why string) {
	for _, name := range groupOnlyProps {
		if p, ok := cfg.Value(name); ok && !strings.HasPrefix(p.Origin, "kafkit") && !strings.HasPrefix(p.Origin, "default of ") {
			fmt.Fprintf(w, "kafkit: note: %s (from %s) only applies to a group; %s, so it is not used\n", p.Name, p.Origin, why)
		}
	}
}
