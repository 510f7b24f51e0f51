package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/client"
)

func init() { register(newBrokerCmd) }

func newBrokerCmd(ios *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "broker",
		Short: "Inspect and change a running broker's configuration",
	}
	config := &cobra.Command{
		Use:   "config",
		Short: "Show a broker's effective configuration, or change its dynamic settings",
		Long: `Show a broker's effective configuration with where each value comes from, or
change the settings Kafka lets you change without a restart.

Sources, lowest precedence first: default (Kafka's built-in value), static
(server.properties), dynamic cluster-wide (set at run time for every broker),
dynamic per-broker (set at run time for one broker).

` + propHelp + ` Only the properties that producers
and consumers share apply (brokers, security, timeouts, client.id); others are
noted and not used.

Exit codes: 0 done, 1 the broker failed or refused, 2 usage error (unknown,
read-only or invalid setting), 130 interrupted.`,
		Example: `  kafkit broker config describe --broker 1
  kafkit broker config describe --changed          # only what differs from Kafka's defaults
  kafkit broker config alter --broker 1 --set log.cleaner.threads=2
  kafkit broker config alter --cluster --set log.retention.ms=86400000 --delete message.max.bytes`,
	}
	config.AddCommand(newBrokerConfigDescribeCmd(ios), newBrokerConfigAlterCmd(ios))
	cmd.AddCommand(config)
	return cmd
}

// brokerConfigView is a broker setting with the catalogue's opinion of it.
type brokerConfigView struct {
	client.BrokerConfig
	// CatalogueDefault is Kafka 3.9's documented default; absent when the
	// catalogue has none for this name.
	CatalogueDefault *string `json:"catalogue_default,omitempty"`
	// Differs says that the value is not the documented default.
	Differs bool `json:"differs_from_default"`
}

type brokerConfigsView struct {
	Broker  *int32             `json:"broker"`
	Configs []brokerConfigView `json:"configs"`
}

func newBrokerConfigDescribeCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var (
		broker  int32
		cluster bool
		changed bool
	)
	cmd := &cobra.Command{
		Use:   "describe",
		Short: "Show every setting of a broker, its value's source, and whether it differs from the default",
		Long: `Show every setting of a broker (--broker ID; without it, each broker of the
cluster) with its value and source, or with --cluster the cluster-wide dynamic
settings alone. A value that differs from Kafka 3.9's documented default is
marked with * and the default shown beside it; --changed shows only those and
the settings not at their default source.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Changed = changedFlags(cmd)
			if cluster && o.Changed.has("broker") {
				return UsageErrorf("--broker and --cluster: give one")
			}
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				var ids []int32
				switch {
				case o.Changed.has("broker"):
					if err := checkBroker(ctx, cl, broker); err != nil {
						return err
					}
					ids = []int32{broker}
				case !cluster:
					var err error
					if ids, err = client.BrokerIDs(ctx, cl); err != nil {
						return err
					}
				}
				all, err := client.DescribeBrokerConfigs(ctx, cl, ids)
				views := make([]brokerConfigsView, 0, len(all))
				for _, bc := range all {
					views = append(views, brokerView(bc, changed))
				}
				if perr := printAs(o, views, err, printBrokerConfigs); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	addTopicFlags(cmd, o, true)
	f := cmd.Flags()
	f.Int32Var(&broker, "broker", 0, "the broker's id (default: every broker)")
	f.BoolVar(&cluster, "cluster", false, "show the cluster-wide dynamic settings only")
	f.BoolVar(&changed, "changed", false, "show only the settings not at Kafka's default")
	return cmd
}

func brokerView(bc client.BrokerConfigs, changed bool) brokerConfigsView {
	v := brokerConfigsView{Broker: bc.Broker, Configs: []brokerConfigView{}}
	for _, c := range bc.Configs {
		cv := brokerConfigView{BrokerConfig: c}
		if p, ok := catalog.LookupKey(catalog.Broker, c.Name); ok && !p.Required && !c.Sensitive {
			// A documented default of null is no value at all.
			def := "null"
			if p.HasDefault {
				def = p.Default
			}
			cv.CatalogueDefault = &def
			cv.Differs = !sameConfigValue(p.Type, c.Value, def)
		}
		if changed && !cv.Differs && c.Source == client.SourceDefault {
			continue
		}
		v.Configs = append(v.Configs, cv)
	}
	return v
}

// sameConfigValue compares a broker's value with the catalogue's default
// for a config of type typ, as Kafka parses them: numbers by value, lists
// item by item, booleans without case, no value as "null" or "".
func sameConfigValue(typ string, value *string, def string) bool {
	v := ""
	if value != nil {
		v = strings.TrimSpace(*value)
	}
	def = strings.TrimSpace(def)
	if def == "null" || def == `""` {
		def = ""
	}
	if v == def {
		return true
	}
	switch typ {
	case "boolean":
		return strings.EqualFold(v, def)
	case "int", "short", "long":
		a, err1 := strconv.ParseInt(v, 10, 64)
		b, err2 := strconv.ParseInt(def, 10, 64)
		return err1 == nil && err2 == nil && a == b
	case "double":
		a, err1 := strconv.ParseFloat(v, 64)
		b, err2 := strconv.ParseFloat(def, 64)
		return err1 == nil && err2 == nil && math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
	case "list":
		norm := func(s string) string {
			s = strings.Trim(s, "[]")
			parts := strings.Split(s, ",")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			return strings.Join(parts, ",")
		}
		return norm(v) == norm(def)
	}
	return false
}

func printBrokerConfigs(w io.Writer, views []brokerConfigsView) error {
	for i, v := range views {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if v.Broker != nil {
			fmt.Fprintf(w, "BROKER %d\n", *v.Broker)
		} else {
			fmt.Fprintln(w, "CLUSTER-WIDE")
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tVALUE\tSOURCE\tDEFAULT")
		for _, c := range v.Configs {
			val := "null"
			switch {
			case c.Sensitive:
				val = "(sensitive)"
			case c.Value != nil:
				val = *c.Value
			}
			def := ""
			if c.Differs {
				def = "* " + *c.CatalogueDefault
				if *c.CatalogueDefault == "" {
					def = `* ""`
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, val, c.Source, def)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func newBrokerConfigAlterCmd(ios *IO) *cobra.Command {
	o := &topicOptions{IO: ios}
	var (
		set, del []string
		broker   int32
		cluster  bool
	)
	cmd := &cobra.Command{
		Use:   "alter (--broker ID | --cluster) --set name=value... --delete name...",
		Short: "Change a broker's dynamic settings without a restart",
		Long: `Set (--set name=value) or remove (--delete name) dynamic broker settings, for
one broker (--broker ID) or for every broker (--cluster), with one incremental
alter-configs request: settings not named are left as they are. A removed
setting falls back to the cluster-wide value, then server.properties, then the
default.

Each name and value is checked against kafkit's catalogue first: a misspelt name
gets the nearest real one, an invalid value its reason, a setting that only a
restart changes is refused (edit server.properties instead), and a per-broker
setting (listeners, TLS stores) is refused with --cluster, as Kafka does.`,
		Example: `  kafkit broker config alter --broker 1 --set log.cleaner.threads=2
  kafkit broker config alter --cluster --set log.retention.ms=86400000
  kafkit broker config alter --cluster --delete log.retention.ms`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Changed = changedFlags(cmd)
			hasBroker := o.Changed.has("broker")
			if hasBroker == cluster {
				return UsageErrorf("say what to change: --broker ID (one broker) or --cluster (every broker)")
			}
			changes, err := brokerChanges(set, del, cluster)
			if err != nil {
				return err
			}
			var id *int32
			what := "cluster-wide broker configs"
			if hasBroker {
				id = &broker
				what = fmt.Sprintf("broker %d", broker)
			}
			return o.run(cmd.Context(), func(ctx context.Context, cl *kgo.Client) error {
				if id != nil {
					if err := checkBroker(ctx, cl, *id); err != nil {
						return err
					}
				}
				if err := client.AlterBrokerConfigs(ctx, cl, id, changes); err != nil {
					return err
				}
				if o.Format == "json" {
					enc := json.NewEncoder(o.IO.Out)
					enc.SetIndent("", "  ")
					return enc.Encode(map[string]any{"broker": id, "altered": changes})
				}
				fmt.Fprintf(o.IO.Out, "altered %s: %s\n", what, describeBrokerChanges(changes))
				return nil
			})
		},
	}
	addTopicFlags(cmd, o, true)
	f := cmd.Flags()
	f.Int32Var(&broker, "broker", 0, "the broker to change")
	f.BoolVar(&cluster, "cluster", false, "change the cluster-wide value, for every broker")
	f.StringArrayVar(&set, "set", nil, "setting name=value (repeatable), checked against the catalogue")
	f.StringArrayVar(&del, "delete", nil, "dynamic setting to remove (repeatable)")
	return cmd
}

// checkBroker fails when the cluster has no broker id, naming the ones it
// has.
func checkBroker(ctx context.Context, cl *kgo.Client, id int32) error {
	have, err := client.BrokerIDs(ctx, cl)
	if err != nil {
		return err
	}
	for _, b := range have {
		if b == id {
			return nil
		}
	}
	return fmt.Errorf("no broker %d in the cluster (its brokers: %s)", id, strings.Trim(ids(have), "[]"))
}

func describeBrokerChanges(changes []client.ConfigChange) string {
	parts := make([]string, len(changes))
	for i, c := range changes {
		if c.Value == nil {
			parts[i] = c.Name + " removed"
		} else {
			parts[i] = c.Name + "=" + *c.Value
		}
	}
	return strings.Join(parts, ", ")
}

// brokerChanges checks --set and --delete against the catalogue: the name
// exists, it can change at run time (at the cluster level too when
// cluster), and a set value is valid.
func brokerChanges(set, del []string, cluster bool) ([]client.ConfigChange, error) {
	if len(set) == 0 && len(del) == 0 {
		return nil, UsageErrorf("nothing to change: give --set name=value or --delete name")
	}
	seen := map[string]bool{}
	check := func(flag, name string) (*catalog.Param, error) {
		p, ok := catalog.LookupKey(catalog.Broker, name)
		switch {
		case !ok:
			return nil, AsUsage(fmt.Errorf("%s: %w", flag, &catalog.UnknownError{Component: catalog.Broker, Name: name, Suggestions: catalog.Suggest(catalog.Broker, name)}))
		case p.UpdateMode == "read-only":
			return nil, UsageErrorf("%s: %s is read-only at run time and needs a restart: edit server.properties (or the stack's KAFKA_* setting) and restart the broker", flag, name)
		case cluster && p.UpdateMode == "per-broker":
			return nil, UsageErrorf("%s: %s can only be changed per broker, not cluster-wide: use --broker ID", flag, name)
		case catalog.DynamicOnlyPerListener(name):
			return nil, UsageErrorf("%s: %s can be changed at run time only for one listener: use listener.name.NAME.%s, NAME being the listener's name in lower case (listener.name.ssl.%s)", flag, name, name, name)
		case seen[name]:
			return nil, UsageErrorf("%s is changed twice", name)
		}
		seen[name] = true
		return p, nil
	}
	var changes []client.ConfigChange
	for _, kv := range set {
		name, value, ok := strings.Cut(kv, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" {
			return nil, UsageErrorf("invalid --set %q: want name=value", kv)
		}
		p, err := check("--set", name)
		if err != nil {
			return nil, err
		}
		if err := p.Validate(value); err != nil {
			return nil, AsUsage(fmt.Errorf("--set: %w", err))
		}
		changes = append(changes, client.ConfigChange{Name: name, Value: &value})
	}
	for _, name := range del {
		name = strings.TrimSpace(name)
		if _, err := check("--delete", name); err != nil {
			return nil, err
		}
		changes = append(changes, client.ConfigChange{Name: name})
	}
	return changes, nil
}
