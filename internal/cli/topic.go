package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/client"
)

func init() { register(newTopicCmd) }

// topicOptions are the flags every topic subcommand shares.
type topicOptions struct {
	IO      *IO
	Props   propFlags
	Timeout time.Duration
	Format  string
	// Changed are the flags the user typed (RunE fills it).
	Changed changed
}

func newTopicCmd(ios *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "topic",
		Short: "List, describe, create, reconfigure and delete topics",
		Long: `List, describe, create, reconfigure and delete topics on any Kafka broker
(kafkit dev, the compose stack, a cluster).

Topic configs given to create and alter-config are checked against kafkit's
catalogue of Kafka 3.9 topic configs before anything is sent: a misspelt name gets
the nearest real one, an invalid value its reason, and kafkit exits 2.

` + propHelp + ` Only the properties that producers
and consumers share apply (brokers, security, timeouts, client.id); others are
noted and not used.

Exit codes: 0 done for every topic, 1 the broker failed or refused a topic
(each named on stderr; the others are still done), 2 usage error, 130
interrupted.`,
		Example: `  kafkit topic create conversas -p 3 -c retention.ms=86400000
  kafkit topic list
  kafkit topic describe conversas
  kafkit topic alter-config conversas --set retention.ms=3600000 --delete cleanup.policy
  kafkit topic delete conversas`,
	}
	cmd.AddCommand(newTopicListCmd(ios), newTopicDescribeCmd(ios), newTopicCreateCmd(ios), newTopicAlterConfigCmd(ios), newTopicDeleteCmd(ios))
	return cmd
}

func addTopicFlags(cmd *cobra.Command, o *topicOptions, formats bool) {
	addPropFlags(cmd, &o.Props)
	completeProperties(cmd, client.Admin)
	f := cmd.Flags()
	f.DurationVar(&o.Timeout, "timeout", 30*time.Second, "how long to wait for the broker and for its answer")
	if formats {
		f.StringVar(&o.Format, "format", "text", "output format: text or json")
		fixedCompletion(cmd, "format", "text", "json")
	}
}

func newTopicListCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var internal bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List topics with their partition count and replication factor",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Changed = changedFlags(cmd)
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				topics, err := client.ListTopics(ctx, cl, internal)
				if perr := printAs(o, topics, err, printTopicList); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	cmd.Flags().BoolVar(&internal, "internal", false, "include internal topics (__consumer_offsets, __transaction_state)")
	return cmd
}

func newTopicDescribeCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "describe TOPIC...",
		Short: "Show a topic's partitions (leader, replicas, offsets) and the configs set on it",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				topics, err := client.DescribeTopics(ctx, cl, args)
				if perr := printAs(o, topics, err, printTopicDescriptions); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	return cmd
}

func newTopicCreateCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var (
		spec    client.TopicSpec
		parts   int32
		rf      int16
		configs []string
	)
	cmd := &cobra.Command{
		Use:   "create TOPIC...",
		Short: "Create topics, with configs checked against the catalogue first",
		Long: `Create topics. -p and -r default to the broker's num.partitions and
default.replication.factor. Each -c name=value is a topic config, checked against
kafkit's catalogue before the request is sent ("kafkit params list --component
topic" lists them all). On the development broker (kafkit dev) a config it
stores without applying is noted on stderr, and compaction is refused.`,
		Example: `  kafkit topic create conversas
  kafkit topic create orders payments -p 6 -r 3 -c min.insync.replicas=2
  kafkit topic create logs -c cleanup.policy=compact -c retention.ms=-1 --if-not-exists  # not on kafkit dev
  kafkit topic create big -p 12 -r 3 --dry-run -b broker:9092   # the broker checks, nothing is created`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			if parts == 0 || parts < -1 {
				return UsageErrorf("invalid --partitions %d: want at least 1 (or -1 for the broker's num.partitions)", parts)
			}
			if rf == 0 || rf < -1 {
				return UsageErrorf("invalid --replication-factor %d: want at least 1 (or -1 for the broker's default.replication.factor)", rf)
			}
			spec.Partitions, spec.ReplicationFactor = parts, rf
			var err error
			if spec.Configs, err = topicConfigs("-c", configs); err != nil {
				return err
			}
			for _, t := range args {
				if err := checkTopicName(t); err != nil {
					return err
				}
			}
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				created, err := client.CreateTopics(ctx, cl, args, spec)
				if len(created) > 0 {
					noteDevUnenforced(ctx, cl, o.IO.Err, spec.Configs)
				}
				show := printCreated
				if spec.ValidateOnly {
					show = printValidated
				}
				if perr := printAs(o, created, err, show); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	f := cmd.Flags()
	f.Int32VarP(&parts, "partitions", "p", -1, "partitions per topic (-1: the broker's num.partitions)")
	f.Int16VarP(&rf, "replication-factor", "r", -1, "replicas per partition (-1: the broker's default.replication.factor)")
	// --config is the client properties file (-F), as in produce and
	// consume; rpk also calls this one --topic-config.
	f.StringArrayVarP(&configs, "topic-config", "c", nil, "topic config name=value (repeatable), checked against the catalogue")
	f.BoolVar(&spec.IfNotExists, "if-not-exists", false, "a topic that already exists is not an error")
	f.BoolVar(&spec.ValidateOnly, "dry-run", false, "have the broker check the request and create nothing")
	return cmd
}

func newTopicAlterConfigCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var set, del []string
	cmd := &cobra.Command{
		Use:   "alter-config TOPIC...",
		Short: "Set or remove topic configs, leaving the others as they are",
		Long: `Set (--set name=value) or remove (--delete name, back to the broker's default)
topic configs with an incremental alter-configs request: settings not named are
left as they are. Names and values are checked against the catalogue first.
On the development broker (kafkit dev) a config it stores without applying is
noted on stderr, and compaction is refused.`,
		Example: `  kafkit topic alter-config conversas --set retention.ms=3600000
  kafkit topic alter-config logs --set cleanup.policy=compact --delete retention.bytes`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			changes, err := configChanges(set, del)
			if err != nil {
				return err
			}
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				altered, err := client.AlterTopicConfigs(ctx, cl, args, changes)
				if len(altered) > 0 {
					set := map[string]string{}
					for _, c := range changes {
						if c.Value != nil {
							set[c.Name] = *c.Value
						}
					}
					noteDevUnenforced(ctx, cl, o.IO.Err, set)
				}
				if perr := printAs(o, altered, err, func(w io.Writer, topics []string) error {
					for _, t := range topics {
						fmt.Fprintf(w, "altered topic %s: %s\n", t, describeChanges(changes))
					}
					return nil
				}); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, false)
	f := cmd.Flags()
	f.StringArrayVar(&set, "set", nil, "topic config name=value to set (repeatable), checked against the catalogue")
	f.StringArrayVar(&del, "delete", nil, "topic config to remove, so that the broker's default applies (repeatable)")
	return cmd
}

// configChanges checks --set and --delete and turns them into changes, set
// ones first, each group in the order given.
func configChanges(set, del []string) ([]client.ConfigChange, error) {
	if len(set) == 0 && len(del) == 0 {
		return nil, UsageErrorf("nothing to change: give --set name=value or --delete name")
	}
	var changes []client.ConfigChange
	seen := map[string]bool{}
	for _, kv := range set {
		m, err := topicConfigs("--set", []string{kv})
		if err != nil {
			return nil, err
		}
		for name, value := range m {
			if seen[name] {
				return nil, UsageErrorf("%s is changed twice", name)
			}
			seen[name] = true
			changes = append(changes, client.ConfigChange{Name: name, Value: &value})
		}
	}
	for _, name := range del {
		name = strings.TrimSpace(name)
		if _, ok := catalog.LookupKey(catalog.Topic, name); !ok {
			return nil, AsUsage(fmt.Errorf("--delete: %w", &catalog.UnknownError{Component: catalog.Topic, Name: name, Suggestions: catalog.Suggest(catalog.Topic, name)}))
		}
		if seen[name] {
			return nil, UsageErrorf("%s is changed twice", name)
		}
		seen[name] = true
		changes = append(changes, client.ConfigChange{Name: name})
	}
	return changes, nil
}

func describeChanges(changes []client.ConfigChange) string {
	parts := make([]string, len(changes))
	for i, c := range changes {
		if c.Value == nil {
			parts[i] = c.Name + " removed (broker default)"
		} else {
			parts[i] = c.Name + "=" + *c.Value
		}
	}
	return strings.Join(parts, ", ")
}

func newTopicDeleteCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	cmd := &cobra.Command{
		Use:     "delete TOPIC...",
		Aliases: []string{"rm"},
		Short:   "Delete topics and every record in them",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Changed = changedFlags(cmd)
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				deleted, err := client.DeleteTopics(ctx, cl, args)
				if perr := printAs(o, deleted, err, printDeleted); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, false)
	return cmd
}

// run builds the admin client, checks the broker answers, and runs op bounded
// by --timeout. A failure that op returns after printing what succeeded
// (per-topic errors) exits 1.
func (o *topicOptions) run(ctx context.Context, op func(context.Context, *kgo.Client) error) error {
	switch o.Format {
	case "", "text", "json":
	default:
		return UsageErrorf("invalid --format %q (text or json)", o.Format)
	}
	if o.Timeout <= 0 {
		return UsageErrorf("invalid --timeout %s: must be positive", o.Timeout)
	}
	cfg, err := loadClientConfig(client.Admin, o.Props.layers(o.Changed, nil), o.IO.Err)
	if err != nil {
		return err
	}
	// One bound for reaching the broker and for its answer.
	tctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	s, err := connect(tctx, cfg, o.Timeout)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	defer s.Close()
	err = op(tctx, s.Client)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case tctx.Err() != nil && errors.Is(err, tctx.Err()):
		return fmt.Errorf("no answer from %s within --timeout %s: %w", strings.Join(cfg.Brokers, ","), o.Timeout, err)
	}
	// One line per failed topic, each prefixed like any kafkit error.
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			fmt.Fprintf(o.IO.Err, "kafkit: %v\n", e)
		}
		return ExitWith(ExitFailure, nil)
	}
	return err
}

// printAs writes v as JSON, or with text. When the operation failed as a
// whole (opErr, and nothing to show), it prints nothing: an empty table or
// [] would read as an answer.
func printAs[T any](o *topicOptions, v []T, opErr error, text func(io.Writer, []T) error) error {
	if opErr != nil && len(v) == 0 {
		return nil
	}
	if o.Format == "json" {
		if v == nil {
			v = []T{}
		}
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return text(o.IO.Out, v)
}

// topicConfigs parses and checks name=value pairs given with flag (-c,
// --set).
func topicConfigs(flag string, pairs []string) (map[string]string, error) {
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		name, value, ok := strings.Cut(kv, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, UsageErrorf("invalid %s %q: want name=value", flag, kv)
		}
		// Kafka trims config values before parsing them; kfake does
		// not, so the trimmed value is the one checked and sent.
		value = strings.TrimSpace(value)
		if err := catalog.Check(catalog.Topic, name, value, catalog.ModeBoth); err != nil {
			return nil, AsUsage(fmt.Errorf("%s: %w", flag, err))
		}
		if _, dup := out[name]; dup {
			return nil, UsageErrorf("%s %s given twice", flag, name)
		}
		out[name] = value
	}
	return out, nil
}

// checkTopicName applies Kafka's rules for topic names, so that a bad name
// is a usage error naming the rule rather than the broker's error code.
func checkTopicName(name string) error {
	switch {
	case name == "":
		return UsageErrorf("empty topic name")
	case name == "." || name == "..":
		return UsageErrorf("invalid topic name %q: %q and %q are not allowed", name, ".", "..")
	case len(name) > 249:
		return UsageErrorf("invalid topic name %q: at most 249 characters, it has %d", name[:20]+"...", len(name))
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return UsageErrorf("invalid topic name %q: only ASCII letters, digits, '.', '_' and '-' are allowed, not %q", name, r)
		}
	}
	return nil
}

func printTopicList(w io.Writer, topics []client.Topic) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPARTITIONS\tREPLICAS")
	for _, t := range topics {
		name := t.Name
		if t.Internal {
			name += " (internal)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\n", name, t.Partitions, t.ReplicationFactor)
	}
	return tw.Flush()
}

func printTopicDescriptions(w io.Writer, topics []client.Topic) error {
	for i, t := range topics {
		if i > 0 {
			fmt.Fprintln(w)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "NAME\t%s\n", t.Name)
		if t.ID != "" {
			fmt.Fprintf(tw, "ID\t%s\n", t.ID)
		}
		if t.Internal {
			fmt.Fprintln(tw, "INTERNAL\tyes")
		}
		fmt.Fprintf(tw, "PARTITIONS\t%d\n", t.Partitions)
		fmt.Fprintf(tw, "REPLICAS\t%d\n", t.ReplicationFactor)
		switch {
		case t.ConfigsUnknown:
			fmt.Fprintln(tw, "CONFIGS\t(could not be read)")
		case len(t.Configs) == 0:
			fmt.Fprintln(tw, "CONFIGS\t(all at the broker's defaults)")
		}
		for j, c := range t.Configs {
			label := ""
			if j == 0 {
				label = "CONFIGS"
			}
			fmt.Fprintf(tw, "%s\t%s=%s\n", label, c.Name, c.Value)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PARTITION\tLEADER\tREPLICAS\tISR\tSTART\tEND\tRECORDS")
		for _, p := range t.PartitionDetails {
			records := "-"
			if p.Start >= 0 && p.End >= 0 {
				records = fmt.Sprint(p.End - p.Start)
			}
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%d\t%s\n", p.Partition, p.Leader, ids(p.Replicas), ids(p.ISR), p.Start, p.End, records)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func ids(v []int32) string {
	s := make([]string, len(v))
	for i, id := range v {
		s[i] = fmt.Sprint(id)
	}
	return "[" + strings.Join(s, ",") + "]"
}

func printCreated(w io.Writer, created []client.Created) error {
	for _, c := range created {
		if c.Existed {
			fmt.Fprintf(w, "topic %s already exists\n", c.Name)
			continue
		}
		fmt.Fprintf(w, "created topic %s (%d %s, replication factor %d)\n", c.Name, c.Partitions, plural(int64(c.Partitions), "partition", "partitions"), c.ReplicationFactor)
	}
	return nil
}

func printValidated(w io.Writer, created []client.Created) error {
	for _, c := range created {
		if c.Existed {
			fmt.Fprintf(w, "topic %s already exists\n", c.Name)
			continue
		}
		fmt.Fprintf(w, "would create topic %s (%d %s, replication factor %d); --dry-run created nothing\n", c.Name, c.Partitions, plural(int64(c.Partitions), "partition", "partitions"), c.ReplicationFactor)
	}
	return nil
}

func printDeleted(w io.Writer, deleted []string) error {
	for _, t := range deleted {
		fmt.Fprintf(w, "deleted topic %s\n", t)
	}
	return nil
}
