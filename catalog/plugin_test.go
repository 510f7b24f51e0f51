package catalog

import (
	"strings"
	"testing"
)

// TestPluginKey: in both Kafka lines, a broker key under the default of
// remote.log.metadata.manager.impl.prefix or
// remote.log.storage.manager.impl.prefix is found as that plugin's
// pass-through, whose prefix is the row's default and whose values are all
// accepted; the prefix alone, a near miss and other components are not.
func TestPluginKey(t *testing.T) {
	for _, v := range Versions {
		k := Kafka(v)
		for _, c := range []struct{ key, of string }{
			{"rsm.config.foo", "remote.log.storage.manager.impl.prefix"},
			{"rsm.config.s3.bucket.name", "remote.log.storage.manager.impl.prefix"},
			{"rlmm.config.remote.log.metadata.topic.replication.factor", "remote.log.metadata.manager.impl.prefix"},
		} {
			p, ok := k.LookupKey(Broker, c.key)
			if !ok || p.PluginOf != c.of {
				t.Errorf("%s %s: %v %v, want the pass-through of %s", v, c.key, p, ok, c.of)
				continue
			}
			row, _ := k.Lookup(Broker, c.of)
			if p.PluginPrefix != row.Default || !strings.HasPrefix(c.key, p.PluginPrefix) {
				t.Errorf("%s %s: prefix %q, the row's default %q", v, c.key, p.PluginPrefix, row.Default)
			}
			if p.Documented() || p.Mode != row.Mode || p.Version != v {
				t.Errorf("%s %s: documented %v, mode %s, line %s; want undocumented, %s, %s", v, c.key, p.Documented(), p.Mode, p.Version, row.Mode, v)
			}
			for _, value := range []string{"", "1", "not a number", "a=b,c"} {
				if err := k.Check(Broker, c.key, value, ModeBoth); err != nil {
					t.Errorf("%s %s=%q: %v, want accepted (the plugin reads it)", v, c.key, value, err)
				}
			}
			if _, ok := k.Lookup(Broker, c.key); ok {
				t.Errorf("%s %s: Lookup finds it; a pass-through is not a row", v, c.key)
			}
		}
		for _, key := range []string{"rsm.config.", "rlmm.config.", "rsm.configfoo", "rsm.foo", "x.rsm.config.foo"} {
			if p, ok := k.LookupKey(Broker, key); ok {
				t.Errorf("%s %s: found as %s", v, key, p.Name)
			}
		}
		for _, c := range []Component{Topic, Producer} {
			if _, ok := k.LookupKey(c, "rsm.config.foo"); ok {
				t.Errorf("%s %s: rsm.config.foo found", v, c)
			}
		}
		for _, p := range k.All() {
			if p.PluginPrefix != "" {
				t.Errorf("%s: %s listed among the rows", v, p.Name)
			}
		}
	}
}

// TestQuorumPeerConfigRows: the zoo.cfg keys QuorumPeerConfig reads beyond
// the admin guide are rows (so params check and lint know them), left out
// of the documented list, and checked as ZooKeeper reads them.
func TestQuorumPeerConfigRows(t *testing.T) {
	for _, name := range []string{"quorum.auth.enableSasl", "quorum.auth.learnerRequireSasl", "quorum.auth.serverRequireSasl",
		"quorum.auth.learner.saslLoginContext", "quorum.auth.server.saslLoginContext", "quorum.auth.kerberos.servicePrincipal",
		"quorum.cnxn.threads.size", "secureClientPortAddress", "dynamicConfigFile", "peerType"} {
		p, ok := LookupKey(ZooKeeper, name)
		if !ok || p.Source != SourceQuorumPeerConfig || p.Documented() {
			t.Errorf("%s: %v %v, want an undocumented QuorumPeerConfig row", name, p, ok)
		}
	}
	for _, c := range []struct {
		name, value string
		ok          bool
		advice      string
	}{
		{"quorum.auth.enableSasl", "TRUE", true, ""},
		{"quorum.auth.enableSasl", "yes", false, ""},
		{"peerType", "Observer", true, ""},
		{"peerType", "follower", false, ""},
		{"quorum.cnxn.threads.size", "21", true, ""},
		{"quorum.cnxn.threads.size", "19", true, "below 20, so QuorumPeer keeps its own pool size of 20"},
		{"quorum.cnxn.threads.size", "many", false, ""},
		{"secureClientPortAddress", "10.0.0.1", true, ""},
		{"secureClientPortAddress", "10.0.0.1:2182", false, ""},
		{"jvm.pause.warn-threshold.ms", "20000", true, ""},
		{"autopurge.snapRetainCount", "2", true, "below 3, so ZooKeeper logs a warning and uses 3"},
	} {
		p, _ := Lookup(ZooKeeper, c.name)
		if err := p.Validate(c.value); (err == nil) != c.ok {
			t.Errorf("%s=%s: %v, want accepted=%v", c.name, c.value, err, c.ok)
		}
		if got := p.Advise(c.value); c.ok && got != c.advice {
			t.Errorf("%s=%s: advice %q, want %q", c.name, c.value, got, c.advice)
		}
	}
	for _, p := range List(Filter{Component: ZooKeeper}) {
		if p.Source != SourceZooKeeperGuide {
			t.Errorf("%s: listed without All, source %q", p.Name, p.Source)
		}
	}
	if all, doc := len(List(Filter{Component: ZooKeeper, All: true})), len(List(Filter{Component: ZooKeeper})); all != doc+16 {
		t.Errorf("%d ZooKeeper rows with All, %d without; want 16 QuorumPeerConfig rows more", all, doc)
	}
}
