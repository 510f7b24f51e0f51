package compose

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLintGenerated lints the checked-in docker-compose.yml, the
// largest file kafkit lints in practice (every broker and ZooKeeper
// parameter, each validated against the catalogue).
func BenchmarkLintGenerated(b *testing.B) {
	path := filepath.Join("..", "docker-compose.yml")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Lint("docker-compose.yml", "..", src)
	}
}

// BenchmarkLintBroken is the path for a file that is not valid YAML.
func BenchmarkLintBroken(b *testing.B) {
	src := []byte("services:\n  kafka:\n    image: [unclosed\n")
	b.ReportAllocs()
	for b.Loop() {
		if len(Lint("broken.yml", ".", src)) == 0 {
			b.Fatal("no finding for broken YAML")
		}
	}
}
