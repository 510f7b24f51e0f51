package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The ConfigDef dumps (data/configdef/<release>.tsv, written by
// testenv/configdump/ConfigDump.java from each release's jars, see
// scripts/configdump.sh) are Kafka's own definitions. These tests hold the
// catalogue to them field by field.
//
// What a dump cannot tell: the broker mode (zk, kraft, both) of a 3.9 row.
// A ConfigDef does not say which server reads a config; the catalogue's
// mode column comes from reading KafkaServer, BrokerServer and
// ControllerServer (see the reference's notes) and is kept. In 4.x there is
// only KRaft, and every 4.x broker row says kraft.
//
// The dumps hold, besides the ConfigDefs, the broker's internal configs
// and the keys the built-in authorizers read (source column): those rows
// are compared too. An authorizer key has no ConfigDef, so no type, valid
// values or importance to compare; its default is what the class holds when
// the key is absent, and its mode follows from the class (AclAuthorizer runs
// in ZooKeeper mode, StandardAuthorizer in KRaft).

// dumpRow is one line of a ConfigDef dump.
type dumpRow struct {
	comp, name, typ, def, valid, importance, updateMode, serverDefault, source string
}

func readDump(t *testing.T, release string) map[string]map[string]dumpRow {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("data", "configdef", release+".tsv"))
	if err != nil {
		t.Fatalf("%v (scripts/configdump.sh %s writes it)", err, release)
	}
	out := map[string]map[string]dumpRow{}
	for i, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "component\t") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 9 {
			t.Fatalf("%s.tsv:%d: %d fields, want 9", release, i+1, len(f))
		}
		r := dumpRow{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]}
		if out[r.comp] == nil {
			out[r.comp] = map[string]dumpRow{}
		}
		out[r.comp][r.name] = r
	}
	return out
}

// dumpDeviations are the places where a catalogue row deliberately differs
// from its release's ConfigDef, with the reason.
var dumpDeviations = map[string]string{
	// The validator of these two prints a sentence, not a constraint (its
	// toString is documentation); the catalogue leaves valid_values empty
	// and checks -1 or above 0 in code.
	"3.9/broker/remote.log.manager.copier.thread.pool.size/valid_values":     "prose, not a constraint",
	"3.9/broker/remote.log.manager.expiration.thread.pool.size/valid_values": "prose, not a constraint",
}

// TestCatalogueAgainstConfigDef compares every broker, topic, producer,
// consumer and admin row of each Kafka line with its release's ConfigDef: no name
// missing, none extra, and the same type, default, valid values,
// importance, update mode (broker) and broker default (topic).
func TestCatalogueAgainstConfigDef(t *testing.T) {
	for _, v := range Versions {
		dump := readDump(t, v.Release())
		k := Kafka(v)
		for _, comp := range []Component{Broker, Topic, Producer, Consumer, Admin} {
			t.Run(string(v)+"/"+string(comp), func(t *testing.T) {
				rows := dump[string(comp)]
				if len(rows) == 0 {
					t.Fatalf("the %s dump has no %s configs", v.Release(), comp)
				}
				for name, r := range rows {
					p, ok := k.Lookup(comp, name)
					if !ok {
						t.Errorf("%s: in Kafka %s's ConfigDef, missing from the catalogue", name, v.Release())
						continue
					}
					key := string(v) + "/" + string(comp) + "/" + name + "/"
					check := func(field, got, want string) {
						if _, dev := dumpDeviations[key+field]; dev {
							return
						}
						if got != want {
							t.Errorf("%s: %s %q, Kafka %s %q", name, field, got, v.Release(), want)
						}
					}
					authorizer := strings.Contains(r.source, "Authorizer")
					if !authorizer {
						check("type", p.Type, r.typ)
						check("valid_values", p.ValidValues, r.valid)
						check("importance", p.Importance, r.importance)
					}
					check("default", catalogueDefault(p), r.def)
					if comp == Broker {
						check("update_mode", p.UpdateMode, r.updateMode)
						check("source", p.Source, r.source)
						if v == V4 && p.Mode != ModeKRaft {
							t.Errorf("%s: mode %q; a 4.x broker runs KRaft only", name, p.Mode)
						}
						if want := authorizerMode(r.source); authorizer && p.Mode != want {
							t.Errorf("%s: mode %q; read by %s, so %q", name, p.Mode, r.source, want)
						}
					}
					if comp == Topic {
						check("server_default", p.ServerDefault, r.serverDefault)
					}
				}
				for _, p := range k.Of(comp) {
					if _, ok := rows[p.Name]; !ok {
						t.Errorf("%s: in the catalogue, not in Kafka %s's ConfigDef", p.Name, v.Release())
					}
				}
			})
		}
	}
}

// authorizerMode is the broker mode in which the authorizers of source
// run: AclAuthorizer keeps ACLs in ZooKeeper, StandardAuthorizer in the
// KRaft metadata log.
func authorizerMode(source string) Mode {
	acl, std := strings.Contains(source, "AclAuthorizer"), strings.Contains(source, "StandardAuthorizer")
	switch {
	case acl && std:
		return ModeBoth
	case acl:
		return ModeZK
	}
	return ModeKRaft
}

// catalogueDefault writes a default in the dump's notation: empty for a
// required config, null for none, "" for an empty value.
func catalogueDefault(p *Param) string {
	switch {
	case p.Required:
		return ""
	case !p.HasDefault:
		return "null"
	case p.Default == "":
		return `""`
	}
	return p.Default
}

// TestZooKeeperAgainstQuorumPeerConfig holds the ZooKeeper rows to the
// zoo.cfg keys ZooKeeper 3.8.4's QuorumPeerConfig reads itself, as the
// 3.9.2 dump lists them (ConfigDump finds them by parsing; Kafka 3.9.2
// ships ZooKeeper 3.8.4): every such key is a catalogue row whose zoo.cfg
// line is native, every native row but the numbered families (read from
// the same file by the quorum verifier) is such a key or under a prefix
// QuorumPeerConfig keeps (metricsProvider.*), and the rows the
// admin guide leaves out (source QuorumPeerConfig) have the type, default
// and valid values the dump read from the class.
func TestZooKeeperAgainstQuorumPeerConfig(t *testing.T) {
	rows := readDump(t, V39.Release())["zookeeper"]
	if len(rows) < 40 {
		t.Fatalf("the %s dump lists %d zoo.cfg keys of QuorumPeerConfig; ConfigDump should find over 40", V39.Release(), len(rows))
	}
	var prefixes []string // keys QuorumPeerConfig keeps for another reader
	for name, r := range rows {
		if prefix, ok := strings.CutSuffix(name, "*"); ok {
			prefixes = append(prefixes, prefix)
			continue
		}
		p, ok := Lookup(ZooKeeper, name)
		if !ok {
			t.Errorf("%s: QuorumPeerConfig reads it from zoo.cfg, missing from the catalogue", name)
			continue
		}
		if p.ZooCfg != "native" {
			t.Errorf("%s: zoo_cfg_handling %q; QuorumPeerConfig reads the zoo.cfg line itself, so native", name, p.ZooCfg)
		}
		if r.typ == "" {
			continue // the admin guide's: ConfigDump reads no facts for it
		}
		if p.Source != SourceQuorumPeerConfig {
			t.Errorf("%s: source %q, want %q (the admin guide's list leaves it out)", name, p.Source, SourceQuorumPeerConfig)
		}
		if p.Type != r.typ {
			t.Errorf("%s: type %q, QuorumPeerConfig %q", name, p.Type, r.typ)
		}
		if got := catalogueDefault(p); got != r.def && !(r.def == "null" && got == "null") {
			t.Errorf("%s: default %q, QuorumPeerConfig %q", name, got, r.def)
		}
		if r.valid != "" && p.ValidValues != r.valid {
			t.Errorf("%s: valid values %q, QuorumPeerConfig %q", name, p.ValidValues, r.valid)
		}
	}
	for _, p := range Of(ZooKeeper) {
		_, dumped := rows[p.Name]
		for _, prefix := range prefixes {
			dumped = dumped || strings.HasPrefix(p.Name, prefix)
		}
		switch {
		case p.Source == SourceQuorumPeerConfig && (!dumped || rows[p.Name].typ == ""):
			t.Errorf("%s: source QuorumPeerConfig, but ConfigDump reads no facts for it (add it to ZOOKEEPER_KEYS)", p.Name)
		case p.Source != SourceQuorumPeerConfig && p.Source != SourceZooKeeperGuide:
			t.Errorf("%s: source %q, want %q or %q", p.Name, p.Source, SourceZooKeeperGuide, SourceQuorumPeerConfig)
		case p.ZooCfg == "native" && !dumped && !strings.HasSuffix(p.Name, ".x"):
			t.Errorf("%s: zoo_cfg_handling native, but QuorumPeerConfig turns the line into a system property", p.Name)
		}
	}
	// A floor is the row's minimum: QuorumPeer keeps 20 threads for any
	// smaller quorum.cnxn.threads.size, the dump's default.
	for name := range zkFloors {
		p, _ := Lookup(ZooKeeper, name)
		c := parseConstraint(p.ValidValues, false)
		if c.kind != cRange || c.min == nil {
			t.Errorf("%s: a floor without a minimum in valid_values %q", name, p.ValidValues)
		}
	}
}
