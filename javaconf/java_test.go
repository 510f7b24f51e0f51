package javaconf_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/kafkit/kafkit/internal/harness"
	"github.com/kafkit/kafkit/javaconf"
)

// The tests in this file read the same inputs with javaconf and with a real
// JDK (testenv/javaconf/Props.java and Args.java) and want identical
// results.

const javaHint = "install a JDK 17 or newer (make peers does)"

func needJava(t *testing.T) string {
	t.Helper()
	java, err := exec.LookPath("java")
	harness.Need(t, "java", err == nil, javaHint)
	return java
}

// utf16Hex is the form Props.java and Args.java print strings in.
func utf16Hex(s string) string {
	if s == "" {
		return "-"
	}
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04x", u)
	}
	return b.String()
}

func runJava(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return string(out)
}

// randomProperties builds properties text from the pieces that matter to
// the reader, so that the JDK comparison covers combinations no table
// lists.
func randomProperties(r *rand.Rand) string {
	pieces := []string{"a", "b", "key", ".", "=", ":", " ", "\t", "\f", "\n", "\r", "\r\n", "\\", "\\\\", "\\\n",
		"\\\r\n", "#", "!", "\\u0041", "\\u00e9", "\\ud83d", "\\ude00", "\\u", "\\u12", "\\t", "\\n", "\\ ", "\\=",
		"é", "ção", "😀", "x y", "0"}
	var b strings.Builder
	for n := r.IntN(12); n >= 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// propsInputs are the table's inputs, a few more and random ones.
func propsInputs() []string {
	var in []string
	for _, c := range propertyCases {
		in = append(in, c.in)
	}
	in = append(in, `a=\u12`, `a=\u12zz`, "k\\u00=1", "a=1\nb=\\uXYZW\nc=3", "\\", "\\\n", " \\\r\n\\", "a\\\n   ",
		"!x\\\ny", "a=1\\\n#b=2", "a\\ b\\=c\\:d e", "\\u0041\\u0042=\\u0043", "x\\u000a=1", "k= \\\n v")
	r := rand.New(rand.NewPCG(15, 2026))
	for range 400 {
		in = append(in, randomProperties(r))
	}
	return in
}

// javaProps runs Props.java in mode (stream or utf8) over inputs and
// returns its report for each, in order.
func javaProps(t *testing.T, java, mode string, inputs []string) []string {
	dir := t.TempDir()
	args := []string{java, filepath.Join("..", "testenv", "javaconf", "Props.java"), mode}
	for i, in := range inputs {
		p := filepath.Join(dir, fmt.Sprintf("%03d.properties", i))
		if err := os.WriteFile(p, []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out := runJava(t, args...)
	var reports []string
	for _, block := range strings.Split(out, "file ")[1:] {
		_, rest, _ := strings.Cut(block, "\n")
		reports = append(reports, rest)
	}
	if len(reports) != len(inputs) {
		t.Fatalf("Props.java reported %d files of %d:\n%s", len(reports), len(inputs), out)
	}
	return reports
}

// goProps is javaconf's reading in the form Props.java prints.
func goProps(p *javaconf.Properties, err error) string {
	var b strings.Builder
	for _, e := range p.Entries {
		fmt.Fprintf(&b, "put %s %s\n", utf16Hex(e.Key), utf16Hex(e.Value))
	}
	if err != nil {
		b.WriteString("error\n")
	} else {
		b.WriteString("ok\n")
	}
	return b.String()
}

func TestPropertiesLikeJava(t *testing.T) {
	java := needJava(t)
	inputs := propsInputs()
	t.Run("stream", func(t *testing.T) {
		// Kafka's way: Properties.load(InputStream), ISO-8859-1.
		for i, rep := range javaProps(t, java, "stream", inputs) {
			got := goProps(javaconf.ReadPropertiesLatin1([]byte(inputs[i])))
			if want := javaErrorless(rep); got != want {
				t.Errorf("input %q:\njava:\n%sjavaconf:\n%s", inputs[i], want, got)
			}
		}
	})
	t.Run("utf8", func(t *testing.T) {
		// Properties.load(Reader) over UTF-8, which ReadProperties
		// matches on valid UTF-8.
		for i, rep := range javaProps(t, java, "utf8", inputs) {
			got := goProps(javaconf.ReadProperties([]byte(inputs[i])))
			if want := javaErrorless(rep); got != want {
				t.Errorf("input %q:\njava:\n%sjavaconf:\n%s", inputs[i], want, got)
			}
		}
	})
}

// javaErrorless drops the exception message from an "error" line: the
// comparison is about whether Java refuses the text, not its words.
func javaErrorless(rep string) string {
	lines := strings.SplitAfter(rep, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "error ") {
			lines[i] = "error\n"
		}
	}
	return strings.Join(lines, "")
}
