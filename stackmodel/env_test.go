package stackmodel

import "testing"

func TestCPEnvToProp(t *testing.T) {
	for env, prop := range map[string]string{
		"ZOOKEEPER_CONNECT": "zookeeper.connect",
		"LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG": "listener.name.sasl_ssl.plain.sasl.jaas.config",
		"SOME___DASHED_PROP":                             "some-dashed.prop",
		"_LEADING":                                       "_leading",
	} {
		if got := cpEnvToProp(env); got != prop {
			t.Errorf("cpEnvToProp(%s) = %s, want %s", env, got, prop)
		}
		if env[0] != '_' && cpPropToEnv(prop) != env {
			t.Errorf("cpPropToEnv(%s) = %s, want %s", prop, cpPropToEnv(prop), env)
		}
	}
}
