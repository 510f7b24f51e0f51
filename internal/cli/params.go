package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/catalog"
)

func init() { register(newParamsCmd) }

const paramsLong = `Explore the parameter catalogue: every Kafka 3.9 broker parameter (ZooKeeper and
KRaft mode), every topic-level config, every ZooKeeper 3.8 server parameter, the
Java producer and consumer properties and librdkafka's, with their type, default,
valid values and importance as Kafka's own ConfigDefs state them, a description,
and how each common image (cp-kafka, apache/kafka, bitnami, cp-zookeeper,
zookeeper) sets it.

--kafka 4.x switches list, show, search and check to the Kafka 4.x line (4.4.0,
KRaft only, no ZooKeeper); "kafkit params diff 3.9 4.x" lists what changed.

"kafkit params NAME" is short for "kafkit params show NAME". NAME may be a
property name or any image's environment variable for one.`

func newParamsCmd(ios *IO) *cobra.Command {
	var format, kafka string
	cmd := &cobra.Command{
		Use:   "params [NAME]",
		Short: "Explore, explain and check every Kafka, ZooKeeper and client parameter",
		Long:  paramsLong,
		Example: `  kafkit params list --component broker --mode zk       # every ZooKeeper-mode broker parameter
  kafkit params show log.retention.hours                # type, default, how to set it per image
  kafkit params KAFKA_CFG_LOG_RETENTION_HOURS           # the same, from an environment variable
  kafkit params search retention bytes                  # ranked matches over names and descriptions
  kafkit params check num.partitions=0 listeners=PLAINTEXT://:9092
  kafkit params show --kafka 4.x group.coordinator.rebalance.protocols
  kafkit params diff 3.9 4.x                            # the migration checklist`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			return runParamsShow(c.Context(), &paramsShowOptions{Out: ios.Out, Err: ios.Err, Name: args[0], Format: format, Kafka: kafka})
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	addKafkaFlag(cmd, &kafka)
	cmd.AddCommand(newParamsListCmd(ios), newParamsShowCmd(ios), newParamsSearchCmd(ios), newParamsCheckCmd(ios), newParamsDiffCmd(ios))
	return cmd
}

// --- list ---

type paramsListOptions struct {
	Out        io.Writer
	Component  string
	Mode       string
	Importance string
	Dynamic    bool
	All        bool
	Format     string
	Kafka      string
}

func newParamsListCmd(ios *IO) *cobra.Command {
	o := &paramsListOptions{Out: ios.Out}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List parameters as a table or JSON",
		Long: `List parameters: name, type, default and importance as an aligned table, or
every field as a JSON array (default is null when the documentation gives none).
Without --component every component is listed. The broker's internal configs and
the keys its authorizer reads (super.users, allow.everyone.if.no.acl.found, ...)
are left out, as in Kafka's configuration reference, and so are the zoo.cfg keys
ZooKeeper reads beyond its admin guide's list (quorum.auth.*, peerType, ...),
unless --all is given.`,
		Example: `  kafkit params list --component broker --mode zk
  kafkit params list --component topic --format json | jq length     # 36
  kafkit params list --component broker --dynamic --importance high`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runParamsList(c.Context(), o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.Component, "component", "", "broker, topic, zookeeper, producer, consumer, admin or librdkafka")
	f.StringVar(&o.Mode, "mode", "", "only parameters that apply in this broker mode: zk or kraft")
	f.StringVar(&o.Importance, "importance", "", "high, medium or low")
	f.BoolVar(&o.Dynamic, "dynamic", false, "only broker parameters that can change without a restart")
	f.BoolVar(&o.All, "all", false, "also the broker's internal configs, the authorizer's keys and ZooKeeper's keys outside its admin guide")
	f.StringVar(&o.Format, "format", "text", "output format: text or json")
	addKafkaFlag(cmd, &o.Kafka)
	return cmd
}

func runParamsList(_ context.Context, o *paramsListOptions) error {
	k, err := paramsCatalog(o.Kafka)
	if err != nil {
		return err
	}
	f := catalog.Filter{Version: k.Version()}
	if o.Component != "" {
		c, err := paramsComponent(k, o.Component)
		if err != nil {
			return err
		}
		f.Component = c
	}
	if o.Mode != "" {
		m, err := parseParamsMode(k, o.Mode)
		if err != nil {
			return err
		}
		f.Mode = m
	}
	switch strings.ToLower(o.Importance) {
	case "", "high", "medium", "low":
		f.Importance = strings.ToLower(o.Importance)
	default:
		return UsageErrorf("--importance: unknown importance %q (one of high, medium, low)", o.Importance)
	}
	f.Dynamic = o.Dynamic
	f.All = o.All
	if err := checkParamsFormat(o.Format); err != nil {
		return err
	}
	ps := catalog.List(f)
	if o.Format == "json" {
		views := make([]catalog.ParamView, len(ps))
		for i, p := range ps {
			views[i] = catalog.NewParamView(p)
		}
		return writeParamsJSON(o.Out, views)
	}
	return writeParamsTable(o.Out, ps, f.Component == "")
}

// --- show ---

type paramsShowOptions struct {
	Out, Err  io.Writer
	Name      string
	Component string
	Format    string
	Kafka     string
}

func newParamsShowCmd(ios *IO) *cobra.Command {
	o := &paramsShowOptions{Out: ios.Out, Err: ios.Err}
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Everything about one parameter, and how to set it in each image",
		Long: `Show one parameter: description, type, default, valid values, importance, update
mode, broker mode, deprecation, related parameters, the line for its configuration
file, and the compose environment line for each image that can set it (or why an
image cannot). NAME is a property name or an image's environment variable
(KAFKA_LOG_RETENTION_HOURS, KAFKA_CFG_LOG_RETENTION_HOURS, ZOOKEEPER_TICK_TIME,
ZOO_TICK_TIME). A name several components share (compression.type) shows each;
--component picks one. An unknown name exits with code 2 and the nearest names.`,
		Example: `  kafkit params show log.retention.hours
  kafkit params show ZOOKEEPER_TICK_TIME
  kafkit params show compression.type --component topic --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Name = args[0]
			return runParamsShow(c.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Component, "component", "", "only this component's parameter of that name")
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	addKafkaFlag(cmd, &o.Kafka)
	return cmd
}

func runParamsShow(_ context.Context, o *paramsShowOptions) error {
	if err := checkParamsFormat(o.Format); err != nil {
		return err
	}
	k, err := paramsCatalog(o.Kafka)
	if err != nil {
		return err
	}
	var comp catalog.Component
	if o.Component != "" {
		c, err := paramsComponent(k, o.Component)
		if err != nil {
			return err
		}
		comp = c
	}
	var ps []*catalog.Param
	for _, p := range k.ResolveName(o.Name) {
		if comp == "" || p.Component == comp {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		comps := k.Components()
		if comp != "" {
			comps = []catalog.Component{comp}
		}
		_, err := k.CheckAny(comps, o.Name, "", catalog.ModeBoth)
		var re *catalog.RemovedError
		if errors.As(err, &re) {
			return ExitWith(ExitFailure, err)
		}
		var ue *catalog.UnknownError
		if errors.As(err, &ue) {
			what := "parameter"
			if comp != "" {
				what = string(comp) + " parameter"
			}
			msg := fmt.Sprintf("unknown %s %q", what, o.Name)
			if len(ue.Suggestions) > 0 {
				msg += "; did you mean: " + strings.Join(ue.Suggestions, ", ")
			}
			return UsageErrorf("%s (kafkit params search WORDS finds parameters by subject)", msg)
		}
		return UsageErrorf("unknown parameter %q", o.Name)
	}
	views := make([]catalog.ShowView, len(ps))
	for i, p := range ps {
		views[i] = catalog.NewShowView(p)
	}
	if o.Format == "json" {
		return writeParamsJSON(o.Out, views)
	}
	if !paramsIsPropertyName(ps, o.Name) {
		for _, ref := range catalog.PropertyFor(o.Name) {
			if ref.Param != nil {
				fmt.Fprintf(o.Err, "note: %s is the %s variable for %s\n", o.Name, ref.Image, ref.Param.Name)
			}
		}
	}
	return writeParamsShow(o.Out, views)
}

// paramsIsPropertyName reports whether name is one of the parameters' own names
// (rather than an environment variable for them).
func paramsIsPropertyName(ps []*catalog.Param, name string) bool {
	for _, p := range ps {
		if p2, ok := catalog.Kafka(paramVersion(p)).LookupKey(p.Component, name); ok && p2 == p {
			return true
		}
	}
	return false
}

// --- search ---

type paramsSearchOptions struct {
	Out       io.Writer
	Words     []string
	Component string
	Limit     int
	Format    string
	Kafka     string
}

func newParamsSearchCmd(ios *IO) *cobra.Command {
	o := &paramsSearchOptions{Out: ios.Out}
	cmd := &cobra.Command{
		Use:   "search WORDS...",
		Short: "Find parameters by words in their names and descriptions",
		Long: `Search names and descriptions for parameters that match every word, best
first: a word that is a whole part of the name counts most, then part of a name,
then a word of the description.`,
		Example: `  kafkit params search retention bytes
  kafkit params search --component zookeeper snapshot
  kafkit params search tls --limit 5 --format json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Words = args
			return runParamsSearch(c.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Component, "component", "", "only this component")
	cmd.Flags().IntVar(&o.Limit, "limit", 20, "at most this many results (0 for all)")
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	addKafkaFlag(cmd, &o.Kafka)
	return cmd
}

func runParamsSearch(_ context.Context, o *paramsSearchOptions) error {
	if err := checkParamsFormat(o.Format); err != nil {
		return err
	}
	if o.Limit < 0 {
		return UsageErrorf("--limit: must be 0 (all) or more, not %d", o.Limit)
	}
	k, err := paramsCatalog(o.Kafka)
	if err != nil {
		return err
	}
	var comp catalog.Component
	if o.Component != "" {
		c, err := paramsComponent(k, o.Component)
		if err != nil {
			return err
		}
		comp = c
	}
	var rs []catalog.SearchResult
	for _, r := range k.Search(o.Words) {
		if comp == "" || r.Param.Component == comp {
			rs = append(rs, r)
		}
	}
	if o.Limit > 0 && len(rs) > o.Limit {
		rs = rs[:o.Limit]
	}
	if o.Format == "json" {
		type hit struct {
			Name        string            `json:"name"`
			Component   catalog.Component `json:"component"`
			Score       int               `json:"score"`
			Type        string            `json:"type"`
			Description string            `json:"description"`
		}
		hits := make([]hit, len(rs))
		for i, r := range rs {
			hits[i] = hit{r.Param.Name, r.Param.Component, r.Score, r.Param.Type, r.Param.Description}
		}
		return writeParamsJSON(o.Out, hits)
	}
	if len(rs) == 0 {
		return ExitWith(ExitFailure, fmt.Errorf("no parameter matches %q", strings.Join(o.Words, " ")))
	}
	return writeParamsSearch(o.Out, rs)
}

// --- check ---

type paramsCheckOptions struct {
	Out, Err  io.Writer
	Entries   []string
	Component string
	Mode      string
	Kafka     string
}

func newParamsCheckCmd(ios *IO) *cobra.Command {
	o := &paramsCheckOptions{Out: ios.Out, Err: ios.Err}
	cmd := &cobra.Command{
		Use:   "check NAME=VALUE...",
		Short: "Check values as Kafka, ZooKeeper or the clients would",
		Long: `Check each NAME=VALUE as the program that reads it would: the type (booleans,
Java int/short/long ranges, doubles, lists), the documented range or list of values
with its case rules, the syntax of listeners, the protocol map, quorum and server
lists, class names; an unknown name gets the nearest real names; with --mode, a
parameter of the other broker mode is rejected. NAME may also be an image's
environment variable (KAFKA_NUM_PARTITIONS). Without --component a name is looked
up among broker, then topic, then ZooKeeper parameters. With --mode, rules across
the given broker parameters are checked too (listener names and protocols, node.id
against broker.id), and so are values Kafka refuses in that mode only
(remote.log.copy.disable=true in ZooKeeper mode). A value the program accepts but
does not take as written (autopurge.snapRetainCount below 3) is a "warn" line.

Exit code 1 when any entry is rejected; warnings alone exit 0.`,
		Example: `  kafkit params check num.partitions=0
  kafkit params check --mode zk listeners=INTERNAL://:9092 listener.security.protocol.map=INTERNAL:PLAINTEXT
  kafkit params check --component producer acks=all compression.type=zstd`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Entries = args
			return runParamsCheck(c.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Component, "component", "", "look names up in this component only")
	cmd.Flags().StringVar(&o.Mode, "mode", "", "the broker's mode, zk or kraft: rejects parameters of the other mode")
	addKafkaFlag(cmd, &o.Kafka)
	return cmd
}

func runParamsCheck(_ context.Context, o *paramsCheckOptions) error {
	k, err := paramsCatalog(o.Kafka)
	if err != nil {
		return err
	}
	comps := []catalog.Component{catalog.Broker, catalog.Topic, catalog.ZooKeeper}
	if k.Version() == catalog.V4 {
		comps = []catalog.Component{catalog.Broker, catalog.Topic}
	}
	if o.Component != "" {
		c, err := paramsComponent(k, o.Component)
		if err != nil {
			return err
		}
		comps = []catalog.Component{c}
	}
	mode := catalog.ModeBoth
	if o.Mode != "" {
		m, err := parseParamsMode(k, o.Mode)
		if err != nil {
			return err
		}
		mode = m
	}
	entries := make([][2]string, 0, len(o.Entries))
	for _, e := range o.Entries {
		name, value, ok := strings.Cut(e, "=")
		if !ok || name == "" {
			return UsageErrorf("%q is not NAME=VALUE", e)
		}
		entries = append(entries, [2]string{name, value})
	}
	results := k.CheckEntries(comps, entries, mode)
	rejected := writeParamsCheck(o.Out, results)
	if rejected > 0 {
		return ExitWith(ExitFailure, fmt.Errorf("%d of %d checks rejected", rejected, len(results)))
	}
	return nil
}

// --- shared helpers ---

func parseParamsMode(k *catalog.Catalog, s string) (catalog.Mode, error) {
	m, err := catalog.ParseMode(s)
	if err != nil || m == catalog.ModeBoth {
		return "", UsageErrorf("--mode: unknown mode %q (one of zk, kraft)", s)
	}
	if m == catalog.ModeZK && k.Version() == catalog.V4 {
		return "", UsageErrorf("--mode zk: Kafka 4.x has no ZooKeeper mode (use --kafka 3.9, or --mode kraft)")
	}
	return m, nil
}

// addKafkaFlag adds --kafka, the Kafka line a command answers for.
func addKafkaFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "kafka", "3.9", "Kafka line: 3.9 (ZooKeeper or KRaft) or 4.x (4.4.0, KRaft only)")
}

// paramsCatalog is the catalogue of the --kafka line.
func paramsCatalog(s string) (*catalog.Catalog, error) {
	if s == "" {
		return catalog.Kafka(catalog.V39), nil
	}
	v, err := catalog.ParseVersion(s)
	if err != nil {
		return nil, AsUsage(fmt.Errorf("--kafka: %w", err))
	}
	return catalog.Kafka(v), nil
}

// paramsComponent parses --component for line k, which may lack it.
func paramsComponent(k *catalog.Catalog, s string) (catalog.Component, error) {
	c, err := catalog.ParseComponent(s)
	if err != nil {
		return "", AsUsage(fmt.Errorf("--component: %w", err))
	}
	for _, have := range k.Components() {
		if have == c {
			return c, nil
		}
	}
	return "", UsageErrorf("--component %s: Kafka %s has no %s (it runs KRaft only; use --kafka 3.9)", c, k.Version(), c)
}

// paramVersion is the line a parameter belongs to (3.9 for ZooKeeper and
// librdkafka rows, which carry none).
func paramVersion(p *catalog.Param) catalog.Version {
	if p.Version == "" {
		return catalog.V39
	}
	return p.Version
}

func checkParamsFormat(f string) error {
	if f != "text" && f != "json" {
		return UsageErrorf("--format: unknown format %q (one of text, json)", f)
	}
	return nil
}
