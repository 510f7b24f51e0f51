package compose

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/javaconf"
	"github.com/kafkit/kafkit/stackmodel"
)

// TestParseArgFileLikeJava checks javaconf.ReadArgFile against the java launcher
// itself: the generated JVM argument file, every line made active, must
// give the JVM exactly the system properties javaconf.ReadArgFile finds.
func TestParseArgFileLikeJava(t *testing.T) {
	java, _ := requireZooKeeper(t)
	_, p := loadGenerated(t, StackOptions{Mode: "zk", Brokers: 1, ZooKeepers: 1, Style: StyleExplicit})
	c, err := stackmodel.EffectiveConfig(p, "zookeeper")
	if err != nil {
		t.Fatal(err)
	}
	content := c.ArgFiles[stackZKJVMArgs]
	dir := t.TempDir()
	args := filepath.Join(dir, "jvm.args")
	if err := os.WriteFile(args, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "Props.java")
	prog := `public class Props { public static void main(String[] a) {
  for (String k : System.getProperties().stringPropertyNames()) {
    if (k.startsWith("zookeeper.") || k.startsWith("znode.") || k.startsWith("jute.") || k.startsWith("readonlymode.")) System.out.println(k + "=" + System.getProperty(k));
  } } }`
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := execOutput(ctx, java, "@"+args, src)
	if err != nil {
		t.Fatalf("java @%s: %v\n%s", args, err, out)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			got[k] = v
		}
	}
	want := map[string]string{}
	for _, a := range javaconf.ArgValues(javaconf.ReadArgFile(content)) {
		k, v, _ := strings.Cut(strings.TrimPrefix(a, "-D"), "=")
		want[k] = v
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("java sees %d properties, javaconf.ReadArgFile %d:\njava: %v\nours: %v", len(got), len(want), got, want)
	}
}

func execOutput(ctx context.Context, name string, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}
