package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
)

func init() { register(newGroupCmd) }

func newGroupCmd(ios *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "group",
		Aliases: []string{"groups"},
		Short:   "List, describe, reset and delete consumer groups (lag, members, offsets)",
		Long: `List, describe, reset and delete consumer groups, with the names of Kafka's
kafka-consumer-groups where they fit.

Lag is a partition's log end offset minus the group's committed offset, counted
as kafka-consumer-groups counts it: a partition without a committed offset has
no lag ("-") and adds nothing to a group's total.

` + propHelp + ` Only the properties that producers
and consumers share apply (brokers, security, timeouts, client.id); others are
noted and not used.

Exit codes: 0 done, 1 the broker failed or refused (each group named on
stderr; the others are still done), 2 usage error, 130 interrupted.`,
		Example: `  kafkit group list
  kafkit group describe analytics
  kafkit group reset-offsets analytics --topic conversas --by-duration 1h            # the plan
  kafkit group reset-offsets analytics --topic conversas --by-duration 1h --execute  # do it
  kafkit group delete-offsets analytics --topic old-topic
  kafkit group delete analytics`,
	}
	cmd.AddCommand(newGroupListCmd(ios), newGroupDescribeCmd(ios), newGroupResetCmd(ios), newGroupDeleteCmd(ios), newGroupDeleteOffsetsCmd(ios))
	return cmd
}

func newGroupListCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List groups with their state, protocol, member count and total lag",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Changed = changedFlags(cmd)
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				groups, err := client.ListGroups(ctx, cl)
				if perr := printAs(o, groups, err, printGroupList); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	return cmd
}

func printGroupList(w io.Writer, groups []client.GroupSummary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "GROUP\tSTATE\tPROTOCOL\tMEMBERS\tLAG\tCOORDINATOR")
	for _, g := range groups {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\n", g.Name, g.State, g.Protocol, g.Members, g.Lag, g.Coordinator)
	}
	return tw.Flush()
}

func newGroupDescribeCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var members, offsets bool
	cmd := &cobra.Command{
		Use:   "describe GROUP...",
		Short: "Show a group's state, coordinator, members, and per partition its offsets and lag",
		Long: `Show each group's state, protocol (classic, or consumer for KIP-848 groups),
assignor and coordinator; then, per partition it owns or has committed, the
committed offset (CURRENT-OFFSET), the log end offset, the lag and the member
that owns it (as kafka-consumer-groups --describe); then its members with their
assignments. --offsets or --members show only that part; --format json always
shows everything.`,
		Example: `  kafkit group describe analytics
  kafkit group describe analytics billing --members
  kafkit group describe analytics --format json | jq '.[0].lag'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			if !members && !offsets {
				members, offsets = true, true
			}
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				groups, err := client.DescribeGroups(ctx, cl, args)
				if perr := printAs(o, groups, err, func(w io.Writer, gs []client.Group) error {
					return printGroups(w, gs, offsets, members)
				}); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	cmd.Flags().BoolVar(&members, "members", false, "show the members and their assignments")
	cmd.Flags().BoolVar(&offsets, "offsets", false, "show the offsets and lag per partition")
	return cmd
}

func dash(v *int64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatInt(*v, 10)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func printGroups(w io.Writer, groups []client.Group, offsets, members bool) error {
	for i, g := range groups {
		if i > 0 {
			fmt.Fprintln(w)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "GROUP\t%s\n", g.Name)
		fmt.Fprintf(tw, "STATE\t%s\n", g.State)
		proto := g.Protocol
		if g.Assignor != "" {
			proto += " (assignor " + g.Assignor + ")"
		}
		fmt.Fprintf(tw, "PROTOCOL\t%s\n", proto)
		fmt.Fprintf(tw, "COORDINATOR\t%s\n", g.Coordinator)
		fmt.Fprintf(tw, "MEMBERS\t%d\n", len(g.Members))
		fmt.Fprintf(tw, "LAG\t%d\n", g.Lag)
		if err := tw.Flush(); err != nil {
			return err
		}
		if offsets {
			fmt.Fprintln(w)
			tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "TOPIC\tPARTITION\tCURRENT-OFFSET\tLOG-END-OFFSET\tLAG\tCONSUMER-ID\tHOST\tCLIENT-ID")
			for _, o := range g.Offsets {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", o.Topic, o.Partition, dash(o.Committed), dash(o.End), dash(o.Lag), orDash(o.MemberID), orDash(o.Host), orDash(o.ClientID))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
		if members && len(g.Members) > 0 {
			fmt.Fprintln(w)
			tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "CONSUMER-ID\tHOST\tCLIENT-ID\t#PARTITIONS\tASSIGNMENT")
			for _, m := range g.Members {
				n := 0
				var parts []string
				for _, a := range m.Assigned {
					n += len(a.Partitions)
					parts = append(parts, a.Topic+":"+strings.Trim(ids(a.Partitions), "[]"))
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", m.ID, m.Host, m.ClientID, n, orDash(strings.Join(parts, " ")))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// resetFlags are the targets of reset-offsets; exactly one is given.
type resetFlags struct {
	earliest, latest, current bool
	offset, shift             int64
	datetime                  string
	duration                  string
}

func newGroupResetCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var (
		topics          []string
		all             bool
		execute, dryRun bool
		rf              resetFlags
	)
	cmd := &cobra.Command{
		Use:   "reset-offsets GROUP (--topic T[:P,...]... | --all-topics) --to-...",
		Short: "Move a group's committed offsets (shows the plan; --execute commits it)",
		Long: `Move a group's committed offsets, for replaying or skipping records. Without
--execute it prints the plan (old and new offset per partition) and changes
nothing; with --execute it commits the new offsets.

Like kafka-consumer-groups, kafkit commits only while the group has no active
member (state Empty): a running consumer would overwrite the reset with its next
commit. Stop the group's consumers first; the plan is still shown.

Targets (exactly one):
  --to-earliest        the first offset still in the log
  --to-latest          the log end (skip everything not yet read)
  --to-offset N        offset N
  --shift-by N         the committed offset plus N (negative: back)
  --to-datetime T      the first record at or after T: RFC 3339
                       (2026-12-04T09:00:00Z) or @MILLIS since the epoch
  --by-duration D      the first record at or after now minus D (1h, 90m, 24h)
  --to-current         the committed offset (the log end when there is none)
A target outside the log is brought to its nearest end, as Kafka does; a time
after the last record gives the log end.

Exit codes: 0 plan shown or committed, 1 the group has active members (the plan
is shown) or the broker failed, 2 usage error, 130 interrupted.`,
		Example: `  kafkit group reset-offsets analytics --topic conversas --to-earliest
  kafkit group reset-offsets analytics --topic conversas:0,1 --shift-by -10 --execute
  kafkit group reset-offsets analytics --all-topics --by-duration 1h --execute
  kafkit group reset-offsets analytics --topic conversas --to-datetime 2026-12-04T09:00:00Z --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			if execute && dryRun {
				return UsageErrorf("--execute and --dry-run contradict each other")
			}
			spec := client.ResetSpec{AllTopics: all}
			if all == (len(topics) > 0) {
				return UsageErrorf("name the partitions to reset: --topic TOPIC[:P,...] (repeatable) or --all-topics")
			}
			for _, t := range topics {
				tp, err := client.ParseTopicPartitions(t)
				if err != nil {
					return AsUsage(fmt.Errorf("--topic: %w", err))
				}
				spec.Topics = append(spec.Topics, tp)
			}
			var err error
			if spec.To, err = resetTarget(o.Changed, rf, time.Now()); err != nil {
				return err
			}
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				plan, err := client.ResetOffsets(ctx, cl, args[0], spec, execute)
				if len(plan.Partitions) > 0 {
					if perr := printResetPlan(o, plan); perr != nil {
						return perr
					}
				}
				if err != nil {
					return err
				}
				for _, p := range plan.Partitions {
					if p.Clamped {
						fmt.Fprintf(o.IO.Err, "kafkit: note: %s/%d: the target is outside the log, moved to %d\n", p.Topic, p.Partition, p.New)
					}
				}
				if plan.Executed {
					fmt.Fprintf(o.IO.Err, "committed new offsets for %d %s of group %s\n", len(plan.Partitions), plural(int64(len(plan.Partitions)), "partition", "partitions"), plan.Group)
				} else {
					fmt.Fprintln(o.IO.Err, "dry run: nothing changed; add --execute to commit these offsets")
				}
				return nil
			})
		},
	}
	addTopicFlags(cmd, o, true)
	f := cmd.Flags()
	f.StringArrayVar(&topics, "topic", nil, "TOPIC or TOPIC:P[,P...] to reset (repeatable)")
	f.BoolVar(&all, "all-topics", false, "reset every partition the group has committed offsets for")
	f.BoolVar(&execute, "execute", false, "commit the new offsets (without it, only the plan is shown)")
	f.BoolVar(&dryRun, "dry-run", false, "only show the plan (the default; for kafka-consumer-groups habits)")
	f.BoolVar(&rf.earliest, "to-earliest", false, "to the first offset still in the log")
	f.BoolVar(&rf.latest, "to-latest", false, "to the log end")
	f.BoolVar(&rf.current, "to-current", false, "to the committed offset (the log end when there is none)")
	f.Int64Var(&rf.offset, "to-offset", 0, "to offset N")
	f.Int64Var(&rf.shift, "shift-by", 0, "by N from the committed offset (negative: back)")
	f.StringVar(&rf.datetime, "to-datetime", "", "to the first record at or after a time: RFC 3339 or @MILLIS")
	f.StringVar(&rf.duration, "by-duration", "", "to the first record at or after now minus a duration (1h, 90m, or ISO 8601 as Kafka's tool takes: PT1H, P1DT12H)")
	return cmd
}

// resetTarget turns the one --to-* flag given into a target; now anchors
// --by-duration.
func resetTarget(set changed, rf resetFlags, now time.Time) (client.ResetTo, error) {
	var given []string
	for _, n := range []string{"to-earliest", "to-latest", "to-current", "to-offset", "shift-by", "to-datetime", "by-duration"} {
		if set.has(n) {
			given = append(given, "--"+n)
		}
	}
	switch len(given) {
	case 0:
		return client.ResetTo{}, UsageErrorf("say where to: --to-earliest, --to-latest, --to-offset N, --shift-by N, --to-datetime T, --by-duration D or --to-current")
	case 1:
	default:
		return client.ResetTo{}, UsageErrorf("%s: give one target", strings.Join(given, " and "))
	}
	switch given[0] {
	case "--to-earliest":
		return client.ResetTo{Kind: client.ResetEarliest}, nil
	case "--to-latest":
		return client.ResetTo{Kind: client.ResetLatest}, nil
	case "--to-current":
		return client.ResetTo{Kind: client.ResetCurrent}, nil
	case "--to-offset":
		if rf.offset < 0 {
			return client.ResetTo{}, UsageErrorf("invalid --to-offset %d: offsets start at 0", rf.offset)
		}
		return client.ResetTo{Kind: client.ResetOffset, Offset: rf.offset}, nil
	case "--shift-by":
		return client.ResetTo{Kind: client.ResetShift, Offset: rf.shift}, nil
	case "--to-datetime":
		ms, err := parseDatetime(rf.datetime)
		if err != nil {
			return client.ResetTo{}, AsUsage(fmt.Errorf("--to-datetime: %w", err))
		}
		return client.ResetTo{Kind: client.ResetTime, Millis: ms}, nil
	}
	d, err := parseBackDuration(rf.duration)
	if err != nil {
		return client.ResetTo{}, AsUsage(fmt.Errorf("--by-duration: %w", err))
	}
	return client.ResetTo{Kind: client.ResetTime, Millis: now.Add(-d).UnixMilli()}, nil
}

// isoDuration is the subset of ISO 8601 durations kafka-consumer-groups
// --by-duration takes (Java's Duration.parse): days, hours, minutes and
// seconds, with a fraction on the seconds.
var isoDuration = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// parseBackDuration reads a positive duration: Go's syntax (1h30m) or ISO
// 8601 (PT1H30M, P2D).
func parseBackDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		m := isoDuration.FindStringSubmatch(strings.ToUpper(s))
		if m == nil || s == "P" || strings.HasSuffix(strings.ToUpper(s), "T") {
			return 0, fmt.Errorf("invalid %q: want a duration such as 1h, 90m, 36h or PT1H, P1DT12H", s)
		}
		d = 0
		for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
			if m[i+1] != "" {
				n, err := strconv.ParseInt(m[i+1], 10, 64)
				if err != nil {
					return 0, fmt.Errorf("invalid %q: %w", s, err)
				}
				d += time.Duration(n) * unit
			}
		}
		if m[4] != "" {
			f, _ := strconv.ParseFloat(m[4], 64)
			d += time.Duration(f * float64(time.Second))
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("invalid %q: must be positive (how far back from now)", s)
	}
	return d, nil
}

// parseDatetime reads RFC 3339 (with a zone, fractions allowed) or @MILLIS.
func parseDatetime(s string) (int64, error) {
	if ms, ok := strings.CutPrefix(s, "@"); ok {
		n, err := strconv.ParseInt(ms, 10, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("invalid %q: want @ and milliseconds since the epoch", s)
		}
		return n, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("invalid %q: want RFC 3339 (2026-12-04T09:00:00Z, or with an offset such as -03:00) or @MILLIS", s)
	}
	return t.UnixMilli(), nil
}

func printResetPlan(o *topicOptions, plan client.ResetPlan) error {
	if o.Format == "json" {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(plan)
	}
	tw := tabwriter.NewWriter(o.IO.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "GROUP\tTOPIC\tPARTITION\tOLD-OFFSET\tNEW-OFFSET")
	for _, p := range plan.Partitions {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\n", plan.Group, p.Topic, p.Partition, dash(p.Old), p.New)
	}
	return tw.Flush()
}

func newGroupDeleteCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	cmd := &cobra.Command{
		Use:     "delete GROUP...",
		Aliases: []string{"rm"},
		Short:   "Delete groups and their committed offsets (only groups without active members)",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				deleted, err := client.DeleteGroups(ctx, cl, args)
				if perr := printAs(o, deleted, err, func(w io.Writer, names []string) error {
					for _, n := range names {
						fmt.Fprintf(w, "deleted group %s\n", n)
					}
					return nil
				}); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	return cmd
}

func newGroupDeleteOffsetsCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var topics []string
	cmd := &cobra.Command{
		Use:   "delete-offsets GROUP --topic T[:P,...]...",
		Short: "Delete a group's committed offsets for some topics or partitions",
		Long: `Delete a group's committed offsets for the named topics (all their partitions)
or partitions. The broker refuses the partitions of a topic that an active member
of the group reads.`,
		Example: `  kafkit group delete-offsets analytics --topic old-topic
  kafkit group delete-offsets analytics --topic conversas:0,2`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			if len(topics) == 0 {
				return UsageErrorf("name the offsets to delete: --topic TOPIC[:P,...] (repeatable)")
			}
			var sel []client.TopicPartitions
			for _, t := range topics {
				tp, err := client.ParseTopicPartitions(t)
				if err != nil {
					return AsUsage(fmt.Errorf("--topic: %w", err))
				}
				sel = append(sel, tp)
			}
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				deleted, err := client.DeleteOffsets(ctx, cl, args[0], sel)
				if perr := printAs(o, deleted, err, func(w io.Writer, ds []client.DeletedOffset) error {
					for _, d := range ds {
						if d.Error == "" {
							fmt.Fprintf(w, "deleted the offset of group %s on %s/%d\n", args[0], d.Topic, d.Partition)
						}
					}
					return nil
				}); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	cmd.Flags().StringArrayVar(&topics, "topic", nil, "TOPIC or TOPIC:P[,P...] whose offsets to delete (repeatable)")
	return cmd
}
