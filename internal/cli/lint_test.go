package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	lintCleanFile = `services:
  kafka:
    image: apache/kafka:3.9.1
    ports: ["127.0.0.1:9092:9092"]
    environment:
      KAFKA_NODE_ID: 1
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@localhost:9093
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
      KAFKA_LOG_DIRS: /var/lib/kafka/data
    volumes: [data:/var/lib/kafka/data]
volumes:
  data:
`
	// One warning (no tag), no error.
	lintWarnFile = `services:
  kafka:
    image: apache/kafka
    environment:
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
      KAFKA_LOG_DIRS: /var/lib/kafka/data
    volumes: [data:/var/lib/kafka/data]
volumes:
  data:
`
	// One error: a misspelt variable.
	lintErrorFile = `services:
  kafka:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
      KAFKA_LOG_DIRS: /var/lib/kafka/data
      KAFKA_NUM_PARTITONS: 3
    volumes: [data:/var/lib/kafka/data]
volumes:
  data:
`
)

func runLintArgs(t *testing.T, dir, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code = Run(ctx, append([]string{"lint"}, args...), &IO{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	return out.String(), errb.String(), code
}

func writeLintFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLintExitCodes: 0 without errors, 1 with an error or (with --strict) a
// warning, 2 for usage errors and unreadable files.
func TestLintExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := writeLintFile(t, dir, "clean.yml", lintCleanFile)
	warn := writeLintFile(t, dir, "warn.yml", lintWarnFile)
	bad := writeLintFile(t, dir, "bad.yml", lintErrorFile)
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"clean", []string{clean}, ExitOK},
		{"clean strict", []string{"--strict", clean}, ExitOK},
		{"warning", []string{warn}, ExitOK},
		{"warning strict", []string{"--strict", warn}, ExitFailure},
		{"error", []string{bad}, ExitFailure},
		{"several files, one bad", []string{clean, bad}, ExitFailure},
		{"missing file", []string{filepath.Join(dir, "nope.yml")}, ExitUsage},
		{"bad format", []string{"--format", "xml", clean}, ExitUsage},
		{"stdin twice", []string{"-", "-"}, ExitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runLintArgs(t, "", "", c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stderr: %s)", code, c.code, errs)
			}
		})
	}
}

// TestLintText checks the text form: file:line:col: severity: message
// [rule], the hint indented below, the summary on stderr.
func TestLintText(t *testing.T) {
	dir := t.TempDir()
	bad := writeLintFile(t, dir, "bad.yml", lintErrorFile)
	out, errs, code := runLintArgs(t, "", "", bad)
	if code != ExitFailure {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	want := bad + ":9:7: error: KAFKA_NUM_PARTITONS sets num.partitons, which is not a Kafka broker parameter [unknown-parameter]\n" +
		"    did you mean KAFKA_NUM_PARTITIONS (num.partitions)?\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(errs, "1 file checked: 1 error, 0 warnings, 0 infos") {
		t.Errorf("stderr = %q", errs)
	}
}

// TestLintJSON checks the JSON form: an array of objects with file, line,
// column, severity, rule, message and hint; [] when clean.
func TestLintJSON(t *testing.T) {
	dir := t.TempDir()
	bad := writeLintFile(t, dir, "bad.yml", lintErrorFile)
	clean := writeLintFile(t, dir, "clean.yml", lintCleanFile)
	out, _, code := runLintArgs(t, "", "", "--format", "json", bad, clean)
	if code != ExitFailure {
		t.Fatalf("exit %d", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(got) != 1 {
		t.Fatalf("%d findings, want 1: %s", len(got), out)
	}
	f := got[0]
	for k, v := range map[string]any{"file": bad, "line": 9.0, "column": 7.0, "severity": "error", "rule": "unknown-parameter"} {
		if f[k] != v {
			t.Errorf("%s = %v, want %v", k, f[k], v)
		}
	}
	if f["message"] == "" || f["hint"] == "" {
		t.Errorf("message or hint empty: %v", f)
	}
	out, _, code = runLintArgs(t, "", "", "--format", "json", clean)
	if code != ExitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("clean file: exit %d, output %q, want 0 and []", code, out)
	}
}

// TestLintDefaultFileAndStdin: no argument reads ./docker-compose.yml, "-"
// reads standard input.
func TestLintDefaultFileAndStdin(t *testing.T) {
	dir := t.TempDir()
	writeLintFile(t, dir, "docker-compose.yml", lintErrorFile)
	out, _, code := runLintArgs(t, dir, "")
	if code != ExitFailure || !strings.HasPrefix(out, "docker-compose.yml:9:7: error:") {
		t.Errorf("default file: exit %d, output %q", code, out)
	}
	out, _, code = runLintArgs(t, "", lintErrorFile, "-")
	if code != ExitFailure || !strings.HasPrefix(out, "<stdin>:9:7: error:") {
		t.Errorf("stdin: exit %d, output %q", code, out)
	}
	other := t.TempDir()
	writeLintFile(t, other, "compose.yaml", lintErrorFile)
	out, _, code = runLintArgs(t, other, "")
	if code != ExitFailure || !strings.HasPrefix(out, "compose.yaml:9:7: error:") {
		t.Errorf("compose.yaml: exit %d, output %q", code, out)
	}
	// Both: docker compose runs compose.yaml, so that is the one checked.
	writeLintFile(t, other, "docker-compose.yml", "services: {}\n")
	out, _, code = runLintArgs(t, other, "")
	if code != ExitFailure || !strings.HasPrefix(out, "compose.yaml:9:7: error:") {
		t.Errorf("compose.yaml beside docker-compose.yml: exit %d, output %q", code, out)
	}
	_, errs, code := runLintArgs(t, t.TempDir(), "")
	if code != ExitUsage || !strings.Contains(errs, "no compose file in this directory (looked for compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml)") {
		t.Errorf("no compose file: exit %d, stderr %q", code, errs)
	}
}

// TestLintRules lists the registry.
func TestLintRules(t *testing.T) {
	out, _, code := runLintArgs(t, "", "", "--rules")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, r := range []string{"compose-invalid", "unknown-parameter", "advertised-host", "replication-factor", "image-bitnami", "data-volume", "unread-config-file"} {
		if !strings.Contains(out, r) {
			t.Errorf("--rules lacks %s:\n%s", r, out)
		}
	}
	out, _, _ = runLintArgs(t, "", "", "--rules", "--format", "json")
	var rules []struct{ Name, Summary string }
	if err := json.Unmarshal([]byte(out), &rules); err != nil || len(rules) < 20 {
		t.Errorf("--rules --format json: %v, %d rules", err, len(rules))
	}
}

// TestLintRepositoryFile: the repository's generated docker-compose.yml
// lints clean through the command, as a user would run it.
func TestLintRepositoryFile(t *testing.T) {
	const file = "../../docker-compose.yml"
	if _, err := os.Stat(file); err != nil {
		t.Skip("no docker-compose.yml in the repository")
	}
	out, errs, code := runLintArgs(t, "", "", "--strict", file)
	if code != ExitOK || out != "" {
		t.Errorf("kafkit lint --strict %s: exit %d\n%s%s", file, code, out, errs)
	}
}
