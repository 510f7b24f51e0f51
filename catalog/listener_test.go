package catalog

import "testing"

// TestListenerKeys pins which per-listener spellings a broker reads (see
// ListenerKey and MechanismKey): the rest are not parameters, in either
// Kafka line.
func TestListenerKeys(t *testing.T) {
	cases := []struct {
		key  string
		base string // "" when Kafka never reads the key
		mech string
	}{
		{"listener.name.internal.ssl.keystore.location", "ssl.keystore.location", ""},
		{"listener.name.sasl_ssl.ssl.client.auth", "ssl.client.auth", ""},
		{"listener.name.external.sasl.enabled.mechanisms", "sasl.enabled.mechanisms", ""},
		{"listener.name.external.principal.builder.class", "principal.builder.class", ""},
		{"listener.name.external.max.connections", "max.connections", ""},
		{"listener.name.external.max.connection.creation.rate", "max.connection.creation.rate", ""},
		{"listener.name.external.num.network.threads", "num.network.threads", ""},
		{"listener.name.external.connections.max.reauth.ms", "connections.max.reauth.ms", ""},
		{"listener.name.external.sasl.oauthbearer.jwks.endpoint.url", "sasl.oauthbearer.jwks.endpoint.url", ""},
		{"listener.name.sasl_ssl.plain.sasl.jaas.config", "sasl.jaas.config", "plain"},
		{"listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", "sasl.jaas.config", "scram-sha-256"},
		{"listener.name.sasl_ssl.plain.sasl.server.callback.handler.class", "sasl.server.callback.handler.class", "plain"},
		{"listener.name.sasl_ssl.oauthbearer.sasl.login.callback.handler.class", "sasl.login.callback.handler.class", "oauthbearer"},
		{"listener.name.sasl_ssl.oauthbearer.connections.max.reauth.ms", "connections.max.reauth.ms", "oauthbearer"},
		// The OAuth validator reads its settings under the mechanism too.
		{"listener.name.sasl_ssl.oauthbearer.sasl.oauthbearer.expected.audience", "sasl.oauthbearer.expected.audience", "oauthbearer"},
		// Read only per mechanism: without one JaasContext warns and ignores it.
		{"listener.name.sasl_ssl.sasl.jaas.config", "", ""},
		{"listener.name.sasl_ssl.sasl.server.callback.handler.class", "", ""},
		// Only OAUTHBEARER reads its settings under a mechanism prefix.
		{"listener.name.sasl_ssl.plain.sasl.oauthbearer.expected.audience", "", ""},
		{"listener.name.sasl_ssl.plain.ssl.keystore.location", "", ""},
		// Broker-wide choices and settings that are not a listener's.
		{"listener.name.internal.sasl.mechanism.inter.broker.protocol", "", ""},
		{"listener.name.internal.num.partitions", "", ""},
		{"listener.name.internal.log.retention.hours", "", ""},
		{"listener.name.internal.max.connections.per.ip", "", ""},
		// Kafka lower-cases the listener and mechanism names it looks for.
		{"listener.name.INTERNAL.ssl.keystore.location", "", ""},
		{"listener.name.sasl_ssl.PLAIN.sasl.jaas.config", "", ""},
		{"listener.name.internal.ssl.no.such.key", "", ""},
		{"listener.name..ssl.keystore.location", "", ""},
	}
	for _, v := range Versions {
		k := Kafka(v)
		for _, c := range cases {
			p, ok := k.LookupKey(Broker, c.key)
			lk, split := SplitListenerKey(c.key)
			switch {
			case c.base == "" && (ok || split && c.key != "listener.name.internal.ssl.no.such.key"):
				t.Errorf("%s %s: found (%v, %+v), Kafka never reads it", v, c.key, p, lk)
			case c.base != "" && (!ok || p.Name != c.base):
				t.Errorf("%s %s: %v %v, want the row of %s", v, c.key, p, ok, c.base)
			case c.base != "" && (lk.Key != c.base || lk.Mechanism != c.mech):
				t.Errorf("%s %s: split %+v, want key %s mechanism %q", v, c.key, lk, c.base, c.mech)
			}
		}
	}
	// A prefixed value is validated by the base key's row.
	if err := Check(Broker, "listener.name.external.max.connections", "many", ModeBoth); err == nil {
		t.Error("listener.name.external.max.connections=many accepted")
	}
	if err := Check(Broker, "listener.name.sasl_ssl.ssl.client.auth", "sometimes", ModeBoth); err == nil {
		t.Error("listener.name.sasl_ssl.ssl.client.auth=sometimes accepted")
	}
}
