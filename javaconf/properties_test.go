package javaconf_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kafkit/kafkit/javaconf"
)

type kv struct{ k, v string }

// propertyCases are the inputs both TestReadProperties (with the values
// wanted) and TestPropertiesLikeJava (against the JDK) read.
var propertyCases = []struct {
	name string
	in   string
	want []kv
}{
	{"equals", "acks=all\n", []kv{{"acks", "all"}}},
	{"colon", "acks:all", []kv{{"acks", "all"}}},
	{"blank separator", "acks all", []kv{{"acks", "all"}}},
	{"separators", "a=1\nb:2\nc 3\nd = 4\ne\t:\t5\n", []kv{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}}},
	{"blanks around separator", "acks \t =  all", []kv{{"acks", "all"}}},
	{"blanks inside a value", "a.b = c d", []kv{{"a.b", "c d"}}},
	{"separator in a value", "sasl.jaas=x=y;", []kv{{"sasl.jaas", "x=y;"}}},
	{"trailing blanks kept", "client.id=a b  ", []kv{{"client.id", "a b  "}}},
	{"leading blanks skipped", "   \t\facks=1", []kv{{"acks", "1"}}},
	{"comments", "# hash\n! bang\n  # indented\nacks=1", []kv{{"acks", "1"}}},
	{"commented parameter", "#log.retention.hours=168\n", nil},
	{"comment does not continue", "# a comment \\\nacks=1", []kv{{"acks", "1"}}},
	{"hash inside a value", "a=b#c\n", []kv{{"a", "b#c"}}},
	{"empty lines", "\n\n \t\nacks=1\n\n", []kv{{"acks", "1"}}},
	{"empty value", "client.id=\n", []kv{{"client.id", ""}}},
	{"key only", "client.id\n", []kv{{"client.id", ""}}},
	{"empty key", "=v\n", []kv{{"", "v"}}},
	{"second separator is value", "a==b", []kv{{"a", "=b"}}},
	{"blank then two separators", "a : =b", []kv{{"a", "=b"}}},
	{"value keeps = and :", "listeners=INTERNAL://0.0.0.0:29092,EXTERNAL://:9092\n", []kv{{"listeners", "INTERNAL://0.0.0.0:29092,EXTERNAL://:9092"}}},
	{"continuation", "bootstrap.servers=h1:9092,\\\n    h2:9092", []kv{{"bootstrap.servers", "h1:9092,h2:9092"}}},
	{"double continuation", "a=1\\\n 2\\\n  3", []kv{{"a", "123"}}},
	{"continuation in the key", "ab\\\n  cd=1", []kv{{"abcd", "1"}}},
	{"continuation then empty line", "a=x\\\n\nb=y", []kv{{"a", "x"}, {"b", "y"}}},
	{"continuation line starting with #", "a=x\\\n#y", []kv{{"a", "x#y"}}},
	{"lone backslash then comment", "\\\n#x=1\ny=2", []kv{{"y", "2"}}},
	{"even backslashes do not continue", "a=x\\\\\nb=y", []kv{{"a", "x\\"}, {"b", "y"}}},
	{"escaped backslash is no continuation", "path=c:\\\\\nnext=1\n", []kv{{"path", "c:\\"}, {"next", "1"}}},
	{"continuation at end of file", "a=x\\", []kv{{"a", "x"}}},
	{"continuation and newline at end of file", "a=x\\\n", []kv{{"a", "x"}}},
	{"lone backslash at end of file", "a=1\n\\", []kv{{"a", "1"}, {"", ""}}},
	{"crlf", "a=1\r\nb=2\r\n", []kv{{"a", "1"}, {"b", "2"}}},
	{"cr only", "a=1\rb=2", []kv{{"a", "1"}, {"b", "2"}}},
	{"crlf continuation", "a=1\\\r\n  2\r\n", []kv{{"a", "12"}}},
	{"escapes", `a=tab\there\nnl\rcr\fff`, []kv{{"a", "tab\there\nnl\rcr\fff"}}},
	{"escapes in key", "k\\=x=a\\tb\\u0041\n", []kv{{"k=x", "a\tbA"}}},
	{"escaped separator in key", `my\=key\:x\ y=v`, []kv{{"my=key:x y", "v"}}},
	{"escaped leading blank of value", `a=\ \ b`, []kv{{"a", "  b"}}},
	{"unknown escape drops backslash", `a=\q\z`, []kv{{"a", "qz"}}},
	{"escaped hash starts no comment", "\\#a=1", []kv{{"#a", "1"}}},
	{"windows path needs doubling", `ssl.ca.location=C:\\certs\\ca.pem`, []kv{{"ssl.ca.location", `C:\certs\ca.pem`}}},
	{"windows path undoubled", `ssl.ca.location=C:\certs\ca.pem`, []kv{{"ssl.ca.location", `C:certsca.pem`}}},
	{"unicode escape", `a=caf\u00e9`, []kv{{"a", "café"}}},
	{"unicode escape upper case", `a=\u00C9\u0041`, []kv{{"a", "ÉA"}}},
	{"surrogate pair", `a=\ud83d\ude00`, []kv{{"a", "😀"}}},
	{"lone surrogate", `a=\ud83dx`, []kv{{"a", "\uFFFDx"}}},
	{"utf-8 as is", "a=ação", []kv{{"a", "ação"}}},
	{"jaas", `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";`,
		[]kv{{"sasl.jaas.config", `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";`}}},
	{"duplicates kept in order", "a=1\nb=2\na=3", []kv{{"a", "1"}, {"b", "2"}, {"a", "3"}}},
	{"empty text", "", nil},
	{"only blanks", "  \t\f \n\r\n", nil},
}

func TestReadProperties(t *testing.T) {
	for _, c := range propertyCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := javaconf.ReadProperties([]byte(c.in))
			if err != nil {
				t.Fatalf("ReadProperties(%q): %v", c.in, err)
			}
			var got []kv
			for _, e := range p.Entries {
				got = append(got, kv{e.Key, e.Value})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("ReadProperties(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestReadPropertiesErrors(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		want     string
	}{
		{"short unicode escape", `a=\u12`, 1, `value of "a": malformed \uXXXX escape "\\u12": want four hex digits`},
		{"bad hex", `a=\u12zz`, 1, `value of "a": malformed \uXXXX escape "\\u12zz"`},
		{"escape cut by the separator", "k\\u00=1", 1, `key "k\\u00": malformed`},
		{"bad unicode in key", "k\\uZZZZ=1", 1, `key "k\\uZZZZ"`},
		{"error names its line", "a=1\nb=2\n\nc=\\u1", 4, "malformed"},
		{"not utf-8", "a=1\r\nb=\xff\xfe", 2, "not valid UTF-8 text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := javaconf.ReadProperties([]byte(c.in))
			var se *javaconf.SyntaxError
			if !errors.As(err, &se) || se.Line != c.line || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want a SyntaxError on line %d containing %q", err, c.line, c.want)
			}
			if p == nil {
				t.Fatal("no properties returned with the error")
			}
		})
	}
	// The entries before the bad one come back with the error.
	p, err := javaconf.ReadProperties([]byte("a=1\nb=\\uXYZW\nc=3"))
	if err == nil || len(p.Entries) != 1 || p.Entries[0].Key != "a" {
		t.Fatalf("got %+v, %v; want entry a and an error", p, err)
	}
}

func TestReadPropertiesLatin1(t *testing.T) {
	p, err := javaconf.ReadPropertiesLatin1([]byte("a=caf\xc3\xa9\nb=\xff"))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Map(); got["a"] != "cafÃ©" || got["b"] != "ÿ" {
		t.Errorf("Latin-1 view = %q", got)
	}
}

func TestReadServerProperties(t *testing.T) {
	for in, want := range map[string]string{
		"a=caf\xc3\xa9":        "café", // UTF-8: read as UTF-8
		"# caf\xe9\na=caf\xe9": "café", // not UTF-8: read as Kafka does, byte by byte
	} {
		p, err := javaconf.ReadServerProperties([]byte(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got, _ := p.Get("a"); got != want {
			t.Errorf("%q: a = %q, want %q", in, got, want)
		}
	}
	if _, err := javaconf.ReadServerProperties([]byte(`a=\u12`)); err == nil {
		t.Error("a malformed escape is still an error")
	}
}

func TestPropertiesPositions(t *testing.T) {
	in := "# c\n\n  acks = all\nlinger.ms=\\\n   5\n\tb\ncafé=ção:x\nd=\n"
	p, err := javaconf.ReadProperties([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []javaconf.Entry{
		{Key: "acks", Value: "all", Line: 3, Col: 3, ValueLine: 3, ValueCol: 10, EndLine: 3},
		{Key: "linger.ms", Value: "5", Line: 4, Col: 1, ValueLine: 5, ValueCol: 4, EndLine: 5},
		{Key: "b", Value: "", Line: 6, Col: 2, ValueLine: 6, ValueCol: 3, EndLine: 6},
		{Key: "café", Value: "ção:x", Line: 7, Col: 1, ValueLine: 7, ValueCol: 6, EndLine: 7},
		{Key: "d", Value: "", Line: 8, Col: 1, ValueLine: 8, ValueCol: 3, EndLine: 8},
	}
	if !reflect.DeepEqual(p.Entries, want) {
		t.Errorf("entries:\n got %+v\nwant %+v", p.Entries, want)
	}
}

func TestPropertiesViews(t *testing.T) {
	p, err := javaconf.ReadProperties([]byte("a=1\nb=2\na=3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := p.Get("a"); !ok || v != "3" {
		t.Errorf("Get(a) = %q, %v; want the last value 3", v, ok)
	}
	if _, ok := p.Get("c"); ok {
		t.Error("Get(c) found a key that is not there")
	}
	if m := p.Map(); !reflect.DeepEqual(m, map[string]string{"a": "3", "b": "2"}) {
		t.Errorf("Map = %v", m)
	}
	eff := p.Effective()
	if len(eff) != 2 || eff[0].Key != "a" || eff[0].Value != "3" || eff[0].Line != 1 || eff[0].ValueLine != 3 || eff[1].Key != "b" {
		t.Errorf("Effective = %+v; want a=3 (first at line 1, value from line 3) then b=2", eff)
	}
}

// storeEscape writes s the way java.util.Properties.store does, so that
// the fuzz target can check that reading undoes it.
func storeEscape(s string, key bool) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		case '=', ':', '#', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case ' ':
			if key || i == 0 {
				b.WriteString(`\ `)
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func FuzzReadProperties(f *testing.F) {
	for _, c := range propertyCases {
		f.Add(c.in, "k", "v")
	}
	f.Add("", "sasl.jaas.config", `x required username="u";`)
	f.Add("", "a b", " lead\\trail\\")
	f.Add("", "#k", "!v:=")
	f.Add("", "k", "\u00e9\r\n\f")
	f.Fuzz(func(t *testing.T, text, key, value string) {
		// Whatever the bytes, reading must not panic, and every entry's
		// positions must lie inside the text.
		for _, read := range []func([]byte) (*javaconf.Properties, error){javaconf.ReadProperties, javaconf.ReadPropertiesLatin1} {
			p, _ := read([]byte(text))
			lines := strings.Count(text, "\n") + strings.Count(text, "\r") + 1
			for _, e := range p.Entries {
				if e.Line < 1 || e.Line > lines || e.Col < 1 || e.EndLine < e.Line || e.ValueLine < e.Line || e.ValueLine > e.EndLine {
					t.Fatalf("entry %+v out of the text %q", e, text)
				}
			}
		}
		// On ASCII text the UTF-8 and the Latin-1 readings agree.
		if isASCII(text) {
			u, uerr := javaconf.ReadProperties([]byte(text))
			l, lerr := javaconf.ReadPropertiesLatin1([]byte(text))
			if !reflect.DeepEqual(u, l) || (uerr == nil) != (lerr == nil) {
				t.Fatalf("%q: UTF-8 reading %+v (%v), Latin-1 reading %+v (%v)", text, u, uerr, l, lerr)
			}
		}
		// What store would write, load reads back.
		if key == "" || strings.ContainsRune(key+value, '\uFFFD') || !utf8.ValidString(key) || !utf8.ValidString(value) {
			return
		}
		line := storeEscape(key, true) + "=" + storeEscape(value, false)
		p, err := javaconf.ReadProperties([]byte(line))
		if err != nil {
			t.Fatalf("read %q: %v", line, err)
		}
		if len(p.Entries) != 1 || p.Entries[0].Key != key || p.Entries[0].Value != value {
			t.Fatalf("read %q = %+v, want %q=%q", line, p.Entries, key, value)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
