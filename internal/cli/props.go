package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/client"
)

// defaultBrokers is where produce and consume look for a broker when
// neither -b, KAFKIT_BROKERS nor bootstrap.servers says otherwise: where
// `kafkit dev` and the compose stack listen.
const defaultBrokers = "localhost:9092"

// envBrokers names the environment variable that replaces defaultBrokers.
const envBrokers = "KAFKIT_BROKERS"

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
	f.StringVarP(&p.Brokers, "brokers", "b", defaultBrokers, "bootstrap brokers, host:port[,host:port...] (also $"+envBrokers+"; same as -X bootstrap.servers)")
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

// flagProp maps a command-line flag to the property it sets.
type flagProp struct {
	flag  string // the flag's long name
	name  string // the property
	value func() string
}

// loadClientConfig resolves the property layers for role: kafkit's
// defaults (the given ones plus the flags' defaults), $KAFKIT_BROKERS, -F,
// -X, then the flags the user changed. Property problems come back as usage
// errors (exit 2); notes are printed on errw.
func loadClientConfig(cmd *cobra.Command, role client.Role, p *propFlags, defaults []client.Property, flags []flagProp, errw io.Writer) (*client.Config, error) {
	layers, err := clientLayers(cmd, p, defaults, flags)
	if err != nil {
		return nil, err
	}
	cfg, err := client.Load(role, layers...)
	if err != nil {
		if client.IsPropertyError(err) {
			return nil, AsUsage(err)
		}
		return nil, err
	}
	for _, n := range cfg.Notes {
		fmt.Fprintf(errw, "kafkit: note: %s\n", n)
	}
	return cfg, nil
}

// clientLayers reads the property layers, lowest precedence first: kafkit's
// defaults (the given ones plus the flags' defaults), $KAFKIT_BROKERS, -F,
// -X, then the flags the user changed. Problems reading them are usage
// errors.
func clientLayers(cmd *cobra.Command, p *propFlags, defaults []client.Property, flags []flagProp) ([][]client.Property, error) {
	var def, env, file, set, typed []client.Property
	def = append(def, client.Property{Name: "bootstrap.servers", Value: defaultBrokers, Origin: "kafkit default"})
	def = append(def, defaults...)
	if v := os.Getenv(envBrokers); v != "" {
		env = append(env, client.Property{Name: "bootstrap.servers", Value: v, Origin: "$" + envBrokers})
	}
	if p.ConfigFile != "" {
		props, err := client.ReadPropertiesFile(p.ConfigFile)
		if err != nil {
			return nil, AsUsage(fmt.Errorf("-F: %w", err))
		}
		file = props
	}
	for _, kv := range p.Set {
		prop, err := client.ParseSetFlag(kv)
		if err != nil {
			return nil, AsUsage(err)
		}
		set = append(set, prop)
	}
	all := append([]flagProp{{flag: "brokers", name: "bootstrap.servers", value: func() string { return p.Brokers }}}, flags...)
	for _, fp := range all {
		f := cmd.Flags().Lookup(fp.flag)
		if f == nil {
			return nil, fmt.Errorf("internal: no flag --%s", fp.flag)
		}
		prop := client.Property{Name: fp.name, Value: fp.value(), Origin: "--" + fp.flag}
		if f.Changed {
			typed = append(typed, prop)
		} else {
			prop.Origin = "default of --" + fp.flag
			def = append(def, prop)
		}
	}
	return [][]client.Property{def, env, file, set, typed}, nil
}

// millis renders a duration as a property value in milliseconds.
func millis(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }
