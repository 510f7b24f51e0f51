package lint_test

// The linter's tests on the generator's output: every stack kafkit writes
// must lint clean. They live in the external test package so that package
// lint itself never imports the generator (nor the generator the linter).

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/compose"
	"github.com/kafkit/kafkit/lint"
)

// TestLintGenerateMatrix: every stack the generator can build lints clean,
// not only the ones checked in.
func TestLintGenerateMatrix(t *testing.T) {
	var cases []compose.StackOptions
	for _, b := range []int{1, 2, 3} {
		for _, z := range []int{1, 3, 5} {
			cases = append(cases, compose.StackOptions{Mode: catalog.ModeZK, Brokers: b, ZooKeepers: z})
		}
		for _, c := range []int{0, 1, 3} {
			cases = append(cases, compose.StackOptions{Mode: catalog.ModeKRaft, Brokers: b, Controllers: c},
				compose.StackOptions{Mode: catalog.ModeKRaft, Brokers: b, Controllers: c, Kafka: catalog.V4})
		}
	}
	for _, st := range []compose.Style{compose.StyleExplicit, compose.StyleMinimal} {
		cases = append(cases,
			compose.StackOptions{Mode: catalog.ModeZK, Brokers: 3, ZooKeepers: 3, Style: st},
			compose.StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Style: st},
			compose.StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Style: st},
			compose.StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Style: st, Kafka: catalog.V4})
	}
	for _, o := range cases {
		name := fmt.Sprintf("%s-b%d-z%d-c%d-s%d-k%s", o.Mode, o.Brokers, o.ZooKeepers, o.Controllers, o.Style, lineOf(o))
		t.Run(name, func(t *testing.T) {
			src, err := compose.Generate(o)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range lint.Check("generated.yml", t.TempDir(), src) {
				t.Errorf("%s\n    %s", x, x.Hint)
			}
		})
	}
}

// lineOf is the Kafka line a stack is generated for: 3.9 unless it says.
func lineOf(o compose.StackOptions) catalog.Version {
	if o.Kafka == "" {
		return catalog.V39
	}
	return o.Kafka
}

// TestLintSecuredControllers: the files of a secured stack with dedicated
// controllers, written with their certificates, lint clean in every
// security mode (compose's TestWriteStackSecuredControllers checks the
// rest of them).
func TestLintSecuredControllers(t *testing.T) {
	for _, sec := range compose.SecurityModes() {
		t.Run(string(sec), func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "docker-compose.yml")
			o := compose.StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Controllers: 3, Security: sec}
			if err := o.Validate(); err != nil {
				t.Fatal(err)
			}
			if _, err := compose.WriteStack(o, file, compose.WriteOptions{UID: 1234}); err != nil {
				t.Fatal(err)
			}
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range lint.Check(file, dir, text) {
				t.Errorf("lint: %s", f.Message)
			}
		})
	}
}

// BenchmarkLintGenerated lints the repository's generated stack (about
// 2,500 lines, most of them inline configuration).
func BenchmarkLintGenerated(b *testing.B) {
	src, err := compose.Generate(compose.DefaultStackOptions())
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lint.Check("docker-compose.yml", dir, src)
	}
}
