package stackmodel

import (
	"regexp"
	"sort"

	"github.com/kafkit/kafkit/catalog"
)

// Var is one environment entry of a service, in the order the container
// receives them (env_file entries before environment ones).
type Var struct {
	Name, Value string
	// Set is false for a bare NAME taken from the host's environment,
	// whose value is not known here.
	Set bool
}

// Setting is one configuration key a service's environment gives its
// server through the image's start-up scripts.
type Setting struct {
	Key, Value string
	// Var is the index of the variable that writes it.
	Var int
	// Class is what that variable means to the image.
	Class EnvClass
	// Verbatim is false when the image translates the value before
	// writing it (bitnami/zookeeper's yes/no).
	Verbatim bool
	// SysProp is true for a -D JVM system property (KAFKA_OPTS,
	// SERVER_JVMFLAGS) rather than a key of the configuration file.
	SysProp bool
}

// EnvSettings returns the settings the environment env gives a server
// whose image follows conv, in the order of env: each variable the image
// turns into one or more keys (numbered families and carriers such as
// ZOOKEEPER_SERVERS, ZOO_CFG_EXTRA and KAFKA_OPTS included). A variable
// that appears twice counts once, at its last place; variables without a
// value count not at all.
func EnvSettings(conv Convention, env []Var) []Setting {
	last := map[string]int{}
	for i, v := range env {
		last[v.Name] = i
	}
	img, inCatalog := conv.Catalog()
	var out []Setting
	for i, v := range env {
		if !v.Set || last[v.Name] != i {
			continue
		}
		c := ClassifyEnv(conv, v.Name)
		switch c.Kind {
		case EnvProp, EnvHelper, EnvLeak, EnvNoEffect:
		default:
			continue
		}
		if !inCatalog {
			if c.Kind == EnvProp {
				out = append(out, Setting{Key: c.Prop, Value: v.Value, Var: i, Class: c, Verbatim: c.Verbatim})
			}
			continue
		}
		sys := v.Name == "KAFKA_OPTS" || v.Name == "SERVER_JVMFLAGS"
		for _, a := range catalog.ParseEnvSetting(img, v.Name, v.Value) {
			out = append(out, Setting{Key: a.Key, Value: a.Value, Var: i, Class: c, Verbatim: true, SysProp: sys})
		}
	}
	return out
}

// Entry is one effective key=value setting of a configuration file.
type Entry struct {
	Key, Value string
}

// SetEntry sets k to v in es: in place when k is there, else appended, the
// way java.util.Properties keeps a key's first place and its last value.
func SetEntry(es []Entry, k, v string) []Entry {
	for i := range es {
		if es[i].Key == k {
			es[i].Value = v
			return es
		}
	}
	return append(es, Entry{k, v})
}

// EnvConfig derives the configuration file that the start-up scripts of an
// image following conv write from the environment env, as the server reads
// it: what the variables set (JVM system properties left out) plus what
// the Confluent scripts add on their own, as Sources decides it. note says,
// for a reader, how complete the picture is ("" when it is complete).
func EnvConfig(conv Convention, env map[string]string) (entries []Entry, note string) {
	// The scripts write variables in process-environment order, which
	// compose does not define: sorted here.
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	vars := make([]Var, len(names))
	for i, n := range names {
		vars[i] = Var{Name: n, Value: env[n], Set: true}
	}
	return renderEntries(envSources(conv, vars)), envNote(conv)
}

// renderEntries is the file a server reads from sources: each key once, at
// its first place, with its last value (as java.util.Properties keeps it),
// JVM system properties left out. The scripts write variables in
// process-environment order, which compose does not define: a run of
// settings from variables is shown in the variables' name order, as
// `kafkit compose config` always showed it.
func renderEntries(sources []Source) []Entry {
	var out []Entry
	var env []Source
	flush := func() {
		sort.SliceStable(env, func(i, j int) bool { return env[i].Origin.VarName < env[j].Origin.VarName })
		for _, st := range env {
			out = SetEntry(out, st.Key, st.Value)
		}
		env = nil
	}
	for _, st := range sources {
		switch {
		case st.SysProp:
		case st.Origin.VarName != "":
			env = append(env, st)
		default:
			flush()
			out = SetEntry(out, st.Key, st.Value)
		}
	}
	flush()
	return out
}

func clone(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

var cpListenerHost = regexp.MustCompile(`://(.*?):`)

// cpKafkaDefaults applies what cp-kafka's image and configure step put in
// the environment before kafka.properties is rendered: the Dockerfile
// declares KAFKA_ZOOKEEPER_CONNECT and KAFKA_ADVERTISED_LISTENERS (empty
// unless set), and an unset KAFKA_LISTENERS is derived from the advertised
// listeners with every host made 0.0.0.0, except on a controller-only node.
func cpKafkaDefaults(env map[string]string) {
	for _, k := range []string{"KAFKA_ZOOKEEPER_CONNECT", "KAFKA_ADVERTISED_LISTENERS"} {
		if _, ok := env[k]; !ok {
			env[k] = ""
		}
	}
	if _, ok := env["KAFKA_LISTENERS"]; !ok && env["KAFKA_PROCESS_ROLES"] != "controller" && env["KAFKA_ADVERTISED_LISTENERS"] != "" {
		env["KAFKA_LISTENERS"] = cpListenerHost.ReplaceAllString(env["KAFKA_ADVERTISED_LISTENERS"], "://0.0.0.0:")
	}
}

// cpZooKeeperFixed returns the lines cp-zookeeper's template always
// writes first, and applies the configure step's defaults: with
// ZOOKEEPER_SERVERS set, initLimit 10 and syncLimit 5 unless given.
func cpZooKeeperFixed(env map[string]string) []Entry {
	if env["ZOOKEEPER_SERVERS"] != "" {
		for k, v := range map[string]string{"ZOOKEEPER_INIT_LIMIT": "10", "ZOOKEEPER_SYNC_LIMIT": "5"} {
			if _, ok := env[k]; !ok {
				env[k] = v
			}
		}
	} else {
		delete(env, "ZOOKEEPER_SERVERS")
	}
	return []Entry{{"dataDir", CPZooKeeperDataDir}, {"dataLogDir", CPZooKeeperLogDir}}
}
