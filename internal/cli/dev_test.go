package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkit/kafkit/client"
)

func TestDevPrintsBootstrapAndStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(runCtx, []string{"dev", "--listen", "127.0.0.1:0"}, &IO{In: strings.NewReader(""), Out: pw, Err: &errb})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading stdout: %v", err)
	}
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "bootstrap: ")
	if !ok {
		t.Fatalf("first stdout line %q, want \"bootstrap: HOST:PORT\"", line)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("broker at %s does not accept connections: %v", addr, err)
	}
	conn.Close()
	go io.Copy(io.Discard, pr)
	stop()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("exit code %d after SIGINT-like cancel, want 0; stderr: %s", code, errb.String())
		}
	case <-ctx.Done():
		t.Fatal("kafkit dev did not stop after cancel")
	}
	if !strings.Contains(errb.String(), "not Apache Kafka") {
		t.Errorf("start banner does not say it is not Apache Kafka: %s", errb.String())
	}
}

func TestDevErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	taken := ln.Addr().String()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"port in use", []string{"dev", "--listen", taken}, ExitFailure, taken},
		{"misspelt config", []string{"dev", "--listen", "127.0.0.1:0", "-c", "log.retension.ms=5"}, ExitUsage, "did you mean log.retention.ms"},
		{"invalid value", []string{"dev", "--listen", "127.0.0.1:0", "-c", "log.retention.ms=abc"}, ExitUsage, "log.retention.ms=abc"},
		{"not applied", []string{"dev", "--listen", "127.0.0.1:0", "-c", "num.network.threads=3"}, ExitUsage, "does not apply it"},
		{"no equals", []string{"dev", "--listen", "127.0.0.1:0", "-c", "log.retention.ms"}, ExitUsage, "want name=value"},
		{"partitions", []string{"dev", "--listen", "127.0.0.1:0", "--partitions", "0"}, ExitUsage, "--partitions"},
		{"log level", []string{"dev", "--listen", "127.0.0.1:0", "--log-level", "loud"}, ExitUsage, "--log-level"},
		{"extra arg", []string{"dev", "extra"}, ExitUsage, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var out, errb bytes.Buffer
			code := Run(ctx, tc.args, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Fatalf("stderr %q does not contain %q", errb.String(), tc.want)
			}
		})
	}
}

// TestDevRetention is the case through the command line: kafkit dev
// -c log.retention.ms=2000 -c log.roll.ms=1000 kept all 1,012 records of a
// topic 80 s later. With log.retention.check.interval.ms lowered, the
// records are gone within seconds, as on Kafka (devbroker's TestRetention
// compares the two brokers).
func TestDevRetention(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	var errb lockedBuf
	done := make(chan int, 1)
	go func() {
		done <- Run(runCtx, []string{"dev", "--listen", "127.0.0.1:0", "-c", "log.retention.ms=2000", "-c", "log.roll.ms=1000", "-c", "log.retention.check.interval.ms=500"}, &IO{In: strings.NewReader(""), Out: pw, Err: &errb})
		pw.Close()
	}()
	t.Cleanup(func() {
		stop()
		<-done
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading stdout: %v (stderr %s)", err, errb.String())
	}
	addr := strings.TrimPrefix(strings.TrimSpace(line), "bootstrap: ")
	go io.Copy(io.Discard, pr)

	var in strings.Builder
	for i := 0; i < 1012; i++ {
		fmt.Fprintf(&in, "record %d\n", i)
	}
	if code, _, errs := kit(t, in.String(), "produce", "retained", "-b", addr); code != ExitOK {
		t.Fatalf("produce: exit %d, stderr %q", code, errs)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out, errs := kit(t, "", "topic", "describe", "retained", "-b", addr, "--format", "json")
		var topics []client.Topic
		if code != ExitOK || json.Unmarshal([]byte(out), &topics) != nil || len(topics) != 1 || len(topics[0].PartitionDetails) != 1 {
			t.Fatalf("describe: exit %d, stderr %q, stdout %s", code, errs, out)
		}
		p := topics[0].PartitionDetails[0]
		if p.Start == 1012 && p.End == 1012 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s after producing, the topic holds offsets %d to %d, want none (start 1012)", p.Start, p.End)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// lockedBuf is a bytes.Buffer safe for a writer and a reader on different
// goroutines.
type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
