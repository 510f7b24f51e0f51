package catalog

import (
	"sort"
	"strconv"
	"strings"
)

// ParamView is the JSON form of a parameter (kafkit params list/show
// --format json). Default is null when the documentation gives none.
type ParamView struct {
	Name        string           `json:"name"`
	Component   Component        `json:"component"`
	Kafka       Version          `json:"kafka,omitempty"` // the Kafka line of a broker, topic or client row
	Type        string           `json:"type"`
	Default     *string          `json:"default"`
	Required    bool             `json:"required"`
	ValidValues string           `json:"valid_values"`
	Importance  string           `json:"importance"`
	UpdateMode  string           `json:"update_mode"`
	Mode        Mode             `json:"mode"`
	Deprecated  bool             `json:"deprecated"`
	Description string           `json:"description"`
	Env         map[Image]string `json:"env"`

	ServerDefault  string   `json:"server_default,omitempty"`
	SystemProperty string   `json:"system_property,omitempty"`
	ZooCfg         string   `json:"zoo_cfg,omitempty"`
	Section        string   `json:"section,omitempty"`
	Level          string   `json:"level,omitempty"`
	Scope          string   `json:"scope,omitempty"`
	AliasOf        string   `json:"alias_of,omitempty"`
	Flags          []string `json:"flags,omitempty"`
	Kafkit         string   `json:"kafkit,omitempty"`
	// Source is where Kafka defines a broker parameter (Param.Source).
	Source string `json:"source,omitempty"`
}

// NewParamView builds the view of one parameter.
func NewParamView(p *Param) ParamView {
	v := ParamView{
		Name: p.Name, Component: p.Component, Kafka: p.Version, Type: p.Type, Required: p.Required,
		ValidValues: p.ValidValues, Importance: p.Importance, UpdateMode: p.UpdateMode, Mode: p.Mode,
		Deprecated: p.Deprecated, Description: p.Description, Env: EnvNames(p),
		ServerDefault: p.ServerDefault, SystemProperty: p.JavaSystemProperty(), ZooCfg: p.ZooCfg, Section: p.Section,
		Level: p.Level, Scope: p.Scope, AliasOf: p.AliasOf, Flags: p.Flags, Kafkit: p.Kafkit, Source: p.Source,
	}
	if p.HasDefault {
		d := p.Default
		v.Default = &d
	}
	return v
}

// Filter selects parameters for a listing. Zero fields select everything.
type Filter struct {
	Component  Component // one component, or "" for all
	Mode       Mode      // ModeZK or ModeKRaft: parameters that apply in that broker mode
	Importance string    // high, medium or low
	Dynamic    bool      // only broker parameters that change without a restart
	Version    Version   // the Kafka line; "" is V39
	// All lists the undocumented rows too: the broker's internal configs
	// and the authorizer's keys (see Param.Documented).
	All bool
}

// List returns the parameters f selects, in catalogue order.
func List(f Filter) []*Param {
	var out []*Param
	v := f.Version
	if v == "" {
		v = V39
	}
	for _, p := range Kafka(v).All() {
		if f.Component != "" && p.Component != f.Component || !f.All && !p.Documented() {
			continue
		}
		if (f.Mode == ModeZK && p.Mode == ModeKRaft) || (f.Mode == ModeKRaft && p.Mode == ModeZK) {
			continue
		}
		if f.Importance != "" && !strings.EqualFold(p.Importance, f.Importance) {
			continue
		}
		if f.Dynamic && !p.Dynamic() {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Setting says how one image sets a parameter in a compose file.
type Setting struct {
	Image Image  `json:"image"`
	Ref   string `json:"image_ref"`
	Var   string `json:"variable,omitempty"` // "" when the image cannot set it
	// Line is an example for the service's environment: block.
	Line   string `json:"example,omitempty"`
	Shared bool   `json:"shared,omitempty"` // the variable carries other settings too
	Note   string `json:"note,omitempty"`
}

// ShowView is everything kafkit params show prints about a parameter.
type ShowView struct {
	ParamView
	Dynamic bool `json:"dynamic"`
	// ValidHint is what the validation expects when it says more than
	// ValidValues (a format such as NAME://host:port).
	ValidHint string `json:"valid_hint,omitempty"`
	// Example is the value used in the example lines: the default when
	// there is one, otherwise a typical value.
	Example string `json:"example_value"`
	// FileLine is the line for server.properties, zoo.cfg or a client
	// properties file.
	FileLine string    `json:"file_line"`
	File     string    `json:"file"`
	Settings []Setting `json:"settings,omitempty"`
	// Related names the parameters that interact with this one: the
	// broker default behind a topic config, the topic override of a
	// broker default, the target of an alias.
	Related []string `json:"related,omitempty"`
	Notes   []string `json:"notes,omitempty"`
}

// ExampleValue is a value to show in examples: the documented default as a
// file must spell it, the catalogue's example (Param.Example) when there is
// no default, it is empty or stated in words, or else a placeholder.
func ExampleValue(p *Param) string {
	if p.FileDefault != "" {
		return p.FileDefault
	}
	usable := p.HasDefault && p.Default != "" && p.Validate(p.Default) == nil
	if p.Example != "" && !usable {
		return p.Example
	}
	if usable {
		return p.Default
	}
	switch p.Type {
	case "boolean":
		return "true"
	case "int", "short", "long", "integer":
		c := parseConstraint(p.ValidValues, p.Component == Librdkafka)
		if c.min != nil {
			return c.minTxt
		}
		return "1"
	}
	return "<value>"
}

// NewShowView builds the detailed view of a parameter.
func NewShowView(p *Param) ShowView {
	v := ShowView{ParamView: NewParamView(p), Dynamic: p.Dynamic(), Example: ExampleValue(p)}
	if h := p.ValidHint(); h != p.ValidValues {
		v.ValidHint = h
	}
	key := p.Name
	switch p.Component {
	case Broker:
		v.File = "server.properties"
	case Topic:
		v.File = "kafka-topics.sh --config / kafka-configs.sh --add-config (topic-level)"
	case ZooKeeper:
		v.File = "zoo.cfg"
		key = zkKey(p)
		if p.ZooCfg == "jvm-only" || p.ZooCfg == "sysprop-mismatch" {
			v.File = "JVM flags (-D" + p.JavaSystemProperty() + "=...)"
		}
	case Producer, Consumer:
		v.File = "client properties (kafkit -X " + p.Name + "=...)"
	case Admin:
		v.File = "admin client properties (kafka-topics --command-config, kafkit topic -X " + p.Name + "=...)"
	case Librdkafka:
		v.File = "librdkafka configuration (kafkit -X " + p.Name + "=...)"
	}
	v.FileLine = key + "=" + v.Example
	if p.Component == ZooKeeper && strings.HasPrefix(v.File, "JVM") {
		v.FileLine = "-D" + p.JavaSystemProperty() + "=" + v.Example
	}
	for _, img := range Images {
		info := img.Info()
		if info.Component != p.Component {
			continue
		}
		s := Setting{Image: img, Ref: info.Ref}
		if name, val, shared, ok := EnvSetting(p, img, v.Example); ok {
			s.Var, s.Shared = name, shared
			s.Line = name + ": " + strconv.Quote(val)
			s.Note = settingNote(p, img, name)
		} else {
			s.Note = unsettableNote(p, img)
		}
		if info.Note != "" && img == ApacheKafka && p.Mode == ModeZK {
			s.Note = joinNote(s.Note, "this image "+info.Note)
		}
		v.Settings = append(v.Settings, s)
	}
	switch p.Component {
	case Topic:
		if p.ServerDefault != "" {
			v.Related = append(v.Related, "broker "+p.ServerDefault+" (the cluster-wide default)")
		}
	case Broker:
		for _, t := range paramCatalog(p).Of(Topic) {
			if t.ServerDefault == p.Name {
				v.Related = append(v.Related, "topic "+t.Name+" (per-topic override)")
			}
		}
	case Librdkafka:
		if p.AliasOf != "" {
			v.Related = append(v.Related, "librdkafka "+p.AliasOf+" (this name is an alias)")
		}
	}
	if p.Component == Broker {
		switch p.Mode {
		case ModeZK:
			v.Notes = append(v.Notes, "applies only to ZooKeeper-mode brokers")
		case ModeKRaft:
			v.Notes = append(v.Notes, "applies only to KRaft brokers and controllers")
		}
		switch p.UpdateMode {
		case "per-broker":
			v.Notes = append(v.Notes, "dynamic per broker: kafka-configs.sh --alter --entity-type brokers --entity-name ID --add-config "+p.Name+"=...")
		case "cluster-wide":
			v.Notes = append(v.Notes, "dynamic cluster-wide: kafka-configs.sh --alter --entity-type brokers --entity-default --add-config "+p.Name+"=...")
		}
	}
	if p.Deprecated {
		v.Notes = append(v.Notes, "deprecated")
	}
	if p.ZooCfg == "sysprop-mismatch" {
		v.Notes = append(v.Notes, "a zoo.cfg line with this name has no effect in ZooKeeper 3.8; set the system property -D"+p.JavaSystemProperty())
	}
	return v
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func settingNote(p *Param, img Image, name string) string {
	switch name {
	case "ZOO_CFG_EXTRA":
		return "shared: several key=value entries separated by spaces; values cannot contain spaces"
	case "SERVER_JVMFLAGS", "KAFKA_OPTS":
		return "shared: JVM flags separated by spaces"
	case "ZOOKEEPER_SERVERS", "ZOOKEEPER_GROUPS", "ZOOKEEPER_WEIGHTS":
		return "entries separated by ';', numbered by position: the first is " + zkKey(p)
	case "ZOO_SERVERS":
		return "whole server.N=... lines separated by spaces"
	}
	if img == BitnamiKafka {
		return "empty values are skipped by recent bitnami images"
	}
	return ""
}

func unsettableNote(p *Param, img Image) string {
	switch img {
	case CPZooKeeper:
		if p.Name == "dataDir" || p.Name == "dataLogDir" {
			return "fixed by the image (/var/lib/zookeeper/data and /var/lib/zookeeper/log, both volumes)"
		}
		return "cp-zookeeper has no variable for it and ZooKeeper reads no system property for it: mount your own zoo.cfg"
	case ZooKeeperOfficial:
		return "no variable or system property reaches it: mount your own zoo.cfg"
	case ApacheKafka:
		if strings.Contains(p.Name, "kafka") {
			return "the image removes every KAFKA_ from variable names, so this name cannot be spelled: mount server.properties"
		}
	}
	return "the image's variable rule cannot spell this name: mount a properties file instead"
}

// SearchResult is one match of Search.
type SearchResult struct {
	Param *Param
	Score int
}

// Search ranks the parameters that match every word, over names and
// descriptions: a word that is a whole segment of the name counts most,
// then a part of the name, then a whole word of the description, then a
// part of it. Ties go to the shorter name, then catalogue order.
func Search(words []string) []SearchResult { return get().Search(words) }

// Search is the package's Search over this line's catalogue.
func (k *Catalog) Search(words []string) []SearchResult {
	var ws []string
	for _, w := range words {
		ws = append(ws, strings.Fields(strings.ToLower(w))...)
	}
	if len(ws) == 0 {
		return nil
	}
	order := map[*Param]int{}
	var out []SearchResult
	for i, p := range k.All() {
		order[p] = i
		name := strings.ToLower(p.Name)
		segs := map[string]bool{}
		for _, s := range strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '_' || r == '-' }) {
			segs[s] = true
		}
		desc := strings.ToLower(p.Description)
		dwords := map[string]bool{}
		for _, s := range strings.FieldsFunc(desc, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_')
		}) {
			dwords[strings.Trim(s, "._")] = true
		}
		score := 0
		for _, w := range ws {
			switch {
			case segs[w] || name == w:
				score += 20
			case strings.Contains(name, w):
				score += 10
			case dwords[w]:
				score += 4
			case strings.Contains(desc, w):
				score += 2
			default:
				score = -1
			}
			if score < 0 {
				break
			}
		}
		if score <= 0 {
			continue
		}
		if p.Deprecated {
			score--
		}
		out = append(out, SearchResult{Param: p, Score: score})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if len(a.Param.Name) != len(b.Param.Name) {
			return len(a.Param.Name) < len(b.Param.Name)
		}
		return order[a.Param] < order[b.Param]
	})
	return out
}
