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
