package catalog

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

const (
	listenerFormat    = "NAME://host:port[,NAME://host:port...], host may be empty or an [IPv6] literal"
	protocolMapFormat = "NAME:PROTOCOL[,NAME:PROTOCOL...], PROTOCOL one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"
)

// SecurityProtocols are the protocols a Kafka listener can speak.
var SecurityProtocols = []string{"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"}

// Listener is one entry of a listeners or advertised.listeners value.
type Listener struct {
	Name string // upper-cased, as Kafka normalises it
	Host string // "" binds or advertises the default interface
	Port int    // 0 when a dynamic entry's port is not a number
	// Dynamic is true for an entry ReadListeners kept although it uses
	// ${VAR} interpolation, whose value is unknown.
	Dynamic bool
}

// listenerRe is Kafka's SocketServerConfigs.URI_PARSE_REGEXP, anchored the
// way Matcher.matches anchors it.
var listenerRe = regexp.MustCompile(`^(.*)://\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$`)

// ParseListeners parses a listeners or advertised.listeners value as Kafka
// does (comma-separated NAME://host:port entries, names upper-cased) and
// returns the entries or an error naming the bad one. It checks the syntax
// of each entry only; use Validate for the rules across entries.
func ParseListeners(value string) ([]Listener, error) {
	ls, why := parseListeners(value)
	if why != "" {
		return nil, fmt.Errorf("%s", why)
	}
	return ls, nil
}

func parseListeners(value string) ([]Listener, string) {
	var out []Listener
	for _, e := range csvList(javaTrim(value)) {
		m := listenerRe.FindStringSubmatch(e)
		if m == nil {
			return nil, fmt.Sprintf("entry %q is not NAME://host:port", e)
		}
		port, err := strconv.Atoi(m[3])
		if err != nil || port < 0 || port > 65535 {
			return nil, fmt.Sprintf("entry %q: port %s is out of range 0..65535", e, m[3])
		}
		if m[1] == "" {
			return nil, fmt.Sprintf("entry %q has no listener name before ://", e)
		}
		out = append(out, Listener{Name: strings.ToUpper(m[1]), Host: m[2], Port: port})
	}
	return out, ""
}

// ReadListeners reads a listeners or advertised.listeners value leniently,
// for a compose file or a running broker's configuration: the entries Kafka
// accepts are read as ParseListeners reads them; an entry that uses ${VAR}
// interpolation keeps what can be read (Dynamic set, Host the text before
// the last colon, Port 0 unless the text after it is a number); other
// malformed entries are left out, for Validate to report.
func ReadListeners(value string) []Listener {
	var out []Listener
	for _, e := range csvList(javaTrim(value)) {
		if ls, why := parseListeners(e); why == "" {
			out = append(out, ls...)
			continue
		}
		if !strings.Contains(e, "$") {
			continue
		}
		name, rest, ok := strings.Cut(e, "://")
		if !ok || name == "" {
			continue
		}
		l := Listener{Name: strings.ToUpper(name), Dynamic: true, Host: rest}
		if i := strings.LastIndexByte(rest, ':'); i >= 0 {
			l.Host = strings.Trim(rest[:i], "[]")
			l.Port, _ = strconv.Atoi(rest[i+1:])
		}
		out = append(out, l)
	}
	return out
}

// csvList mirrors Kafka's Csv.parseCsvList: split on commas with the
// whitespace around them, drop empty entries.
func csvList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.Trim(e, " \t\n\v\f\r"); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// checkListeners applies KafkaConfig's rules to listeners (bind = true) or
// advertised.listeners: every entry parses, names are distinct, and for
// listeners the ports are distinct too, except for one IPv4 and one IPv6
// literal sharing a port; advertised listeners cannot advertise 0.0.0.0.
func checkListeners(value string, bind bool) string {
	ls, why := parseListeners(value)
	if why != "" {
		return why
	}
	names := map[string]bool{}
	for _, l := range ls {
		if names[l.Name] {
			return fmt.Sprintf("listener name %s is used twice; each listener needs its own name", l.Name)
		}
		names[l.Name] = true
		if !bind && l.Host == "0.0.0.0" {
			return fmt.Sprintf("listener %s advertises 0.0.0.0, which clients cannot connect to; advertise a routable host name or address", l.Name)
		}
	}
	if !bind {
		return ""
	}
	byPort := map[int][]Listener{}
	var order []int
	for _, l := range ls {
		if l.Port == 0 {
			continue // port 0 picks a free port; Kafka exempts it
		}
		if len(byPort[l.Port]) == 0 {
			order = append(order, l.Port)
		}
		byPort[l.Port] = append(byPort[l.Port], l)
	}
	for _, port := range order {
		eps := byPort[port]
		if len(eps) < 2 {
			continue
		}
		var v4, v6, other int
		for _, l := range eps {
			a, err := netip.ParseAddr(l.Host)
			switch {
			case err != nil:
				other++
			case a.Is4():
				v4++
			default:
				v6++
			}
		}
		if other > 1 || v4+v6 != 0 && (v4+v6 != 2 || v4 != 1 || other != 0) {
			return fmt.Sprintf("port %d is used by more than one listener; only one IPv4 and one IPv6 address may share a port", port)
		}
	}
	return ""
}

// ParseProtocolMap parses a listener.security.protocol.map value as Kafka
// does: NAME:PROTOCOL entries, names upper-cased, protocols matched
// case-insensitively; a later entry for the same name wins.
func ParseProtocolMap(value string) (map[string]string, error) {
	m, why := parseProtocolMap(javaTrim(value))
	if why != "" {
		return nil, fmt.Errorf("%s", why)
	}
	return m, nil
}

func parseProtocolMap(value string) (map[string]string, string) {
	out := map[string]string{}
	if value == "" {
		return out, ""
	}
	// Csv.parseCsvMap uses String.split, which drops trailing empty
	// entries but keeps empty ones in the middle (and then fails on them).
	entries := strings.Split(value, ",")
	for len(entries) > 0 && strings.Trim(entries[len(entries)-1], " \t\n\v\f\r") == "" {
		entries = entries[:len(entries)-1]
	}
	for _, e := range entries {
		e = strings.Trim(e, " \t\n\v\f\r")
		i := strings.LastIndexByte(e, ':')
		if i < 0 {
			return nil, fmt.Sprintf("entry %q is not NAME:PROTOCOL", e)
		}
		name := strings.TrimSpace(e[:i])
		proto := strings.ToUpper(strings.TrimSpace(e[i+1:]))
		known := false
		for _, sp := range SecurityProtocols {
			if proto == sp {
				known = true
			}
		}
		if !known {
			return nil, fmt.Sprintf("entry %q: unknown security protocol %q", e, e[i+1:])
		}
		out[strings.ToUpper(name)] = proto
	}
	return out, ""
}

// hostPortRe is Kafka's Utils.HOST_PORT_PATTERN, used for bootstrap servers
// and the controller quorum.
var hostPortRe = regexp.MustCompile(`^.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)$`)

// splitHostPort mirrors Utils.getHost/getPort, then checks the port range as
// InetSocketAddress does.
func splitHostPort(s string) (host string, port int, why string) {
	m := hostPortRe.FindStringSubmatch(s)
	if m == nil {
		return "", 0, fmt.Sprintf("%q is not host:port", s)
	}
	p, err := strconv.Atoi(m[2])
	if err != nil || p > 65535 {
		return "", 0, fmt.Sprintf("%q: port %s is out of range 0..65535", s, m[2])
	}
	return m[1], p, ""
}

// checkHostPorts checks bootstrap-server style lists. The clients skip empty
// entries (ClientUtils.parseAndValidateAddresses), so "host:port," is fine,
// but refuse to start without any address ("no resolvable bootstrap urls");
// the controller quorum list may be empty, but every entry of it must parse,
// an empty one included.
func checkHostPorts(items []string, client bool) string {
	n := 0
	for _, it := range items {
		if it == "" {
			if client {
				continue
			}
			return "contains an empty entry"
		}
		n++
		if _, _, why := splitHostPort(it); why != "" {
			return why
		}
	}
	if client && n == 0 {
		return "must list at least one host:port"
	}
	return ""
}

// checkVoters mirrors QuorumConfig.parseVoterConnections: each entry is
// id@host:port with an int id.
func checkVoters(items []string) string {
	for _, it := range items {
		id, addr, ok := strings.Cut(it, "@")
		if !ok || strings.Contains(addr, "@") {
			return fmt.Sprintf("entry %q is not id@host:port", it)
		}
		if _, perr := parseJavaInt(id, 32); perr != 0 {
			return fmt.Sprintf("entry %q: node id %q is not a number", it, id)
		}
		if _, _, why := splitHostPort(addr); why != "" {
			return fmt.Sprintf("entry %q: %s", it, why)
		}
	}
	return ""
}

// checkZKConnect checks a ZooKeeper connect string the way the ZooKeeper
// client parses it: comma-separated host[:port] entries, then an optional
// chroot path that must be a valid absolute znode path.
func checkZKConnect(s string) string {
	if s == "" {
		return "must list at least one ZooKeeper host:port"
	}
	hosts, chroot := s, ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		hosts, chroot = s[:i], s[i:]
	}
	if chroot != "" && chroot != "/" {
		if why := checkZNodePath(chroot); why != "" {
			return "chroot " + why
		}
	}
	entries := strings.Split(hosts, ",")
	n := 0
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		n++
		host, port := e, ""
		if strings.HasPrefix(e, "[") {
			end := strings.IndexByte(e, ']')
			if end < 0 {
				return fmt.Sprintf("entry %q opens an IPv6 literal with [ but never closes it", e)
			}
			host, port = e[1:end], strings.TrimPrefix(e[end+1:], ":")
		} else if i := strings.LastIndexByte(e, ':'); i >= 0 {
			host, port = e[:i], e[i+1:]
		}
		if host == "" {
			return fmt.Sprintf("entry %q has no host", e)
		}
		if port != "" {
			p, perr := parseJavaInt(port, 32)
			if perr != 0 || p < 0 || p > 65535 {
				return fmt.Sprintf("entry %q: port %q is not a number in 0..65535", e, port)
			}
		}
	}
	if n == 0 {
		return "must list at least one ZooKeeper host:port"
	}
	return ""
}

// checkZNodePath mirrors the main rules of ZooKeeper's PathUtils.validatePath.
func checkZNodePath(path string) string {
	if !strings.HasPrefix(path, "/") {
		return fmt.Sprintf("%q must start with /", path)
	}
	if len(path) > 1 && strings.HasSuffix(path, "/") {
		return fmt.Sprintf("%q must not end with /", path)
	}
	for _, seg := range strings.Split(path[1:], "/") {
		switch seg {
		case "":
			return fmt.Sprintf("%q contains an empty segment (//)", path)
		case ".", "..":
			return fmt.Sprintf("%q contains a relative segment %q", path, seg)
		}
		for _, r := range seg {
			if r == 0 || r > 0 && r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0xd800 && r <= 0xf8ff || r >= 0xfff0 && r <= 0xffff {
				return fmt.Sprintf("%q contains a character ZooKeeper does not allow", path)
			}
		}
	}
	return ""
}
