package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

// formatRecords are the records of the output goldens: the seed's, no key,
// an empty key, JSON-hostile text, binary bytes and headers.
func formatRecords() []*kgo.Record {
	ts := time.Date(2024, 5, 1, 12, 30, 0, 123e6, time.UTC)
	return []*kgo.Record{
		{Topic: "conversas", Partition: 0, Offset: 0, Timestamp: ts, Key: []byte("chave"),
			Value: []byte("faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor")},
		{Topic: "conversas", Partition: 0, Offset: 1, Timestamp: ts, Value: []byte("sem chave")},
		{Topic: "conversas", Partition: 1, Offset: 7, Timestamp: ts, Key: []byte{}, Value: []byte("chave vazia")},
		{Topic: "t", Partition: 2, Offset: 42, Timestamp: ts, Key: []byte(`"quoted"\`), Value: []byte("tab\there\x01 ção <&> \u2028")},
		{Topic: "t", Partition: 2, Offset: 43, Timestamp: ts, Key: []byte{0xff, 0x00}, Value: []byte{0xde, 0xad, 0xbe, 0xef},
			Headers: []kgo.RecordHeader{{Key: "text", Value: []byte("v")}, {Key: "bin", Value: []byte{0x80}}, {Key: "null"}}},
		{Topic: "t", Partition: 0, Offset: 44, Timestamp: ts, Key: []byte("tombstone")},
	}
}

func TestRecordFormatGolden(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var b strings.Builder
			w := newRecordWriter(&b, format)
			for _, r := range formatRecords() {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "consume", format+".golden")
			if harness.Update() {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("output differs from %s:\n%s\nwant:\n%s", path, b.String(), want)
			}
		})
	}
}

// TestRecordJSONMatchesView keeps the hand-written encoder equal to the
// documented view.
func TestRecordJSONMatchesView(t *testing.T) {
	check := func(r *kgo.Record) {
		t.Helper()
		line := appendRecordJSON(nil, r)
		var got recordView
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("invalid JSON %q: %v", line, err)
		}
		want := newRecordView(r)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("encoded %s\n got %+v\nwant %+v", line, got, want)
		}
	}
	for _, r := range formatRecords() {
		check(r)
	}
	// Every byte value in every position.
	for c := 0; c < 256; c++ {
		b := []byte{'a', byte(c), 'z'}
		check(&kgo.Record{Topic: "t", Key: b, Value: b, Headers: []kgo.RecordHeader{{Key: "h", Value: b}}})
	}
}

func FuzzRecordJSON(f *testing.F) {
	f.Add([]byte("chave"), []byte("valor"), "h", []byte("h"))
	f.Add([]byte{0xff}, []byte("\"\\\n\u2028"), "\xff", []byte(nil))
	f.Fuzz(func(t *testing.T, key, value []byte, hk string, hv []byte) {
		r := &kgo.Record{Topic: "t", Key: key, Value: value, Headers: []kgo.RecordHeader{{Key: hk, Value: hv}}}
		var got recordView
		if err := json.Unmarshal(appendRecordJSON(nil, r), &got); err != nil {
			t.Fatalf("invalid JSON for %q/%q: %v", key, value, err)
		}
		if want := newRecordView(r); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v want %+v", got, want)
		}
	})
}

func TestConsumeCountAndResume(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "1\n2\n3\n4\n5\n", "produce", "nums", "-b", addr); code != 0 {
		t.Fatal(errs)
	}
	tests := []struct {
		args []string
		out  string
		why  string
	}{
		{[]string{"-n", "2"}, "1\n2\n", "reached --count"},
		{[]string{"-n", "2"}, "3\n4\n", "reached --count"},
		{[]string{"-e"}, "5\n", "reached the end"},
		{[]string{"-e"}, "", "reached the end"},                               // resume: nothing old
		{[]string{"-e", "-g", "fresh"}, "1\n2\n3\n4\n5\n", "reached the end"}, // another group
		{[]string{"-e", "-g", "late", "--from", "latest"}, "", "reached the end"},
	}
	for i, tt := range tests {
		code, out, errs := kit(t, "", append([]string{"consume", "nums", "-b", addr}, tt.args...)...)
		if code != 0 || out != tt.out || !strings.Contains(errs, tt.why) {
			t.Fatalf("run %d %v: exit %d, stdout %q (want %q), stderr %q", i, tt.args, code, out, tt.out, errs)
		}
	}
}

func TestConsumeMissingTopicWithExitAtEnd(t *testing.T) {
	addr := devBroker(t)
	code, _, errs := kit(t, "", "consume", "nope", "-b", addr, "-e")
	if code != ExitFailure || !strings.Contains(errs, "topic nope does not exist") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestConsumeBinaryJSON(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "k\x01:\xff\xfe\n", "produce", "bin", "-b", addr, "--key-delimiter", ":"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := kit(t, "", "consume", "bin", "-b", addr, "-e", "--format", "json")
	if code != 0 {
		t.Fatal(errs)
	}
	var v recordView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if *v.Key != "k\x01" || v.KeyEncoding != "" || *v.Value != "//4=" || v.ValueEncoding != "base64" {
		t.Fatalf("view %+v from %q", v, out)
	}
}

// cancellingWriter fails every write and cancels the command's context at
// the same time, like a pipe closed by the Ctrl-C that also reaches kafkit.
type cancellingWriter struct{ cancel context.CancelFunc }

func (w cancellingWriter) Write([]byte) (int, error) {
	w.cancel()
	return 0, errors.New("broken pipe")
}

// TestConsumeOutputFailsWhileInterrupted: an output error that comes with
// an interruption is reported (exit 1), not hidden behind exit 130 and a
// claim that offsets were committed.
func TestConsumeOutputFailsWhileInterrupted(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "1\n2\n3\n", "produce", "nums", "-b", addr); code != 0 {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ctx, interrupt := context.WithCancel(ctx)
	var errb bytes.Buffer
	code := Run(ctx, []string{"consume", "nums", "-b", addr}, &IO{In: strings.NewReader(""), Out: cancellingWriter{interrupt}, Err: &errb})
	errs := errb.String()
	if code != ExitFailure || !strings.Contains(errs, "writing records: broken pipe") || strings.Contains(errs, "offsets committed") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	code, out, errs := kit(t, "", "consume", "nums", "-b", addr, "-e")
	if code != 0 || out != "1\n2\n3\n" {
		t.Fatalf("next run: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestConsumeDirect reads partitions with -p/-o, like kcat: no group, and
// nothing committed (a group read afterwards still starts at the beginning).
func TestConsumeDirect(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "1\n2\n3\n4\n5\n", "produce", "nums", "-b", addr); code != 0 {
		t.Fatal(errs)
	}
	tests := []struct {
		args []string
		out  string
		why  string
	}{
		{[]string{"-p", "0", "-e"}, "1\n2\n3\n4\n5\n", "from nums directly, without a group, reached the end"},
		{[]string{"-o", "-2", "-e"}, "4\n5\n", "reached the end"},
		{[]string{"-o", "3", "-e"}, "4\n5\n", "reached the end"},
		{[]string{"-o", "end", "-e"}, "", "reached the end"},
		{[]string{"-o", "beginning", "-n", "2"}, "1\n2\n", "reached --count"},
		{[]string{"-p", "0", "-o", "@0", "-n", "1"}, "1\n", "reached --count"},
	}
	for _, tt := range tests {
		code, out, errs := kit(t, "", append([]string{"consume", "nums", "-b", addr}, tt.args...)...)
		if code != 0 || out != tt.out || !strings.Contains(errs, tt.why) {
			t.Fatalf("%v: exit %d, stdout %q (want %q), stderr %q", tt.args, code, out, tt.out, errs)
		}
	}
	// Nothing was committed for the default group.
	if code, out, errs := kit(t, "", "consume", "nums", "-b", addr, "-e"); code != 0 || out != "1\n2\n3\n4\n5\n" {
		t.Fatalf("group read after direct reads: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	// Group properties from -X are noted, not used.
	code, _, errs := kit(t, "", "consume", "nums", "-b", addr, "-o", "end", "-e", "-X", "group.id=g", "-X", "enable.auto.commit=false")
	if code != 0 || !strings.Contains(errs, "group.id (from -X) only applies to a group; -p and -o read partitions directly") ||
		!strings.Contains(errs, "enable.auto.commit (from -X) only applies to a group") {
		t.Fatalf("-X group properties: exit %d, stderr %q", code, errs)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-p", "3", "-e"}, ExitFailure, "topic nums has no partition 3 (it has 0 to 0)"},
		{[]string{"-p", "-1"}, ExitUsage, "invalid --partition -1"},
		{[]string{"-o", "soon"}, ExitUsage, `-o: invalid offset "soon"`},
		{[]string{"-o", ""}, ExitUsage, `-o: invalid offset ""`},
		{[]string{"-o", "end", "-g", "g"}, ExitUsage, "--group is for reading as a group"},
		{[]string{"-p", "0", "--from", "latest"}, ExitUsage, "--from is for reading as a group"},
	} {
		code, _, errs := kit(t, "", append([]string{"consume", "nums", "-b", addr}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Fatalf("%v: exit %d, stderr %q, want %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}
