package compose

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/catalog"
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
			fs, err := LintFile(f, nil)
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
				t.Fatalf("%v (create it with go test ./compose -run LintCorpus -update, then review it)", err)
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
		fs, err := LintFile(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range fs {
			fired[x.Rule] = true
		}
	}
	for _, r := range LintRules() {
		if !fired[r.Name] {
			t.Errorf("rule %s fires in no testdata/lint/bad-*.yml file", r.Name)
		}
	}
}

// lintGeneratedFiles are the files `kafkit compose` wrote into the
// repository. The root docker-compose.yml is required once it exists.
func lintGeneratedFiles(t *testing.T) []string {
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
	files := lintGeneratedFiles(t)
	if len(files) == 0 {
		t.Skip("no generated compose file in the repository yet")
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			fs, err := LintFile(f, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range fs {
				t.Errorf("%s\n    %s", x, x.Hint)
			}
		})
	}
}

// TestLintGenerateMatrix: every stack the generator can build lints clean,
// not only the ones checked in.
func TestLintGenerateMatrix(t *testing.T) {
	var cases []StackOptions
	for _, b := range []int{1, 2, 3} {
		for _, z := range []int{1, 3, 5} {
			cases = append(cases, StackOptions{Mode: catalog.ModeZK, Brokers: b, ZooKeepers: z})
		}
		for _, c := range []int{0, 1, 3} {
			cases = append(cases, StackOptions{Mode: catalog.ModeKRaft, Brokers: b, Controllers: c},
				StackOptions{Mode: catalog.ModeKRaft, Brokers: b, Controllers: c, Kafka: catalog.V4})
		}
	}
	for _, st := range []Style{StyleExplicit, StyleMinimal} {
		cases = append(cases,
			StackOptions{Mode: catalog.ModeZK, Brokers: 3, ZooKeepers: 3, Style: st},
			StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Style: st},
			StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Style: st},
			StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Style: st, Kafka: catalog.V4})
	}
	for _, o := range cases {
		name := fmt.Sprintf("%s-b%d-z%d-c%d-s%d-k%s", o.Mode, o.Brokers, o.ZooKeepers, o.Controllers, o.Style, o.kafkaVersion())
		t.Run(name, func(t *testing.T) {
			src, err := Generate(o)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range Lint("generated.yml", t.TempDir(), src) {
				t.Errorf("%s\n    %s", x, x.Hint)
			}
		})
	}
}

// TestLintStdin reads from standard input and names the file <stdin>.
func TestLintStdin(t *testing.T) {
	src := "services:\n  kafka:\n    image: apache/kafka\n"
	fs, err := LintFile("-", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 || fs[0].File != "<stdin>" {
		t.Fatalf("findings = %v, want some for <stdin>", fs)
	}
}

// TestLintFileMissing: an unreadable file is an error, not a finding.
func TestLintFileMissing(t *testing.T) {
	if _, err := LintFile(filepath.Join(t.TempDir(), "nope.yml"), nil); err == nil {
		t.Fatal("no error for a missing file")
	}
}

// TestFindingsJSON checks the JSON shape kafkit lint --format json prints.
func TestFindingsJSON(t *testing.T) {
	fs := Lint("x.yml", ".", []byte("services:\n  zk:\n    image: zookeeper\n"))
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
	for _, r := range LintRules() {
		if seen[r.Name] {
			t.Errorf("rule %s registered twice", r.Name)
		}
		seen[r.Name] = true
		if r.Name != strings.ToLower(r.Name) || strings.ContainsAny(r.Name, " _") || r.Summary == "" || r.check == nil {
			t.Errorf("rule %+v: want a kebab-case name, a summary and a check", r.Name)
		}
	}
}
