package stackmodel

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/kafkit/kafkit/javaconf"
)

// This file decides which sources a service's server reads, and in which
// order they override each other: the one answer `kafkit compose config`
// renders and the linter checks. What decides is what the container does:
//
//   - A command that starts the server with a file (kafka-server-start FILE,
//     zookeeper-server-start FILE) reads that file, then its --override
//     options; the image's scripts, and with them the environment, never
//     run.
//   - cp-kafka and cp-zookeeper render their file from the environment
//     (/etc/confluent/docker/configure: dub template ... /etc/kafka/...)
//     and start the server with it (launch); no other mounted file is read.
//   - apache/kafka (KafkaDockerWrapper setup) copies a server.properties
//     mounted in /mnt/shared/config and appends the environment's settings
//     to it, so the environment wins over the file.
//   - The official zookeeper image writes $ZOO_CONF_DIR/zoo.cfg from the
//     environment only when no such file exists (docker-entrypoint.sh);
//     zkServer.sh reads $ZOOCFGDIR/zoo.cfg (/conf), or the file it is given.
//     That script runs before any command: (exec "$@"), so a command
//     zkServer.sh start-foreground keeps it; entrypoint: replaces it.
//   - The other images (bitnami, wurstmeister) have not been checked file
//     by file: their environment is read, then any mounted file whose name
//     says it is a server configuration, as the linter has always assumed.
//
// JVM system properties come from the variables of the script that starts
// the JVM (see jvmVars), whatever else runs.

// SourceKind says where one setting of a server comes from.
type SourceKind int

// The kinds of source.
const (
	// FromEnv is a variable the image's scripts turn into the setting.
	FromEnv SourceKind = iota + 1
	// FromImage is written by the image's scripts on their own (a default
	// or a value derived from another variable).
	FromImage
	// FromFile is an entry of a configuration file mounted into the
	// container.
	FromFile
	// FromOverride is a --override option of the start command.
	FromOverride
)

// Origin says where one setting comes from, precisely enough for a reader
// (the linter) to point at it.
type Origin struct {
	Kind SourceKind
	// Var is the index in Service.Env of the variable (FromEnv), -1
	// otherwise.
	Var int
	// VarName is the variable (FromEnv; FromImage when the image sets a
	// variable itself, "" for a line its template always writes).
	VarName string
	// File is the file's path in the container and Line the line its
	// entry starts on, from 1 (FromFile).
	File string
	Line int
	// Override is the index in Launch.Start.Overrides (FromOverride).
	Override int
}

// Source is one key=value setting a server reads, with its origin.
type Source struct {
	Key, Value string
	Origin     Origin
	// Class is what the variable means to the image (FromEnv).
	Class EnvClass
	// Verbatim is false when the image translates the value before
	// writing it (bitnami/zookeeper's yes/no).
	Verbatim bool
	// SysProp is true for a -D JVM system property carried by a variable
	// (KAFKA_OPTS, SERVER_JVMFLAGS) rather than a configuration key.
	SysProp bool
}

// MountedFile is a file mounted into the container that the server reads.
type MountedFile struct {
	// Target is its path in the container; From says where its content
	// comes from, for a reader.
	Target, From string
	Content      string
}

// JVMFlag is one -D option the server's JVM gets.
type JVMFlag struct {
	Flag string
	// Var is the variable that carries it (directly, or by naming the
	// argument file).
	Var string
	// ArgFile is the Java argument file it is written in, Line its line
	// there; "" when the variable holds it.
	ArgFile string
	Line    int
}

// Sources is what a service's server reads: which files, whether the
// environment, and every resulting setting in the order the server applies
// them (a later setting of a key wins).
type Sources struct {
	Launch Launch
	// Env is true when the image's scripts turn the environment into the
	// configuration.
	Env bool
	// EnvSkippedFor is, when the image's scripts run but leave the
	// environment unread because a file is mounted where they would write
	// theirs, that file.
	EnvSkippedFor string
	// Files are the mounted configuration files the server reads, in the
	// order read.
	Files []MountedFile
	// Settings are the settings, in the order applied. Settings from the
	// environment keep the order of the service's environment, between
	// the lines the image's template always writes first and the values
	// its scripts derive on their own (see envSources).
	Settings []Source
	// JVM are the -D options of the JVM, argument files expanded, and
	// ArgFiles those files.
	JVM      []JVMFlag
	ArgFiles []MountedFile
	// Unread are the mounted files named like the server's configuration
	// (see looksLikeServerConfig) that the server never reads, in the
	// order of Service.Mounts: set only where the command or the image's
	// checked scripts decide which file the server reads, nil where every
	// lookalike is taken as read (the images not checked file by file, a
	// start the model cannot follow) or the file's place is not known.
	Unread []string
	// Reads is, when Unread is decided, the file the server starts from
	// in place of those: the command's start file, the file zkServer.sh
	// reads, apache/kafka's mounted server.properties, the official
	// zookeeper image's zoo.cfg (read whether mounted or written from the
	// environment); "" for the images that render their own file from the
	// environment (cp-kafka, cp-zookeeper).
	Reads string
	// Errs are the sources the server reads that cannot be read here (a
	// file baked into the image, text Java refuses), each naming the
	// service; what could be read is kept.
	Errs []error
}

// Mounted file locations the images read, from their scripts.
const (
	// ApacheMountedServerProps is where apache/kafka looks for a
	// server.properties to start from (KafkaDockerWrapper setup
	// --mounted-configs-dir /mnt/shared/config).
	ApacheMountedServerProps = "/mnt/shared/config/server.properties"
	// ZooConfDir is the official zookeeper image's ZOO_CONF_DIR and
	// ZOOCFGDIR (its Dockerfile).
	ZooConfDir = "/conf"
)

var zkServerRE = regexp.MustCompile(`(?:^|[\s/;&|(])zkServer\.sh\s+(?:start-foreground|start)(?:\s+([^\s;&|)-][^\s;&|)]*))?`)

// Sources decides what s's server reads (see the comment at the top of
// this file). A service that runs no server reads nothing.
func (s Service) Sources() Sources {
	src := Sources{Launch: s.Launch()}
	l := src.Launch
	if l.Role == RoleOther {
		return src
	}
	// reads is the one configuration file the server reads, "" for none,
	// when that is decided; decided is false when it is not.
	reads, decided := "", true
	switch {
	case l.Start != nil:
		reads, decided = l.Start.File, !strings.Contains(l.Start.File, "$")
		src.readFile(s, l.Start.File, fmt.Sprintf("service %s starts %s from %s", s.Name, l.Start.Role, l.Start.File))
		for i, o := range l.Start.Overrides {
			src.Settings = append(src.Settings, Source{Key: o.Key, Value: o.Value, Verbatim: true,
				Origin: Origin{Kind: FromOverride, Var: -1, Override: i}})
		}
	case !l.Scripts:
		if f := s.zkServerFile(l); f != "" {
			reads = f
			if s.mounted(f) {
				src.readFile(s, f, fmt.Sprintf("service %s starts zookeeper from %s", s.Name, f))
			}
		} else {
			decided = false
			src.readLookalikes(s)
		}
	default:
		switch l.Conv {
		case ConvCPKafka, ConvCPZooKeeper:
			src.readEnv(s)
		case ConvApacheKafka:
			reads = ApacheMountedServerProps
			if s.mounted(ApacheMountedServerProps) {
				src.readFile(s, ApacheMountedServerProps, fmt.Sprintf("service %s: apache/kafka starts from %s", s.Name, ApacheMountedServerProps))
			}
			src.readEnv(s)
		case ConvZooKeeper:
			conf := ZooConfDir + "/zoo.cfg"
			if v, ok := s.env("ZOO_CONF_DIR"); ok && !strings.Contains(v, "$") {
				conf = strings.TrimSuffix(v, "/") + "/zoo.cfg"
			} else if ok {
				decided = false
			}
			reads = conf
			if s.mounted(conf) {
				src.EnvSkippedFor = conf
				src.readFile(s, conf, fmt.Sprintf("service %s: zookeeper starts from %s", s.Name, conf))
			} else {
				src.readEnv(s)
			}
		default:
			decided = false
			src.readEnv(s)
			src.readLookalikes(s)
		}
	}
	src.readJVM(s)
	if decided {
		src.Reads = reads
		src.findUnread(s, reads)
	}
	return src
}

// findUnread sets Unread: the mounted lookalikes other than reads, leaving
// out Java argument files and any file a setting or JVM flag names (a
// dynamicConfigFile, a JAAS file), which the server may read through it.
func (src *Sources) findUnread(s Service, reads string) {
	for _, m := range s.Mounts {
		if !looksLikeServerConfig(src.Launch.Role, m) || path.Clean(m) == path.Clean(reads) || src.isArgFile(s, m) || src.names(m) {
			continue
		}
		src.Unread = append(src.Unread, m)
	}
}

// names reports whether a setting or JVM flag of src mentions target.
func (src *Sources) names(target string) bool {
	for _, st := range src.Settings {
		if strings.Contains(st.Value, target) {
			return true
		}
	}
	for _, f := range src.JVM {
		if strings.Contains(f.Flag, target) {
			return true
		}
	}
	return false
}

// mounted reports whether a file is mounted at target: something is
// mounted there, or a directory mounted above it holds a file that can be
// read here.
func (s Service) mounted(target string) bool {
	for _, m := range s.Mounts {
		if path.Clean(m) == path.Clean(target) {
			return true
		}
		if _, under := underTarget(m, target); under {
			if _, _, err := s.open(target); err == nil {
				return true
			}
		}
	}
	return false
}

// zkServerFile is the file `zkServer.sh start-foreground [FILE]` reads:
// FILE (a bare name is taken in $ZOOCFGDIR), else $ZOOCFGDIR/zoo.cfg;
// ZOOCFGDIR is the variable when set, else the official image's. "" when
// the command runs no zkServer.sh or the directory is not known.
func (s Service) zkServerFile(l Launch) string {
	m := zkServerRE.FindStringSubmatch(s.Command)
	if m == nil {
		return ""
	}
	dir, ok := s.env("ZOOCFGDIR")
	if !ok && l.Conv == ConvZooKeeper {
		dir, ok = ZooConfDir, true
	}
	switch file := m[1]; {
	case strings.Contains(file, "/"):
		return file
	case !ok || strings.Contains(dir, "$"):
		return ""
	case file != "":
		return strings.TrimSuffix(dir, "/") + "/" + file
	}
	return strings.TrimSuffix(dir, "/") + "/zoo.cfg"
}

// readFile reads the configuration file at target; what says, in an
// error, which start reads it.
func (src *Sources) readFile(s Service, target, what string) {
	content, from, err := s.open(target)
	if err != nil {
		src.Errs = append(src.Errs, fmt.Errorf("%s: %w", what, err))
		return
	}
	src.Files = append(src.Files, MountedFile{Target: target, From: from, Content: content})
	props, err := javaconf.ReadServerProperties([]byte(content))
	if err != nil {
		src.Errs = append(src.Errs, fmt.Errorf("%s: %s: %w", what, target, err))
	}
	for _, e := range props.Entries {
		src.Settings = append(src.Settings, Source{Key: e.Key, Value: e.Value, Verbatim: true,
			Origin: Origin{Kind: FromFile, Var: -1, File: target, Line: e.Line}})
	}
}

// readLookalikes reads every mounted file whose name says it is the
// server's configuration, for images whose scripts kafkit has not checked.
// A file that cannot be read here is left out silently: it may be
// something else.
func (src *Sources) readLookalikes(s Service) {
	for _, m := range s.Mounts {
		if !looksLikeServerConfig(src.Launch.Role, m) || src.isArgFile(s, m) {
			continue
		}
		if _, _, err := s.open(m); err != nil {
			continue
		}
		src.readFile(s, m, fmt.Sprintf("service %s reads %s", s.Name, m))
	}
}

// looksLikeServerConfig reports whether a file mounted at target is named
// like the server's own configuration, as opposed to log4j, JAAS, JVM or
// client files.
func looksLikeServerConfig(role Role, target string) bool {
	base := strings.ToLower(target[strings.LastIndexByte(target, '/')+1:])
	if strings.Contains(base, "log4j") || strings.Contains(base, "jaas") || strings.Contains(base, "jvm") {
		return false
	}
	switch role {
	case RoleKafka:
		if !strings.HasSuffix(base, ".properties") {
			return false
		}
		// Client configurations mounted beside a broker for its
		// healthcheck or for tools run inside the container
		// (--command-config, --producer.config, ...).
		for _, w := range []string{"producer", "consumer", "client", "admin", "command", "tool"} {
			if strings.Contains(base, w) {
				return false
			}
		}
		return true
	case RoleZooKeeper:
		return strings.HasSuffix(base, ".cfg") || base == "zookeeper.properties"
	}
	return false
}

// readEnv adds what the image's scripts make of the environment.
func (src *Sources) readEnv(s Service) {
	src.Env = true
	src.Settings = append(src.Settings, envSources(src.Launch.Conv, s.Env)...)
}

// envSources is what the scripts of an image following conv make of the
// environment env: each variable's settings in the order of env (Var
// indexes env), then what the scripts add on their own (cp-kafka's derived
// listeners, cp-zookeeper's fixed lines and limits).
func envSources(conv Convention, env []Var) []Source {
	set := map[string]string{}
	for _, v := range env {
		if v.Set {
			set[v.Name] = v.Value
		} else {
			delete(set, v.Name)
		}
	}
	after := clone(set)
	var fixed []Entry
	switch conv {
	case ConvCPKafka:
		cpKafkaDefaults(after)
	case ConvCPZooKeeper:
		fixed = cpZooKeeperFixed(after)
	}
	var out []Source
	for _, e := range fixed {
		out = append(out, Source{Key: e.Key, Value: e.Value, Verbatim: true, Origin: Origin{Kind: FromImage, Var: -1}})
	}
	vars := append([]Var{}, env...)
	for i, v := range vars {
		if _, kept := after[v.Name]; !kept && v.Set {
			vars[i].Set = false // the scripts drop it (an empty ZOOKEEPER_SERVERS)
		}
	}
	var added []string
	for k, v := range after {
		if old, ok := set[k]; !ok || old != v {
			added = append(added, k)
		}
	}
	sort.Strings(added)
	for _, k := range added {
		vars = append(vars, Var{Name: k, Value: after[k], Set: true})
	}
	for _, st := range EnvSettings(conv, vars) {
		o := Origin{Kind: FromEnv, Var: st.Var, VarName: vars[st.Var].Name}
		if st.Var >= len(env) {
			o.Kind, o.Var = FromImage, -1
		}
		out = append(out, Source{Key: st.Key, Value: st.Value, Origin: o, Class: st.Class, Verbatim: st.Verbatim, SysProp: st.SysProp})
	}
	return out
}

// envNote says, for a reader, how complete the configuration derived from
// the environment of an image following conv is ("" when complete).
func envNote(conv Convention) string {
	if conv == ConvCPKafka || conv == ConvCPZooKeeper {
		return ""
	}
	return "; only the variables are shown, not what the image adds on its own"
}

// jvmVars are the variables whose words the server's JVM gets:
// SERVER_JVMFLAGS then JVMFLAGS when zkServer.sh starts it (zkServer.sh
// puts the first before the second), else KAFKA_OPTS, through
// kafka-run-class.sh. SERVER_JVMFLAGS is read there too, as `compose
// config` always has.
func (src *Sources) jvmVars(s Service) []string {
	if src.zkServer(s) {
		return []string{"SERVER_JVMFLAGS", "JVMFLAGS"}
	}
	return []string{"KAFKA_OPTS", "SERVER_JVMFLAGS"}
}

// zkServer reports whether zkServer.sh starts the server: a command that
// runs it, or the scripts of an image built on it.
func (src *Sources) zkServer(s Service) bool {
	if !src.Launch.Scripts {
		return src.Launch.Start == nil && strings.Contains(s.Command, "zkServer.sh")
	}
	switch src.Launch.Conv {
	case ConvZooKeeper, ConvBitnamiZooKeeper, ConvPlainZooKeeper:
		return true
	}
	return false
}

// isArgFile reports whether the file at target is a Java argument file a
// JVM variable names (@target).
func (src *Sources) isArgFile(s Service, target string) bool {
	for _, name := range src.jvmVars(s) {
		v, _ := s.env(name)
		for _, w := range strings.Fields(v) {
			if w == "@"+target {
				return true
			}
		}
	}
	return false
}

// readJVM collects the -D options of the JVM variables. The start scripts
// expand them unquoted, so they are split on white space; a word @FILE is
// a Java argument file.
func (src *Sources) readJVM(s Service) {
	for _, name := range src.jvmVars(s) {
		v, ok := s.env(name)
		if !ok {
			continue
		}
		for _, w := range strings.Fields(v) {
			if file, ok := strings.CutPrefix(w, "@"); ok {
				content, from, err := s.open(file)
				if err != nil {
					src.Errs = append(src.Errs, fmt.Errorf("service %s: %s names the argument file %s: %w", s.Name, name, file, err))
					continue
				}
				src.ArgFiles = append(src.ArgFiles, MountedFile{Target: file, From: from, Content: content})
				for _, a := range javaconf.ReadArgFile(content) {
					if strings.HasPrefix(a.Value, "-D") {
						src.JVM = append(src.JVM, JVMFlag{Flag: a.Value, Var: name, ArgFile: file, Line: a.Line})
					}
				}
				continue
			}
			if strings.HasPrefix(w, "-D") {
				src.JVM = append(src.JVM, JVMFlag{Flag: w, Var: name})
			}
		}
	}
}
