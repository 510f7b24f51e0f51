package cli

import (
	"fmt"
	"strings"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/devbroker"
)

// checkDevConfig validates a -c name=value for `kafkit dev` against the
// catalogue, so a typo gets a suggestion and a bad value its reason instead
// of being silently ignored, then against what the development broker can
// apply as Kafka would.
func checkDevConfig(name, value string) error {
	if err := catalog.Check(catalog.Broker, name, value, catalog.ModeBoth); err != nil {
		return err
	}
	if !devbroker.Honours(name) {
		return fmt.Errorf("broker config %q is valid for Kafka but the development broker does not apply it (it applies %s)", name, strings.Join(devbroker.HonouredConfigs(), ", "))
	}
	return devbroker.CheckBrokerConfig(name, value)
}
