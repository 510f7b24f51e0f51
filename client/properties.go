package client

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kafkit/kafkit/javaconf"
)

// Property is one client property and where it came from. Origin appears in
// error messages so that a bad value can be found: "client.properties:12",
// "-X", "--brokers", "KAFKIT_BROKERS" or "kafkit default".
type Property struct {
	Name   string
	Value  string
	Origin string
}

// ReadPropertiesFile reads a .properties file (see ParseProperties); each
// property's Origin is "path:line".
func ReadPropertiesFile(path string) ([]Property, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("unable to read properties file: %w", err)
	}
	return ParseProperties(path, b)
}

// ParseProperties parses the text of a .properties file the way Java's
// java.util.Properties.load does, which is how the Java client and Kafka's
// command-line tools read --command-config and client.properties files
// (javaconf.ReadProperties has the rules, and what it does with non-ASCII
// bytes). Values are kept as written; Kafka trims them when it interprets
// them, and so does kafkit. A key given twice keeps its last value, as in
// Java; both are returned, in file order, and later ones win when the
// properties are applied. name labels the origin of each property
// ("name:line") and of an error.
func ParseProperties(name string, data []byte) ([]Property, error) {
	props, err := javaconf.ReadProperties(data)
	if err != nil {
		var se *javaconf.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s:%d: %w", name, se.Line, se.Err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := make([]Property, 0, len(props.Entries))
	for _, e := range props.Entries {
		out = append(out, Property{Name: e.Key, Value: e.Value, Origin: fmt.Sprintf("%s:%d", name, e.Line)})
	}
	return out, nil
}

// ParseSetFlag splits one -X argument, "name=value", into a Property with
// Origin "-X". Blanks around the name are trimmed; the value is kept as
// given.
func ParseSetFlag(arg string) (Property, error) {
	name, value, ok := strings.Cut(arg, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return Property{}, &PropertyError{Name: arg, Origin: "-X", Kind: Malformed,
			Err: fmt.Errorf("want name=value, for example -X acks=all")}
	}
	return Property{Name: name, Value: value, Origin: "-X"}, nil
}
