package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/stackmodel"
)

// TestEveryImageComposeConfigAndLint walks the stack model's image table:
// for every repository of every row, a service on that image configured
// through the image's own variables is accepted by `kafkit compose config`,
// which prints the setting the variable makes, and checked by `kafkit
// lint`, which reads it as a Kafka or ZooKeeper service (its data directory
// is the table's, and the variable is no finding). A new row is tested
// without a new case.
func TestEveryImageComposeConfigAndLint(t *testing.T) {
	for _, im := range stackmodel.Images() {
		_, tag, _ := strings.Cut(im.Example, ":")
		for _, repo := range im.Repos {
			t.Run(repo, func(t *testing.T) {
				key, value, file := "num.partitions", "3", "server.properties"
				if im.Role == stackmodel.RoleZooKeeper {
					key, value, file = "tickTime", "2500", "zoo.cfg"
				}
				env := stackmodel.EnvName(im.Conv, key)
				yml := fmt.Sprintf("services:\n  svc:\n    image: %s:%s\n", repo, tag)
				if env != "" {
					yml += fmt.Sprintf("    environment:\n      %s: %q\n", env, value)
				} else if im.Conv != stackmodel.ConvPlainZooKeeper {
					t.Fatalf("convention %s has no variable for %s", im.Conv, key)
				}
				path := filepath.Join(t.TempDir(), "docker-compose.yml")
				if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
					t.Fatal(err)
				}

				out, errs, code := runComposeArgs(t, "compose", "config", "-f", path, "svc")
				if code != 0 {
					t.Fatalf("compose config refuses %s: exit %d: %s", repo, code, errs)
				}
				if !strings.Contains(out, "effective "+file+" of service svc") {
					t.Errorf("compose config does not treat %s as a %s image:\n%s", repo, im.Role, out)
				}
				if env != "" && !strings.Contains(out, "\n"+key+"="+value+"\n") {
					t.Errorf("compose config of %s lacks %s=%s from %s:\n%s", repo, key, value, env, out)
				}

				out, errs, code = runLintArgs(t, "", "", "--format", "json", path)
				if code == 2 {
					t.Fatalf("lint: exit %d: %s", code, errs)
				}
				var findings []struct {
					Rule, Message string
				}
				if err := json.Unmarshal([]byte(out), &findings); err != nil {
					t.Fatalf("lint --format json: %v\n%s", err, out)
				}
				data, ok := im.DataDir(stackmodel.DirData)
				if !ok {
					t.Fatalf("%s: no data directory in the table", repo)
				}
				sawData := false
				for _, f := range findings {
					if f.Rule == "data-volume" && strings.Contains(f.Message, "svc's data directory") {
						sawData = true
						if im.Conv != stackmodel.ConvApacheKafka && !strings.Contains(f.Message, data.Dir) {
							t.Errorf("lint names another data directory than the table's %s: %s", data.Dir, f.Message)
						}
					}
					if env != "" && strings.Contains(f.Message, env) {
						t.Errorf("lint finds fault with %s, a variable of %s: [%s] %s", env, repo, f.Rule, f.Message)
					}
				}
				if !sawData {
					t.Errorf("lint does not check %s as a %s service (no data-volume finding): %s", repo, im.Role, out)
				}
			})
		}
	}
}

// TestLintHelpListsEveryImage checks that `kafkit lint --help` names every
// repository of the image table, so the help cannot fall behind it.
func TestLintHelpListsEveryImage(t *testing.T) {
	out, errs, code := runComposeArgs(t, "lint", "--help")
	if code != 0 {
		t.Fatalf("kafkit lint --help: exit %d: %s", code, errs)
	}
	for _, im := range stackmodel.Images() {
		for _, repo := range im.Repos {
			if !strings.Contains(out, " "+repo+",") && !strings.Contains(out, " "+repo+"\n") {
				t.Errorf("lint --help does not name %s", repo)
			}
		}
	}
}
