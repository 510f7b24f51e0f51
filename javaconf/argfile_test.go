package javaconf_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/internal/harness"
	"github.com/kafkit/kafkit/javaconf"
)

// argFileCases are read by TestReadArgFile (with the arguments wanted) and
// by TestArgFileLikeJava (against the java launcher).
var argFileCases = []struct {
	name, in string
	want     []string
}{
	{"comments", "# a comment\n-Da=1\n#-Db=2\n", []string{"-Da=1"}},
	{"trailing comment", "-Da=1  # why\n-Dc=3\n", []string{"-Da=1", "-Dc=3"}},
	{"hash inside an argument drops it", "-Dx=a#b\n-Dy=1\n", []string{"-Dy=1"}},
	{"hash inside quotes", "\"-Dx=a#b\"\n", []string{"-Dx=a#b"}},
	{"hash after a quoted part", "a\"b c\"d#e\nf\n", []string{"ab cf"}},
	{"quoted part before a comment at end of file", "a\"b\"#c\n", nil},
	{"quoted part before a comment, then an open quote", "a\"b\"#c\n\"", []string{"ab"}},
	{"several per line", "-Da=1 -Db=2\t-Dc=3", []string{"-Da=1", "-Db=2", "-Dc=3"}},
	{"quotes", "\"-Dmsg=hello world\" '-Dq=it''s'\n", []string{"-Dmsg=hello world", "-Dq=its"}},
	{"quote inside an argument", "-Dk=\"a b\"c\n", []string{"-Dk=a bc"}},
	{"other quote inside quotes", "\"it's\" 'say \"hi\"'", []string{"it's", `say "hi"`}},
	{"escapes inside quotes", `"a\tb\nc\\d\"e\qf"`, []string{"a\tb\nc\\d\"eqf"}},
	{"backslash outside quotes", `C:\path\to -Dx=\n`, []string{`C:\path\to`, `-Dx=\n`}},
	{"continuation inside quotes", "\"-Dk=a \\\n    b\" c", []string{"-Dk=a b", "c"}},
	{"crlf continuation inside quotes", "\"-Dk=a\\\r\n  b\"\r\nc", []string{"-Dk=ab", "c"}},
	{"open quote ends with the line", "\"-Da=1\nq\"", []string{"-Da=1", "q"}},
	{"open quote at end of file", "\"-Da=1 2", []string{"-Da=1 2"}},
	{"empty quotes", "a \"\" b ''\n", []string{"a", "", "b", ""}},
	{"empty quotes at end of file", "a ''", []string{"a"}},
	{"backslash at end of file inside quotes", "a x\"\\", []string{"a"}},
	{"continuation at end of file", "a \"b\\\n  ", []string{"a"}},
	{"crlf", "-Da=1\r\n-Db=2\r\n", []string{"-Da=1", "-Db=2"}},
	{"cr only", "-Da=1\r-Db=2", []string{"-Da=1", "-Db=2"}},
	{"form feed separates", "a\fb", []string{"a", "b"}},
	{"non-ascii", "-Dk=ação", []string{"-Dk=ação"}},
	{"empty", "\n\n# nothing\n", nil},
	{"nothing at all", "", nil},
}

func TestReadArgFile(t *testing.T) {
	for _, c := range argFileCases {
		t.Run(c.name, func(t *testing.T) {
			if got := javaconf.ArgValues(javaconf.ReadArgFile(c.in)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("ReadArgFile(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestArgFileLines(t *testing.T) {
	got := javaconf.ReadArgFile("# c\n-Da=1 -Db=2\n\n  \"x\\\n y\" z\r\n-Dc")
	want := []javaconf.Arg{{"-Da=1", 2}, {"-Db=2", 2}, {"xy", 4}, {"z", 5}, {"-Dc", 6}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func randomArgFile(r *rand.Rand) string {
	pieces := []string{"a", "-Dk=v", " ", "\t", "\n", "\r\n", "\r", "\f", "\"", "'", "\\", "\\\n", "\\\r\n",
		"#", "x#y", "\\n", "\\t", "é", "\"\"", "b c"}
	var b strings.Builder
	for n := r.IntN(10); n >= 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestArgFileLikeJava hands every case to the java launcher as an argument
// file whose first word is the main class (testenv/javaconf/Args.java),
// so the launcher expands the rest into the program's arguments.
func TestArgFileLikeJava(t *testing.T) {
	java := needJava(t)
	javac, err := exec.LookPath("javac")
	harness.Need(t, "javac", err == nil, javaHint)
	dir := t.TempDir()
	runJava(t, javac, "-d", dir, filepath.Join("..", "testenv", "javaconf", "Args.java"))
	inputs := []string{}
	for _, c := range argFileCases {
		inputs = append(inputs, c.in)
	}
	r := rand.New(rand.NewPCG(15, 2026))
	for range 60 {
		inputs = append(inputs, randomArgFile(r))
	}
	for i, in := range inputs {
		f := filepath.Join(dir, fmt.Sprintf("%03d.args", i))
		if err := os.WriteFile(f, []byte("Args\n"+in), 0o644); err != nil {
			t.Fatal(err)
		}
		out := runJava(t, java, "-cp", dir, "@"+f)
		var want strings.Builder
		for _, a := range javaconf.ReadArgFile(in) {
			fmt.Fprintf(&want, "arg %s\n", utf16Hex(a.Value))
		}
		if out != want.String() {
			t.Errorf("argument file %q:\njava:\n%sjavaconf:\n%s", in, out, want.String())
		}
	}
}

func FuzzReadArgFile(f *testing.F) {
	for _, c := range argFileCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + strings.Count(text, "\r") + 1
		for _, a := range javaconf.ReadArgFile(text) {
			if a.Line < 1 || a.Line > lines {
				t.Fatalf("argument %+v outside the text %q", a, text)
			}
		}
	})
}
