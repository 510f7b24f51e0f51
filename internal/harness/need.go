package harness

import (
	"os"
	"os/exec"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true), where a missing peer
// fails the test instead of skipping it.
func InCI() bool { return os.Getenv("CI") == "true" }

// Need skips t when ok is false, naming what is missing, or fails it under
// CI=true. hint says how to install it.
func Need(t testing.TB, what string, ok bool, hint string) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("%s is missing and CI=true: %s", what, hint)
	}
	t.Skipf("%s is missing (%s)", what, hint)
}

// Kcat returns the path of kcat, or skips (fails under CI) without it.
func Kcat(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("kcat")
	Need(t, "kcat", err == nil, "make peers installs it")
	return p
}

// PythonCK returns a Python interpreter that imports confluent_kafka, the
// seed's library: the pinned PyPI release in the project's virtual
// environment (scripts/install-peers.sh) when there is one, else Debian's.
// It skips (fails under CI) when neither has it.
func PythonCK(t testing.TB) string {
	t.Helper()
	for _, p := range pythonCandidates() {
		if exec.Command(p, "-c", "import confluent_kafka").Run() == nil {
			return p
		}
	}
	Need(t, "python3 with confluent_kafka", false, "make peers installs it")
	return ""
}

// DebianPythonCK returns Debian's python3 with its confluent-kafka package
// (1.7.0 on Debian 12), or skips (fails under CI) without it.
func DebianPythonCK(t testing.TB) string {
	t.Helper()
	const p = "/usr/bin/python3"
	ok := exec.Command(p, "-c", "import confluent_kafka").Run() == nil
	Need(t, "Debian's python3-confluent-kafka", ok, "make peers installs it")
	return p
}

func pythonCandidates() []string {
	var out []string
	if v := os.Getenv("KAFKIT_PYTHON"); v != "" {
		out = append(out, v)
	}
	out = append(out, CacheDir()+"/venv/bin/python3", "/usr/bin/python3")
	return out
}

// CacheDir is where fetched peers live, outside the repository:
// $KAFKIT_CACHE, or ~/.cache/kafkit.
func CacheDir() string {
	if v := os.Getenv("KAFKIT_CACHE"); v != "" {
		return v
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir() + "/kafkit-cache"
	}
	return home + "/.cache/kafkit"
}
