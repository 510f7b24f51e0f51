// Package examples_test runs the seed's two example programs, as a learner
// would, against the embedded development broker.
package examples_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kafkit/kafkit/devbroker"
)

const seedLine = "chave: faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor"

var bins struct {
	once sync.Once
	dir  string
	err  error
}

// build compiles both examples once, in one go build, for every test.
func build(t *testing.T, pkg string) string {
	t.Helper()
	bins.once.Do(func() {
		bins.dir, bins.err = os.MkdirTemp("", "kafkit-examples")
		if bins.err != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", bins.dir+"/", "./produtor", "./consumidor").CombinedOutput()
		if err != nil {
			bins.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if bins.err != nil {
		t.Fatal(bins.err)
	}
	return filepath.Join(bins.dir, filepath.Base(pkg))
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bins.dir != "" {
		os.RemoveAll(bins.dir)
	}
	os.Exit(code)
}

func TestProdutorThenConsumidor(t *testing.T) {
	t.Parallel()
	produtor := build(t, "produtor")
	consumidor := build(t, "consumidor")

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
	t.Parallel()
	produtor := build(t, "produtor")
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
