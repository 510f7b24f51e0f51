package client

import (
	"errors"
	"fmt"
	"os"
)

// DefaultBrokers is where a client looks for a broker when neither a flag,
// EnvBrokers nor bootstrap.servers says otherwise: where `kafkit dev` and
// the compose stack listen.
const DefaultBrokers = "localhost:9092"

// EnvBrokers names the environment variable that replaces DefaultBrokers.
const EnvBrokers = "KAFKIT_BROKERS"

// Layers are the sources of a command's client properties. Resolve turns
// them into property layers, lowest precedence first:
//
//  1. defaults: bootstrap.servers=DefaultBrokers, then Defaults, then the
//     default values of the Flags the user did not type;
//  2. the environment: $KAFKIT_BROKERS, as bootstrap.servers;
//  3. File, a .properties file (-F);
//  4. Set, name=value pairs (-X), in the order given;
//  5. the Flags the user typed.
//
// Later wins, also across spellings of a property (see Load).
type Layers struct {
	// Defaults are the command's own defaults (group.id=kafkit-perf, for
	// instance), above DefaultBrokers and below the flags' defaults.
	Defaults []Property
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// File is the properties file, "" for none.
	File string
	// Set are the -X arguments as typed, "name=value" each.
	Set []string
	// Flags are the command-line flags that set a property.
	Flags []Flag
}

// Flag is a command-line flag that sets a property: --brokers sets
// bootstrap.servers, produce's --timeout sets delivery.timeout.ms.
type Flag struct {
	Name     string // the flag's long name, without dashes, for origins
	Property string // the property it sets
	Value    string // the flag's value, as a property value
	// Typed says the user gave the flag. A flag not typed still counts,
	// as a default, below the environment and the file.
	Typed bool
}

// SourceError reports a source of properties that could not be read: a -F
// file that is missing, unreadable or not a properties file. Its message
// starts with the source's flag, then says what was wrong with which file.
type SourceError struct {
	Source string // "-F"
	Path   string
	Err    error
}

func (e *SourceError) Error() string { return e.Source + ": " + e.Err.Error() }

func (e *SourceError) Unwrap() error { return e.Err }

// Resolve reads the layers' sources and returns the properties, one slice
// per layer, lowest precedence first, each property with its origin
// ("kafkit default", "default of --timeout", "$KAFKIT_BROKERS",
// "client.properties:3", "-X", "--brokers"). A file that cannot be read is a
// SourceError, a -X argument that is not name=value a PropertyError.
func (l Layers) Resolve() ([][]Property, error) {
	def := []Property{{Name: "bootstrap.servers", Value: DefaultBrokers, Origin: "kafkit default"}}
	def = append(def, l.Defaults...)
	var env, file, set, typed []Property
	getenv := l.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if v := getenv(EnvBrokers); v != "" {
		env = append(env, Property{Name: "bootstrap.servers", Value: v, Origin: "$" + EnvBrokers})
	}
	if l.File != "" {
		props, err := ReadPropertiesFile(l.File)
		if err != nil {
			return nil, &SourceError{Source: "-F", Path: l.File, Err: err}
		}
		file = props
	}
	for _, kv := range l.Set {
		p, err := ParseSetFlag(kv)
		if err != nil {
			return nil, err
		}
		set = append(set, p)
	}
	for _, f := range l.Flags {
		if f.Name == "" || f.Property == "" {
			return nil, fmt.Errorf("client: flag %q for property %q: both names are needed", f.Name, f.Property)
		}
		p := Property{Name: f.Property, Value: f.Value, Origin: "--" + f.Name}
		if f.Typed {
			typed = append(typed, p)
		} else {
			p.Origin = "default of --" + f.Name
			def = append(def, p)
		}
	}
	return [][]Property{def, env, file, set, typed}, nil
}

// Load resolves the layers and loads them for role (see Load): the one way
// a command's sources become a client configuration.
func (l Layers) Load(role Role) (*Config, error) {
	layers, err := l.Resolve()
	if err != nil {
		return nil, err
	}
	return Load(role, layers...)
}

// IsUserError reports whether err is the user's to fix: a property kafkit
// cannot apply (a PropertyError) or a source of properties it cannot read (a
// SourceError). Commands report these as usage errors.
func IsUserError(err error) bool {
	var se *SourceError
	return IsPropertyError(err) || errors.As(err, &se)
}
