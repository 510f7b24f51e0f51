package catalog

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ZooKeeper parameters carry the types and valid values kafkit assigned to
// them (the admin guide states none). QuorumPeerConfig trims every zoo.cfg
// value, parses numbers with Integer.parseInt / Long.parseLong and booleans
// with either a strict true/false check or Boolean.parseBoolean, which reads
// anything but "true" as false; a checker is more useful when it rejects
// such a value than when it lets it silently turn into false.

// zkFormats are the ValidValues texts that describe a format in words
// rather than a range or a list, with the check that enforces each (nil
// when the parameter's own check, by name, does).
var zkFormats = map[string]func(string) string{
	"hostname, IPv4 or IPv6 address (no port)": checkHostNoPort,
	"super:<base64 digest>": func(s string) string {
		if !strings.HasPrefix(s, "super:") || len(s) == len("super:") {
			return "must be super:<base64 digest> (the digest of super:password)"
		}
		return ""
	},
	"id[:id...]": nil,
	"host:port:port[:participant|observer][|host:port:port...][;[address:]port]": nil,
}

// checkHostNoPort accepts a host name or an IPv4/IPv6 address; a port
// belongs in the parameter next to it.
func checkHostNoPort(s string) string {
	if s == "" {
		return ""
	}
	h := strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if _, err := netip.ParseAddr(h); err == nil {
		return ""
	}
	if strings.ContainsAny(s, ":/ ") {
		return "must be a host name or an IP address without a port"
	}
	return ""
}

// zkFloors are the ZooKeeper parameters whose minimum is not enforced as
// an error: ZooKeeper 3.8 uses the minimum instead, and says so in its log
// (QuorumPeerConfig warns about autopurge.snapRetainCount; QuorumPeer logs
// the quorum.cnxn.threads.size it keeps). Validate accepts any number for
// them; Advise says what ZooKeeper will do. The minimum is the row's
// valid_values; the map says what happens below it.
var zkFloors = map[string]string{
	"autopurge.snapRetainCount": "ZooKeeper logs a warning and uses %d",
	"quorum.cnxn.threads.size":  "QuorumPeer keeps its own pool size of %d",
}

const serverFormat = "host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort], several host:port:port parts separated by |"

func zkRule(p *Param) *rule {
	c := parseConstraint(p.ValidValues, false)
	if _, ok := zkFloors[p.Name]; ok && c.kind == cRange {
		// The minimum is advice here, not a limit (see Advise).
		c = constraint{kind: cNone}
	}
	r := &rule{valid: p.ValidValues}
	format, isFormat := zkFormats[strings.TrimSpace(p.ValidValues)]
	if c.kind == cUnknown && !isFormat {
		r.unknown = c.unknown
	}
	switch p.Name {
	case "server.x":
		r.valid = serverFormat
		r.check = func(raw string) string { return checkZKServer(javaTrim(raw)) }
		return r
	case "group.x":
		r.valid = "serverId:serverId:..."
		r.check = func(raw string) string {
			for _, s := range javaSplit(javaTrim(raw), ":") {
				if _, perr := parseJavaInt(s, 64); perr != 0 {
					return fmt.Sprintf("server id %q is not a number", s)
				}
			}
			return ""
		}
		return r
	}
	switch strings.ToLower(p.Type) {
	case "boolean", "bool":
		r.valid = ""
		r.check = func(raw string) string {
			t := javaTrim(raw)
			if strings.EqualFold(t, "true") || strings.EqualFold(t, "false") {
				return ""
			}
			return "must be true or false"
		}
	case "int", "integer", "short", "long":
		bits := 32
		switch strings.ToLower(p.Type) {
		case "long":
			bits = 64
		case "short":
			bits = 16
		}
		r.check = javaIntCheck(bits, c)
	case "double", "float":
		r.check = func(raw string) string {
			f, ok := parseJavaDouble(raw)
			if !ok {
				return "not a number"
			}
			return c.checkNumber(f)
		}
	case "list":
		r.check = func(raw string) string {
			if c.kind != cEnum {
				return ""
			}
			for _, it := range csvList(javaTrim(raw)) {
				if why := c.checkEnum(it); why != "" {
					return fmt.Sprintf("entry %q: %s", it, why)
				}
			}
			return ""
		}
	case "class":
		r.check = checkClassName
	default:
		r.check = func(raw string) string {
			t := javaTrim(raw)
			switch c.kind {
			case cEnum:
				return c.checkEnum(t)
			case cNonEmptyString:
				if t == "" {
					return "must not be empty"
				}
			case cUnknown:
				if format != nil {
					return format(t)
				}
			case cRange:
				// A number-valued parameter typed as a string.
				n, err := strconv.ParseFloat(t, 64)
				if err != nil {
					return "not a number"
				}
				return c.checkNumber(n)
			}
			return ""
		}
	}
	if p.HasDefault && p.Default == "" {
		// An empty value restores a documented empty default (no
		// snapshot compression, for instance), whatever the list of
		// non-empty values says.
		inner := r.check
		r.check = func(raw string) string {
			if javaTrim(raw) == "" {
				return ""
			}
			return inner(raw)
		}
	}
	return r
}

// checkZKServer mirrors QuorumPeer.QuorumServer's parsing of a server.N
// value (ZooKeeper 3.8): server part(s) and an optional client part after
// ';'; each server part is host:port:port or host:port:port:type, an IPv6
// host in brackets; the two ports must differ.
func checkZKServer(s string) string {
	if s == "" {
		return "must not be empty"
	}
	// QuorumServer splits with String.split, so trailing empty parts
	// ("host:2888:3888;" or a final "|") are dropped, not rejected.
	serverClient := javaSplit(s, ";")
	if len(serverClient) > 2 {
		return "has more than one ';' (the client part comes once, at the end)"
	}
	if len(serverClient) == 2 {
		parts, why := splitWithLeadingHostname(serverClient[1])
		if why != "" {
			return why
		}
		if len(parts) > 2 {
			return fmt.Sprintf("client part %q is not port or host:port", serverClient[1])
		}
		if why := checkZKPort(parts[len(parts)-1], "client"); why != "" {
			return why
		}
	}
	for _, addr := range javaSplit(serverClient[0], "|") {
		parts, why := splitWithLeadingHostname(addr)
		if why != "" {
			return why
		}
		if len(parts) < 3 || len(parts) > 4 {
			return fmt.Sprintf("server part %q is not host:quorumPort:electionPort[:type]", addr)
		}
		if why := checkZKPort(parts[1], "quorum"); why != "" {
			return why
		}
		if why := checkZKPort(parts[2], "election"); why != "" {
			return why
		}
		if strings.TrimSpace(parts[1]) == strings.TrimSpace(parts[2]) {
			return fmt.Sprintf("quorum and election ports must differ (both %s)", parts[1])
		}
		if len(parts) == 4 && !strings.EqualFold(parts[3], "participant") && !strings.EqualFold(parts[3], "observer") {
			return fmt.Sprintf("peer type %q must be participant or observer", parts[3])
		}
	}
	return ""
}

func checkZKPort(s, what string) string {
	n, perr := parseJavaInt(s, 32)
	if perr != 0 {
		return fmt.Sprintf("%s port %q is not a number", what, s)
	}
	if n < 0 || n > 65535 {
		return fmt.Sprintf("%s port %d is out of range 0..65535", what, n)
	}
	return ""
}

// splitWithLeadingHostname mirrors ZooKeeper's ConfigUtils method of the same
// name: "[v6]:a:b" keeps the bracketed host whole, anything else splits on
// ':' (Java's split, which drops trailing empty strings).
func splitWithLeadingHostname(s string) ([]string, string) {
	if strings.HasPrefix(s, "[") {
		i := strings.Index(s, "]:")
		if i < 0 {
			return nil, fmt.Sprintf("%q starts with '[' but has no matching ']:'", s)
		}
		return append([]string{s[1:i]}, javaSplit(s[i+2:], ":")...), ""
	}
	parts := javaSplit(s, ":")
	if len(parts) == 0 {
		return []string{""}, ""
	}
	return parts, ""
}
