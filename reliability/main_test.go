package reliability

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"go.uber.org/goleak"

	"github.com/kafkit/kafkit/internal/harness"
)

// kafkitBin is the kafkit binary the process-level tests run, built once by
// TestMain into a temporary directory.
var kafkitBin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "kafkit-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	kafkitBin = filepath.Join(dir, "kafkit")
	if runtime.GOOS == "windows" {
		kafkitBin += ".exe"
	}
	// The binary is built without -race even under `go test -race`: the
	// race detector slows the processes several times over, and their
	// code is covered by the race-enabled in-process tests of its own
	// packages.
	build := exec.Command("go", "build", "-o", kafkitBin, "github.com/kafkit/kafkit/cmd/kafkit")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "building kafkit: %v\n", err)
		return 1
	}
	// harness.Run stops every Apache Kafka and ZooKeeper process the
	// tests started (their cleanups normally have) before the leak check.
	code := harness.Run(m)
	if code == 0 {
		// The in-process failure-path tests must not leave client
		// goroutines behind (a dead broker must not pin a producer).
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goroutine leak after the tests: %v\n", err)
			return 1
		}
	}
	return code
}
