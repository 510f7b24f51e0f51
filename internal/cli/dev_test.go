package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"
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
