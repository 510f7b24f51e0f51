package interop

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkVersusKcat measures kafkit produce and consume of 1M records of
// 100 bytes against `kafkit dev`, beside kcat on the same broker. It
// measures, it does not assert; run it with
//
//	go test ./interop -run '^$' -bench VersusKcat -benchtime 1x
//
// Each tool's time includes its process start, connecting, and (for
// consume) the group join or partition assignment. The broker is a separate
// `kafkit dev` process, so the in-test process does not compete for CPU.
func BenchmarkVersusKcat(b *testing.B) {
	if _, err := os.Stat(kcatPath); err != nil {
		b.Skip("kcat is missing")
	}
	// Two inputs: values that compress well (a counter and padding), and
	// base64 of random bytes, which snappy barely shrinks; kafkit compresses
	// with snappy by default and kcat does not compress.
	b.Run("compressible", func(b *testing.B) {
		versusKcat(b, func(w *bufio.Writer, i int) { fmt.Fprintf(w, "%08d%s\n", i, strings.Repeat("x", 92)) })
	})
	b.Run("random", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 2))
		raw := make([]byte, 75)
		val := make([]byte, 100)
		versusKcat(b, func(w *bufio.Writer, _ int) {
			for j := range raw {
				raw[j] = byte(rng.Uint32())
			}
			base64.StdEncoding.Encode(val, raw)
			w.Write(val)
			w.WriteByte('\n')
		})
	})
}

// versusKcat runs the comparison on 1M lines written by line, each a
// 100-byte value.
func versusKcat(b *testing.B, line func(w *bufio.Writer, i int)) {
	const records = 1000000
	dir := b.TempDir()
	input := filepath.Join(dir, "records.txt")
	f, err := os.Create(input)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := 0; i < records; i++ {
		line(w, i)
	}
	w.Flush()
	f.Close()

	for i := 0; i < b.N; i++ {
		addr := startDev(b)
		timed := func(name, stdinPath string, args ...string) time.Duration {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, args[0], args[1:]...)
			if stdinPath != "" {
				in, err := os.Open(stdinPath)
				if err != nil {
					b.Fatal(err)
				}
				defer in.Close()
				cmd.Stdin = in
			}
			out, err := os.Create(filepath.Join(dir, name+".out"))
			if err != nil {
				b.Fatal(err)
			}
			defer out.Close()
			var errb strings.Builder
			cmd.Stdout, cmd.Stderr = out, &errb
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatalf("%s: %v: %s", name, err, errb.String())
			}
			d := time.Since(start)
			lines := countLines(b, out.Name())
			if strings.Contains(name, "consume") && lines != records {
				b.Fatalf("%s printed %d lines, want %d", name, lines, records)
			}
			rate := float64(records) / d.Seconds()
			b.ReportMetric(rate, name+"_rec/s")
			b.Logf("%-28s %8s  %9.0f records/s  %6.1f MB/s", name, d.Round(time.Millisecond), rate, rate*100/1e6)
			return d
		}
		kp := timed("kafkit-produce", input, kafkitBin, "produce", "k", "-b", addr)
		kpn := timed("kafkit-produce-nocompress", input, kafkitBin, "produce", "kn", "-b", addr, "-X", "compression.type=none")
		cp := timed("kcat-produce", input, kcatPath, "-b", addr, "-P", "-t", "c")
		kc := timed("kafkit-consume", "", kafkitBin, "consume", "k", "-b", addr, "-e")
		cc := timed("kcat-consume", "", kcatPath, "-b", addr, "-C", "-t", "k", "-e", "-q", "-o", "beginning")
		cg := timed("kcat-consume-group", "", kcatPath, "-b", addr, "-G", "kcatgroup", "-X", "auto.offset.reset=earliest", "-e", "-q", "k")
		b.Logf("ratios (kcat time / kafkit time, >1 means kafkit is faster): produce %.2f (uncompressed %.2f), consume %.2f (kcat in a group %.2f)",
			cp.Seconds()/kp.Seconds(), cp.Seconds()/kpn.Seconds(), cc.Seconds()/kc.Seconds(), cg.Seconds()/kc.Seconds())
	}
}

func countLines(b *testing.B, path string) int {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	n := 0
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		for _, c := range buf[:k] {
			if c == '\n' {
				n++
			}
		}
		if err != nil {
			return n
		}
	}
}

// startDev runs `kafkit dev` on a free port until the benchmark ends.
func startDev(b *testing.B) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(kafkitBin, "dev", "--listen", addr)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "bootstrap: ") {
		b.Fatalf("kafkit dev did not start: %q %v", line, err)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "bootstrap: "))
}
