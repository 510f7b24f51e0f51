package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/client"
	"github.com/kafkit/kafkit/devbroker"
)

// kit runs kafkit in-process with stdin and returns exit code, stdout and
// stderr.
func kit(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := Run(ctx, args, &IO{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// devBroker starts an in-process development broker on a random port.
func devBroker(t *testing.T, opts ...devbroker.Opt) string {
	t.Helper()
	b, err := devbroker.New(append([]devbroker.Opt{devbroker.Listen("127.0.0.1:0")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b.Addr()
}

func TestProduceThenConsume(t *testing.T) {
	addr := devBroker(t)
	code, out, errs := kit(t, "", "produce", "conversas", "-b", addr, "-k", "chave", "-H", "origem=teste", "-H", "vazio=", "olá", "mundo")
	if code != 0 {
		t.Fatalf("produce exit %d: %s", code, errs)
	}
	if out != "" {
		t.Errorf("produce wrote on stdout: %q", out)
	}
	for _, want := range []string{
		"record 1 delivered: topic conversas, partition 0, offset 0\n",
		"record 2 delivered: topic conversas, partition 0, offset 1\n",
		"produced 2 of 2 records to conversas in ",
		"; partition 0 offsets 0-1\n",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("produce stderr %q lacks %q", errs, want)
		}
	}

	code, out, errs = kit(t, "", "consume", "conversas", "-b", addr, "-e")
	if code != 0 || out != "chave: olá\nchave: mundo\n" {
		t.Fatalf("consume exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if !strings.Contains(errs, "consumed 2 records from conversas as group kafkit, reached the end") {
		t.Errorf("consume stderr %q", errs)
	}

	// The JSON view carries headers, offsets and the key.
	code, out, errs = kit(t, "", "consume", "conversas", "-b", addr, "-e", "-g", "json", "--format", "json")
	if code != 0 {
		t.Fatalf("consume json exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("json lines %q", out)
	}
	var v recordView
	if err := json.Unmarshal([]byte(lines[1]), &v); err != nil {
		t.Fatalf("line %q: %v", lines[1], err)
	}
	if v.Topic != "conversas" || v.Partition != 0 || v.Offset != 1 || *v.Key != "chave" || *v.Value != "mundo" ||
		len(v.Headers) != 2 || v.Headers[0].Key != "origem" || *v.Headers[0].Value != "teste" || *v.Headers[1].Value != "" ||
		time.Since(time.UnixMilli(v.Timestamp)) > time.Minute {
		t.Fatalf("json record %+v from %q", v, lines[1])
	}
}

func TestProduceStdin(t *testing.T) {
	addr := devBroker(t)
	tests := []struct {
		name, stdin  string
		args         []string
		consumed     string
		eachLines    int // "record N delivered" lines on stderr
		wantInStderr string
	}{
		{"piped lines report a summary", "a\nb\nc\n", nil, "a\nb\nc\n", 0, "produced 3 of 3 records to "},
		{"report each", "a\nb\n", []string{"--report", "each"}, "a\nb\n", 2, "produced 2 of 2 records"},
		{"key delimiter", "k1:v1\nv2\n", []string{"--key-delimiter", ":"}, "k1: v1\nv2\n", 0, "produced 2 of 2"},
		{"tab delimiter typed as \\t", "k1\tv1\n", []string{"--key-delimiter", `\t`}, "k1: v1\n", 0, "produced 1 of 1 record "},
		{"key for every line", "x\ny\n", []string{"-k", "k"}, "k: x\nk: y\n", 0, "produced 2 of 2"},
		{"nothing on stdin", "", nil, "", 0, "produced 0 of 0 records"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			topic := "stdin" + string(rune('a'+i))
			code, _, errs := kit(t, tt.stdin, append([]string{"produce", topic, "-b", addr}, tt.args...)...)
			if code != 0 {
				t.Fatalf("produce exit %d: %s", code, errs)
			}
			if n := strings.Count(errs, " delivered: "); n != tt.eachLines {
				t.Errorf("%d per-record lines, want %d: %q", n, tt.eachLines, errs)
			}
			if !strings.Contains(errs, tt.wantInStderr) {
				t.Errorf("stderr %q lacks %q", errs, tt.wantInStderr)
			}
			if tt.consumed == "" {
				return
			}
			code, out, errs := kit(t, "", "consume", topic, "-b", addr, "-e")
			if code != 0 || out != tt.consumed {
				t.Fatalf("consume exit %d, stdout %q, want %q; stderr %s", code, out, tt.consumed, errs)
			}
		})
	}
}

// TestUsageErrors: bad flags, properties and values exit 2 with a message
// that names the problem.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badFile := filepath.Join(dir, "bad.properties")
	if err := os.WriteFile(badFile, []byte("# client\nbootstrap.servers=localhost:9092\nlinger.msec=5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown -X with suggestion", []string{"produce", "t", "x", "-X", "compresion.type=zstd"}, `unknown client property "compresion.type" (from -X): did you mean "compression.type"?`},
		{"unknown consumer -X", []string{"consume", "t", "-X", "group.idd=g"}, `did you mean "group.id"?`},
		{"property file names line", []string{"produce", "t", "x", "-F", badFile}, `unknown client property "linger.msec" (from ` + badFile + `:3)`},
		{"missing property file", []string{"consume", "t", "-F", filepath.Join(dir, "nope")}, "-F: unable to read properties file"},
		{"invalid value", []string{"produce", "t", "x", "-X", "acks=most"}, `invalid value "most" for acks (from -X)`},
		{"invalid consumer value", []string{"consume", "t", "-X", "session.timeout.ms=soon"}, `invalid value "soon" for session.timeout.ms`},
		{"unsupported", []string{"produce", "t", "x", "-X", "transactional.id=tx"}, "kafkit does not support client property \"transactional.id\" yet"},
		{"malformed -X", []string{"produce", "t", "x", "-X", "acks"}, `invalid -X "acks": want name=value`},
		{"conflict", []string{"produce", "t", "x", "-X", "acks=0", "-X", "enable.idempotence=true"}, "enable.idempotence=true needs acks=all"},
		{"bad header", []string{"produce", "t", "x", "-H", "novalue"}, `invalid --header "novalue": want key=value`},
		{"key and delimiter", []string{"produce", "t", "-k", "k", "--key-delimiter", ":"}, "-k and --key-delimiter both set the key"},
		{"delimiter with values", []string{"produce", "t", "x", "--key-delimiter", ":"}, "--key-delimiter splits stdin lines"},
		{"empty delimiter", []string{"produce", "t", "--key-delimiter", ""}, "empty --key-delimiter"},
		{"bad report", []string{"produce", "t", "x", "--report", "some"}, `invalid --report "some"`},
		{"bad timeout", []string{"produce", "t", "x", "--timeout", "0s"}, "invalid --timeout 0s"},
		{"no topic", []string{"produce"}, "requires at least 1 arg"},
		{"bad format", []string{"consume", "t", "--format", "yaml"}, `invalid --format "yaml"`},
		{"bad from", []string{"consume", "t", "--from", "oldest"}, `invalid --from "oldest"`},
		{"negative count", []string{"consume", "t", "-n", "-1"}, "invalid --count -1"},
		{"bad broker", []string{"consume", "t", "-b", "host:port"}, `broker "host:port": port "port" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := kit(t, "", tt.args...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d; stderr %q", code, ExitUsage, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Fatalf("stderr %q lacks %q", errs, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

// TestUnreachableBroker: exit 1 with the broker named, within the timeout.
func TestUnreachableBroker(t *testing.T) {
	for _, args := range [][]string{
		{"produce", "t", "x", "-b", "127.0.0.1:1", "--timeout", "3s"},
		{"consume", "t", "-b", "127.0.0.1:1", "--timeout", "3s"},
		{"demo", "-b", "127.0.0.1:1", "--timeout", "3s"},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, _, errs := kit(t, "", args...)
			if code != ExitFailure || !strings.Contains(errs, "unable to reach broker 127.0.0.1:1") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
		})
	}
}

// TestPropertyPrecedence: kafkit defaults < $KAFKIT_BROKERS < -F < -X <
// typed flags.
func TestPropertyPrecedence(t *testing.T) {
	addr := devBroker(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.properties")
	bad := filepath.Join(dir, "bad.properties")
	os.WriteFile(good, []byte("bootstrap.servers = "+addr+"\nacks: all\n"), 0o600)
	os.WriteFile(bad, []byte("bootstrap.servers=127.0.0.1:1\n"), 0o600)

	tests := []struct {
		name string
		env  string
		args []string
		ok   bool
	}{
		{"env", addr, nil, true},
		{"file over env", "127.0.0.1:1", []string{"-F", good}, true},
		{"bad file over good env", addr, []string{"-F", bad}, false},
		{"-X over file", "", []string{"-F", bad, "-X", "bootstrap.servers=" + addr}, true},
		{"-b over -X", "", []string{"-X", "bootstrap.servers=127.0.0.1:1", "-b", addr}, true},
		{"bad -b over good -X", "", []string{"-X", "metadata.broker.list=" + addr, "-b", "127.0.0.1:1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(client.EnvBrokers, tt.env)
			code, _, errs := kit(t, "", append([]string{"produce", "prec", "x", "--timeout", "3s"}, tt.args...)...)
			if (code == 0) != tt.ok {
				t.Fatalf("exit %d (want success %v): %s", code, tt.ok, errs)
			}
		})
	}
}

func TestProduceNotes(t *testing.T) {
	addr := devBroker(t)
	code, _, errs := kit(t, "", "produce", "notes", "x", "-b", addr, "-X", "group.id=g", "-X", "acks=1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"kafkit: note: group.id (from -X) is a consumer property; kafkit produce does not use it\n",
		"kafkit: note: acks=1 turns idempotence off",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
}

// TestProducePartition sends every record to the partition -p names, like
// kcat -P -p; a partition the topic lacks fails the records, exit 1.
func TestProducePartition(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "", "topic", "create", "three", "-b", addr, "-p", "3"); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs := kit(t, "a\nb\nc\n", "produce", "three", "-b", addr, "-p", "2", "-k", "same")
	if code != 0 || !strings.Contains(errs, "partition 2 offsets 0-2") {
		t.Fatalf("-p 2: exit %d, stderr %q", code, errs)
	}
	if code, out, errs := kit(t, "", "consume", "three", "-b", addr, "-p", "2", "-e"); code != 0 || out != "same: a\nsame: b\nsame: c\n" {
		t.Fatalf("partition 2 holds %q (exit %d, %s)", out, code, errs)
	}
	code, _, errs = kit(t, "", "produce", "three", "-b", addr, "-p", "5", "x")
	if code != ExitFailure || !strings.Contains(errs, "record 1 (topic three") || !strings.Contains(errs, "5 from 3 available") {
		t.Fatalf("-p 5: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := kit(t, "", "produce", "three", "-b", addr, "-p", "-1", "x"); code != ExitUsage || !strings.Contains(errs, "invalid --partition -1") {
		t.Fatalf("-p -1: exit %d, stderr %q", code, errs)
	}
}
