package stackmodel

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
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
	Entries []Entry
	// JVMFlags are the -D system properties the server's JVM gets from
	// KAFKA_OPTS, argument files (@file) expanded.
	JVMFlags []string
	// ArgFiles are the contents of the Java argument files KAFKA_OPTS
	// names, by path, as mounted.
	ArgFiles map[string]string
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

// EffectiveConfig works out what service hands to its server: the file
// its command starts the server with (from the service's configs or bind
// mounts) or, for an image of the table started as it comes, the file its
// start-up script would write from the environment. It describes the
// service (FromCompose) and asks the description (Service.Config).
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
	return FromCompose(p, service, svc).Config()
}

// Config works out what s hands to its server (see EffectiveConfig): it
// renders what Sources decides the server reads.
func (s Service) Config() (*ServiceConfig, error) {
	src := s.Sources()
	l := src.Launch
	if len(src.Errs) > 0 {
		return nil, src.Errs[0]
	}
	c := &ServiceConfig{Service: s.Name, Server: l.Role.String(), ArgFiles: map[string]string{}}
	switch {
	case !src.Env && len(src.Files) == 0 && s.Command == "":
		return nil, fmt.Errorf("service %s: image %q starts its server its own way, and kafkit does not know how it turns variables into a configuration file: start the server with a mounted file (kafka-server-start FILE) to inspect it", s.Name, s.Image.Raw)
	case !src.Env && len(src.Files) == 0:
		return nil, fmt.Errorf("service %s runs neither kafka-server-start nor zookeeper-server-start with a file (command: %s)", s.Name, s.Command)
	}
	c.Entries = renderEntries(src.Settings)
	var from []string
	for _, f := range src.Files {
		from = append(from, fmt.Sprintf("%s (%s)", f.Target, f.From))
	}
	switch {
	case !src.Env:
		c.Path, c.Content = src.Files[0].Target, src.Files[0].Content
		c.Source = strings.Join(from, ", ")
	default:
		c.Source = fmt.Sprintf("derived from the environment by the rules of %s%s", s.Image.Repo, envNote(l.Conv))
		if len(src.Files) > 0 {
			// Say the sources in the order they are applied.
			filesFirst := false
			for _, st := range src.Settings {
				if st.Origin.Kind != FromOverride {
					filesFirst = st.Origin.Kind == FromFile
					break
				}
			}
			if filesFirst {
				c.Source = strings.Join(from, ", ") + ", then " + c.Source
			} else {
				c.Source += ", then " + strings.Join(from, ", ")
			}
		}
	}
	for _, f := range src.ArgFiles {
		c.ArgFiles[f.Target] = f.Content
	}
	for _, f := range src.JVM {
		c.JVMFlags = append(c.JVMFlags, f.Flag)
	}
	return c, nil
}

// open reads the file s sees at target.
func (s Service) open(target string) (content, from string, err error) {
	if s.Files == nil {
		return "", "", errors.New("no mounted file of the service can be read here")
	}
	return s.Files.Open(target)
}

// env returns the value of the variable name, and whether it is set.
func (s Service) env(name string) (string, bool) {
	value, set := "", false
	for _, v := range s.Env {
		if v.Name == name {
			value, set = v.Value, v.Set
		}
	}
	return value, set
}

// composeFiles are the files of a service loaded by compose-go: its
// compose configs and bind mounts.
type composeFiles struct {
	p   *types.Project
	svc types.ServiceConfig
}

func (f composeFiles) Open(target string) (content, from string, err error) {
	return mountedFile(f.p, f.svc, target)
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

// FromCompose describes a service of a project compose-go loaded: its
// image, its environment (in name order: compose-go keeps a map), its
// entrypoint and command (and whether entrypoint: is set), its compose configs and bind mounts (Files) and
// where its configs and volumes are mounted.
func FromCompose(p *types.Project, name string, svc types.ServiceConfig) Service {
	s := Service{Name: name, Image: ParseRef(svc.Image),
		Command:    strings.Join(append(append([]string{}, svc.Entrypoint...), svc.Command...), " "),
		Entrypoint: svc.Entrypoint != nil,
		Files:      composeFiles{p, svc}}
	for _, ref := range svc.Configs {
		t := ref.Target
		if t == "" {
			t = "/" + ref.Source
		}
		s.Mounts = append(s.Mounts, t)
	}
	for _, vol := range svc.Volumes {
		if vol.Type != types.VolumeTypeTmpfs {
			s.Mounts = append(s.Mounts, vol.Target)
		}
	}
	names := make([]string, 0, len(svc.Environment))
	for k := range svc.Environment {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := svc.Environment[k]
		s.Env = append(s.Env, Var{Name: k, Value: valueOr(v), Set: v != nil})
	}
	return s
}

func valueOr(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}
