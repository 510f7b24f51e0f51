package catalog

import (
	"fmt"
	"strings"
)

// pluginPrefixes are the broker parameters whose value is a prefix under
// which the broker hands keys to a tiered-storage plugin
// (RemoteLogManagerConfig, Kafka 3.9 and 4.x), each with the plugin it
// feeds. The prefixes themselves are the rows' defaults, read from the data.
var pluginPrefixes = []struct{ param, plugin string }{
	{"remote.log.metadata.manager.impl.prefix", "RemoteLogMetadataManager"},
	{"remote.log.storage.manager.impl.prefix", "RemoteStorageManager"},
}

// pluginParams builds, from a line's broker rows, the parameter that stands
// for every key under each plugin prefix (see Param.PluginPrefix).
func pluginParams(v Version, rows map[string]*Param) ([]*Param, error) {
	var out []*Param
	for _, pp := range pluginPrefixes {
		row, ok := rows[pp.param]
		if !ok || !row.HasDefault || row.Default == "" {
			return nil, fmt.Errorf("catalog: %s broker: no %s row with a default, the prefix of the %s plugin's keys", v, pp.param, pp.plugin)
		}
		out = append(out, &Param{
			Name: row.Default + "*", Component: Broker, Version: v, Type: "string",
			Mode: row.Mode, UpdateMode: row.UpdateMode,
			Description: fmt.Sprintf("Any key that starts with %s (the default of %s) goes, with the prefix cut off, to the tiered-storage %s plugin the broker loads; "+
				"the plugin alone knows which keys and values it takes, so kafkit accepts every such key and checks no value.", row.Default, row.Name, pp.plugin),
			PluginPrefix: row.Default, PluginOf: row.Name, Plugin: pp.plugin,
		})
	}
	return out, nil
}

// PluginKey returns, for a broker key under a tiered-storage plugin's
// prefix (rlmm.config.KEY for the RemoteLogMetadataManager, rsm.config.KEY
// for the RemoteStorageManager, the defaults of
// remote.log.metadata.manager.impl.prefix and
// remote.log.storage.manager.impl.prefix), the parameter that stands for
// every key under that prefix. The prefix alone is no key.
func (k *Catalog) PluginKey(key string) (*Param, bool) {
	for _, p := range k.plugins {
		if rest, ok := strings.CutPrefix(key, p.PluginPrefix); ok && rest != "" {
			return p, true
		}
	}
	return nil, false
}
