// Package catalog is kafkit's parameter catalogue: every Kafka 3.9 broker and
// topic config, every ZooKeeper 3.8 server parameter, and the client
// properties of the Java client and librdkafka, with their documented types,
// defaults and valid values and a description written for this project; and
// the same for the Kafka 4.x line (Kafka(V4)), which has no ZooKeeper.
//
// Types, defaults, valid values, importance and update modes are held to
// Kafka's own ConfigDefs, dumped from each release's jars into
// data/configdef (testenv/configdump); descriptions are our own.
//
// The 3.9 data lives in data/*.tsv, the 4.x data in data/kafka-4.x/*.tsv
// (librdkafka's rows are shared, and so are the example values of
// data/examples.tsv), embedded in the binary. Those files are the
// single source of truth for `kafkit params`, for the compose generator and
// for the linter; they are meant to be reviewed and extended by hand (one row
// a parameter, tab-separated, no quoting).
//
// Beyond Kafka's configuration reference, the broker rows hold the keys a
// broker takes from server.properties that the reference leaves out: the
// internal configs of KafkaConfig, and the keys the built-in authorizers
// read (super.users and allow.everyone.if.no.acl.found for AclAuthorizer and
// StandardAuthorizer, and AclAuthorizer's authorizer.zookeeper.* in 3.9).
// Their source column says where Kafka defines them; Param.Documented tells
// them apart, and the ConfigDef dumps hold them to Kafka's code as well.
// The same goes for ZooKeeper: beyond the admin guide's list, its rows hold
// the zoo.cfg keys QuorumPeerConfig reads that the guide leaves out (quorum
// SASL, peerType, dynamicConfigFile, the JVM pause monitor, ...), source
// QuorumPeerConfig, held to ZooKeeper 3.8.4's code by the 3.9.2 dump.
//
// A broker hands the keys under two prefixes to its tiered-storage
// plugins: rlmm.config. and rsm.config., the defaults of
// remote.log.metadata.manager.impl.prefix and
// remote.log.storage.manager.impl.prefix. LookupKey answers such a key with
// a parameter standing for the prefix (PluginKey), whose values it does
// not check; it is not a row.
//
// A broker also reads some keys per listener, and a few per listener and
// SASL mechanism: listener.name.<listener>.<key> for the keys of the
// listener's channel builder and connection limits (ListenerKey: ssl.*, most
// sasl.*, principal.builder.class, connections.max.reauth.ms,
// max.connections, max.connection.creation.rate, num.network.threads), and
// listener.name.<listener>.<mechanism>.<key> for sasl.jaas.config, the SASL
// login and server callback classes and connections.max.reauth.ms
// (MechanismKey; OAUTHBEARER's sasl.oauthbearer.* and sasl.login.* too).
// LookupKey answers those forms with the row of the key they override, and
// no other listener-prefixed key: Kafka never reads one.
package catalog

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed data/*.tsv data/kafka-4.x/*.tsv
var dataFS embed.FS

// Component names the part of the stack a parameter belongs to.
type Component string

// The components, in the order they are listed.
const (
	Broker    Component = "broker"
	Topic     Component = "topic"
	ZooKeeper Component = "zookeeper"
	Producer  Component = "producer"
	Consumer  Component = "consumer"
	// Admin is the Java admin client (AdminClientConfig), what
	// kafka-topics, kafka-configs and `kafkit topic` are.
	Admin      Component = "admin"
	Librdkafka Component = "librdkafka"
)

// Components lists every component in listing order.
var Components = []Component{Broker, Topic, ZooKeeper, Producer, Consumer, Admin, Librdkafka}

// Mode says in which broker mode a parameter has an effect.
type Mode string

// The broker modes. Parameters of components other than the broker are Both.
const (
	ModeZK    Mode = "zk"
	ModeKRaft Mode = "kraft"
	ModeBoth  Mode = "both"
)

// Param is one parameter of the catalogue. Fields that do not apply to a
// component are empty.
type Param struct {
	Name      string
	Component Component
	// Version is the Kafka line of a broker, topic, producer or consumer
	// parameter (V39 or V4); empty for ZooKeeper and librdkafka.
	Version Version
	// Type is the documented type: boolean, int, short, long, double,
	// string, list, class or password for Kafka; for ZooKeeper the same
	// vocabulary as assigned by kafkit (the admin guide states none); for
	// librdkafka its own words (integer, boolean, enum value, string, ...).
	Type string
	// Default is the documented default in machine form (suffixes such as
	// "(7 days)" stripped). It is meaningful only when HasDefault is true.
	Default    string
	HasDefault bool
	// Required is true when the parameter must be given and has no
	// default (key.serializer and friends).
	Required bool
	// ValidValues is the documented constraint, verbatim: "[1,...]",
	// "[0,...,1]", "[gzip, snappy]", "non-empty string", ... Empty when
	// anything of the type goes.
	ValidValues string
	Importance  string // high, medium or low (Kafka and librdkafka)
	// UpdateMode is read-only, per-broker or cluster-wide (broker only).
	UpdateMode  string
	Mode        Mode
	Deprecated  bool
	Description string

	// Example is a value a reader would plausibly write for a parameter
	// whose default cannot be shown as one (none, empty, or stated in
	// words), from data/examples.tsv; "" when there is none. It is never
	// a value anything relies on.
	Example string
	// FileDefault is the value a configuration file must hold to mean the
	// documented default, when the documentation states it in a form the
	// program does not read back (ZooKeeper's serverCnxnFactory names its
	// default class without a package; maxReadBatchSize says "<0");
	// FileDefaultText then says the default in words for a reader, ""
	// when FileDefault says it well enough.
	FileDefault     string
	FileDefaultText string

	// Source is, for a broker parameter, where Kafka defines it:
	// "KafkaConfig" for the broker's documented ConfigDef, "KafkaConfig
	// internal" for a config defined there but left out of Kafka's
	// documentation, or the authorizer classes that read it from the
	// broker's configuration ("AclAuthorizer", "StandardAuthorizer", both
	// separated by a comma). For a ZooKeeper parameter it is "admin guide"
	// for the guide's parameter list, or "QuorumPeerConfig" for a zoo.cfg
	// key that class reads but the guide's list leaves out (quorum SASL,
	// secureClientPortAddress, dynamicConfigFile, peerType, the JVM pause
	// monitor, ...). Empty for the other components.
	Source string

	// PluginPrefix is set only on the parameters LookupKey answers a
	// broker key under a tiered-storage plugin's prefix with
	// (rsm.config.KEY, rlmm.config.KEY; see PluginKey): it is the
	// prefix, the default of the broker parameter PluginOf. The broker
	// hands such keys, prefix removed, to the plugin; the catalogue knows
	// none of them, so Validate accepts any value. These parameters are
	// not rows: All, Of and Lookup never return them.
	PluginPrefix string
	PluginOf     string
	Plugin       string // the plugin's interface: RemoteStorageManager, RemoteLogMetadataManager

	// ServerDefault is, for a topic config, the broker property whose
	// value is the topic's default.
	ServerDefault string

	// SystemProperty is, for ZooKeeper, the Java system property that sets
	// the parameter ("" when there is none).
	SystemProperty string
	// Section is the ZooKeeper admin guide section.
	Section string
	// ZooCfg says what a zoo.cfg line with this name does in ZooKeeper
	// 3.8: native, sysprop, sysprop-mismatch or jvm-only.
	ZooCfg string
	// CPZooKeeperEnv is the cp-zookeeper variable that sets this
	// parameter; "" when that image ignores every spelling of it.
	CPZooKeeperEnv string

	// Level (global or topic), Scope (P, C or *), AliasOf and Flags are
	// librdkafka's.
	Level   string
	Scope   string
	AliasOf string
	Flags   []string

	// Kafkit says how kafkit's own clients treat a client property: "yes"
	// when `kafkit produce`/`consume` apply it, "" when it is known but not
	// supported (an error if given).
	Kafkit string
}

// The sources of broker parameters beyond KafkaConfig's documented ones,
// and of ZooKeeper parameters.
const (
	SourceKafkaConfig         = "KafkaConfig"
	SourceKafkaConfigInternal = "KafkaConfig internal"
	// SourceZooKeeperGuide marks the parameters of the ZooKeeper 3.8
	// admin guide's list, SourceQuorumPeerConfig the zoo.cfg keys
	// QuorumPeerConfig reads beyond it.
	SourceZooKeeperGuide   = "admin guide"
	SourceQuorumPeerConfig = "QuorumPeerConfig"
)

// Internal reports whether p is one of the broker's internal configs:
// KafkaConfig defines it (so the broker takes it without a warning) but
// Kafka's documentation leaves it out, as meant for Kafka's own tests or
// still in development.
func (p *Param) Internal() bool { return p.Source == SourceKafkaConfigInternal }

// Documented reports whether p is in Kafka's (or ZooKeeper's, or
// librdkafka's) configuration reference: every parameter except the broker's
// internal configs and the keys an authorizer reads, which Kafka's
// security documentation describes but its configuration reference does not
// list, and the zoo.cfg keys QuorumPeerConfig reads beyond the admin
// guide's list. The compose generator writes only documented parameters.
func (p *Param) Documented() bool {
	switch p.Component {
	case Broker:
		return p.Source == SourceKafkaConfig
	case ZooKeeper:
		return p.Source == SourceZooKeeperGuide
	}
	return true
}

// Dynamic reports whether a broker parameter can change without a restart.
func (p *Param) Dynamic() bool {
	return p.UpdateMode == "per-broker" || p.UpdateMode == "cluster-wide"
}

// DefaultString is the default as a user reads it: the value, `""` for an
// empty one, or "no default".
func (p *Param) DefaultString() string {
	switch {
	case p.Required:
		return "required"
	case !p.HasDefault:
		return "no default"
	case p.Default == "":
		return `""`
	}
	return p.Default
}

// Catalog is the catalogue of one Kafka line (see Kafka): its broker, topic
// and client parameters, ZooKeeper's for the 3.9 line, and librdkafka's,
// which are the same in every line.
type Catalog struct {
	version Version
	comps   []Component
	all     []*Param
	byComp  map[Component][]*Param
	byName  map[Component]map[string]*Param
	// plugins stand for the keys under the tiered-storage plugins'
	// prefixes (PluginKey); they are not rows.
	plugins []*Param
}

var (
	loadOnce sync.Once
	loaded   map[Version]*Catalog
	loadErr  error
)

// Kafka returns the catalogue of Kafka line v (V39 or V4); it panics on any
// other value, which is a programming error (ParseVersion checks user input).
func Kafka(v Version) *Catalog {
	loadOnce.Do(func() { loaded, loadErr = loadAll() })
	if loadErr != nil {
		// The data is embedded and guarded by tests; a failure here is a
		// build defect, not a user error.
		panic(loadErr)
	}
	k, ok := loaded[v]
	if !ok {
		panic(fmt.Sprintf("catalog: no Kafka line %q", v))
	}
	return k
}

func get() *Catalog { return Kafka(V39) }

// Version is the Kafka line of the catalogue.
func (k *Catalog) Version() Version { return k.version }

// Components lists the components of this line in listing order (4.x has no
// ZooKeeper).
func (k *Catalog) Components() []Component { return k.comps }

// All returns every parameter, component by component, each in file order.
// The slice and the parameters must not be modified.
func (k *Catalog) All() []*Param { return k.all }

// Of returns the parameters of one component, in file order.
func (k *Catalog) Of(c Component) []*Param { return k.byComp[c] }

// Lookup finds a parameter by its exact name in one component. For
// librdkafka, where six names exist at both levels, the global one wins.
func (k *Catalog) Lookup(c Component, name string) (*Param, bool) {
	p, ok := k.byName[c][name]
	return p, ok
}

// Find returns every parameter named name, across components.
func (k *Catalog) Find(name string) []*Param {
	var out []*Param
	for _, c := range k.comps {
		if p, ok := k.Lookup(c, name); ok {
			out = append(out, p)
		}
	}
	return out
}

// All returns every parameter of the 3.9 line (the default), component by
// component, each in file order. The slice and the parameters must not be
// modified.
func All() []*Param { return get().All() }

// Of returns the parameters of one component of the 3.9 line, in file order.
func Of(c Component) []*Param { return get().Of(c) }

// Lookup finds a 3.9-line parameter by its exact name in one component.
func Lookup(c Component, name string) (*Param, bool) { return get().Lookup(c, name) }

// Find returns every 3.9-line parameter named name, across components.
func Find(name string) []*Param { return get().Find(name) }

// ParseComponent turns a user's word into a Component.
func ParseComponent(s string) (Component, error) {
	for _, c := range Components {
		if string(c) == strings.ToLower(s) {
			return c, nil
		}
	}
	names := make([]string, len(Components))
	for i, c := range Components {
		names[i] = string(c)
	}
	return "", fmt.Errorf("unknown component %q (one of %s)", s, strings.Join(names, ", "))
}

func loadAll() (map[Version]*Catalog, error) {
	k39, err := load(V39, "data", Components, nil)
	if err != nil {
		return nil, err
	}
	// The 4.x line has no ZooKeeper and shares librdkafka's rows.
	k4, err := load(V4, "data/kafka-4.x", []Component{Broker, Topic, Producer, Consumer, Admin, Librdkafka}, k39)
	if err != nil {
		return nil, err
	}
	// Examples are the same in every line: one file, applied to each
	// line's parameter of that component and name (a test makes sure every
	// row names a parameter of some line).
	ex, err := readTSV("data/examples.tsv")
	if err != nil {
		return nil, err
	}
	for _, r := range ex {
		for _, k := range []*Catalog{k39, k4} {
			if p, ok := k.byName[Component(r["component"])][r["name"]]; ok {
				p.Example, p.FileDefault, p.FileDefaultText = r["example"], r["file_default"], r["file_default_text"]
			}
		}
	}
	return map[Version]*Catalog{V39: k39, V4: k4}, nil
}

func load(v Version, dir string, comps []Component, shared *Catalog) (*Catalog, error) {
	c := &Catalog{version: v, comps: comps, byComp: map[Component][]*Param{}, byName: map[Component]map[string]*Param{}}
	for _, comp := range comps {
		if comp == Librdkafka && shared != nil {
			c.byComp[comp] = shared.byComp[comp]
			c.byName[comp] = shared.byName[comp]
			c.all = append(c.all, shared.byComp[comp]...)
			continue
		}
		rows, err := readTSV(dir + "/" + string(comp) + ".tsv")
		if err != nil {
			return nil, err
		}
		idx := map[string]*Param{}
		for _, r := range rows {
			p := fromRow(comp, r)
			if comp != Librdkafka && comp != ZooKeeper {
				p.Version = v
			}
			old, dup := idx[p.Name]
			if dup && comp != Librdkafka {
				return nil, fmt.Errorf("catalog: %s %s: duplicate parameter %q", v, comp, p.Name)
			}
			// librdkafka has six names at both levels: the bare name finds
			// the global one, the list keeps both.
			if !dup || old.Level != "global" {
				idx[p.Name] = p
			}
			c.byComp[comp] = append(c.byComp[comp], p)
			c.all = append(c.all, p)
		}
		c.byName[comp] = idx
		if comp == Broker {
			ps, err := pluginParams(v, idx)
			if err != nil {
				return nil, err
			}
			c.plugins = ps
		}
	}
	return c, nil
}

// row is one TSV line keyed by its header.
type row map[string]string

func readTSV(path string) ([]row, error) {
	b, err := dataFS.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	hdr := strings.Split(lines[0], "\t")
	out := make([]row, 0, len(lines)-1)
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != len(hdr) {
			return nil, fmt.Errorf("catalog: %s:%d: %d fields, want %d", path, i+2, len(f), len(hdr))
		}
		r := make(row, len(hdr))
		for j, h := range hdr {
			r[h] = f[j]
		}
		out = append(out, r)
	}
	return out, nil
}

func fromRow(comp Component, r row) *Param {
	p := &Param{
		Name:           r["name"],
		Component:      comp,
		Type:           r["type"],
		ValidValues:    r["valid_values"],
		Importance:     r["importance"],
		UpdateMode:     r["update_mode"],
		Mode:           Mode(r["mode"]),
		Deprecated:     r["deprecated"] == "yes",
		Description:    r["description"],
		Source:         r["source"],
		ServerDefault:  r["server_default_property"],
		SystemProperty: r["java_system_property"],
		Section:        r["section"],
		ZooCfg:         r["zoo_cfg_handling"],
		CPZooKeeperEnv: r["cp_zookeeper_env"],
		Level:          r["level"],
		Scope:          r["scope"],
		AliasOf:        r["alias_of"],
		Kafkit:         r["kafkit"],
	}
	if p.Mode == "" {
		p.Mode = ModeBoth
	}
	if p.ServerDefault == "null" {
		p.ServerDefault = ""
	}
	if p.SystemProperty == "none" {
		p.SystemProperty = ""
	}
	if r["flags"] != "" {
		p.Flags = strings.Split(r["flags"], ",")
		for _, f := range p.Flags {
			if f == "deprecated" {
				p.Deprecated = true
			}
		}
	}
	if comp == Librdkafka {
		p.ValidValues = r["range"]
	}
	def := r["default"]
	switch {
	case comp == ZooKeeper || comp == Librdkafka:
		// Neither source has a null marker: an empty field means the
		// documentation states no default.
		p.Default, p.HasDefault = def, def != ""
		switch def {
		case `""`:
			// The reference writes an empty-string default as "".
			p.Default = ""
		case "null":
			// ZooKeeper's guide says "Default: null" where the value is
			// unset (a key store type detected from the file name):
			// writing null into zoo.cfg would be wrong.
			p.Default, p.HasDefault = "", false
		}
	case def == "null":
		p.HasDefault = false
	case def == "":
		p.Required = true
	case def == `""`:
		p.Default, p.HasDefault = "", true
	default:
		p.Default, p.HasDefault = def, true
	}
	return p
}

// Names returns the sorted names of a component's 3.9-line parameters.
func Names(c Component) []string { return get().Names(c) }

// Names returns the sorted names of a component's parameters.
func (k *Catalog) Names(c Component) []string {
	ps := k.Of(c)
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out
}
