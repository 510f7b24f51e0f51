package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/kafkit/kafkit"

// domain lists the packages below the command line: they never import cobra
// or internal/cli, directly or through another package.
var domain = []string{
	"catalog", "client", "compose", "devbroker", "doctor", "javaconf", "lint", "perf", "stackmodel",
	"internal/harness", "internal/stackrun",
}

// The layers below the command line: cli -> {compose, lint, client, perf,
// devbroker, doctor} -> {stackmodel, catalog, javaconf}. The bottom layer
// looks no higher: catalog and javaconf depend on no kafkit package, and
// stackmodel on none but those two (stackFoundation). The generator
// (compose) and the linter (lint) never depend on each other.
var stackFoundation = []string{"catalog", "javaconf"}

// pkg is what the rules need of one package: its direct imports and every
// package it depends on, both without its tests. Tests may drive the CLI in
// process (interop/secured and reliability do); the rules are about the
// program.
type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// violations returns every broken rule in graph, one line each, sorted.
func violations(graph []pkg) []string {
	var out []string
	cli := module + "/internal/cli"
	for _, p := range graph {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		if slices.Contains(domain, rel) {
			for _, d := range p.Deps {
				if d == cli || d == "github.com/spf13/cobra" || strings.HasPrefix(d, "github.com/spf13/cobra/") {
					out = append(out, fmt.Sprintf("%s depends on %s: domain packages never reach the command line", rel, d))
				}
			}
		}
		if rel != "cmd/kafkit" && rel != "internal/cli" && slices.Contains(p.Imports, cli) {
			out = append(out, fmt.Sprintf("%s imports internal/cli: only cmd/kafkit does", rel))
		}
		if rel == "stackmodel" {
			for _, d := range p.Deps {
				if drel, ok := strings.CutPrefix(d, module+"/"); ok && !slices.Contains(stackFoundation, drel) || d == module {
					out = append(out, fmt.Sprintf("stackmodel depends on %s: stackmodel imports no kafkit package but catalog and javaconf", d))
				}
			}
		}
		for _, pair := range [][2]string{{"compose", "lint"}, {"lint", "compose"}} {
			if rel == pair[0] && slices.Contains(p.Deps, module+"/"+pair[1]) {
				out = append(out, fmt.Sprintf("%s depends on %s: the generator and the linter never import each other", rel, pair[1]))
			}
		}
		if rel == "catalog" || rel == "javaconf" {
			for _, d := range p.Deps {
				if d == module || strings.HasPrefix(d, module+"/") {
					out = append(out, fmt.Sprintf("%s depends on %s: %s imports no other kafkit package", rel, d, rel))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// moduleGraph lists the module's packages as go list sees them.
func moduleGraph(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var graph []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list's output: %v", err)
		}
		graph = append(graph, p)
	}
	return graph
}

func TestImportRules(t *testing.T) {
	graph := moduleGraph(t)
	// A graph without the packages the rules name would pass vacuously.
	var seen []string
	for _, p := range graph {
		seen = append(seen, strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/"))
	}
	for _, want := range append([]string{"cmd/kafkit", "internal/cli"}, domain...) {
		if !slices.Contains(seen, want) {
			t.Errorf("go list did not list %s", want)
		}
	}
	for _, v := range violations(graph) {
		t.Error(v)
	}
}

func TestViolations(t *testing.T) {
	const cobra = "github.com/spf13/cobra"
	k := func(rel string) string { return module + "/" + rel }
	ok := []pkg{
		{ImportPath: k("cmd/kafkit"), Imports: []string{k("internal/cli")}, Deps: []string{k("internal/cli"), k("compose"), cobra}},
		{ImportPath: k("internal/cli"), Imports: []string{k("compose"), cobra}, Deps: []string{k("compose"), k("catalog"), cobra}},
		{ImportPath: k("compose"), Imports: []string{k("catalog")}, Deps: []string{k("catalog"), "fmt"}},
		{ImportPath: k("catalog"), Imports: []string{"fmt"}, Deps: []string{"fmt"}},
	}
	with := func(p pkg) []pkg { return append(slices.Clone(ok), p) }
	tests := []struct {
		name  string
		graph []pkg
		want  []string
	}{
		{"clean", ok, nil},
		{"domain imports cobra", with(pkg{ImportPath: k("client"), Imports: []string{cobra}, Deps: []string{cobra}}),
			[]string{"client depends on github.com/spf13/cobra: domain packages never reach the command line"}},
		{"domain reaches cobra through another package", with(pkg{ImportPath: k("perf"), Imports: []string{"example.com/flags"}, Deps: []string{"example.com/flags", cobra + "/doc"}}),
			[]string{"perf depends on github.com/spf13/cobra/doc: domain packages never reach the command line"}},
		{"harness imports the cli", with(pkg{ImportPath: k("internal/harness"), Imports: []string{k("internal/cli")}, Deps: []string{k("internal/cli")}}),
			[]string{
				"internal/harness depends on github.com/kafkit/kafkit/internal/cli: domain packages never reach the command line",
				"internal/harness imports internal/cli: only cmd/kafkit does",
			}},
		{"a non-domain package imports the cli", with(pkg{ImportPath: k("examples/produtor"), Imports: []string{k("internal/cli")}, Deps: []string{k("internal/cli")}}),
			[]string{"examples/produtor imports internal/cli: only cmd/kafkit does"}},
		{"compose imports lint", with(pkg{ImportPath: k("compose"), Imports: []string{k("lint")}, Deps: []string{k("lint"), k("stackmodel")}}),
			[]string{"compose depends on lint: the generator and the linter never import each other"}},
		{"lint reaches compose through another package", with(pkg{ImportPath: k("lint"), Imports: []string{k("client")}, Deps: []string{k("client"), k("compose")}}),
			[]string{"lint depends on compose: the generator and the linter never import each other"}},
		{"stackmodel imports the linter", with(pkg{ImportPath: k("stackmodel"), Imports: []string{k("catalog"), k("lint")}, Deps: []string{k("catalog"), k("lint")}}),
			[]string{"stackmodel depends on github.com/kafkit/kafkit/lint: stackmodel imports no kafkit package but catalog and javaconf"}},
		{"stackmodel reaches the generator", with(pkg{ImportPath: k("stackmodel"), Imports: []string{k("javaconf")}, Deps: []string{k("javaconf"), k("compose"), k("client")}}),
			[]string{
				"stackmodel depends on github.com/kafkit/kafkit/client: stackmodel imports no kafkit package but catalog and javaconf",
				"stackmodel depends on github.com/kafkit/kafkit/compose: stackmodel imports no kafkit package but catalog and javaconf",
			}},
		{"stackmodel on catalog and javaconf", with(pkg{ImportPath: k("stackmodel"), Imports: []string{k("catalog"), k("javaconf")}, Deps: []string{k("catalog"), k("javaconf"), "fmt"}}), nil},
		{"catalog imports a kafkit package", with(pkg{ImportPath: k("catalog"), Imports: []string{k("internal/harness")}, Deps: []string{k("internal/harness"), k("devbroker")}}),
			[]string{
				"catalog depends on github.com/kafkit/kafkit/devbroker: catalog imports no other kafkit package",
				"catalog depends on github.com/kafkit/kafkit/internal/harness: catalog imports no other kafkit package",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := violations(tt.graph); !slices.Equal(got, tt.want) {
				t.Errorf("violations:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
