package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// UnknownError says that a name is not a parameter of a component, with the
// nearest real names.
type UnknownError struct {
	Component   Component
	Name        string
	Suggestions []string
	// Reason, when set, says why a name built from a real parameter is
	// still not one Kafka reads (a listener prefix on a key Kafka never
	// reads per listener); it replaces the suggestions.
	Reason string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown %s parameter %q", e.Component, e.Name)
	if e.Reason != "" {
		return msg + " (" + e.Reason + ")"
	}
	if len(e.Suggestions) > 0 {
		s := e.Suggestions
		if len(s) > 3 {
			s = s[:3]
		}
		alt := s[0]
		if len(s) > 1 {
			alt = strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
		}
		msg += " (did you mean " + alt + "?)"
	}
	return msg
}

// ModeError says that a broker parameter belongs to the other broker mode:
// a KRaft-only parameter given to a ZooKeeper-mode broker or the reverse.
type ModeError struct {
	Param     string
	ParamMode Mode // where the parameter applies: ModeZK or ModeKRaft
	Mode      Mode // the mode the broker runs in
	// Value is set when only this value of the parameter belongs to the
	// other mode (remote.log.copy.disable=true in ZooKeeper mode); Reason
	// then says what Kafka does with it.
	Value  string
	Reason string
}

func (e *ModeError) Error() string {
	if e.Value != "" {
		return e.Param + "=" + e.Value + ": " + e.Reason
	}
	if e.ParamMode == ModeKRaft {
		return fmt.Sprintf("%s is a KRaft-only parameter; a ZooKeeper-mode broker ignores or rejects it (remove it, or run the broker in KRaft mode)", e.Param)
	}
	return fmt.Sprintf("%s is a ZooKeeper-mode parameter; a KRaft broker ignores or rejects it (remove it, or run the broker in ZooKeeper mode)", e.Param)
}

// ParseMode turns a user's word into a Mode: zk (or zookeeper), kraft, both.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(s) {
	case "zk", "zookeeper":
		return ModeZK, nil
	case "kraft":
		return ModeKRaft, nil
	case "both", "":
		return ModeBoth, nil
	}
	return "", fmt.Errorf("unknown mode %q (one of zk, kraft)", s)
}

// Check validates name=value for component c as the broker, ZooKeeper or
// client would: an unknown name is a *UnknownError with suggestions, a
// broker parameter of the other mode is a *ModeError (mode ModeZK or
// ModeKRaft; ModeBoth or "" skips that check), a bad value a *ValueError.
//
// A value of the right mode and form can still be one Kafka refuses in this
// mode only (remote.log.copy.disable=true in ZooKeeper mode): that is a
// *ModeError with its Value set.
func Check(c Component, name, value string, mode Mode) error {
	return get().Check(c, name, value, mode)
}

// Check is the package's Check against this line's catalogue.
func (k *Catalog) Check(c Component, name, value string, mode Mode) error {
	p, ok := k.LookupKey(c, name)
	if !ok {
		return &UnknownError{Component: c, Name: name, Suggestions: k.Suggest(c, name), Reason: k.listenerReason(c, name)}
	}
	return checkIn(p, value, mode)
}

// listenerReason explains why a listener-prefixed broker key that
// LookupKey refused is not read: the listener name is not in lower case,
// the key is read per mechanism only, or not per listener at all. It is
// "" for any other name.
func (k *Catalog) listenerReason(c Component, name string) string {
	if c != Broker {
		return ""
	}
	rest, ok := strings.CutPrefix(name, "listener.name.")
	if !ok {
		return ""
	}
	listener, key, ok := strings.Cut(rest, ".")
	if !ok || listener == "" {
		return ""
	}
	if lower := strings.ToLower(listener); lower != listener {
		if _, ok := k.LookupKey(c, "listener.name."+lower+"."+key); ok {
			return fmt.Sprintf("Kafka looks for listener prefixes in lower case: listener.name.%s.%s", lower, key)
		}
		return ""
	}
	if _, known := k.Lookup(c, key); !known {
		return ""
	}
	switch {
	case mechanismKeys[key]:
		return fmt.Sprintf("Kafka reads %s per listener only for one SASL mechanism: listener.name.%s.<mechanism>.%s, the mechanism in lower case", key, listener, key)
	case !ListenerKey(key):
		return fmt.Sprintf("%s is a broker parameter, but Kafka never reads it under a listener prefix; set it without one", key)
	}
	return ""
}

// checkIn checks one value of p for a broker in mode: the parameter's
// mode, then the value, then the values Kafka refuses in that mode only.
func checkIn(p *Param, value string, mode Mode) error {
	if err := checkMode(p, mode); err != nil {
		return err
	}
	if err := p.Validate(value); err != nil {
		return err
	}
	return checkModeValue(p, value, mode)
}

// zkRefusesTrue lists the topic configs that a ZooKeeper-mode cluster
// refuses to see set to true: LogConfig's validation of a new or altered
// topic config (validateNoInvalidRemoteStorageConfigsInZK in Kafka 3.9)
// fails the request with INVALID_CONFIG.
var zkRefusesTrue = map[string]bool{"remote.log.copy.disable": true, "remote.log.delete.on.disable": true}

func checkModeValue(p *Param, value string, mode Mode) error {
	if mode == ModeZK && p.Component == Topic && zkRefusesTrue[p.Name] && strings.EqualFold(javaTrim(value), "true") {
		return &ModeError{Param: p.Name, ParamMode: ModeKRaft, Mode: mode, Value: value,
			Reason: "a ZooKeeper-mode cluster refuses true for this topic config: creating or altering the topic fails with an invalid config error (leave it false, or run the cluster in KRaft mode)"}
	}
	return nil
}

// CheckAny is Check for a name whose component is not known: it uses the
// first of comps that knows the name and returns the parameter it used.
// When none does, the error is the first component's *UnknownError with
// suggestions drawn from all of comps.
func CheckAny(comps []Component, name, value string, mode Mode) (*Param, error) {
	return get().CheckAny(comps, name, value, mode)
}

// CheckAny is the package's CheckAny against this line's catalogue.
func (k *Catalog) CheckAny(comps []Component, name, value string, mode Mode) (*Param, error) {
	for _, c := range comps {
		if p, ok := k.LookupKey(c, name); ok {
			return p, checkIn(p, value, mode)
		}
	}
	if len(comps) == 0 {
		comps = []Component{Broker}
	}
	if k.version == V4 {
		if err := removedError(comps, name, name); err != nil {
			return nil, err
		}
	}
	return nil, &UnknownError{Component: comps[0], Name: name, Suggestions: k.suggestIn(comps, name), Reason: k.listenerReason(comps[0], name)}
}

func checkMode(p *Param, mode Mode) error {
	if mode == ModeZK && p.Mode == ModeKRaft || mode == ModeKRaft && p.Mode == ModeZK {
		return &ModeError{Param: p.Name, ParamMode: p.Mode, Mode: mode}
	}
	return nil
}

var (
	zkIndexedKey = regexp.MustCompile(`^(server|group|weight)\.[0-9]+$`)
	// listenerKey is listener.name.NAME.REST: Kafka builds the prefix from
	// the listener's name in lower case (ListenerName.configPrefix), so a
	// key with an upper-case name is never read.
	listenerKey = regexp.MustCompile(`^listener\.name\.([^.A-Z]+)\.(.+)$`)
	// mechanismKey is MECHANISM.REST after a listener prefix, the
	// mechanism in lower case (ListenerName.saslMechanismPrefix).
	mechanismKey = regexp.MustCompile(`^([a-z0-9_-]+)\.(.+)$`)
)

// listenerConnectionKeys are the connection limits a listener may set for
// itself: the quota of ConnectionQuotas' per-listener ListenerConnectionQuota
// and the network threads of the listener's acceptor (Kafka's
// DynamicBrokerConfig calls them the cluster-level listener configs).
var listenerConnectionKeys = map[string]bool{"max.connections": true, "max.connection.creation.rate": true, "num.network.threads": true}

// brokerWideSASL are the sasl.* keys KafkaConfig reads once for the whole
// broker (which mechanism its own clients use), never per listener.
var brokerWideSASL = map[string]bool{"sasl.mechanism.inter.broker.protocol": true, "sasl.mechanism.controller.protocol": true}

// mechanismKeys are the keys a listener may set for one SASL mechanism
// (listener.name.NAME.MECHANISM.KEY): Kafka's listener mechanism configs
// (DynamicBrokerConfig, the same five in 3.9 and 4.4; TestListenerSetsAgainstKafka
// reads them from the jars, with the other two sets here). All but
// connections.max.reauth.ms are read on a broker only this way: JaasContext,
// SaslChannelBuilder and LoginManager look up MECHANISM.KEY alone.
var mechanismKeys = map[string]bool{"sasl.jaas.config": true, "sasl.login.class": true, "sasl.login.callback.handler.class": true,
	"sasl.server.callback.handler.class": true, "connections.max.reauth.ms": true}

// ListenerKey reports whether a broker reads key (a broker parameter name)
// per listener, as listener.name.NAME.KEY. Those are the keys of the
// listener's channel builder, built from the broker's configuration with
// the listener's prefix laid over it (ChannelBuilders, valuesWithPrefixOverride):
// every ssl.* key, the sasl.* keys but the two that pick the broker's own
// client mechanism and the four a broker reads only per mechanism (see
// MechanismKey: listener.name.NAME.sasl.jaas.config is ignored with a
// warning), principal.builder.class and connections.max.reauth.ms; and the
// listener's connection limits (max.connections,
// max.connection.creation.rate, num.network.threads). Kafka parses any
// other key under the prefix and then ignores it.
func ListenerKey(key string) bool {
	switch {
	case listenerConnectionKeys[key], key == "principal.builder.class", key == "connections.max.reauth.ms":
		return true
	case strings.HasPrefix(key, "ssl."):
		return true
	case strings.HasPrefix(key, "sasl."):
		return !brokerWideSASL[key] && !mechanismKeys[key]
	}
	return false
}

// MechanismKey reports whether a broker reads key for one SASL mechanism
// of a listener, as listener.name.NAME.MECHANISM.KEY (the mechanism in
// lower case: plain, scram-sha-256, oauthbearer, gssapi): the JAAS
// configuration, the login and server callback classes and
// connections.max.reauth.ms for any mechanism; and for oauthbearer also the
// sasl.oauthbearer.* and sasl.login.* keys, which its token validator and
// retriever look up under the mechanism's prefix first (ConfigurationUtils).
func MechanismKey(mechanism, key string) bool {
	if mechanismKeys[key] {
		return true
	}
	return mechanism == "oauthbearer" && (strings.HasPrefix(key, "sasl.oauthbearer.") || strings.HasPrefix(key, "sasl.login."))
}

// perListenerDynamic are the TLS store settings a broker changes at run
// time only under a listener prefix (SslConfigs.RECONFIGURABLE_CONFIGS, the
// same in 3.9 and 4.4): given without one, an alter-configs request is
// refused with INVALID_REQUEST.
var perListenerDynamic = map[string]bool{
	"ssl.keystore.type": true, "ssl.keystore.location": true, "ssl.keystore.password": true, "ssl.key.password": true,
	"ssl.keystore.key": true, "ssl.keystore.certificate.chain": true, "ssl.truststore.type": true,
	"ssl.truststore.location": true, "ssl.truststore.password": true, "ssl.truststore.certificates": true,
}

// DynamicOnlyPerListener reports whether broker parameter name can change at
// run time only as listener.name.NAME.<name>.
func DynamicOnlyPerListener(name string) bool { return perListenerDynamic[name] }

// LookupKey finds the parameter that a configuration key sets in component
// c. Beyond the exact names it understands the keys that stand for a
// documented family: ZooKeeper's server.N, group.N, weight.N and
// authProvider.N, and a broker's per-listener overrides
// listener.name.NAME.KEY (for the keys of ListenerKey) and
// listener.name.NAME.MECHANISM.KEY (for the keys of MechanismKey), which
// Kafka parses and validates like the property they override; the
// parameter returned is that property. Any other key under a listener
// prefix is not found: Kafka never reads it. A broker key under a
// tiered-storage plugin's prefix (rsm.config.KEY, rlmm.config.KEY) is
// answered with the parameter of PluginKey, whose values are not checked.
func LookupKey(c Component, key string) (*Param, bool) { return get().LookupKey(c, key) }

// LookupKey is the package's LookupKey in this line's catalogue.
func (k *Catalog) LookupKey(c Component, key string) (*Param, bool) {
	if p, ok := k.Lookup(c, key); ok {
		return p, true
	}
	switch c {
	case ZooKeeper:
		if zkIndexedKey.MatchString(key) {
			return k.Lookup(c, key[:strings.IndexByte(key, '.')]+".x")
		}
		if rest, ok := strings.CutPrefix(key, "authProvider."); ok && rest != "" {
			return k.Lookup(c, "authProvider")
		}
	case Broker:
		if lk, ok := SplitListenerKey(key); ok {
			return k.Lookup(c, lk.Key)
		}
		return k.PluginKey(key)
	}
	return nil, false
}

// ListenerOverride is a broker key in one of the per-listener forms Kafka
// reads: listener.name.Listener.Key or listener.name.Listener.Mechanism.Key.
type ListenerOverride struct {
	Listener  string // the listener's name in lower case, as written
	Mechanism string // the SASL mechanism in lower case; "" for the listener form
	Key       string // the broker parameter overridden
}

// SplitListenerKey splits key into its listener override, when it has a
// form Kafka reads (see ListenerKey and MechanismKey); ok is false for any
// other key, listener-prefixed or not. Whether the key overridden exists in
// a Kafka line is LookupKey's answer.
func SplitListenerKey(key string) (ListenerOverride, bool) {
	m := listenerKey.FindStringSubmatch(key)
	if m == nil {
		return ListenerOverride{}, false
	}
	if ListenerKey(m[2]) {
		return ListenerOverride{Listener: m[1], Key: m[2]}, true
	}
	if mm := mechanismKey.FindStringSubmatch(m[2]); mm != nil && MechanismKey(mm[1], mm[2]) {
		return ListenerOverride{Listener: m[1], Mechanism: mm[1], Key: mm[2]}, true
	}
	return ListenerOverride{}, false
}

// Suggest returns the names of component c nearest to name, best first: the
// names that differ only by dots, underscores, dashes or case, the property
// an image's environment variable spelling stands for, the broker property
// behind a topic-level name, then small edits (typos, a swapped pair of
// letters). It returns nil when nothing is close.
func Suggest(c Component, name string) []string { return get().Suggest(c, name) }

// Suggest is the package's Suggest among this line's names.
func (k *Catalog) Suggest(c Component, name string) []string {
	return k.suggestIn([]Component{c}, name)
}

type suggestion struct {
	name  string
	score int
}

func (k *Catalog) suggestIn(comps []Component, name string) []string {
	best := map[string]int{}
	add := func(n string, score int) {
		if old, ok := best[n]; !ok || score < old {
			best[n] = score
		}
	}
	in := map[Component]bool{}
	for _, c := range comps {
		in[c] = true
	}
	norm := normName(name)
	lower := strings.ToLower(name)
	tokens := sortedTokens(lower)
	maxDist := 1 + len(name)/6
	if maxDist > 4 {
		maxDist = 4
	}
	// An image's environment variable spelling.
	for _, ref := range PropertyFor(name) {
		if p := k.envRefParam(ref); p != nil && in[p.Component] {
			add(p.Name, 1)
		}
	}
	for _, c := range comps {
		for _, p := range k.Of(c) {
			pl := strings.ToLower(p.Name)
			switch {
			case normName(p.Name) == norm:
				add(p.Name, 0)
				continue
			case sortedTokens(pl) == tokens:
				add(p.Name, 2)
				continue
			case strings.HasSuffix(pl, "."+lower) && len(lower) >= 6:
				add(p.Name, 4)
			}
			if d := EditDistance(lower, pl, maxDist); d <= maxDist {
				add(p.Name, 3+d)
			}
		}
		// A topic-level name given to the broker: its broker property.
		if c == Broker {
			if tp, ok := k.Lookup(Topic, name); ok && tp.ServerDefault != "" {
				add(tp.ServerDefault, 1)
			}
		}
	}
	out := make([]suggestion, 0, len(best))
	for n, s := range best {
		out = append(out, suggestion{n, s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score < out[j].score
		}
		return out[i].name < out[j].name
	})
	if len(out) > 5 {
		out = out[:5]
	}
	names := make([]string, len(out))
	for i, s := range out {
		names[i] = s.name
	}
	if len(names) == 0 {
		return nil
	}
	return names
}

// normName drops case and the separators people mix up.
func normName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '.' || ch == '_' || ch == '-':
		case ch >= 'A' && ch <= 'Z':
			b.WriteByte(ch + 'a' - 'A')
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// sortedTokens is the dot-separated words of s in sorted order, so that
// "retention.log.hours" finds log.retention.hours.
func sortedTokens(s string) string {
	t := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	sort.Strings(t)
	return strings.Join(t, ".")
}

// EditDistance is the optimal-string-alignment distance (insertions,
// deletions, substitutions and swaps of adjacent characters), giving up
// with max+1 as soon as the result must exceed max. The linter uses it too,
// for names that are not parameters (services, compose keys).
func EditDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
