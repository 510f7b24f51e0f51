package compose

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/kafkit/kafkit/javaconf"
	"github.com/kafkit/kafkit/stackmodel"
)

// LoadComposeFile loads a compose file the way docker compose does, with
// compose-go: schema validation, variable interpolation (from env, which
// may be nil) and normalisation. The project is named after the file's
// directory unless the file names itself.
func LoadComposeFile(ctx context.Context, file string, env map[string]string) (*types.Project, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read compose file: %w", err)
	}
	return LoadComposeBytes(ctx, file, data, env)
}

// LoadComposeBytes is LoadComposeFile for a file already in memory; file
// names it in messages and locates relative paths.
func LoadComposeBytes(ctx context.Context, file string, data []byte, env map[string]string) (*types.Project, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	dir := filepath.Dir(abs)
	if env == nil {
		env = map[string]string{}
	}
	details := types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: abs, Content: data}},
		Environment: env,
	}
	p, err := loader.LoadWithContext(ctx, details, func(o *loader.Options) {
		o.SetProjectName(loader.NormalizeProjectName(filepath.Base(dir)), false)
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	return p, nil
}

// ErrUnknownService is returned by EffectiveConfig for a service the
// compose file does not define.
var ErrUnknownService = errors.New("no service")

// ServiceConfig is the configuration one service of a compose file hands
// to its Kafka broker or ZooKeeper server, as that server reads it.
type ServiceConfig struct {
	Service string
	// Server is "kafka" or "zookeeper".
	Server string
	// Source says where the configuration comes from, for a reader.
	Source string
	// Path is the file the server is started with; Content is that file
	// as mounted, comments included. Both are empty when the configuration
	// is derived from environment variables by the image's rules.
	Path    string
	Content string
	// Entries are the effective settings: every key the server sees, once,
	// in the order of first appearance, with its last value (as
	// java.util.Properties keeps it), command-line overrides applied.
	Entries []ConfigEntry
	// JVMFlags are the -D system properties the server's JVM gets from
	// KAFKA_OPTS, argument files (@file) expanded.
	JVMFlags []string
	// ArgFiles are the contents of the Java argument files KAFKA_OPTS
	// names, by path, as mounted.
	ArgFiles map[string]string
}

// ConfigEntry is one effective key=value setting.
type ConfigEntry struct {
	Key, Value string
}

// Get returns the effective value of key.
func (c *ServiceConfig) Get(key string) (string, bool) {
	for _, e := range c.Entries {
		if e.Key == key {
			return e.Value, true
		}
	}
	return "", false
}

// Format renders c for `kafkit compose config`: the effective settings as a
// properties file (JVM system properties as trailing comments), or with
// raw the mounted file(s) exactly as the server reads them.
func (c *ServiceConfig) Format(raw bool) string {
	var b strings.Builder
	if raw && c.Content != "" {
		b.WriteString(c.Content)
		if !strings.HasSuffix(c.Content, "\n") {
			b.WriteString("\n")
		}
		paths := make([]string, 0, len(c.ArgFiles))
		for p := range c.ArgFiles {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			fmt.Fprintf(&b, "\n# ---- %s (KAFKA_OPTS=@%s) ----\n", p, p)
			b.WriteString(c.ArgFiles[p])
		}
		return b.String()
	}
	fmt.Fprintf(&b, "# %s: effective %s of service %s\n", c.Source, c.fileKind(), c.Service)
	for _, e := range c.Entries {
		b.WriteString(e.Key + "=" + e.Value + "\n")
	}
	if len(c.JVMFlags) > 0 {
		b.WriteString("# JVM system properties (KAFKA_OPTS):\n")
		for _, f := range c.JVMFlags {
			b.WriteString("#   " + f + "\n")
		}
	}
	return b.String()
}

func (c *ServiceConfig) fileKind() string {
	if c.Server == "zookeeper" {
		return "zoo.cfg"
	}
	return "server.properties"
}

// startRE finds the server start in a service's command: Kafka's and
// ZooKeeper's start scripts (Confluent's without .sh, Apache's with),
// optionally -daemon, then the configuration file.
var startRE = regexp.MustCompile(`(?:^|[\s/;&|(])(kafka|zookeeper)-server-start(?:\.sh)?\s+(?:-daemon\s+)?([^\s;&|)]+)((?:\s+--override\s+[^\s;&|)]+)*)`)

// EffectiveConfig works out what service hands to its server: the file
// its command starts the server with (from the service's configs or bind
// mounts) or, for Confluent's images started as they come, the file their
// start-up script would write from the environment.
func EffectiveConfig(p *types.Project, service string) (*ServiceConfig, error) {
	svc, ok := p.Services[service]
	if !ok {
		names := make([]string, 0, len(p.Services))
		for n := range p.Services {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("%w %q in the compose file (services: %s)", ErrUnknownService, service, strings.Join(names, ", "))
	}
	c := &ServiceConfig{Service: service, ArgFiles: map[string]string{}}
	cmd := strings.Join(append(append([]string{}, svc.Entrypoint...), svc.Command...), " ")
	if m := startRE.FindStringSubmatch(cmd); m != nil {
		c.Server, c.Path = m[1], m[2]
		content, from, err := mountedFile(p, svc, c.Path)
		if err != nil {
			return nil, fmt.Errorf("service %s starts %s from %s: %w", service, c.Server, c.Path, err)
		}
		c.Content = content
		c.Source = fmt.Sprintf("%s (%s)", c.Path, from)
		if c.Entries, err = readProperties(c.Path, content); err != nil {
			return nil, fmt.Errorf("service %s starts %s from %s: %w", service, c.Server, c.Path, err)
		}
		for _, o := range strings.Fields(m[3]) {
			if o == "--override" {
				continue
			}
			k, v, _ := strings.Cut(o, "=")
			c.Entries = setEntry(c.Entries, strings.TrimSpace(k), strings.TrimSpace(v))
		}
	} else if len(svc.Command) == 0 && len(svc.Entrypoint) == 0 {
		entries, server, note, err := imageEnvConfig(svc)
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", service, err)
		}
		c.Server, c.Entries = server, entries
		c.Source = fmt.Sprintf("derived from the environment by the rules of %s%s", stackmodel.ParseRef(svc.Image).Repo, note)
	} else {
		return nil, fmt.Errorf("service %s runs neither kafka-server-start nor zookeeper-server-start with a file (command: %s)", service, cmd)
	}
	if err := c.jvmFlags(p, svc); err != nil {
		return nil, fmt.Errorf("service %s: %w", service, err)
	}
	return c, nil
}

// jvmFlags collects the -D flags of KAFKA_OPTS (and SERVER_JVMFLAGS, the
// official ZooKeeper image's). The start scripts expand the variable
// unquoted, so it is split on white space; a word @FILE is a Java argument
// file.
func (c *ServiceConfig) jvmFlags(p *types.Project, svc types.ServiceConfig) error {
	var words []string
	for _, name := range []string{"KAFKA_OPTS", "SERVER_JVMFLAGS"} {
		if v := svc.Environment[name]; v != nil {
			words = append(words, strings.Fields(*v)...)
		}
	}
	for _, w := range words {
		if file, ok := strings.CutPrefix(w, "@"); ok {
			content, _, err := mountedFile(p, svc, file)
			if err != nil {
				return fmt.Errorf("KAFKA_OPTS names the argument file %s: %w", file, err)
			}
			c.ArgFiles[file] = content
			for _, a := range javaconf.ReadArgFile(content) {
				if strings.HasPrefix(a.Value, "-D") {
					c.JVMFlags = append(c.JVMFlags, a.Value)
				}
			}
			continue
		}
		if strings.HasPrefix(w, "-D") {
			c.JVMFlags = append(c.JVMFlags, w)
		}
	}
	return nil
}

// mountedFile returns the content of the file a service sees at target:
// a compose config (inline content, a file, or an environment variable) or
// a bind-mounted file.
func mountedFile(p *types.Project, svc types.ServiceConfig, target string) (content, from string, err error) {
	for _, ref := range svc.Configs {
		t := ref.Target
		if t == "" {
			t = "/" + ref.Source
		}
		if path.Clean(t) != path.Clean(target) {
			continue
		}
		cfg, ok := p.Configs[ref.Source]
		if !ok {
			return "", "", fmt.Errorf("config %q is not defined at the top level", ref.Source)
		}
		from = fmt.Sprintf("compose config %q", ref.Source)
		switch {
		case cfg.Content != "":
			return cfg.Content, from, nil
		case cfg.File != "":
			b, err := os.ReadFile(cfg.File)
			if err != nil {
				return "", "", fmt.Errorf("config %q: %w", ref.Source, err)
			}
			return string(b), from + " from " + cfg.File, nil
		case cfg.Environment != "":
			v, ok := p.Environment[cfg.Environment]
			if !ok {
				return "", "", fmt.Errorf("config %q comes from variable %s, which is not set", ref.Source, cfg.Environment)
			}
			return v, from + " from $" + cfg.Environment, nil
		}
		return "", "", fmt.Errorf("config %q has no content, file or environment", ref.Source)
	}
	for _, vol := range svc.Volumes {
		if vol.Type != types.VolumeTypeBind {
			continue
		}
		rel, ok := underTarget(vol.Target, target)
		if !ok {
			continue
		}
		src := filepath.Join(vol.Source, filepath.FromSlash(rel))
		b, err := os.ReadFile(src)
		if err != nil {
			return "", "", fmt.Errorf("bind mount %s: %w", vol.Source, err)
		}
		return string(b), "bind mount of " + src, nil
	}
	return "", "", errors.New("no config or bind mount of the service provides it (a file baked into the image cannot be read from here)")
}

// underTarget reports whether file lies at or under the mount point
// target, and its path relative to it.
func underTarget(target, file string) (string, bool) {
	target, file = path.Clean(target), path.Clean(file)
	if file == target {
		return "", true
	}
	rel, ok := strings.CutPrefix(file, target+"/")
	return rel, ok
}

func setEntry(es []ConfigEntry, k, v string) []ConfigEntry {
	for i := range es {
		if es[i].Key == k {
			es[i].Value = v
			return es
		}
	}
	return append(es, ConfigEntry{k, v})
}

// readProperties reads a properties file (server.properties, zoo.cfg) as
// java.util.Properties.load does (javaconf), each key once in the order of
// its first appearance with its last value. file names it in an error.
func readProperties(file, content string) ([]ConfigEntry, error) {
	props, err := javaconf.ReadServerProperties([]byte(content))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var out []ConfigEntry
	for _, e := range props.Effective() {
		out = append(out, ConfigEntry{e.Key, e.Value})
	}
	return out, nil
}
