package client

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseProperties(t *testing.T) {
	type kv struct{ k, v string }
	tests := []struct {
		name string
		in   string
		want []kv
	}{
		{"equals", "acks=all\n", []kv{{"acks", "all"}}},
		{"colon", "acks:all", []kv{{"acks", "all"}}},
		{"blank separator", "acks all", []kv{{"acks", "all"}}},
		{"blanks around separator", "acks \t =  all", []kv{{"acks", "all"}}},
		{"trailing blanks kept", "client.id=a b  ", []kv{{"client.id", "a b  "}}},
		{"leading blanks skipped", "   \t\facks=1", []kv{{"acks", "1"}}},
		{"comments", "# hash\n! bang\n  # indented\nacks=1", []kv{{"acks", "1"}}},
		{"comment does not continue", "# a comment \\\nacks=1", []kv{{"acks", "1"}}},
		{"empty lines", "\n\n \t\nacks=1\n\n", []kv{{"acks", "1"}}},
		{"empty value", "client.id=\n", []kv{{"client.id", ""}}},
		{"key only", "client.id\n", []kv{{"client.id", ""}}},
		{"second separator is value", "a==b", []kv{{"a", "=b"}}},
		{"colon in value", "bootstrap.servers=h1:9092,h2:9092", []kv{{"bootstrap.servers", "h1:9092,h2:9092"}}},
		{"continuation", "bootstrap.servers=h1:9092,\\\n    h2:9092", []kv{{"bootstrap.servers", "h1:9092,h2:9092"}}},
		{"double continuation", "a=1\\\n 2\\\n  3", []kv{{"a", "123"}}},
		{"even backslashes do not continue", "a=x\\\\\nb=y", []kv{{"a", "x\\"}, {"b", "y"}}},
		{"continuation at end of file", "a=x\\", []kv{{"a", "x"}}},
		{"crlf", "a=1\r\nb=2\r\n", []kv{{"a", "1"}, {"b", "2"}}},
		{"cr only", "a=1\rb=2", []kv{{"a", "1"}, {"b", "2"}}},
		{"escapes", `a=tab\there\nnl\rcr\fff`, []kv{{"a", "tab\there\nnl\rcr\fff"}}},
		{"escaped separator in key", `my\=key\:x\ y=v`, []kv{{"my=key:x y", "v"}}},
		{"unknown escape drops backslash", `a=\q\z`, []kv{{"a", "qz"}}},
		{"windows path needs doubling", `ssl.ca.location=C:\\certs\\ca.pem`, []kv{{"ssl.ca.location", `C:\certs\ca.pem`}}},
		{"unicode escape", `a=caf\u00e9`, []kv{{"a", "café"}}},
		{"surrogate pair", `a=\ud83d\ude00`, []kv{{"a", "😀"}}},
		{"utf-8 as is", "a=ação", []kv{{"a", "ação"}}},
		{"jaas", `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";`,
			[]kv{{"sasl.jaas.config", `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";`}}},
		{"duplicates kept in order", "a=1\na=2", []kv{{"a", "1"}, {"a", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseProperties("f", []byte(tt.in))
			if err != nil {
				t.Fatalf("ParseProperties: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d properties %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				if got[i].Name != w.k || got[i].Value != w.v {
					t.Errorf("property %d = %q=%q, want %q=%q", i, got[i].Name, got[i].Value, w.k, w.v)
				}
			}
		})
	}
}

func TestParsePropertiesOrigin(t *testing.T) {
	got, err := ParseProperties("client.properties", []byte("# c\n\nacks=all\nlinger.ms=\\\n 5\nretries=3\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"client.properties:3", "client.properties:4", "client.properties:6"}
	for i, w := range want {
		if got[i].Origin != w {
			t.Errorf("property %s origin %q, want %q", got[i].Name, got[i].Origin, w)
		}
	}
}

func TestParsePropertiesErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"short unicode escape", `a=\u12`, "f:1: value of \"a\": malformed \\uXXXX escape"},
		{"bad hex", `a=\u12zz`, "malformed \\uXXXX escape"},
		{"bad unicode in key", "k\\uZZZZ=1", "f:1: key"},
		{"not utf-8", "a=\xff\xfe", "not valid UTF-8"},
		{"error names its line", "a=1\nb=2\nc=\\u1", "f:3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProperties("f", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadPropertiesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "client.properties")
	if err := os.WriteFile(path, []byte("bootstrap.servers=h:1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadPropertiesFile(path)
	if err != nil || len(got) != 1 || got[0].Origin != path+":1" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := ReadPropertiesFile(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("missing file: err = %v", err)
	}
}

func TestParseSetFlag(t *testing.T) {
	tests := []struct {
		in         string
		name, val  string
		wantErrSub string
	}{
		{in: "acks=all", name: "acks", val: "all"},
		{in: " acks =all", name: "acks", val: "all"},
		{in: "sasl.jaas.config=a=b;", name: "sasl.jaas.config", val: "a=b;"},
		{in: "client.id=", name: "client.id", val: ""},
		{in: "acks", wantErrSub: `invalid -X "acks": want name=value`},
		{in: "=all", wantErrSub: "want name=value"},
	}
	for _, tt := range tests {
		p, err := ParseSetFlag(tt.in)
		if tt.wantErrSub != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErrSub) || !IsPropertyError(err) {
				t.Errorf("ParseSetFlag(%q) err = %v, want %q", tt.in, err, tt.wantErrSub)
			}
			continue
		}
		if err != nil || p.Name != tt.name || p.Value != tt.val || p.Origin != "-X" {
			t.Errorf("ParseSetFlag(%q) = %+v, %v", tt.in, p, err)
		}
	}
}

// FuzzSetFlagLoad feeds arbitrary -X arguments through the parser and the
// whole client configuration: neither may panic, a parsed property keeps its
// name and value exactly, and a rejected one is always a *PropertyError
// naming what was given, which is what turns into exit code 2.
func FuzzSetFlagLoad(f *testing.F) {
	for _, s := range []string{"acks=all", "acks=2", "linger.ms=-1", "bootstrap.servers=", "=x", "noequals",
		"compression.type=ZSTD", "sasl.mechanism=PLAIN", "group.id=g", "batch.num.messages=7", "lingr.ms=5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		p, err := ParseSetFlag(arg)
		if err != nil {
			if !IsPropertyError(err) {
				t.Fatalf("ParseSetFlag(%q) error %T is not a *PropertyError", arg, err)
			}
			return
		}
		name, value, _ := strings.Cut(arg, "=")
		if p.Name != strings.TrimSpace(name) || p.Value != value {
			t.Fatalf("ParseSetFlag(%q) = %q=%q", arg, p.Name, p.Value)
		}
		for _, role := range []Role{Producer, Consumer} {
			if _, err := Load(role, []Property{p}); err != nil && !IsPropertyError(err) {
				t.Fatalf("Load(%s, -X %q): error %T is not a property error: %v", role, arg, err, err)
			}
		}
	})
}
