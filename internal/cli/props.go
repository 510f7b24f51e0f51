package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
)

// propFlags are the client property flags shared by produce and consume.
type propFlags struct {
	Brokers    string
	Set        []string // -X name=value
	ConfigFile string   // -F path
}

const propHelp = `Client properties use the names of the Java client or librdkafka: -X name=value
(repeatable) and -F FILE (a .properties file). Precedence, lowest first: kafkit's
defaults, $KAFKIT_BROKERS, -F, -X, then the flags you type. An unknown or misspelt
property is an error with the nearest real name; a real property kafkit does not
apply yet is an error too; nothing is silently ignored. "kafkit params NAME"
describes any property.`

func addPropFlags(cmd *cobra.Command, p *propFlags) {
	f := cmd.Flags()
	f.StringVarP(&p.Brokers, "brokers", "b", client.DefaultBrokers, "bootstrap brokers, host:port[,host:port...] (also $"+client.EnvBrokers+"; same as -X bootstrap.servers)")
	f.StringArrayVarP(&p.Set, "property", "X", nil, "client property name=value, Java or librdkafka name (repeatable)")
	f.StringVarP(&p.ConfigFile, "config", "F", "", "client properties file (.properties format)")
	_ = cmd.MarkFlagFilename("config", "properties")
}

// completeProperties makes shell completion of -X offer the properties
// kafkit applies for role.
func completeProperties(cmd *cobra.Command, role client.Role) {
	_ = cmd.RegisterFlagCompletionFunc("property", func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, n := range client.SupportedNames(role) {
			if strings.HasPrefix(n, prefix) {
				names = append(names, n+"=")
			}
		}
		return names, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	})
}

// fixedCompletion completes a flag from a fixed list of values.
func fixedCompletion(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// changed is the set of flags the user typed. RunE records it with
// changedFlags, so that run functions, which never see cobra, can tell a
// flag given from its default.
type changed map[string]bool

// changedFlags returns the flags of cmd that the user typed.
func changedFlags(cmd *cobra.Command) changed {
	set := changed{}
	cmd.Flags().Visit(func(f *pflag.Flag) { set[f.Name] = true })
	return set
}

// has says whether the user typed the flag (its long name).
func (c changed) has(flag string) bool { return c[flag] }

// flagProp maps a command-line flag to the property it sets, typed or not.
func flagProp(set changed, flag, property, value string) client.Flag {
	return client.Flag{Name: flag, Property: property, Value: value, Typed: set.has(flag)}
}

// layers returns a command's property sources for client.Layers: -b (the
// first of the flags), -F, -X, then flags, the other flags that set a
// property; defaults are the command's own.
func (p *propFlags) layers(set changed, defaults []client.Property, flags ...client.Flag) client.Layers {
	return client.Layers{
		Defaults: defaults,
		File:     p.ConfigFile,
		Set:      p.Set,
		Flags:    append([]client.Flag{flagProp(set, "brokers", "bootstrap.servers", p.Brokers)}, flags...),
	}
}

// loadClientConfig resolves a command's property layers for role. Property
// problems come back as usage errors (exit 2); notes are printed on errw.
func loadClientConfig(role client.Role, layers client.Layers, errw io.Writer) (*client.Config, error) {
	cfg, err := layers.Load(role)
	if err != nil {
		return nil, asUserError(err)
	}
	for _, n := range cfg.Notes {
		fmt.Fprintf(errw, "kafkit: note: %s\n", n)
	}
	return cfg, nil
}

// asUserError makes the errors that are the user's to fix (properties,
// their files) usage errors, exit 2.
func asUserError(err error) error {
	if client.IsUserError(err) {
		return AsUsage(err)
	}
	return err
}

// connect is client.Connect for a command: a configuration franz-go
// refuses is a usage error; an unreachable broker, an authentication
// failure or an interrupt come back as Connect says them.
func connect(ctx context.Context, cfg *client.Config, timeout time.Duration, extra ...kgo.Opt) (*client.Session, error) {
	s, err := client.Connect(ctx, cfg, timeout, extra...)
	if err != nil {
		return nil, asUserError(err)
	}
	return s, nil
}

// millis renders a duration as a property value in milliseconds.
func millis(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }
