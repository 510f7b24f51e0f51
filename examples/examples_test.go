// Package examples_test runs the seed's two example programs, as a learner
// would, against the embedded development broker.
package examples_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kafkit/kafkit/devbroker"
)

const seedLine = "chave: faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor"

func build(t *testing.T, dir, pkg string) string {
	t.Helper()
	bin := filepath.Join(dir, filepath.Base(pkg))
	out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

func TestProdutorThenConsumidor(t *testing.T) {
	dir := t.TempDir()
	produtor := build(t, dir, "github.com/kafkit/kafkit/examples/produtor")
	consumidor := build(t, dir, "github.com/kafkit/kafkit/examples/consumidor")

	b, err := devbroker.New(devbroker.Listen("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	env := append(os.Environ(), "BOOTSTRAP_SERVERS="+b.Addr())

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	p := exec.CommandContext(ctx, produtor)
	p.Env = env
	out, err := p.CombinedOutput()
	if err != nil {
		t.Fatalf("produtor: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "delivered to conversas [0] at offset 0") {
		t.Fatalf("produtor output %q does not report the delivery", out)
	}

	c := exec.CommandContext(ctx, consumidor)
	c.Env = env
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var got []string
	for sc.Scan() {
		got = append(got, sc.Text())
		if sc.Text() == seedLine {
			break
		}
	}
	if len(got) == 0 || got[len(got)-1] != seedLine {
		c.Process.Kill()
		c.Wait()
		t.Fatalf("consumidor printed %q, want %q (stderr: %s)", got, seedLine, stderr.String())
	}
	// Ctrl-C: the consumer must leave the group and exit 0.
	if err := c.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := c.Wait(); err != nil {
		t.Fatalf("consumidor after SIGINT: %v (stderr: %s)", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "end of conversas [0] at offset 1") {
		t.Errorf("consumidor did not report the partition end; stderr: %s", stderr.String())
	}
}

func TestProdutorUnreachableBroker(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the client's bounded flush")
	}
	dir := t.TempDir()
	produtor := build(t, dir, "github.com/kafkit/kafkit/examples/produtor")
	// A port nobody listens on: take one and release it.
	b, err := devbroker.New(devbroker.Listen("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	addr := b.Addr()
	b.Close()
	p := exec.Command(produtor)
	p.Env = append(os.Environ(), "BOOTSTRAP_SERVERS="+addr)
	out, err := p.CombinedOutput()
	if err == nil {
		t.Fatalf("produtor succeeded without a broker: %s", out)
	}
	if !strings.Contains(string(out), addr) {
		t.Fatalf("error %q does not name the broker %s", out, addr)
	}
}
