package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemo(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "demo", "stdout.golden"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := kit(t, "", "demo")
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs)
	}
	if out != string(want) {
		t.Fatalf("demo stdout %q, want %q", out, want)
	}
	for _, step := range []string{"broker:   embedded development broker", "produced: key \"chave\" to topic conversas, delivered at partition 0 offset 0",
		"consumed: read back by group kafkit-demo from partition 0 offset 0", "it equals the record produced"} {
		if !strings.Contains(errs, step) {
			t.Errorf("demo stderr %q lacks %q", errs, step)
		}
	}
}

// TestDemoExistingBroker: with -b, older records on conversas are read
// past, and only the one just produced is printed.
func TestDemoExistingBroker(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "velho 1\nvelho 2\n", "produce", "conversas", "-b", addr); code != 0 {
		t.Fatal(errs)
	}
	for run, older := range []string{"after 2 older records", ""} {
		code, out, errs := kit(t, "", "demo", "-b", addr)
		if code != 0 || !strings.HasPrefix(out, "chave: faco o que eu posso") || strings.Count(out, "\n") != 1 {
			t.Fatalf("run %d: exit %d, stdout %q, stderr %s", run, code, out, errs)
		}
		// The second run's group resumes after the first's commit, so it
		// reads only the new record.
		if !strings.Contains(errs, "offset "+[]string{"2", "3"}[run]) || (older != "" && !strings.Contains(errs, older)) {
			t.Errorf("run %d stderr %q", run, errs)
		}
	}
}
