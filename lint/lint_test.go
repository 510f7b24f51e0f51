package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestLintCorpus lints every compose file under testdata/lint and compares
// the findings, hints included, with the file's .golden. Files named
// clean-*.yml must have no finding at all; bad-*.yml must have at least one
// error.
func TestLintCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "lint", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("the corpus has %d files; expected the whole corpus under testdata/lint", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			fs, err := CheckFile(f, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := WriteFindingsText(&got, fs); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, ".yml") + ".golden"
			if harness.Update() {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (create it with go test ./lint -run LintCorpus -update, then review it)", err)
			}
			if got.String() != string(want) {
				t.Errorf("findings differ from %s\n--- got\n%s--- want\n%s", golden, got.String(), want)
			}
			errs, _, _ := CountFindings(fs)
			base := filepath.Base(f)
			switch {
			case strings.HasPrefix(base, "clean-") && len(fs) > 0:
				t.Errorf("a clean file has %d finding(s):\n%s", len(fs), got.String())
			case strings.HasPrefix(base, "bad-") && errs == 0:
				t.Errorf("a bad file has no error")
			}
		})
	}
}

// TestLintCorpusCoversEveryRule keeps the corpus honest: each rule fires in
// at least one broken file.
func TestLintCorpusCoversEveryRule(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "lint", "bad-*.yml"))
	fired := map[string]bool{}
	for _, f := range files {
		fs, err := CheckFile(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range fs {
			fired[x.Rule] = true
		}
	}
	for _, r := range Rules() {
		if !fired[r.Name] {
			t.Errorf("rule %s fires in no testdata/lint/bad-*.yml file", r.Name)
		}
	}
}

// generatedFiles are the files `kafkit compose` wrote into the
// repository. The root docker-compose.yml is required once it exists.
func generatedFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../docker-compose.yml", "../examples/compose/*.yml", "../examples/compose/*/*.yml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

// TestLintGeneratedFilesClean: every generated file in the repository lints
// without a single finding.
func TestLintGeneratedFilesClean(t *testing.T) {
	files := generatedFiles(t)
	if len(files) == 0 {
		t.Skip("no generated compose file in the repository yet")
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			fs, err := CheckFile(f, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range fs {
				t.Errorf("%s\n    %s", x, x.Hint)
			}
		})
	}
}

// TestLintStdin reads from standard input and names the file <stdin>.
func TestLintStdin(t *testing.T) {
	src := "services:\n  kafka:\n    image: apache/kafka\n"
	fs, err := CheckFile("-", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 || fs[0].File != "<stdin>" {
		t.Fatalf("findings = %v, want some for <stdin>", fs)
	}
}

// TestLintFileMissing: an unreadable file is an error, not a finding.
func TestLintFileMissing(t *testing.T) {
	if _, err := CheckFile(filepath.Join(t.TempDir(), "nope.yml"), nil); err == nil {
		t.Fatal("no error for a missing file")
	}
}

// TestFindingsJSON checks the JSON shape kafkit lint --format json prints.
func TestFindingsJSON(t *testing.T) {
	fs := Check("x.yml", ".", []byte("services:\n  zk:\n    image: zookeeper\n"))
	b, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Fatal("no findings")
	}
	for _, k := range []string{"file", "line", "column", "severity", "rule", "message", "hint"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("JSON finding lacks %q: %s", k, b)
		}
	}
}

// TestLintRulesRegistry: names are unique, kebab-case, documented.
func TestLintRulesRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.Name] {
			t.Errorf("rule %s registered twice", r.Name)
		}
		seen[r.Name] = true
		if r.Name != strings.ToLower(r.Name) || strings.ContainsAny(r.Name, " _") || r.Summary == "" || r.check == nil {
			t.Errorf("rule %+v: want a kebab-case name, a summary and a check", r.Name)
		}
	}
}
