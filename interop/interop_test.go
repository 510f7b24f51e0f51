package interop

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/goleak"

	"github.com/kafkit/kafkit/internal/harness"
)

// kafkitBin is the kafkit binary built once for the process-level tests.
var kafkitBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kafkit-interop-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kafkitBin = filepath.Join(dir, "kafkit")
	build := exec.Command("go", "build", "-o", kafkitBin, "github.com/kafkit/kafkit/cmd/kafkit")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "building kafkit: %v\n", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	// harness.Run stops the shared Apache Kafka broker (and any server a
	// test left running) before the leak check.
	code := harness.Run(m)
	if code == 0 {
		// Every process is reaped and every in-process broker closed by
		// the tests' cleanups; no goroutine may outlive them.
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goroutines left behind: %v\n", err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// kcatPath is the kcat the benchmark runs; the tests find theirs with
// harness.Kcat.
const kcatPath = "/usr/bin/kcat"

const seedLine = "chave: faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor"

func testCtx(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// run runs a program to completion (killed when ctx ends) and returns its
// exit code, stdout and stderr.
func run(ctx context.Context, t *testing.T, stdin string, name string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s %v did not finish in time: stdout %q stderr %q", name, args, out.String(), errb.String())
	}
	return code, out.String(), errb.String()
}

func kafkit(ctx context.Context, t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return run(ctx, t, stdin, kafkitBin, args...)
}

// mustKafkit runs kafkit and fails the test unless it exits 0.
func mustKafkit(ctx context.Context, t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errs := kafkit(ctx, t, stdin, args...)
	if code != 0 {
		t.Fatalf("kafkit %v: exit %d: %s", args, code, errs)
	}
	return out
}

// topicOn creates a topic with partitions on b for the test and returns
// its name, unique on the shared broker.
func topicOn(t *testing.T, b *harness.Broker, partitions int32, configs map[string]*string) string {
	t.Helper()
	topic := harness.TopicName(t)
	harness.CreateTopic(t, b.Addr, topic, partitions, 1, configs)
	return topic
}

// mustRun runs a peer program and fails the test unless it exits 0.
func mustRun(ctx context.Context, t *testing.T, stdin, name string, args ...string) string {
	t.Helper()
	code, out, errs := run(ctx, t, stdin, name, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d: %s", filepath.Base(name), args, code, errs)
	}
	return out
}

func TestKcatProducesKafkitConsumes(t *testing.T) {
	kcat := harness.Kcat(t)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		topic := topicOn(t, b, 1, nil)
		mustRun(ctx, t, "k1:v1\nk2:v2\n", kcat, "-b", b.Addr, "-P", "-t", topic, "-K", ":", "-H", "src=kcat")
		mustRun(ctx, t, "sem chave\n", kcat, "-b", b.Addr, "-P", "-t", topic)
		// -Z: an empty value is sent as null (a tombstone).
		mustRun(ctx, t, "apagada:\n", kcat, "-b", b.Addr, "-P", "-t", topic, "-K", ":", "-Z")
		out := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t))
		if out != "k1: v1\nk2: v2\nsem chave\napagada: \n" {
			t.Fatalf("kafkit consume read %q", out)
		}
		out = mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t), "--format", "json")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 4 ||
			!strings.Contains(lines[0], `"key":"k1","value":"v1","headers":[{"key":"src","value":"kcat"}]`) ||
			!strings.Contains(lines[2], `"key":null,"value":"sem chave"`) ||
			!strings.Contains(lines[3], `"key":"apagada","value":null`) {
			t.Fatalf("kafkit consume --format json read %q", out)
		}
	})
}

func TestKafkitProducesKcatConsumes(t *testing.T) {
	kcat := harness.Kcat(t)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		topic := topicOn(t, b, 1, nil)
		mustKafkit(ctx, t, "", "produce", topic, "-b", b.Addr, "-k", "chave", "-H", "origem=kafkit", "primeiro", "segundo")
		mustKafkit(ctx, t, "x:y\nsem chave\n", "produce", topic, "-b", b.Addr, "--key-delimiter", ":", "-X", "compression.type=zstd")
		out := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q", "-f", "%k=%s|%h\n")
		want := "chave=primeiro|origem=kafkit\nchave=segundo|origem=kafkit\nx=y|\n=sem chave|\n"
		if out != want {
			t.Fatalf("kcat read %q, want %q", out, want)
		}
	})
}

// TestEveryCodec: for each compression codec, kafkit's batches are read by
// kcat and kcat's by kafkit, byte for byte, with keys and headers.
func TestEveryCodec(t *testing.T) {
	kcat := harness.Kcat(t)
	var in strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&in, "k%04d\tlinha %d de um texto que se repete, como os logs: nivel=INFO servico=pedidos\n", i, i)
	}
	var want strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&want, "k%04d|linha %d de um texto que se repete, como os logs: nivel=INFO servico=pedidos|c=1\n", i, i)
	}
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		for _, codec := range []string{"none", "gzip", "snappy", "lz4", "zstd"} {
			t.Run(codec, func(t *testing.T) {
				ctx := testCtx(t, time.Minute)
				topic := topicOn(t, b, 1, nil)
				mustKafkit(ctx, t, in.String(), "produce", topic, "-b", b.Addr, "--key-delimiter", "\\t", "-H", "c=1", "-X", "compression.type="+codec)
				out := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q", "-f", "%k|%s|%h\n")
				if out != want.String() {
					t.Fatalf("kcat read %d bytes of kafkit's %s batches, want %d", len(out), codec, want.Len())
				}
				topic2 := topicOn(t, b, 1, nil)
				mustRun(ctx, t, in.String(), kcat, "-b", b.Addr, "-P", "-t", topic2, "-K", "\t", "-H", "c=1", "-z", codec)
				out = mustKafkit(ctx, t, "", "consume", topic2, "-b", b.Addr, "-e", "-g", harness.TopicName(t))
				if out != strings.ReplaceAll(strings.ReplaceAll(want.String(), "|c=1", ""), "|", ": ") {
					t.Fatalf("kafkit read %d bytes of kcat's %s batches: %.200q", len(out), codec, out)
				}
			})
		}
	})
}

// TestLargeRecords: records up to the broker's limit go through kafkit and
// kcat both ways, uncompressed: up to the producer's default limit (Java's
// max.request.size, 1 MiB, for the batch), and up to the broker's
// message.max.bytes (1048588 bytes for a batch) with the producers' limits
// raised to it. One byte more and the broker refuses the record: kafkit
// exits 1 and says why.
func TestLargeRecords(t *testing.T) {
	kcat := harness.Kcat(t)
	// A batch holding one record of V bytes without key or header is
	// V+72 bytes: 61 of batch header, 11 of record framing.
	const (
		brokerLimit   = 1048588
		producerLimit = 1048576
		overhead      = 72
	)
	value := func(t *testing.T, size int) string {
		raw := make([]byte, size*3/4+3)
		if _, err := rand.Read(raw); err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(raw)[:size]
	}
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		for _, tc := range []struct {
			name   string
			size   int
			kafkit []string
			kcat   []string
		}{
			{"small", 1000, nil, nil},
			{"producer-default-limit", producerLimit - overhead, nil, []string{"-X", fmt.Sprint("message.max.bytes=", producerLimit)}},
			{"broker-limit", brokerLimit - overhead, []string{"-X", fmt.Sprint("max.request.size=", brokerLimit)}, []string{"-X", fmt.Sprint("message.max.bytes=", brokerLimit)}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx := testCtx(t, 2*time.Minute)
				val := value(t, tc.size)
				topic := topicOn(t, b, 1, nil)
				mustKafkit(ctx, t, val+"\n", append([]string{"produce", topic, "-b", b.Addr, "-X", "compression.type=none"}, tc.kafkit...)...)
				out := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q")
				if out != val+"\n" {
					t.Fatalf("kcat read %d bytes, want %d", len(out), tc.size+1)
				}
				mustRun(ctx, t, val+"\n", kcat, append([]string{"-b", b.Addr, "-P", "-t", topic}, tc.kcat...)...)
				out = mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t))
				if out != val+"\n"+val+"\n" {
					t.Fatalf("kafkit read %d bytes, want %d", len(out), 2*(tc.size+1))
				}
			})
		}
		t.Run("over-the-broker-limit", func(t *testing.T) {
			ctx := testCtx(t, 2*time.Minute)
			topic := topicOn(t, b, 1, nil)
			start := time.Now()
			code, _, errs := kafkit(ctx, t, value(t, brokerLimit-overhead+1)+"\n", "produce", topic, "-b", b.Addr,
				"-X", "compression.type=none", "-X", "max.request.size=2000000", "--timeout", "10s")
			if code != 1 || !strings.Contains(errs, "record 1 (topic "+topic+") to "+b.Addr+" failed: MESSAGE_TOO_LARGE") ||
				!strings.Contains(errs, "message.max.bytes") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			t.Logf("refused in %s: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(errs))
		})
	})
}

// TestMixedCodecsKcatReads: with compression.type unset, kafkit sends
// batches of log lines snappy-compressed and batches of random text as they
// are; kcat (librdkafka) reads both from one topic, in order, byte for byte.
func TestMixedCodecsKcatReads(t *testing.T) {
	kcat := harness.Kcat(t)
	var logs, random strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&logs, "2026-11-24T10:00:%02d.%03dZ INFO orders user=u%05d item=i%05d qty=%d\n", i/1000%60, i%1000, i*7919%100000, i*104729%100000, 1+i%9)
	}
	raw := make([]byte, 5000*69)
	if _, err := rand.Read(raw); err != nil {
		t.Fatal(err)
	}
	enc := base64.StdEncoding.EncodeToString(raw)
	for i := range 5000 {
		random.WriteString(enc[i*92:i*92+92] + "\n")
	}
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		topic := topicOn(t, b, 1, nil)
		mustKafkit(ctx, t, logs.String(), "produce", topic, "-b", b.Addr)
		mustKafkit(ctx, t, random.String(), "produce", topic, "-b", b.Addr)
		out := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q")
		if out != logs.String()+random.String() {
			t.Fatalf("kcat read %d bytes, not the %d produced", len(out), logs.Len()+random.Len())
		}
	})
}

// TestTopicCreateKcatSees: a topic kafkit creates is what kcat's metadata
// shows, and one kcat's producer auto-creates is in kafkit's list.
func TestTopicCreateKcatSees(t *testing.T) {
	kcat := harness.Kcat(t)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		created, auto := harness.TopicName(t), harness.TopicName(t)
		mustKafkit(ctx, t, "", "topic", "create", created, "-b", b.Addr, "-p", "3")
		out := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-L", "-t", created)
		if !strings.Contains(out, `topic "`+created+`" with 3 partitions`) {
			t.Fatalf("kcat -L: %q", out)
		}
		mustRun(ctx, t, "x\n", kcat, "-b", b.Addr, "-P", "-t", auto)
		out = mustKafkit(ctx, t, "", "topic", "list", "-b", b.Addr)
		partitions := map[string]string{}
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) >= 2 {
				partitions[f[0]] = f[1]
			}
		}
		if partitions[created] != "3" || partitions[auto] != "1" {
			t.Fatalf("kafkit topic list:\n%s", out)
		}
	})
}

// produceAt writes records with the given values and timestamps to one
// partition (a kgo client: neither kcat nor kafkit sets timestamps).
func produceAt(t *testing.T, addr, topic string, partition int32, stamps []int64, values []string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := testCtx(t, 30*time.Second)
	for i, v := range values {
		r := &kgo.Record{Topic: topic, Partition: partition, Value: []byte(v), Timestamp: time.UnixMilli(stamps[i])}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPartitionOffsetLikeKcat: kafkit consume -p/-o and -n read what kcat
// -p/-o and -c read: from the beginning, the end, an offset, N before the
// end and a timestamp.
func TestPartitionOffsetLikeKcat(t *testing.T) {
	kcat := harness.Kcat(t)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, 2*time.Minute)
		topic := topicOn(t, b, 3, nil)
		for p, lines := range map[string]string{"1": "a\nb\nc\n", "2": "x\ny\n"} {
			mustRun(ctx, t, lines, kcat, "-b", b.Addr, "-P", "-t", topic, "-p", p)
		}
		base := time.Now().Add(-time.Hour).UnixMilli()
		produceAt(t, b.Addr, topic, 0, []int64{base, base + 1000, base + 2000, base + 3000}, []string{"t0", "t1", "t2", "t3"})
		for _, tc := range []struct {
			kcat, kafkit []string
			empty        bool
		}{
			{kcat: []string{"-p", "1"}, kafkit: []string{"-p", "1"}},
			{kcat: []string{"-p", "1", "-o", "-2"}, kafkit: []string{"-p", "1", "-o", "-2"}},
			{kcat: []string{"-p", "1", "-o", "1"}, kafkit: []string{"-p", "1", "-o", "1"}},
			{kcat: []string{"-p", "2", "-o", "beginning"}, kafkit: []string{"-p", "2", "-o", "beginning"}},
			{kcat: []string{"-p", "2", "-o", "end"}, kafkit: []string{"-p", "2", "-o", "end"}, empty: true},
			{kcat: []string{"-p", "0", "-o", fmt.Sprintf("s@%d", base+1000)}, kafkit: []string{"-p", "0", "-o", fmt.Sprintf("@%d", base+1000)}},
			{kcat: []string{"-p", "0", "-o", fmt.Sprintf("s@%d", base+1500)}, kafkit: []string{"-p", "0", "-o", fmt.Sprintf("@%d", base+1500)}},
			{kcat: []string{"-p", "0", "-o", "beginning", "-c", "2"}, kafkit: []string{"-p", "0", "-o", "beginning", "-n", "2"}},
		} {
			want := mustRun(ctx, t, "", kcat, append([]string{"-b", b.Addr, "-C", "-t", topic, "-e", "-q"}, tc.kcat...)...)
			got := mustKafkit(ctx, t, "", append([]string{"consume", topic, "-b", b.Addr, "-e"}, tc.kafkit...)...)
			if got != want || (want == "") != tc.empty {
				t.Fatalf("kafkit %v read %q, kcat %v read %q", tc.kafkit, got, tc.kcat, want)
			}
		}
		// Every partition, -e: the same records (partition order aside).
		want := mustRun(ctx, t, "", kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q")
		got := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t))
		if sortLines(got) != sortLines(want) || strings.Count(want, "\n") != 9 {
			t.Fatalf("kafkit -e read %q, kcat -e read %q", got, want)
		}
	})
}

func sortLines(s string) string {
	l := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	slices.Sort(l)
	return strings.Join(l, "\n")
}

// TestExitCodes checks the exit codes of the real binary.
func TestExitCodes(t *testing.T) {
	ctx := testCtx(t, time.Minute)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"produce", "t", "x", "-b", "127.0.0.1:1", "--timeout", "3s"}, 1, "unable to reach broker 127.0.0.1:1"},
		{[]string{"consume", "t", "-b", "127.0.0.1:1", "--timeout", "3s"}, 1, "unable to reach broker 127.0.0.1:1"},
		{[]string{"produce", "t", "x", "-X", "bootstrap.server=localhost:9092"}, 2, `did you mean "bootstrap.servers"?`},
		{[]string{"consume", "t", "-X", "isolation.level=dirty"}, 2, `invalid value "dirty" for isolation.level`},
	}
	for _, tt := range tests {
		start := time.Now()
		code, _, errs := kafkit(ctx, t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("kafkit %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
		t.Logf("kafkit %v: exit %d after %s", tt.args, code, time.Since(start).Round(time.Millisecond))
	}
}

func TestDemoBinary(t *testing.T) {
	ctx := testCtx(t, time.Minute)
	start := time.Now()
	out := mustKafkit(ctx, t, "", "demo")
	if out != seedLine+"\n" {
		t.Fatalf("demo printed %q", out)
	}
	t.Logf("kafkit demo took %s end to end (process start to exit)", time.Since(start).Round(time.Millisecond))
}

// started is a running kafkit process with its output readable line by
// line. Its stdout must be read to the end before wait: exec closes the pipe
// once the process is reaped.
type started struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *bytes.Buffer
	done   chan error // set by wait
}

func startKafkit(ctx context.Context, t *testing.T, args ...string) *started {
	t.Helper()
	cmd := exec.CommandContext(ctx, kafkitBin, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &started{cmd: cmd, stdin: stdin, stdout: bufio.NewReader(stdout), stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if p.done == nil {
			_ = cmd.Wait()
		} else {
			<-p.done
		}
	})
	return p
}

// wait waits for the process to exit and returns its exit code, or 128
// plus the signal that killed it.
func (p *started) wait(t *testing.T) int {
	t.Helper()
	p.done = make(chan error, 1)
	go func() { p.done <- p.cmd.Wait() }()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return 128 + int(ws.Signal())
			}
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(45 * time.Second):
		t.Fatalf("kafkit %v did not exit; stderr %s", p.cmd.Args, p.stderr)
	}
	return -1
}

func (p *started) readLines(t *testing.T, n int) []string {
	t.Helper()
	var lines []string
	for len(lines) < n {
		l, err := p.stdout.ReadString('\n')
		if err != nil {
			t.Fatalf("read %d of %d lines (%v); stderr %s", len(lines), n, err, p.stderr)
		}
		lines = append(lines, strings.TrimSuffix(l, "\n"))
	}
	return lines
}

// drain reads the rest of stdout, keeping only complete lines: a process
// killed in the middle of a write leaves a partial last line, which was
// never printed in full.
func (p *started) drain() []string {
	var lines []string
	for {
		l, err := p.stdout.ReadString('\n')
		if err != nil {
			return lines
		}
		lines = append(lines, strings.TrimSuffix(l, "\n"))
	}
}

// TestProduceSIGINT: Ctrl-C stops reading stdin, delivers what was read and
// exits 130.
func TestProduceSIGINT(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		topic := topicOn(t, b, 1, nil)
		p := startKafkit(ctx, t, "produce", topic, "-b", b.Addr)
		if _, err := io.WriteString(p.stdin, "um\ndois\ntres\n"); err != nil {
			t.Fatal(err)
		}
		// Wait until the broker has the three records, then interrupt
		// while kafkit waits on stdin, which stays open.
		deadline := time.Now().Add(30 * time.Second)
		for {
			code, out, _ := kafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-o", "beginning", "-e")
			if code == 0 && out == "um\ndois\ntres\n" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("records not there: %q", out)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		if code := p.wait(t); code != 130 {
			t.Fatalf("exit %d, want 130; stderr %s", code, p.stderr)
		}
		if !strings.Contains(p.stderr.String(), "produced 3 of 3 records to "+topic) || !strings.Contains(p.stderr.String(), "interrupted") {
			t.Fatalf("stderr %s", p.stderr)
		}
	})
}

// TestConsumeSIGINT: Ctrl-C commits what was printed and leaves the group.
func TestConsumeSIGINT(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		topic, group := topicOn(t, b, 1, nil), harness.TopicName(t)
		mustKafkit(ctx, t, "1\n2\n3\n", "produce", topic, "-b", b.Addr)
		p := startKafkit(ctx, t, "consume", topic, "-b", b.Addr, "-g", group)
		if got := strings.Join(p.readLines(t, 3), ","); got != "1,2,3" {
			t.Fatalf("read %s", got)
		}
		if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		if code := p.wait(t); code != 130 {
			t.Fatalf("exit %d, want 130; stderr %s", code, p.stderr)
		}
		if !strings.Contains(p.stderr.String(), "offsets committed") {
			t.Errorf("stderr %s", p.stderr)
		}
		// The member left: a new one joins at once (no session to wait
		// out) and has nothing left to read.
		start := time.Now()
		if out := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-g", group, "-e"); out != "" {
			t.Fatalf("after SIGINT the group re-read %q", out)
		}
		t.Logf("the group's next member ended in %s", time.Since(start).Round(time.Millisecond))
	})
}

// TestNoLossAfterSIGKILL: a consumer killed mid-stream and restarted in the
// same group ends with every record seen at least once.
func TestNoLossAfterSIGKILL(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, 2*time.Minute)
		topic, group := topicOn(t, b, 3, nil), harness.TopicName(t)
		const n = 20000
		var in strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&in, "k%d:%d\n", i, i)
		}
		mustKafkit(ctx, t, in.String(), "produce", topic, "-b", b.Addr, "--key-delimiter", ":")

		seen := make([]int, n)
		record := func(line string) {
			var k, v int
			if _, err := fmt.Sscanf(line, "k%d: %d", &k, &v); err != nil || k != v || v < 0 || v >= n {
				t.Fatalf("unexpected line %q", line)
			}
			seen[v]++
		}
		// First run: read part of the stream slowly enough for some
		// auto-commits to happen, then SIGKILL. Output blocks once the
		// pipe is full, so the consumer is stopped mid-stream with records
		// fetched but not printed. The killed member stays in the group
		// until its session times out, which the restart waits for: 6s,
		// the broker's minimum, rather than the default 45s.
		p := startKafkit(ctx, t, "consume", topic, "-b", b.Addr, "-g", group, "-X", "auto.commit.interval.ms=100", "-X", "session.timeout.ms=6000", "-X", "max.poll.records=500")
		for i := 0; i < 5; i++ {
			for _, l := range p.readLines(t, 1000) {
				record(l)
			}
			time.Sleep(150 * time.Millisecond)
		}
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// Lines already in the pipe were printed before the kill: they
		// count.
		for _, l := range p.drain() {
			record(l)
		}
		if code := p.wait(t); code != 128+int(syscall.SIGKILL) {
			t.Fatalf("first consumer exit %d, want death by SIGKILL", code)
		}
		firstRun := 0
		for _, c := range seen {
			firstRun += c
		}

		// Second run, same group, until the end.
		out := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-g", group, "-e")
		secondRun := 0
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if l != "" {
				record(l)
				secondRun++
			}
		}
		missing, dups := 0, 0
		for _, c := range seen {
			if c == 0 {
				missing++
			}
			if c > 1 {
				dups += c - 1
			}
		}
		t.Logf("%s: produced %d, first run printed %d records before SIGKILL, the restart printed %d; lost %d, %d duplicates (records printed but not yet committed when killed)", b.Name, n, firstRun, secondRun, missing, dups)
		if missing > 0 {
			t.Fatalf("%d of %d records were never seen", missing, n)
		}
		if firstRun == 0 || firstRun >= n {
			t.Fatalf("the kill was not mid-stream: first run printed %d of %d", firstRun, n)
		}
	})
}
