package cli

import (
	"fmt"

	"github.com/kafkit/kafkit/catalog"
)

// checkDevConfig validates a -c name=value for `kafkit dev` against the
// catalogue, so a typo is caught rather than silently ignored.
func checkDevConfig(name, value string) error {
	if _, ok := catalog.Lookup(catalog.Broker, name); !ok {
		return fmt.Errorf("unknown broker config %q", name)
	}
	return nil
}
