package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/devbroker"
)

// perfTestBroker starts an in-memory development broker on a random port.
func perfTestBroker(t *testing.T, opts ...devbroker.Opt) string {
	t.Helper()
	b, err := devbroker.New(append([]devbroker.Opt{devbroker.Listen("127.0.0.1:0")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b.Addr()
}

// perfRun runs kafkit with args and returns the exit code, stdout and stderr.
func perfRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := Run(ctx, args, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestPerfProduceConsumeE2E(t *testing.T) {
	addr := perfTestBroker(t)
	t.Setenv("KAFKIT_BROKERS", "")

	code, out, errs := perfRun(t, "perf", "produce", "bench", "-b", addr, "--records", "5000", "--record-size", "50")
	if code != 0 {
		t.Fatalf("perf produce exit %d: %s", code, errs)
	}
	for _, want := range []string{"produce: 5000 records (0.2 MB) to bench", "ack latency: p50", "errors: 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("perf produce output lacks %q:\n%s", want, out)
		}
	}
	// Not a terminal: no progress bar on stderr.
	if strings.Contains(errs, "\r") {
		t.Errorf("progress bar drawn on a non-terminal stderr: %q", errs)
	}

	tests := []struct {
		name string
		args []string
	}{
		{"plain partitions", []string{"perf", "consume", "bench", "-b", addr, "--records", "5000", "--format", "json"}},
		{"group", []string{"perf", "consume", "bench", "-b", addr, "--records", "5000", "--format", "json", "-g", "perf-group"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := perfRun(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var v struct {
				Command string               `json:"command"`
				Records int64                `json:"records"`
				Bytes   int64                `json:"bytes"`
				Lag     struct{ Last int64 } `json:"lag"`
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if v.Command != "consume" || v.Records != 5000 || v.Bytes != 250000 || v.Lag.Last != 0 {
				t.Errorf("summary %+v, want consume of 5000 records, 250000 bytes, no lag left", v)
			}
		})
	}

	code, out, errs = perfRun(t, "perf", "e2e", "latency", "-b", addr, "--records", "200", "--rate", "2000", "--format", "json")
	if code != 0 {
		t.Fatalf("perf e2e exit %d: %s", code, errs)
	}
	var e struct {
		Produced, Consumed, Duplicates int64
		E2E                            struct{ Count int64 } `json:"e2e_latency"`
		FromSend                       struct{ Count int64 } `json:"e2e_from_send_latency"`
	}
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatalf("e2e output is not JSON: %v\n%s", err, out)
	}
	if e.Produced != 200 || e.Consumed != 200 || e.Duplicates != 0 || e.E2E.Count != 200 || e.FromSend.Count != 200 {
		t.Errorf("e2e summary %+v, want 200 produced, read back and measured from due and from send", e)
	}

	// One at a time, unpaced: every record still goes and comes back.
	code, out, errs = perfRun(t, "perf", "e2e", "latency", "-b", addr, "--records", "50", "--rate", "0", "--in-flight", "1", "--format", "json")
	if code != 0 {
		t.Fatalf("perf e2e --in-flight 1 exit %d: %s", code, errs)
	}
	e = struct {
		Produced, Consumed, Duplicates int64
		E2E                            struct{ Count int64 } `json:"e2e_latency"`
		FromSend                       struct{ Count int64 } `json:"e2e_from_send_latency"`
	}{}
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatalf("e2e output is not JSON: %v\n%s", err, out)
	}
	if e.Produced != 50 || e.Consumed != 50 || e.Duplicates != 0 || e.FromSend.Count != 50 {
		t.Errorf("e2e --in-flight 1 summary %+v, want 50 produced, read back and measured", e)
	}
}

func TestPerfPayloadFile(t *testing.T) {
	addr := perfTestBroker(t)
	p := filepath.Join(t.TempDir(), "payloads.txt")
	if err := os.WriteFile(p, []byte("one\ntwo\nthree\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := perfRun(t, "perf", "produce", "pf", "-b", addr, "--records", "6", "--payload-file", p, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// one two three one two three: 3+3+5 twice.
	if !strings.Contains(out, `"bytes": 22`) {
		t.Errorf("payload file values not used in turn:\n%s", out)
	}
}

func TestPerfUsageErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "empty.txt")
	if err := os.WriteFile(p, []byte("\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no records", []string{"perf", "produce", "t", "--records", "0"}, "--records 0"},
		{"bad format", []string{"perf", "consume", "t", "--format", "yaml"}, `--format "yaml"`},
		{"negative rate", []string{"perf", "produce", "t", "--rate", "-5"}, "--rate -5"},
		{"size and file", []string{"perf", "produce", "t", "--record-size", "10", "--payload-file", p}, "use one"},
		{"empty payload file", []string{"perf", "produce", "t", "--payload-file", p}, "no non-empty line"},
		{"missing payload file", []string{"perf", "produce", "t", "--payload-file", p + ".missing"}, "no such file"},
		{"e2e record too small", []string{"perf", "e2e", "t", "--record-size", "10"}, "--record-size 10"},
		{"e2e negative in-flight", []string{"perf", "e2e", "t", "--in-flight", "-1"}, "--in-flight -1"},
		{"bad from", []string{"perf", "consume", "t", "--from", "middle"}, `--from "middle"`},
		{"bad timeout", []string{"perf", "consume", "t", "--timeout", "0s"}, "--timeout 0s"},
		{"unknown property", []string{"perf", "produce", "t", "-X", "ackz=all"}, `"ackz"`},
		{"no topic", []string{"perf", "produce"}, "accepts 1 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := perfRun(t, tt.args...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d; stderr: %s", code, ExitUsage, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q does not contain %q", errs, tt.want)
			}
		})
	}
}

func TestPerfBrokerUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	for _, cmd := range [][]string{
		{"perf", "produce", "t", "-b", addr, "--timeout", "5s"},
		{"perf", "consume", "t", "-b", addr, "--timeout", "5s"},
		{"perf", "e2e", "t", "-b", addr, "--timeout", "5s"},
	} {
		t.Run(cmd[1], func(t *testing.T) {
			code, _, errs := perfRun(t, cmd...)
			if code != ExitFailure {
				t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFailure, errs)
			}
			if !strings.Contains(errs, addr) {
				t.Errorf("stderr does not name the broker %s: %s", addr, errs)
			}
		})
	}
}

func TestPerfRecordTooLarge(t *testing.T) {
	addr := perfTestBroker(t, devbroker.BrokerConfig("message.max.bytes", "1000"))
	code, out, errs := perfRun(t, "perf", "produce", "big", "-b", addr, "--records", "2", "--record-size", "5000", "-X", "compression.type=none")
	if code != ExitFailure {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errs)
	}
	if !strings.Contains(errs, "record of 5000 bytes to topic big") || !strings.Contains(out, "errors: 2") {
		t.Errorf("the failure does not name the record:\nstdout: %s\nstderr: %s", out, errs)
	}
}

func TestPerfPlainConsumerNotesGroupProperties(t *testing.T) {
	addr := perfTestBroker(t)
	if code, _, errs := perfRun(t, "perf", "produce", "n", "-b", addr, "--records", "10"); code != 0 {
		t.Fatalf("produce exit %d: %s", code, errs)
	}
	code, _, errs := perfRun(t, "perf", "consume", "n", "-b", addr, "--records", "10", "-X", "session.timeout.ms=10000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "session.timeout.ms (from -X) only applies to a group") {
		t.Errorf("a group property was dropped without a note: %q", errs)
	}
}
