package archtest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cobraPath is the import path whose types stay in the cobra layer of
// internal/cli: the command constructors, their RunE closures and the
// helpers that register flags.
const cobraPath = "github.com/spf13/cobra"

// flagReader is the one function in internal/cli that asks cobra which
// flags the user typed; RunE hands its answer to the run function.
const flagReader = "changedFlags"

// cobraViolations returns, for one file of internal/cli, every place where
// cobra leaks past the cobra layer, one line each:
//   - a struct field whose type mentions cobra (an options struct holding
//     the command);
//   - a function or method named run... with a parameter that mentions
//     cobra (run functions take plain options);
//   - a call of X.Flags().Changed or X.Flags().Lookup outside changedFlags
//     (a closure asking cobra later, from inside a run function).
func cobraViolations(fset *token.FileSet, f *ast.File) []string {
	name := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == cobraPath {
			name = "cobra"
			if imp.Name != nil {
				name = imp.Name.Name
			}
		}
	}
	if name == "" {
		return nil
	}
	mentions := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
					found = true
				}
			}
			return !found
		})
		return found
	}
	var out []string
	at := func(n ast.Node, format string, args ...any) {
		p := fset.Position(n.Pos())
		out = append(out, fmt.Sprintf("%s:%d: %s", filepath.Base(p.Filename), p.Line, fmt.Sprintf(format, args...)))
	}
	// Struct fields, wherever the struct is declared.
	ast.Inspect(f, func(n ast.Node) bool {
		st, ok := n.(*ast.StructType)
		if !ok {
			return true
		}
		for _, fld := range st.Fields.List {
			if mentions(fld.Type) {
				names := "embedded"
				if len(fld.Names) > 0 {
					names = fld.Names[0].Name
				}
				at(fld, "struct field %s holds a cobra type: record what the run needs in plain fields", names)
			}
		}
		return true
	})
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if strings.HasPrefix(strings.ToLower(fn.Name.Name), "run") && mentions(fn.Type.Params) {
			at(fn, "run function %s takes a cobra type: give it plain options", fn.Name.Name)
		}
		if fn.Name.Name == flagReader || fn.Body == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Changed" && sel.Sel.Name != "Lookup") {
				return true
			}
			if inner, ok := sel.X.(*ast.CallExpr); ok {
				if fs, ok := inner.Fun.(*ast.SelectorExpr); ok && fs.Sel.Name == "Flags" {
					at(call, "%s asks cobra for Flags().%s: only %s reads which flags were typed", fn.Name.Name, sel.Sel.Name, flagReader)
				}
			}
			return true
		})
	}
	return out
}

// TestCLIRunFunctionsWithoutCobra applies cobraViolations to internal/cli.
func TestCLIRunFunctionsWithoutCobra(t *testing.T) {
	dir := filepath.Join("..", "cli")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files, readsFlags := 0, false
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files++
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == flagReader {
				readsFlags = true
			}
		}
		for _, v := range cobraViolations(fset, f) {
			t.Error(v)
		}
	}
	// Without the files, or without the one reader, the rule would pass
	// vacuously or point at a name that no longer exists.
	if files < 10 {
		t.Errorf("found %d Go files in %s; is this still where the commands live?", files, dir)
	}
	if !readsFlags {
		t.Errorf("no function %s in %s: update flagReader", flagReader, dir)
	}
}

func TestCobraViolations(t *testing.T) {
	const head = "package cli\n\nimport \"github.com/spf13/cobra\"\n\n"
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"constructor, RunE and flag helper", head + `
type fooOptions struct { Name string; Changed map[string]bool }
func newFooCmd() *cobra.Command {
	o := &fooOptions{}
	cmd := &cobra.Command{RunE: func(cmd *cobra.Command, _ []string) error { o.Changed = changedFlags(cmd); return runFoo(o) }}
	addFooFlags(cmd, o)
	return cmd
}
func addFooFlags(cmd *cobra.Command, o *fooOptions) { cmd.Flags().StringVar(&o.Name, "name", "", "") }
func changedFlags(cmd *cobra.Command) map[string]bool { return map[string]bool{"x": cmd.Flags().Changed("x")} }
func runFoo(o *fooOptions) error { return nil }
`, nil},
		{"options hold the command", head + `
type fooOptions struct {
	Name string
	cmd  *cobra.Command
}
`, []string{"x.go:8: struct field cmd holds a cobra type: record what the run needs in plain fields"}},
		{"run function takes the command", head + `
func runFoo(cmd *cobra.Command, name string) error { return nil }
func (o *fooOptions) run(ctx int, c *cobra.Command) error { return nil }
`, []string{
			"x.go:6: run function runFoo takes a cobra type: give it plain options",
			"x.go:7: run function run takes a cobra type: give it plain options",
		}},
		{"closure asks cobra later", head + `
func newFooCmd() *cobra.Command {
	o := &fooOptions{}
	return &cobra.Command{RunE: func(cmd *cobra.Command, _ []string) error {
		o.set = func(n string) bool { return cmd.Flags().Changed(n) }
		return nil
	}}
}
func resetTarget(cmd *cobra.Command) bool { return cmd.Flags().Lookup("to").Changed }
`, []string{
			"x.go:9: newFooCmd asks cobra for Flags().Changed: only changedFlags reads which flags were typed",
			"x.go:13: resetTarget asks cobra for Flags().Lookup: only changedFlags reads which flags were typed",
		}},
		{"renamed import", "package cli\n\nimport c \"github.com/spf13/cobra\"\n\n" + `
type o struct{ f func(*c.Command) }
`, []string{"x.go:6: struct field f holds a cobra type: record what the run needs in plain fields"}},
		{"no cobra import", "package cli\n\ntype o struct{ cmd *cobra.Command }\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "x.go", tt.src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if got := cobraViolations(fset, f); !slices.Equal(got, tt.want) {
				t.Errorf("violations:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
