package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// CrossError is a rule that spans several broker parameters, the checks
// KafkaConfig makes after every single value has passed.
type CrossError struct {
	Params []string // the parameters involved, the one to fix first
	Reason string
}

func (e *CrossError) Error() string {
	return strings.Join(e.Params, " / ") + ": " + e.Reason
}

// CrossCheck applies KafkaConfig's rules across a broker's properties
// (names as in server.properties, values as given) for a broker in mode
// (ModeZK, ModeKRaft, or ModeBoth to decide from process.roles):
//
//   - every listener's name has a security protocol (in
//     listener.security.protocol.map, or is itself a protocol name when the
//     map is not set);
//   - advertised listener names are a subset of the listener names;
//   - inter.broker.listener.name is an advertised listener, and is not set
//     together with security.inter.broker.protocol;
//   - node.id and broker.id, when both are set, are equal (in ZooKeeper
//     mode node.id is an alias of broker.id, in KRaft the reverse);
//   - a ZooKeeper-mode broker has zookeeper.connect; a KRaft one sets it only
//     while migrating from ZooKeeper.
//
// props is the broker's complete configuration: a parameter it lacks has
// its default. Values that fail their own validation are skipped here;
// Check reports them.
func CrossCheck(props map[string]string, mode Mode) []error {
	return crossCheck(props, mode, true)
}

// crossCheck with complete false applies only the rules whose parameters
// are present, for a partial set of properties.
func crossCheck(props map[string]string, mode Mode, complete bool) []error {
	var errs []error
	fail := func(reason string, params ...string) {
		errs = append(errs, &CrossError{Params: params, Reason: reason})
	}
	get := func(name string) (string, bool) {
		v, ok := props[name]
		return javaTrim(v), ok
	}
	if mode != ModeZK && mode != ModeKRaft {
		mode = ModeZK
		if r, ok := get("process.roles"); ok && r != "" {
			mode = ModeKRaft
		}
	}

	// The protocol of every listener.
	protoMap := map[string]string{}
	mapVal, mapSet := get("listener.security.protocol.map")
	mapOK := true
	if mapSet {
		m, why := parseProtocolMap(mapVal)
		protoMap, mapOK = m, why == ""
	} else {
		for _, sp := range SecurityProtocols {
			protoMap[sp] = sp
		}
	}
	lv, lset := get("listeners")
	if !lset && complete {
		lv, lset = "PLAINTEXT://:9092", true // Kafka's default
	}
	names := map[string]bool{}
	listenersOK := false
	if lset {
		if ls, why := parseListeners(lv); why == "" {
			listenersOK = true
			for _, l := range ls {
				names[l.Name] = true
				if !mapOK || (!complete && !mapSet) {
					continue
				}
				if _, ok := protoMap[l.Name]; ok {
					continue
				}
				if mapSet {
					fail(fmt.Sprintf("listener %s has no security protocol; add %s:PLAINTEXT (or SSL, SASL_PLAINTEXT, SASL_SSL) to listener.security.protocol.map", l.Name, l.Name), "listener.security.protocol.map", "listeners")
				} else {
					fail(fmt.Sprintf("listener %s is not a security protocol name, so it needs listener.security.protocol.map (for example %s:PLAINTEXT)", l.Name, l.Name), "listener.security.protocol.map", "listeners")
				}
			}
		}
	}

	// Advertised listeners default to the listeners.
	advNames, advOK := names, listenersOK
	if av, aset := get("advertised.listeners"); aset && av != "" {
		advOK = false
		if adv, why := parseListeners(av); why == "" {
			advNames, advOK = map[string]bool{}, true
			var extra []string
			for _, l := range adv {
				advNames[l.Name] = true
				if !names[l.Name] {
					extra = append(extra, l.Name)
				}
			}
			if listenersOK && mode == ModeZK && len(extra) > 0 {
				fail(fmt.Sprintf("advertised listener %s is not defined in listeners (defined: %s)", strings.Join(extra, ", "), sortedKeys(names)), "advertised.listeners", "listeners")
			}
		}
	}

	if ibl, ok := get("inter.broker.listener.name"); ok && ibl != "" {
		if _, both := get("security.inter.broker.protocol"); both {
			fail("set only one of inter.broker.listener.name and security.inter.broker.protocol", "inter.broker.listener.name", "security.inter.broker.protocol")
		}
		if advOK && !advNames[strings.ToUpper(ibl)] {
			fail(fmt.Sprintf("inter.broker.listener.name %s is not an advertised listener (valid: %s)", ibl, sortedKeys(advNames)), "inter.broker.listener.name", "advertised.listeners")
		}
	}

	// KafkaConfig copies either id into the other when only one is set,
	// and refuses to start when both are set and differ.
	if nid, ok := get("node.id"); ok {
		if bid, ok := get("broker.id"); ok {
			n, nerr := parseJavaInt(nid, 32)
			b, berr := parseJavaInt(bid, 32)
			if nerr == 0 && berr == 0 && n != b {
				fail(fmt.Sprintf("node.id %d and broker.id %d differ: Kafka refuses to start unless they are equal (set only one of them, or both to the same id)", n, b), "node.id", "broker.id")
			}
		}
	}

	zk, hasZK := get("zookeeper.connect")
	switch mode {
	case ModeZK:
		if complete && zk == "" {
			fail("a ZooKeeper-mode broker needs zookeeper.connect (host:port of the ensemble)", "zookeeper.connect")
		}
	case ModeKRaft:
		mig, _ := get("zookeeper.metadata.migration.enable")
		if hasZK && zk != "" && !strings.EqualFold(mig, "true") {
			fail("process.roles makes this a KRaft node, which ignores zookeeper.connect (Kafka starts without ever connecting to ZooKeeper); it belongs only to a ZooKeeper migration (zookeeper.metadata.migration.enable=true)", "zookeeper.connect", "process.roles")
		}
	}
	return errs
}

func sortedKeys(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// CheckResult is the outcome of checking one name=value entry.
type CheckResult struct {
	Name  string // as given
	Value string
	Param *Param // the parameter it resolved to; nil when unknown
	// Via says how a name that is not a property resolved, e.g.
	// "cp-kafka variable for num.partitions".
	Via string
	Err error // nil when accepted
	// Warning is set for an accepted value that the program changes or
	// ignores (see Param.Advise).
	Warning string
}

// CheckEntries checks name=value entries for a broker in mode (or any mode
// when mode is ModeBoth). Each name is looked up in comps in order (the
// first that knows it wins); a name that is no property but an image's
// environment variable for one is checked as that property. When the
// entries are broker properties, the cross-parameter rules run too, as
// extra results with an empty Name.
func CheckEntries(comps []Component, entries [][2]string, mode Mode) []CheckResult {
	return get().CheckEntries(comps, entries, mode)
}

// CheckEntries is the package's CheckEntries against this line's catalogue.
// A 4.x broker runs KRaft only: mode is then ModeKRaft whatever is given.
func (k *Catalog) CheckEntries(comps []Component, entries [][2]string, mode Mode) []CheckResult {
	if k.version == V4 {
		mode = ModeKRaft
	}
	if len(comps) == 0 {
		comps = []Component{Broker}
	}
	var out []CheckResult
	broker := map[string]string{}
	for _, e := range entries {
		r := CheckResult{Name: e[0], Value: e[1]}
		p, err := k.CheckAny(comps, e[0], e[1], mode)
		if _, unknown := err.(*UnknownError); unknown {
			if q := k.envParam(comps, e[0]); q != nil {
				p, r.Via = q.param, q.via
				err = checkIn(p, e[1], mode)
			} else if k.version == V4 {
				// An image variable for a config 4.x removed.
				for _, ref := range PropertyFor(e[0]) {
					if ref.Property == "" {
						continue
					}
					if rerr := removedError(comps, e[0], ref.Property); rerr != nil {
						err = rerr
						break
					}
				}
			}
		}
		r.Param, r.Err = p, err
		if err == nil && p != nil {
			r.Warning = p.Advise(e[1])
		}
		if p != nil && p.Component == Broker {
			key := e[0]
			if r.Via != "" {
				key = p.Name
			}
			broker[key] = e[1]
		}
		out = append(out, r)
	}
	if len(broker) > 0 && (mode == ModeZK || mode == ModeKRaft) {
		for _, err := range crossCheck(broker, mode, false) {
			out = append(out, CheckResult{Err: err})
		}
	}
	return out
}

type envHit struct {
	param *Param
	via   string
}

// envParam resolves an environment variable name to a parameter of comps.
func (k *Catalog) envParam(comps []Component, name string) *envHit {
	for _, c := range comps {
		for _, ref := range PropertyFor(name) {
			if p := k.envRefParam(ref); p != nil && p.Component == c {
				return &envHit{p, fmt.Sprintf("%s variable for %s", ref.Image, p.Name)}
			}
		}
	}
	return nil
}
