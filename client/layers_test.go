package client

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// env returns a Getenv that knows only $KAFKIT_BROKERS.
func env(brokers string) func(string) string {
	return func(name string) string {
		if name == EnvBrokers {
			return brokers
		}
		return ""
	}
}

// writeProps writes a properties file in a test directory.
func writeProps(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLayersPrecedence: kafkit's defaults < the command's defaults < the
// flags' defaults < $KAFKIT_BROKERS < -F < -X < the flags typed, later
// winning also across spellings.
func TestLayersPrecedence(t *testing.T) {
	file := writeProps(t, "c.properties", "bootstrap.servers=file:1\nlinger.ms=5\n")
	brokersFlag := func(v string, typed bool) Flag {
		return Flag{Name: "brokers", Property: "bootstrap.servers", Value: v, Typed: typed}
	}
	timeoutFlag := func(v string, typed bool) Flag {
		return Flag{Name: "timeout", Property: "delivery.timeout.ms", Value: v, Typed: typed}
	}
	cmdDefault := []Property{{Name: "delivery.timeout.ms", Value: "1000", Origin: "kafkit perf default"}}

	tests := []struct {
		name   string
		layers Layers
		// property -> "value from origin" wanted
		want map[string]string
	}{
		{"nothing given", Layers{Getenv: env("")},
			map[string]string{"bootstrap.servers": "localhost:9092 from kafkit default"}},
		{"a command's default", Layers{Getenv: env(""), Defaults: cmdDefault},
			map[string]string{"delivery.timeout.ms": "1000 from kafkit perf default"}},
		{"a flag's default over the command's", Layers{Getenv: env(""), Defaults: cmdDefault, Flags: []Flag{brokersFlag("localhost:9092", false), timeoutFlag("30000", false)}},
			map[string]string{"bootstrap.servers": "localhost:9092 from default of --brokers", "delivery.timeout.ms": "30000 from default of --timeout"}},
		{"the environment over a flag's default", Layers{Getenv: env("env:9"), Flags: []Flag{brokersFlag("localhost:9092", false)}},
			map[string]string{"bootstrap.servers": "env:9 from $KAFKIT_BROKERS"}},
		{"an empty environment variable counts as unset", Layers{Getenv: env(""), Flags: []Flag{brokersFlag("localhost:9092", false)}},
			map[string]string{"bootstrap.servers": "localhost:9092 from default of --brokers"}},
		{"-F over the environment", Layers{Getenv: env("env:9"), File: file},
			map[string]string{"bootstrap.servers": "file:1 from " + file + ":1", "linger.ms": "5 from " + file + ":2"}},
		{"-X over -F, across spellings", Layers{Getenv: env("env:9"), File: file, Set: []string{"metadata.broker.list=x:2"}},
			map[string]string{"bootstrap.servers": "x:2 from -X"}},
		{"-X in the order given", Layers{Getenv: env(""), Set: []string{"linger.ms=1", "linger.ms=2"}},
			map[string]string{"linger.ms": "2 from -X"}},
		{"a typed flag over everything", Layers{Getenv: env("env:9"), File: file, Set: []string{"bootstrap.servers=x:2"}, Flags: []Flag{brokersFlag("flag:3", true), timeoutFlag("7000", true)}},
			map[string]string{"bootstrap.servers": "flag:3 from --brokers", "delivery.timeout.ms": "7000 from --timeout"}},
		{"a flag not typed stays below -X", Layers{Getenv: env(""), Set: []string{"delivery.timeout.ms=9000"}, Flags: []Flag{timeoutFlag("30000", false)}},
			map[string]string{"delivery.timeout.ms": "9000 from -X"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := tt.layers.Load(Producer)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.want {
				p, ok := cfg.Value(name)
				if !ok {
					t.Errorf("%s: not set, want %s", name, want)
					continue
				}
				if got := p.Value + " from " + p.Origin; got != want {
					t.Errorf("%s = %s, want %s", name, got, want)
				}
			}
		})
	}
}

// TestLayersResolveOrder: Resolve returns the five layers in order, each
// property with its origin, so that a caller (kafkit doctor) can take
// properties out and still load the rest with the same precedence.
func TestLayersResolveOrder(t *testing.T) {
	file := writeProps(t, "c.properties", "acks=1\n")
	layers, err := Layers{
		Defaults: []Property{{Name: "group.id", Value: "g", Origin: "cmd"}},
		Getenv:   env("env:9"),
		File:     file,
		Set:      []string{" linger.ms =5"},
		Flags: []Flag{
			{Name: "brokers", Property: "bootstrap.servers", Value: "b:1", Typed: true},
			{Name: "from", Property: "auto.offset.reset", Value: "earliest"},
		},
	}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, layer := range layers {
		for _, p := range layer {
			got = append(got, string(rune('0'+i))+" "+p.Name+"="+p.Value+" ("+p.Origin+")")
		}
	}
	want := []string{
		"0 bootstrap.servers=localhost:9092 (kafkit default)",
		"0 group.id=g (cmd)",
		"0 auto.offset.reset=earliest (default of --from)",
		"1 bootstrap.servers=env:9 ($KAFKIT_BROKERS)",
		"2 acks=1 (" + file + ":1)",
		"3 linger.ms=5 (-X)",
		"4 bootstrap.servers=b:1 (--brokers)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("layers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(layers) != 5 {
		t.Errorf("%d layers, want 5 (defaults, environment, file, -X, typed flags)", len(layers))
	}
}

// TestLayersErrors: every error names the layer and the bad file, pair or
// property, and the ones the user must fix are told apart from the others.
func TestLayersErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.properties")
	badEscape := writeProps(t, "escape.properties", "acks=all\nlinger.ms=\\u12\n")
	notUTF8 := writeProps(t, "latin1.properties", "client.id=caf\xe9\n")
	unknown := writeProps(t, "unknown.properties", "acks=all\n\nlinger.msec=5\n")

	tests := []struct {
		name     string
		layers   Layers
		want     []string // substrings of the message
		userFix  bool
		isSource bool
	}{
		{"missing file", Layers{File: missing},
			[]string{"-F: unable to read properties file", missing}, true, true},
		{"bad escape in the file", Layers{File: badEscape},
			[]string{"-F: " + badEscape + ":2:", `malformed \uXXXX escape`}, true, true},
		{"file not UTF-8", Layers{File: notUTF8},
			[]string{"-F: " + notUTF8, "not valid UTF-8 text"}, true, true},
		{"unknown property in the file names its line", Layers{File: unknown},
			[]string{`unknown client property "linger.msec" (from ` + unknown + `:3)`, `did you mean "linger.ms"?`}, true, false},
		{"-X without =", Layers{Set: []string{"acks"}},
			[]string{`invalid -X "acks": want name=value`}, true, false},
		{"-X with an empty name", Layers{Set: []string{" =1"}},
			[]string{`invalid -X " =1"`}, true, false},
		{"unknown -X", Layers{Set: []string{"lingerms=5"}},
			[]string{`unknown client property "lingerms" (from -X)`}, true, false},
		{"bad environment value", Layers{Getenv: env("broker:99999")},
			[]string{`invalid value "broker:99999" for bootstrap.servers (from $KAFKIT_BROKERS)`}, true, false},
		{"bad typed flag value", Layers{Flags: []Flag{{Name: "timeout", Property: "delivery.timeout.ms", Value: "-5", Typed: true}}},
			[]string{`invalid value "-5" for delivery.timeout.ms (from --timeout)`}, true, false},
		{"bad flag default", Layers{Flags: []Flag{{Name: "timeout", Property: "delivery.timeout.ms", Value: "-5"}}},
			[]string{"(from default of --timeout)"}, true, false},
		{"a flag without a property is the program's fault", Layers{Flags: []Flag{{Name: "timeout"}}},
			[]string{`client: flag "timeout" for property ""`}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.layers.Getenv == nil {
				tt.layers.Getenv = env("")
			}
			_, err := tt.layers.Load(Producer)
			if err == nil {
				t.Fatal("loaded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if got := IsUserError(err); got != tt.userFix {
				t.Errorf("IsUserError = %v, want %v (%v)", got, tt.userFix, err)
			}
			var se *SourceError
			if got := errors.As(err, &se); got != tt.isSource {
				t.Errorf("SourceError = %v, want %v", got, tt.isSource)
			} else if got && (se.Source != "-F" || se.Path != tt.layers.File) {
				t.Errorf("SourceError names %s %s, want -F %s", se.Source, se.Path, tt.layers.File)
			}
		})
	}
}

// TestLayersReadTheEnvironment: without Getenv, $KAFKIT_BROKERS comes from
// the process environment.
func TestLayersReadTheEnvironment(t *testing.T) {
	t.Setenv(EnvBrokers, "from-env:9092")
	cfg, err := Layers{}.Load(Admin)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.Brokers, ","); got != "from-env:9092" {
		t.Errorf("brokers %s, want the environment's", got)
	}
}
