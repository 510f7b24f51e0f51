package reliability

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// proc is a running kafkit process. Its stdout is split into lines as it
// arrives (a partial last line, cut by a kill, is kept apart); stderr is
// kept whole for error messages.
type proc struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd

	mu      sync.Mutex
	lines   []string
	partial string
	stderr  bytes.Buffer
	hooks   hooks

	readers sync.WaitGroup
	done    chan struct{}
	err     error
}

// hooks see output lines as they arrive, from the reading goroutines.
type hooks struct {
	out func(string) // every complete stdout line
	err func(string) // every complete stderr line
}

// start runs kafkit with args. stdin may be nil.
func start(t *testing.T, stdin io.Reader, h hooks, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(kafkitBin, args...)
	cmd.Stdin = stdin
	// Nothing from the environment picks another broker.
	cmd.Env = append(os.Environ(), "KAFKIT_BROKERS=")
	p := &proc{t: t, name: args[0], cmd: cmd, hooks: h, done: make(chan struct{})}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting kafkit %s: %v", strings.Join(args, " "), err)
	}
	p.readers.Add(2)
	go p.readStdout(stdout)
	go p.readStderr(stderr)
	go func() {
		// Wait closes the pipes only after the readers are done, so
		// they are waited for first.
		p.readers.Wait()
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

func (p *proc) readStdout(r io.Reader) {
	defer p.readers.Done()
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		line, err := br.ReadString('\n')
		if strings.HasSuffix(line, "\n") {
			line = strings.TrimSuffix(line, "\n")
			if p.hooks.out != nil {
				p.hooks.out(line)
			}
			p.mu.Lock()
			p.lines = append(p.lines, line)
			p.mu.Unlock()
		} else if line != "" {
			p.mu.Lock()
			p.partial = line
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (p *proc) readStderr(r io.Reader) {
	defer p.readers.Done()
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		line, err := br.ReadString('\n')
		p.mu.Lock()
		p.stderr.WriteString(line)
		p.mu.Unlock()
		if p.hooks.err != nil && strings.HasSuffix(line, "\n") {
			p.hooks.err(strings.TrimSuffix(line, "\n"))
		}
		if err != nil {
			return
		}
	}
}

// Lines returns the complete stdout lines so far.
func (p *proc) Lines() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.lines...)
}

// Stderr returns what the process wrote on stderr so far.
func (p *proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// signal sends sig to the process.
func (p *proc) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		p.t.Fatalf("signalling kafkit %s: %v", p.name, err)
	}
}

// wait waits at most d for the process to exit and returns its exit code
// (-1 when a signal ended it). A process still running after d fails the
// test: kafkit must never hang.
func (p *proc) wait(d time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(d):
		_ = p.cmd.Process.Kill()
		<-p.done
		p.t.Fatalf("kafkit %s still running after %s; stderr:\n%s", p.name, d, p.Stderr())
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ExitCode()
	}
	if p.err != nil {
		p.t.Fatalf("kafkit %s: %v", p.name, p.err)
	}
	return 0
}

// dev is a `kafkit dev` process.
type dev struct {
	*proc
	addr    string
	dataDir string
	extra   []string
}

// startDev starts `kafkit dev` listening on listen (127.0.0.1:0 for a free
// port) and waits for its bootstrap line.
func startDev(t *testing.T, listen, dataDir string, extra ...string) *dev {
	t.Helper()
	args := []string{"dev", "--listen", listen}
	if dataDir != "" {
		args = append(args, "--data-dir", dataDir)
	}
	args = append(args, extra...)
	ready := make(chan string, 1)
	p := start(t, nil, hooks{out: func(line string) {
		if addr, ok := strings.CutPrefix(line, "bootstrap: "); ok {
			select {
			case ready <- addr:
			default:
			}
		}
	}}, args...)
	select {
	case addr := <-ready:
		return &dev{proc: p, addr: addr, dataDir: dataDir, extra: extra}
	case <-p.done:
		t.Fatalf("kafkit dev exited before listening: %v\n%s", p.err, p.Stderr())
	case <-time.After(15 * time.Second):
		t.Fatalf("kafkit dev did not print its bootstrap line within 15s\n%s", p.Stderr())
	}
	return nil
}

// restart stops the broker with sig, waits for it to exit and starts a new
// one on the same address and data directory.
func (d *dev) restart(t *testing.T, sig syscall.Signal) (*dev, int) {
	t.Helper()
	d.signal(sig)
	code := d.wait(30 * time.Second)
	return startDev(t, d.addr, d.dataDir, d.extra...), code
}

// testContext is bounded so that no test can hang the suite.
func testContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// soak reports whether the long variants run (make soak).
func soak(t *testing.T) {
	if os.Getenv("KAFKIT_SOAK") != "1" {
		t.Skip("long variant: run with KAFKIT_SOAK=1 (make soak)")
	}
}

// recordValue is the value of record i in the reliability tests: fixed
// width, so that every line is recognisable and sorts by sequence.
func recordValue(i int) string { return fmt.Sprintf("rec-%07d", i) }

// parseRecordValue returns the sequence number of a value written by
// recordValue.
func parseRecordValue(s string) (int, bool) {
	var i int
	if len(s) != 11 || !strings.HasPrefix(s, "rec-") {
		return 0, false
	}
	if _, err := fmt.Sscanf(s[4:], "%07d", &i); err != nil {
		return 0, false
	}
	return i, true
}

// feeder writes records [from, to) as lines to w at about rate records a
// second, in small chunks, so that a producer process works while the test
// kills things.
func feed(w io.Writer, from, to int, rate float64) error {
	const chunk = 250
	interval := time.Duration(float64(chunk) / rate * float64(time.Second))
	var b strings.Builder
	next := time.Now()
	for i := from; i < to; i += chunk {
		b.Reset()
		for j := i; j < min(i+chunk, to); j++ {
			b.WriteString(recordValue(j))
			b.WriteByte('\n')
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		next = next.Add(interval)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
	}
	return nil
}

// tally counts how often each record was seen.
type tally struct {
	n     int
	seen  []int
	bogus []string
}

func newTally(n int) *tally { return &tally{n: n, seen: make([]int, n)} }

func (tl *tally) add(lines []string) {
	for _, l := range lines {
		i, ok := parseRecordValue(l)
		if !ok || i >= tl.n {
			tl.bogus = append(tl.bogus, l)
			continue
		}
		tl.seen[i]++
	}
}

// result returns how many records were seen at least once, how many were
// never seen, and how many extra copies were seen.
func (tl *tally) result() (distinct, lost, dups int, firstLost []int) {
	for i, c := range tl.seen {
		switch {
		case c == 0:
			lost++
			if len(firstLost) < 10 {
				firstLost = append(firstLost, i)
			}
		default:
			distinct++
			dups += c - 1
		}
	}
	return
}
