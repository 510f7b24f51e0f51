package lint

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
	"go.yaml.in/yaml/v3"
)

// project is the linter's view of one compose file: the YAML tree with
// positions, and per service what the Kafka rules need (image, environment,
// ports, mounts and the effective Kafka or ZooKeeper properties).
type project struct {
	file, dir string
	src       []byte
	lines     []string

	root       *yaml.Node // the top-level mapping, nil when there is none
	yamlErr    error
	yamlBroken bool

	// compose is compose-go's verdict, ready once composeDone is closed.
	compose     composeResult
	composeDone chan struct{}

	services []*service
	byName   map[string]*service
	// hosts maps every name a container can use to reach a service
	// (service name, hostname, container_name, network aliases) to it.
	hosts   map[string]*service
	configs map[string]*configDef
	volumes map[string]bool // top-level named volumes
}

// configDef is a top-level `configs:` entry.
type configDef struct {
	name       string
	key        *yaml.Node
	content    *yaml.Node // the inline `content:` scalar, nil for file/environment configs
	contentKey *yaml.Node
}

// service is one service of the file.
type service struct {
	name string
	key  *yaml.Node
	node *yaml.Node

	image     stackmodel.Ref
	imageNode *yaml.Node
	// model is the service as the stack model describes it; its Env
	// matches env entry for entry.
	model stackmodel.Service
	role  stackmodel.Role
	conv  stackmodel.Convention
	// scripts is false when the service's command starts the server
	// directly, so the image's environment handling never runs.
	scripts bool
	// envSkippedFor is, when the image's scripts run but leave the
	// environment unread because a file is mounted where they would write
	// theirs, that file (the stack model's Sources).
	envSkippedFor string

	envKey *yaml.Node // the `environment:` key, nil when absent
	env    []*envVar

	props *properties // Kafka broker or ZooKeeper properties, nil for other services
	// mountedConfig is the container path of the configuration file the
	// server reads from an inline `configs:` entry (as the stack model
	// decides), "" when none.
	mountedConfig string
	configKey     *yaml.Node // the `content:` key of that configuration
	// unread are the mounted files named like the server's configuration
	// that the stack model decides the server never reads, and reads the
	// file it starts from instead (Sources.Unread and Sources.Reads).
	unread []string
	reads  string

	ports      []portMapping
	portsKey   *yaml.Node
	mounts     []mount
	dependsOn  []nameRef
	extraHosts map[string]bool
	names      []string // hostname, container_name, aliases (not the service name)
	hostname   string   // the container's host name when hostname: sets it
	command    string   // command and entrypoint joined, for pattern checks
	entrypoint bool     // entrypoint: is set, replacing the image's
	commandPos position // the first of command: and entrypoint:, where --override options are
	netHost    bool     // network_mode: host
}

// envVar is one environment entry.
type envVar struct {
	name  string
	value string
	set   bool // false for a bare `- NAME` or `NAME:` taken from the host
	list  bool // written in the list form (- NAME=value)
	// fromFile is true for a variable read from an env_file, whose value
	// is taken literally (no interpolation).
	fromFile bool
	pos      position
	vpos     position
	class    stackmodel.EnvClass
}

// dynamic reports whether the value uses ${VAR} interpolation, whose value
// the linter does not know.
func (e *envVar) dynamic() bool { return isDynamic(e.value) }

func isDynamic(s string) bool { return strings.Contains(s, "$") }

// property is one effective configuration property of a service.
type property struct {
	name  string
	value string
	// written is the entry as it appears in the file: the environment
	// variable, or the key in an inline configuration.
	written string
	pos     position
	env     *envVar // nil for a property from an inline configuration
	// verbatim is false when an image translates the value (yes/no to
	// true/false) before writing it.
	verbatim bool
	// sysprop is true for a -D JVM system property (KAFKA_OPTS,
	// SERVER_JVMFLAGS, a Java argument file) rather than a zoo.cfg or
	// server.properties key.
	sysprop bool
}

func (p *property) dynamic() bool { return isDynamic(p.value) }

// properties is a service's properties; a later entry for a name wins.
type properties struct {
	list []*property
	m    map[string]*property
}

func (ps *properties) add(p *property) {
	if ps.m == nil {
		ps.m = map[string]*property{}
	}
	ps.list = append(ps.list, p)
	ps.m[p.name] = p
}

func (ps *properties) get(name string) *property {
	if ps == nil {
		return nil
	}
	return ps.m[name]
}

// value returns the value of name and whether it is set with a value the
// linter can read (no interpolation).
func (ps *properties) value(name string) (string, bool) {
	p := ps.get(name)
	if p == nil || p.dynamic() {
		return "", false
	}
	return strings.TrimSpace(p.value), true
}

// portMapping is one published port mapping.
type portMapping struct {
	hostIP    string
	published int // 0 when docker picks one
	target    int
	protocol  string
	pos       position
	dynamic   bool
}

// mount is a volume or bind mount (or tmpfs).
type mount struct {
	source string
	target string
	kind   string // volume, bind, tmpfs
	pos    position
}

// nameRef is a name that refers to something else, with its position.
type nameRef struct {
	name string
	pos  position
}

func newProject(name, dir string, src []byte) *project {
	p := &project{file: name, dir: dir, src: src, byName: map[string]*service{},
		hosts: map[string]*service{}, configs: map[string]*configDef{}, volumes: map[string]bool{}}
	p.lines = strings.Split(string(src), "\n")
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		p.yamlErr, p.yamlBroken = err, true
		return p
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		if r := yDeref(doc.Content[0]); r != nil && r.Kind == yaml.MappingNode {
			p.root = r
		}
	}
	p.build()
	return p
}

func (p *project) build() {
	_, cfgs := yGet(p.root, "configs")
	for _, pr := range yPairs(cfgs) {
		c := &configDef{name: pr.key.Value, key: pr.key}
		if k, v := yGet(pr.value, "content"); v != nil && v.Kind == yaml.ScalarNode {
			c.content, c.contentKey = v, k
		}
		p.configs[c.name] = c
	}
	_, vols := yGet(p.root, "volumes")
	for _, pr := range yPairs(vols) {
		p.volumes[pr.key.Value] = true
	}
	_, svcs := yGet(p.root, "services")
	for _, pr := range yPairs(svcs) {
		s := &service{name: pr.key.Value, key: pr.key, node: yDeref(pr.value), scripts: true, extraHosts: map[string]bool{}}
		if s.node == nil || s.node.Kind != yaml.MappingNode {
			continue
		}
		p.services = append(p.services, s)
		p.byName[s.name] = s
		p.parseService(s)
	}
	for _, s := range p.services {
		p.hosts[strings.ToLower(s.name)] = s
	}
	for _, s := range p.services {
		for _, n := range s.names {
			if _, taken := p.hosts[strings.ToLower(n)]; !taken {
				p.hosts[strings.ToLower(n)] = s
			}
		}
	}
}

func (p *project) parseService(s *service) {
	for _, pr := range yPairs(s.node) {
		v := yDeref(pr.value)
		switch pr.key.Value {
		case "image":
			if str, ok := yScalar(v); ok {
				s.image, s.imageNode = stackmodel.ParseRef(str), v
			}
		case "environment":
			s.envKey = pr.key
			s.env = append(s.env, parseEnv(v)...)
		case "env_file":
			// Variables from env files come first: environment wins.
			s.env = append(p.envFiles(v), s.env...)
		case "ports":
			s.portsKey = pr.key
			for _, it := range ySeq(v) {
				s.ports = append(s.ports, parsePorts(it)...)
			}
		case "volumes":
			for _, it := range ySeq(v) {
				if m, ok := parseMount(it); ok {
					s.mounts = append(s.mounts, m)
				}
			}
		case "tmpfs":
			items := ySeq(v)
			if str, ok := yScalar(v); ok {
				items = []*yaml.Node{{Kind: yaml.ScalarNode, Value: str, Line: v.Line, Column: v.Column}}
			}
			for _, it := range items {
				if str, ok := yScalar(it); ok {
					t, _, _ := strings.Cut(str, ":")
					s.mounts = append(s.mounts, mount{target: t, kind: "tmpfs", pos: posOf(it)})
				}
			}
		case "depends_on":
			for _, it := range ySeq(v) {
				if str, ok := yScalar(it); ok {
					s.dependsOn = append(s.dependsOn, nameRef{str, posOf(it)})
				}
			}
			for _, dp := range yPairs(v) {
				s.dependsOn = append(s.dependsOn, nameRef{dp.key.Value, posOf(dp.key)})
			}
		case "extra_hosts":
			for _, it := range ySeq(v) {
				if str, ok := yScalar(it); ok {
					h, _, found := strings.Cut(str, "=")
					if !found {
						h, _, _ = strings.Cut(str, ":")
					}
					s.extraHosts[strings.ToLower(strings.TrimSpace(h))] = true
				}
			}
			for _, hp := range yPairs(v) {
				s.extraHosts[strings.ToLower(hp.key.Value)] = true
			}
		case "hostname", "container_name":
			if str, ok := yScalar(v); ok && str != "" {
				s.names = append(s.names, str)
				if pr.key.Value == "hostname" {
					s.hostname = str
				}
			}
		case "networks":
			for _, np := range yPairs(v) {
				_, al := yGet(np.value, "aliases")
				for _, a := range ySeq(al) {
					if str, ok := yScalar(a); ok {
						s.names = append(s.names, str)
					}
				}
			}
		case "network_mode":
			if str, ok := yScalar(v); ok && str == "host" {
				s.netHost = true
			}
		case "command", "entrypoint":
			if pr.key.Value == "entrypoint" && !yIsNull(v) {
				s.entrypoint = true
			}
			if s.commandPos.line == 0 {
				s.commandPos = posOf(pr.key)
			}
			if str, ok := yScalar(v); ok {
				s.command += " " + str
			}
			for _, it := range ySeq(v) {
				if str, ok := yScalar(it); ok {
					s.command += " " + str
				}
			}
		}
	}
	// The stack model reads what the service runs and whether the image's
	// scripts, and with them its reading of the environment, run at all.
	files := inlineFiles{p, serviceConfigs(s.node)}
	s.model = stackmodel.Service{Name: s.name, Image: s.image, Command: s.command, Entrypoint: s.entrypoint, Files: files}
	for _, e := range s.env {
		s.model.Env = append(s.model.Env, stackmodel.Var{Name: e.name, Value: e.value, Set: e.set})
	}
	for _, r := range files.refs {
		s.model.Mounts = append(s.model.Mounts, r.target)
	}
	for _, m := range s.mounts {
		if m.kind != "tmpfs" {
			s.model.Mounts = append(s.model.Mounts, m.target)
		}
	}
	l := s.model.Launch()
	s.role, s.conv, s.scripts = l.Role, l.Conv, l.Scripts
	for _, e := range s.env {
		e.class = stackmodel.ClassifyEnv(s.conv, e.name)
	}
	if s.role != stackmodel.RoleOther {
		p.buildProps(s)
	}
}

// envFiles reads the env_file entries of a service (a path, a list of
// paths, or a list of {path, required}), relative to the compose file.
// Files that cannot be read are left to compose-go, which reports the
// required ones.
func (p *project) envFiles(v *yaml.Node) []*envVar {
	var paths []string
	if str, ok := yScalar(v); ok {
		paths = append(paths, str)
	}
	for _, it := range ySeq(v) {
		if str, ok := yScalar(it); ok {
			paths = append(paths, str)
		} else if _, pv := yGet(it, "path"); pv != nil {
			paths = append(paths, pv.Value)
		}
	}
	var out []*envVar
	for _, rel := range paths {
		if p.dir == "" || isDynamic(rel) {
			continue
		}
		path := rel
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.dir, rel)
		}
		// Only regular files of a sane size: a path such as /dev/zero
		// or a FIFO must not hang the linter.
		if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() || fi.Size() > 1<<20 {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		shown := path
		if !filepath.IsAbs(rel) && p.file != "<stdin>" {
			shown = filepath.Join(filepath.Dir(p.file), rel)
		}
		for i, line := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(strings.TrimSuffix(line, "\r"))
			if t == "" || t[0] == '#' {
				continue
			}
			t = strings.TrimPrefix(t, "export ")
			name, value, set := strings.Cut(t, "=")
			value = strings.TrimSpace(value)
			if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
				value = value[1 : len(value)-1]
			}
			col := strings.Index(line, name) + 1
			pos := position{line: i + 1, col: col, file: shown}
			out = append(out, &envVar{name: strings.TrimSpace(name), value: value, set: set, pos: pos, vpos: pos, fromFile: true})
		}
	}
	return out
}

// parseEnv reads `environment:` as a mapping or a list.
func parseEnv(v *yaml.Node) []*envVar {
	var out []*envVar
	for _, pr := range yPairs(v) {
		e := &envVar{name: pr.key.Value, pos: posOf(pr.key), vpos: posOf(pr.value)}
		if !yIsNull(pr.value) {
			e.value, _ = yScalar(pr.value)
			e.set = true
		}
		out = append(out, e)
	}
	for _, it := range ySeq(v) {
		str, ok := yScalar(it)
		if !ok {
			continue
		}
		e := &envVar{pos: posOf(it), vpos: posOf(it), list: true}
		e.name, e.value, e.set = strings.Cut(str, "=")
		e.name = strings.TrimSpace(e.name)
		out = append(out, e)
	}
	return out
}

// buildProps gathers the effective properties of a Kafka or ZooKeeper
// service from what the stack model decides its server reads (the same
// decision `kafkit compose config` renders): the environment when the
// image's scripts read it, the configuration file it starts from, --override
// options, and for ZooKeeper the -D options of Java argument files. Each
// property points where it is written. What the image's scripts add on
// their own is not the file's to judge and is left out, as are the
// variables the image leaks or writes to no effect (their own rules judge
// them).
func (p *project) buildProps(s *service) {
	s.props = &properties{}
	src := s.model.Sources()
	s.envSkippedFor = src.EnvSkippedFor
	s.unread, s.reads = src.Unread, src.Reads
	files := s.model.Files.(inlineFiles)
	lines := map[string][]contentLine{} // by file, split once
	posIn := func(file string, line int) position {
		def := files.def(file)
		if _, ok := lines[file]; !ok {
			lines[file] = p.contentLines(def.content)
		}
		return lineOf(lines[file], line, def.content)
	}
	for _, st := range src.Settings {
		switch st.Origin.Kind {
		case stackmodel.FromEnv:
			e := s.env[st.Origin.Var]
			if e.class.Kind != stackmodel.EnvProp && e.class.Kind != stackmodel.EnvHelper {
				continue
			}
			s.props.add(&property{name: st.Key, value: st.Value, written: e.name, pos: e.pos, env: e, verbatim: st.Verbatim, sysprop: st.SysProp})
		case stackmodel.FromFile:
			s.props.add(&property{name: st.Key, value: st.Value, written: st.Key, pos: posIn(st.Origin.File, st.Origin.Line), verbatim: true})
		case stackmodel.FromOverride:
			s.props.add(&property{name: st.Key, value: st.Value, written: st.Key, pos: s.commandPos, verbatim: true})
		}
	}
	for _, f := range src.Files {
		s.mountedConfig, s.configKey = f.Target, files.def(f.Target).contentKey
	}
	if s.role != stackmodel.RoleZooKeeper {
		return
	}
	// A Java argument file the JVM reads through @file: its -D system
	// properties configure ZooKeeper too.
	for _, f := range src.JVM {
		if f.ArgFile == "" {
			continue
		}
		for _, as := range catalog.ParseEnvSetting(catalog.CPZooKeeper, "KAFKA_OPTS", f.Flag) {
			name, _, _ := strings.Cut(f.Flag, "=")
			s.props.add(&property{name: as.Key, value: as.Value, written: name, pos: posIn(f.ArgFile, f.Line), verbatim: true, sysprop: true})
		}
	}
}

// inlineFiles are the files of a service the linter reads: its configs
// with inline content, which it can point into. A file from disk or the
// environment is left to compose-go.
type inlineFiles struct {
	p    *project
	refs []configRef
}

// configRef is one entry of a service's `configs:`.
type configRef struct {
	source, target string
	pos            position
}

// def returns the inline config mounted at target, nil when there is none.
func (f inlineFiles) def(target string) *configDef {
	for _, r := range f.refs {
		if path.Clean(r.target) == path.Clean(target) {
			if def := f.p.configs[r.source]; def != nil && def.content != nil {
				return def
			}
		}
	}
	return nil
}

// Open returns the inline config mounted at target as the container sees
// it: compose turns "$$" into "$".
func (f inlineFiles) Open(target string) (content, from string, err error) {
	def := f.def(target)
	if def == nil {
		return "", "", fmt.Errorf("no inline config is mounted at %s", target)
	}
	return strings.ReplaceAll(def.content.Value, "$$", "$"), fmt.Sprintf("compose config %q", def.name), nil
}

// serviceConfigs reads a service's `configs:` (short or long syntax).
func serviceConfigs(node *yaml.Node) []configRef {
	_, cfgs := yGet(node, "configs")
	var out []configRef
	for _, it := range ySeq(cfgs) {
		r := configRef{pos: posOf(it)}
		if str, ok := yScalar(it); ok {
			r.source, r.target = str, "/"+str
		} else {
			_, sv := yGet(it, "source")
			_, tv := yGet(it, "target")
			r.source, _ = yScalar(sv)
			r.target, _ = yScalar(tv)
			if r.target == "" {
				r.target = "/" + r.source
			}
		}
		out = append(out, r)
	}
	return out
}

// contentLine is one line of an inline configuration with its position in
// the compose file.
type contentLine struct {
	text string
	pos  position
}

// contentLines splits an inline configuration into lines. Each points at
// its own line when the text is a literal block (content: |), whose lines
// map one to one onto the file; otherwise at the scalar.
func (p *project) contentLines(n *yaml.Node) []contentLine {
	lines := strings.Split(n.Value, "\n")
	out := make([]contentLine, len(lines))
	for i, l := range lines {
		out[i] = contentLine{l, posOf(n)}
		if n.Style != yaml.LiteralStyle {
			continue
		}
		if fl := n.Line + 1 + i; fl-1 < len(p.lines) {
			raw := p.lines[fl-1]
			if t := strings.TrimLeft(l, " \t\f"); t != "" {
				if j := strings.Index(raw, t); j >= 0 {
					out[i].pos = position{line: fl, col: utf8.RuneCountInString(raw[:j]) + 1}
				}
			}
		}
	}
	return out
}

// lineOf is the position of line (counting from 1) of an inline
// configuration; the scalar's own when javaconf counts a line the YAML
// value does not have (a lone \r inside a quoted scalar).
func lineOf(lines []contentLine, line int, n *yaml.Node) position {
	if line >= 1 && line <= len(lines) {
		return lines[line-1].pos
	}
	return posOf(n)
}

// portSpec matches the short port syntax [[ip:]published:]target[/proto],
// with ranges.
var portSpec = regexp.MustCompile(`^(?:(?:(\[[^\]]*\]|[^:\[\]]*):)?([0-9]+(?:-[0-9]+)?)?:)?([0-9]+(?:-[0-9]+)?)(?:/(\w+))?$`)

// parsePorts reads one `ports:` item, short or long syntax. Ranges are
// expanded; entries with interpolation keep what can be read.
func parsePorts(it *yaml.Node) []portMapping {
	pos := posOf(it)
	if it.Kind == yaml.MappingNode {
		pt := portMapping{pos: pos, protocol: "tcp"}
		for _, pr := range yPairs(it) {
			str, _ := yScalar(pr.value)
			switch pr.key.Value {
			case "target":
				pt.target, _ = strconv.Atoi(str)
			case "published":
				if isDynamic(str) {
					pt.dynamic = true
				}
				if a, _, ok := strings.Cut(str, "-"); ok {
					str = a
				}
				pt.published, _ = strconv.Atoi(str)
			case "host_ip":
				pt.hostIP = str
			case "protocol":
				pt.protocol = str
			}
		}
		return []portMapping{pt}
	}
	str, ok := yScalar(it)
	if !ok {
		return nil
	}
	if isDynamic(str) {
		return []portMapping{{pos: pos, dynamic: true}}
	}
	m := portSpec.FindStringSubmatch(strings.TrimSpace(str))
	if m == nil {
		return nil
	}
	ip := strings.Trim(m[1], "[]")
	proto := m[4]
	if proto == "" {
		proto = "tcp"
	}
	tLo, tHi := portRange(m[3])
	pLo, pHi := portRange(m[2])
	var out []portMapping
	for i := 0; tLo+i <= tHi && i < 1024; i++ {
		pt := portMapping{hostIP: ip, target: tLo + i, protocol: proto, pos: pos}
		if m[2] != "" {
			if pHi-pLo == tHi-tLo {
				pt.published = pLo + i
			} else {
				pt.published = pLo // a published range with one target: docker picks one
			}
		}
		out = append(out, pt)
	}
	return out
}

func portRange(s string) (lo, hi int) {
	if s == "" {
		return 0, 0
	}
	a, b, isRange := strings.Cut(s, "-")
	lo, _ = strconv.Atoi(a)
	hi = lo
	if isRange {
		hi, _ = strconv.Atoi(b)
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// parseMount reads one `volumes:` item of a service.
func parseMount(it *yaml.Node) (mount, bool) {
	m := mount{pos: posOf(it)}
	if it.Kind == yaml.MappingNode {
		for _, pr := range yPairs(it) {
			str, _ := yScalar(pr.value)
			switch pr.key.Value {
			case "type":
				m.kind = str
			case "source":
				m.source = str
			case "target":
				m.target = str
			}
		}
		if m.kind == "" {
			m.kind = "volume"
		}
		return m, m.target != ""
	}
	str, ok := yScalar(it)
	if !ok {
		return m, false
	}
	parts := strings.Split(str, ":")
	switch {
	case len(parts) == 1:
		m.target, m.kind = parts[0], "volume"
	default:
		m.source, m.target = parts[0], parts[1]
		m.kind = "volume"
		if strings.HasPrefix(m.source, ".") || strings.HasPrefix(m.source, "/") || strings.HasPrefix(m.source, "~") || strings.HasPrefix(m.source, "$") {
			m.kind = "bind"
		}
	}
	return m, m.target != ""
}

// zkClientPort returns a ZooKeeper service's client port and whether it is
// known.
func (s *service) zkClientPort() (int, bool) {
	if v, ok := s.props.value("clientPort"); ok {
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	if s.props.get("clientPort") != nil {
		return 0, false
	}
	// The ZooKeeper 3.5+ server line may carry the client port after ';'.
	for _, pr := range s.props.list {
		if strings.HasPrefix(pr.name, "server.") {
			if _, cp, ok := strings.Cut(pr.value, ";"); ok {
				if i := strings.LastIndexByte(cp, ':'); i >= 0 {
					cp = cp[i+1:]
				}
				if n, err := strconv.Atoi(strings.TrimSpace(cp)); err == nil {
					return n, true
				}
			}
		}
	}
	switch s.conv {
	case stackmodel.ConvZooKeeper:
		return s.officialZKClientPort()
	case stackmodel.ConvBitnamiZooKeeper, stackmodel.ConvPlainZooKeeper:
		return 2181, true
	case stackmodel.ConvCPZooKeeper:
		if s.scripts {
			return 0, false // required by the image; rule required-variable says so
		}
	}
	return 2181, s.mountedConfig == ""
}

// officialZKClientPort reads the client port from ZOO_SERVERS, which the
// official image writes as server lines (its default is 2181).
func (s *service) officialZKClientPort() (int, bool) {
	e := s.envGet("ZOO_SERVERS")
	if e == nil || !e.set || e.value == "" {
		return 2181, true
	}
	if e.dynamic() {
		return 0, false
	}
	for _, f := range strings.Fields(e.value) {
		if _, cp, ok := strings.Cut(f, ";"); ok {
			if i := strings.LastIndexByte(cp, ':'); i >= 0 {
				cp = cp[i+1:]
			}
			if n, err := strconv.Atoi(cp); err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

// envGet returns the environment entry name, or nil.
func (s *service) envGet(name string) *envVar {
	var out *envVar
	for _, e := range s.env {
		if e.name == name {
			out = e
		}
	}
	return out
}

// anchor is where a finding about the service as a whole points: its
// environment key when it has one, else the service key.
func (s *service) anchor() position {
	if s.envKey != nil {
		return posOf(s.envKey)
	}
	return posOf(s.key)
}

// propName is how to name a property for this service in a message: the
// variable its image reads, or the property itself.
func (s *service) propName(prop string) string {
	if pr := s.props.get(prop); pr != nil {
		return pr.written
	}
	if s.scripts && s.mountedConfig == "" {
		if env := stackmodel.EnvName(s.conv, prop); env != "" {
			return env
		}
	}
	return prop
}

// setHint says how to give prop the value in the way this service is
// configured: its image's variable, or a line of its configuration file.
func (s *service) setHint(prop, value string) string {
	if pr := s.props.get(prop); pr != nil {
		if pr.env != nil && pr.env.class.Kind == stackmodel.EnvProp {
			return "set " + pr.env.name + ": " + value
		}
		return "set " + prop + "=" + value
	}
	if s.mountedConfig != "" {
		return "set " + prop + "=" + value + " in " + s.mountedConfig
	}
	if env := stackmodel.EnvName(s.conv, prop); env != "" && s.scripts {
		return "set " + env + ": " + value
	}
	return "set " + prop + "=" + value
}

// settingsPos is where a finding about a setting the service leaves out
// points: the inline configuration it reads, else its environment.
func (s *service) settingsPos() position {
	if s.configKey != nil {
		return posOf(s.configKey)
	}
	return s.anchor()
}

// kafkaMode says whether a Kafka service runs with ZooKeeper ("zk"), in
// KRaft ("kraft"), or "" when the file does not say.
func (s *service) kafkaMode() string {
	if s.role != stackmodel.RoleKafka {
		return ""
	}
	if v, ok := s.props.value("process.roles"); ok && v != "" {
		return "kraft"
	} else if pr := s.props.get("process.roles"); pr != nil && pr.dynamic() {
		return "kraft"
	}
	if pr := s.props.get("zookeeper.connect"); pr != nil && (pr.dynamic() || strings.TrimSpace(pr.value) != "") {
		return "zk"
	}
	if s.conv == stackmodel.ConvBitnamiKafka {
		if e := s.envGet("KAFKA_ENABLE_KRAFT"); e != nil && e.set && isYes(e.value) {
			return "kraft"
		}
	}
	return ""
}

// isBroker reports whether a Kafka service serves clients (a ZooKeeper-mode
// broker, a KRaft broker or combined node; not a controller-only node).
func (s *service) isBroker() bool {
	if s.role != stackmodel.RoleKafka {
		return false
	}
	v, ok := s.props.value("process.roles")
	if !ok || v == "" {
		return true
	}
	for _, r := range strings.Split(v, ",") {
		if strings.TrimSpace(r) == "broker" {
			return true
		}
	}
	return false
}

func isYes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "1", "y", "on":
		return true
	}
	return false
}
