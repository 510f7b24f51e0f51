package lint

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// FuzzLint feeds arbitrary bytes (mostly YAML, from the corpus and the seed
// files under testdata/fuzz/FuzzLint) to the linter: it must never panic,
// every finding must be well formed, and two runs must agree. The one
// exception is which compose-go error is shown when a file has several:
// compose-go reports the first it meets while ranging over Go maps, so two
// runs may name different ones (as docker compose itself does); only their
// number must agree.
func FuzzLint(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "lint", "*.yml"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"",
		"services:",
		"services: [1, 2]",
		"services:\n  k:\n    image: confluentinc/cp-kafka:7.9.6\n    environment: 7\n",
		"services:\n  k:\n    image: [x]\n    ports: [{target: x, published: -1}, '::::', '1-99999:2-3']\n",
		"x: &a {<<: *a}\n",
		"a: &a [*a]\n",
		"services:\n  k: &k\n    <<: *k\n",
		"services:\n  k:\n    image: zookeeper\n    environment: {ZOO_SERVERS: 'server.x=::;; server.99999999999999999999=a'}\n",
		"configs:\n  c:\n    content: \"a=b\\\\\\n\"\nservices:\n  k:\n    image: apache/kafka:3.9.1\n    command: kafka-server-start /c.properties\n    configs: [c]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		first := Check("fuzz.yml", t.TempDir(), src)
		for _, x := range first {
			if x.Line < 1 || x.Column < 1 || x.Rule == "" || x.Message == "" || x.File != "fuzz.yml" {
				t.Fatalf("malformed finding %+v", x)
			}
			if x.Severity != SeverityError && x.Severity != SeverityWarning && x.Severity != SeverityInfo {
				t.Fatalf("unknown severity in %+v", x)
			}
		}
		if second := Check("fuzz.yml", t.TempDir(), src); !reflect.DeepEqual(stable(first), stable(second)) {
			t.Fatalf("two runs disagree:\n%v\n%v", first, second)
		}
	})
}

// stable blanks out what compose-go may choose differently from one
// run to the next.
func stable(fs []Finding) []Finding {
	out := make([]Finding, len(fs))
	for i, f := range fs {
		if f.Rule == ruleComposeInvalid.Name && f.Severity == SeverityError {
			f = Finding{Rule: f.Rule, Severity: f.Severity}
		}
		out[i] = f
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out
}
