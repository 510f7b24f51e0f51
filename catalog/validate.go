package catalog

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// ValueError says why a value is not acceptable for a parameter.
type ValueError struct {
	Param  string // the parameter name
	Value  string // the value as given
	Reason string // what is wrong, in a few words
	// Valid is the documented constraint or the expected format, shown
	// after the reason; empty when there is nothing to add.
	Valid string
}

func (e *ValueError) Error() string {
	v := e.Value
	if v == "" || strings.ContainsAny(v, " \t\r\n\"") {
		v = strconv.Quote(v)
	}
	msg := e.Param + "=" + v + ": " + e.Reason
	if e.Valid != "" && !strings.Contains(e.Reason, e.Valid) {
		msg += " (valid: " + e.Valid + ")"
	}
	return msg
}

// Validate reports whether the program that owns p would accept value, given
// as it appears in a properties file, zoo.cfg or an environment variable. It
// returns nil or a *ValueError.
//
// Kafka parameters are checked as ConfigDef and KafkaConfig check them: the
// value is trimmed, parsed by type (booleans case-insensitively, integers in
// Java's ranges, doubles with Java's syntax, lists split on commas) and then
// held against the documented validator (ranges, enumerations with their case
// rules, non-empty strings, version strings), plus the syntax Kafka enforces
// for listeners, the listener protocol map, the controller quorum lists,
// bootstrap servers and zookeeper.connect. Class names are checked for
// syntax only: whether a class exists depends on the classpath.
// ZooKeeper parameters follow QuorumPeerConfig (server.N, group.N, weight.N,
// numbers, booleans); librdkafka properties follow rd_kafka_conf_set.
func (p *Param) Validate(value string) error {
	r := ruleFor(p)
	if reason := r.check(value); reason != "" {
		return &ValueError{Param: p.Name, Value: value, Reason: reason, Valid: r.valid}
	}
	return nil
}

// Advise returns, for a value Validate accepts, what the program does
// differently from what the value says: ZooKeeper raises an
// autopurge.snapRetainCount below 3 to 3 with a warning in its log, and a
// quorum.cnxn.threads.size below 20 to 20. It is
// "" when the value is taken as written (or is invalid: see Validate).
func (p *Param) Advise(value string) string {
	if p.Component != ZooKeeper {
		return ""
	}
	how, ok := zkFloors[p.Name]
	if !ok {
		return ""
	}
	c := parseConstraint(p.ValidValues, false)
	if c.kind != cRange || c.min == nil {
		return ""
	}
	floor := int64(*c.min)
	n, perr := parseJavaInt(javaTrim(value), 32)
	if perr != 0 || n >= floor {
		return ""
	}
	return fmt.Sprintf("below %d, so "+how, floor, floor)
}

// ValidHint describes the values p accepts as Validate enforces them: the
// documented constraint, or the expected format for parameters whose
// syntax is checked beyond it (listeners, quorum lists, server.N, ...).
// It is "" when any value of the type goes.
func (p *Param) ValidHint() string { return ruleFor(p).valid }

// rule is the compiled validator of one parameter.
type rule struct {
	check func(raw string) string // "" when the value is accepted
	valid string                  // shown as "(valid: ...)"
	// unknown is a ValidValues text that could not be interpreted; the
	// type is still checked. A test keeps this empty for the catalogue.
	unknown string
}

var (
	rulesOnce sync.Once
	rules     map[*Param]*rule
)

func ruleFor(p *Param) *rule {
	rulesOnce.Do(func() {
		rules = map[*Param]*rule{}
		for _, v := range Versions {
			for _, q := range Kafka(v).All() {
				if rules[q] == nil {
					rules[q] = compileRule(q)
				}
			}
		}
	})
	if r, ok := rules[p]; ok {
		return r
	}
	// A Param built by a caller rather than loaded from the catalogue.
	return compileRule(p)
}

func compileRule(p *Param) *rule {
	if p.PluginPrefix != "" {
		// The plugin alone knows what its keys take.
		return &rule{check: func(string) string { return "" }}
	}
	switch p.Component {
	case ZooKeeper:
		return zkRule(p)
	case Librdkafka:
		return rdRule(p)
	}
	return kafkaRule(p)
}

// kafkaList mirrors how ConfigDef parses a LIST: the trimmed value split on
// commas with the whitespace around them, empty entries kept; an empty value
// is an empty list.
func kafkaList(raw string) []string {
	t := javaTrim(raw)
	if t == "" {
		return nil
	}
	parts := strings.Split(t, ",")
	for i, s := range parts {
		parts[i] = strings.Trim(s, " \t\n\v\f\r")
	}
	return parts
}

// classListParams are LIST parameters whose entries Kafka loads as classes.
var classListParams = map[string]bool{
	"metric.reporters": true, "kafka.metrics.reporters": true, "interceptor.classes": true,
	"partition.assignment.strategy": true, "group.consumer.assignors": true,
}

// startupChecked lists the parameters whose ConfigDef entry has no
// validator: Kafka's config parser takes any text, and the broker fails
// later, while starting, when it parses the value. kafkit rejects such a
// value at once (deliberately stricter) and says what Kafka would do.
var startupChecked = map[string]bool{
	"listeners": true, "advertised.listeners": true, "listener.security.protocol.map": true, "zookeeper.connect": true,
}

// startupNote ends the reason of a value Kafka's config parser accepts but
// the broker cannot start with.
const startupNote = " (Kafka accepts it when reading the file, then fails at start-up)"

// kafkaSpecial holds the syntax checks KafkaConfig, QuorumConfig and the
// clients apply beyond the ConfigDef validator; they get the trimmed value
// and, for lists, the parsed entries.
var kafkaSpecial = map[string]struct {
	check  func(s string, items []string) string
	format string
}{
	"listeners":                           {func(s string, _ []string) string { return checkListeners(s, true) }, listenerFormat},
	"advertised.listeners":                {func(s string, _ []string) string { return checkListeners(s, false) }, listenerFormat},
	"listener.security.protocol.map":      {func(s string, _ []string) string { _, r := parseProtocolMap(s); return r }, protocolMapFormat},
	"controller.quorum.voters":            {func(_ string, l []string) string { return checkVoters(l) }, "id@host:port,id@host:port,..."},
	"controller.quorum.bootstrap.servers": {func(_ string, l []string) string { return checkHostPorts(l, false) }, "host:port,host:port,..."},
	"bootstrap.servers":                   {func(_ string, l []string) string { return checkHostPorts(l, true) }, "host:port,host:port,..."},
	"zookeeper.connect":                   {func(s string, _ []string) string { return checkZKConnect(s) }, "host:port[,host:port...][/chroot]"},
	"process.roles":                       {func(_ string, l []string) string { return checkDistinct(l, "role") }, ""},
	"super.users":                         {func(s string, _ []string) string { return checkPrincipals(s) }, "Type:name;Type:name;..."},
	"authorizer.zookeeper.url":            {func(s string, _ []string) string { return checkZKConnect(s) }, "host:port[,host:port...][/chroot]"},
}

// checkPrincipals mirrors how both built-in authorizers read super.users:
// split on ";", each entry trimmed and parsed by SecurityUtils.
// parseKafkaPrincipal, which wants Type:name and stops the broker
// otherwise. An empty entry inside the list is refused: StandardAuthorizer
// skips it, but AclAuthorizer (ZooKeeper mode) fails on it.
func checkPrincipals(s string) string {
	if s == "" {
		return ""
	}
	entries := strings.Split(s, ";")
	// Java's split drops trailing empty strings: "User:a;" is one entry.
	for len(entries) > 0 && entries[len(entries)-1] == "" {
		entries = entries[:len(entries)-1]
	}
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			return "an empty entry between semicolons: ZooKeeper-mode brokers refuse it"
		}
		if !strings.Contains(e, ":") {
			return fmt.Sprintf("entry %q is not a principal Type:name (User:%s)", e, e)
		}
	}
	return ""
}

// checkClassName accepts a Java class name, as the value of a class-typed
// parameter must be.
func checkClassName(raw string) string {
	t := javaTrim(raw)
	if t == "" {
		return "must name a class"
	}
	if !javaClassName(t) {
		return "not a Java class name (package.Class, $ for nested classes)"
	}
	return ""
}

// javaIntCheck accepts what Java parses as an integer of the given width
// (trimmed as Kafka trims) and what the constraint allows.
func javaIntCheck(bits int, c constraint) func(string) string {
	return func(raw string) string {
		n, perr := parseJavaInt(javaTrim(raw), bits)
		switch perr {
		case intNotNumber:
			return "not a whole number"
		case intOutOfRange:
			return "out of range for " + javaIntRange(bits)
		}
		if c.kind == cEnum {
			return c.checkNumberEnum(float64(n))
		}
		return c.checkNumber(float64(n))
	}
}

// caseInsensitiveEnums are enumerations whose validator ignores case
// although its documented text does not say "(case insensitive)": 4.x's
// ShareAcquireMode validator accepts BATCH_OPTIMIZED, its own default.
var caseInsensitiveEnums = map[string]bool{"share.acquire.mode": true}

func kafkaRule(p *Param) *rule {
	c := parseConstraint(p.ValidValues, false)
	if c.kind == cEnum && caseInsensitiveEnums[p.Name] {
		c.ci = true
	}
	r := &rule{valid: p.ValidValues}
	if c.kind == cUnknown {
		r.unknown = c.unknown
	}
	special, hasSpecial := kafkaSpecial[p.Name]
	if hasSpecial && special.format != "" {
		if r.valid == "" || c.kind == cNonEmptyList || c.kind == cNone {
			r.valid = special.format
		}
	}
	runSpecial := func(s string, items []string) string {
		if !hasSpecial {
			return ""
		}
		why := special.check(s, items)
		if why != "" && startupChecked[p.Name] {
			why += startupNote
		}
		return why
	}
	switch p.Type {
	case "boolean":
		r.check = func(raw string) string {
			t := javaTrim(raw)
			if strings.EqualFold(t, "true") || strings.EqualFold(t, "false") {
				return ""
			}
			return "must be true or false"
		}
		r.valid = ""
	case "int", "short", "long":
		r.check = javaIntCheck(map[string]int{"short": 16, "int": 32, "long": 64}[p.Type], c)
	case "double":
		r.check = func(raw string) string {
			f, ok := parseJavaDouble(raw)
			if !ok {
				return "not a number"
			}
			return c.checkNumber(f)
		}
	case "list":
		classes := classListParams[p.Name]
		r.check = func(raw string) string {
			items := kafkaList(raw)
			switch c.kind {
			case cEnum:
				for _, it := range items {
					if why := c.checkEnum(it); why != "" {
						return fmt.Sprintf("entry %q: %s", it, why)
					}
				}
			case cThrottledReplicas:
				if why := checkThrottled(items); why != "" {
					return why
				}
			}
			if classes {
				for _, it := range items {
					if !javaClassName(it) {
						return fmt.Sprintf("entry %q is not a Java class name", it) + startupNote
					}
				}
			}
			return runSpecial(javaTrim(raw), items)
		}
	case "class":
		r.check = checkClassName
	default: // string, password
		r.check = func(raw string) string {
			t := javaTrim(raw)
			switch c.kind {
			case cEnum:
				if why := c.checkEnum(t); why != "" {
					return why
				}
			case cVersions:
				if why := c.checkVersion(t); why != "" {
					return why
				}
			case cNonEmptyString:
				if t == "" {
					return "must not be empty"
				}
			}
			return runSpecial(t, nil)
		}
	}
	if c.kind == cVersions {
		// The full list of versions is long; the reason already shows
		// the form.
		r.valid = ""
	}
	return r
}

// checkThrottled mirrors ThrottledReplicaListValidator: either the single
// wildcard "*" or entries partitionId:brokerId.
func checkThrottled(items []string) string {
	joined := strings.Join(items, "")
	if joined == "*" {
		return ""
	}
	for _, it := range items {
		if it == "" {
			continue
		}
		a, b, ok := strings.Cut(it, ":")
		if !ok || !allDigits(a) || !allDigits(b) {
			return fmt.Sprintf("entry %q is not partitionId:brokerId (or use the single wildcard *)", it)
		}
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return true
}

// checkDistinct rejects a list that names the same thing twice.
func checkDistinct(items []string, what string) string {
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it] {
			return fmt.Sprintf("%s %q is listed twice", what, it)
		}
		seen[it] = true
	}
	return ""
}
