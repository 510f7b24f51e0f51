package lint

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleZooKeeperEnsemble checks the ZooKeeper services as an ensemble: every
// member lists the same servers, the servers are services of the file, each
// member's id is its own entry, no two members share an id, no member runs
// alone by mistake, and the size is odd.
var ruleZooKeeperEnsemble = Rule{
	Name:    "zookeeper-ensemble",
	Summary: "ZooKeeper server list vs services, duplicate myid, even ensemble size",
	check: func(p *project, r *reporter) {
		var members []*zkMember
		for _, s := range p.services {
			if s.role == stackmodel.RoleZooKeeper {
				members = append(members, zkMemberOf(s))
			}
		}
		if len(members) == 0 {
			return
		}
		var listed []*zkMember
		for _, m := range members {
			if len(m.servers) > 0 {
				listed = append(listed, m)
			}
			checkClientPortInServers(m, r)
		}
		if len(members) > 1 {
			for _, m := range members {
				if len(m.servers) == 0 && !m.dynamic {
					r.errorf(m.s.anchor(), "list every member in its server list ("+serversVar(m.s)+") and give it its own id",
						"ZooKeeper service %s has no server list: it runs as a standalone server, not in an ensemble with the other %d ZooKeeper service(s)",
						m.s.name, len(members)-1)
				}
			}
		}
		var ref *zkMember
		ids := map[int]*zkMember{}
		for _, m := range listed {
			checkServerHosts(p, m, r)
			if ref == nil {
				ref = m
				if n := len(m.servers); n%2 == 0 {
					r.warnf(m.serversPos, fmt.Sprintf("use %d or %d servers: a majority of %d is needed, so an even member adds no tolerance", n-1, n+1, n/2+1),
						"the ensemble has %d servers: it survives no more failures than %d would", n, n-1)
				}
			} else if !sameServers(p, ref, m) {
				r.errorf(m.serversPos, "give every member the same server list",
					"%s of service %s differs from the list of service %s (line %d): the members disagree about the ensemble",
					m.serversWritten, m.s.name, ref.s.name, ref.serversPos.line)
			}
			if !m.idKnown {
				continue
			}
			if other := ids[m.id]; other != nil {
				is := fmt.Sprintf("%s is %d", m.idWritten, m.id)
				if m.idDefault {
					is = fmt.Sprintf("%s is not set, so the id is %d", m.idWritten, m.id)
				}
				r.errorf(m.idPos, "give each member its own id ("+m.idWritten+"), matching its server.N entry",
					"%s, the same id as service %s: two servers with one id cannot form a quorum", is, other.s.name)
				continue
			}
			ids[m.id] = m
			host, ok := m.servers[m.id]
			switch {
			case !ok:
				r.errorf(m.idPos, "use the number of this server's entry ("+m.serversWritten+")",
					"%s is %d, but %s has no server.%d", m.idWritten, m.id, m.serversWritten, m.id)
			case !isSelf(p, m.s, host):
				r.errorf(m.idPos, "make the id match this service's entry in the list (positions count from 1 for "+serversVar(m.s)+")",
					"%s is %d, but server.%d in %s is %s, not service %s", m.idWritten, m.id, m.id, m.serversWritten, host, m.s.name)
			}
		}
	},
}

// zkMember is one ZooKeeper service seen as an ensemble member.
type zkMember struct {
	s              *service
	id             int
	idKnown        bool
	idPos          position
	idWritten      string
	idDefault      bool           // the image's default id, not set in the file
	servers        map[int]string // server id -> host
	serversRaw     map[int]string // server id -> whole entry
	serversPos     position
	serversWritten string
	dynamic        bool // the list uses interpolation
}

var myIDCommand = regexp.MustCompile(`echo\s+["']?(\d+)["']?\s*>\s*\S*myid`)

func zkMemberOf(s *service) *zkMember {
	m := &zkMember{s: s, servers: map[int]string{}, serversRaw: map[int]string{}}
	scripts := scriptsBypassed(s) == ""
	idVar := map[stackmodel.Convention]string{stackmodel.ConvCPZooKeeper: "ZOOKEEPER_SERVER_ID", stackmodel.ConvZooKeeper: "ZOO_MY_ID", stackmodel.ConvBitnamiZooKeeper: "ZOO_SERVER_ID"}[s.conv]
	if scripts && idVar != "" {
		m.idWritten, m.idPos = idVar, s.anchor()
		if e := s.envGet(idVar); e != nil && e.set {
			m.idPos = e.pos
			if n, err := strconv.Atoi(strings.TrimSpace(e.value)); err == nil {
				m.id, m.idKnown = n, true
			}
		} else if s.conv != stackmodel.ConvCPZooKeeper {
			// Both ZOO_ images default the id to 1.
			m.id, m.idKnown, m.idDefault = 1, true, true
		}
	} else if mm := myIDCommand.FindStringSubmatch(s.command); mm != nil {
		m.id, _ = strconv.Atoi(mm[1])
		m.idKnown, m.idWritten, m.idPos = true, "the myid written by the command", posOf(s.key)
		if _, c := yGet(s.node, "command"); c != nil {
			m.idPos = posOf(c)
		}
	}
	if !scripts && s.mountedConfig == "" {
		// The server reads a configuration the linter cannot see.
		m.dynamic = true
		return m
	}
	if s.conv == stackmodel.ConvBitnamiZooKeeper && scripts {
		if e := s.envGet("ZOO_SERVERS"); e != nil && e.set {
			m.serversWritten, m.serversPos, m.dynamic = e.name, e.pos, e.dynamic()
			for i, f := range strings.FieldsFunc(e.value, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
				id, entry := i+1, f
				if a, b, ok := strings.Cut(f, "="); ok {
					if n, err := strconv.Atoi(a); err == nil {
						id, entry = n, b
					}
				} else if a, b, ok := strings.Cut(f, "::"); ok {
					if n, err := strconv.Atoi(b); err == nil {
						id, entry = n, a
					}
				}
				m.addServer(id, entry)
			}
		}
		return m
	}
	for _, pr := range s.props.list {
		rest, ok := strings.CutPrefix(pr.name, "server.")
		if !ok {
			continue
		}
		id, err := strconv.Atoi(rest)
		if err != nil {
			continue
		}
		if m.serversWritten == "" {
			m.serversWritten, m.serversPos = pr.written, pr.pos
		}
		m.dynamic = m.dynamic || pr.dynamic()
		m.addServer(id, pr.value)
	}
	return m
}

func (m *zkMember) addServer(id int, entry string) {
	host := strings.TrimSpace(entry)
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	m.servers[id] = host
	m.serversRaw[id] = strings.TrimSpace(entry)
}

// serversVar names the variable or key that lists the ensemble.
func serversVar(s *service) string {
	if scriptsBypassed(s) == "" {
		switch s.conv {
		case stackmodel.ConvCPZooKeeper:
			return "ZOOKEEPER_SERVERS"
		case stackmodel.ConvZooKeeper, stackmodel.ConvBitnamiZooKeeper:
			return "ZOO_SERVERS"
		}
	}
	return "server.N lines"
}

// isSelf reports whether host, in a server list of s, names s itself.
func isSelf(p *project, s *service, host string) bool {
	if host == "0.0.0.0" || isLoopback(host) {
		return true
	}
	return p.hosts[strings.ToLower(host)] == s
}

func checkServerHosts(p *project, m *zkMember, r *reporter) {
	ids := make([]int, 0, len(m.servers))
	for id := range m.servers {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		host := m.servers[id]
		if host == "" || isDynamic(host) || host == "0.0.0.0" || isLoopback(host) || strings.Contains(host, ".") {
			continue
		}
		if _, err := netip.ParseAddr(host); err == nil {
			continue
		}
		target := p.hosts[strings.ToLower(host)]
		switch {
		case target == nil:
			r.errorf(m.serversPos, "list the ZooKeeper services of this file by name",
				"server.%d in %s names %s, which is not a service of this file", id, m.serversWritten, host)
		case target.role != stackmodel.RoleZooKeeper:
			r.errorf(m.serversPos, "list only ZooKeeper services",
				"server.%d in %s names %s, which is not a ZooKeeper service", id, m.serversWritten, host)
		}
	}
}

// sameServers compares two members' lists, reading each member's own
// 0.0.0.0 entry as its own name.
func sameServers(p *project, a, b *zkMember) bool {
	if a.dynamic || b.dynamic {
		return true
	}
	if len(a.servers) != len(b.servers) {
		return false
	}
	for id, ha := range a.servers {
		hb, ok := b.servers[id]
		if !ok {
			return false
		}
		sa, sb := p.hosts[strings.ToLower(ha)], p.hosts[strings.ToLower(hb)]
		if isSelf(p, a.s, ha) {
			sa = a.s
		}
		if isSelf(p, b.s, hb) {
			sb = b.s
		}
		if sa == nil || sb == nil {
			if !strings.EqualFold(ha, hb) {
				return false
			}
			continue
		}
		if sa != sb {
			return false
		}
	}
	return true
}

// checkClientPortInServers reports server lines of the official image
// without ";port": since ZooKeeper 3.5 the client port lives there (or in
// clientPort), and without either the server opens no client port.
func checkClientPortInServers(m *zkMember, r *reporter) {
	s := m.s
	if s.conv != stackmodel.ConvZooKeeper || scriptsBypassed(s) != "" || len(m.servers) == 0 || m.dynamic {
		return
	}
	if ma, mi, ok := stackmodel.LeadingVersion(s.image.Tag); ok && (ma < 3 || ma == 3 && mi < 5) {
		return
	}
	if s.props.get("clientPort") != nil {
		return
	}
	ids := make([]int, 0, len(m.serversRaw))
	for id := range m.serversRaw {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		raw := m.serversRaw[id]
		if strings.Contains(raw, ";") {
			continue
		}
		r.errorf(m.serversPos, fmt.Sprintf("append the client port: server.%d=%s;2181", id, raw),
			"server.%d=%s in %s has no client port (;2181): ZooKeeper 3.5+ then serves no clients", id, raw, m.serversWritten)
		return
	}
}
