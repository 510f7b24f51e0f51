package stackrun

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kafkit/kafkit/internal/harness"
)

// bin holds the programs the tests run as a user would: kafkit and the
// seed's two examples, built once.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kafkit-stackrun-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = dir
	for name, pkg := range map[string]string{
		"kafkit":     "github.com/kafkit/kafkit/cmd/kafkit",
		"produtor":   "github.com/kafkit/kafkit/examples/produtor",
		"consumidor": "github.com/kafkit/kafkit/examples/consumidor",
	} {
		build := exec.Command("go", "build", "-o", filepath.Join(dir, name), pkg)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "building %s: %v\n", name, err)
			os.Exit(1)
		}
	}
	code := harness.Run(m)
	os.RemoveAll(dir)
	os.Exit(code)
}
