package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

// roundTripRecords are records that JSON has to work for: no key, an
// empty key, binary keys, values and headers, a null value, text with
// newlines, quotes and accents, repeated header names, old timestamps.
func roundTripRecords(t *testing.T, partitions int32) []*kgo.Record {
	big := make([]byte, 200<<10)
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	recs := []*kgo.Record{
		{Key: []byte("chave"), Value: []byte("faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor")},
		{Value: []byte("no key")},
		{Key: []byte{}, Value: []byte{}},
		{Key: []byte{0xff, 0x00, 0x80}, Value: []byte{0, 1, 2, 0xfe, 0xff, '\n', '"'}},
		{Key: []byte("tombstone")},
		{Key: []byte("texto"), Value: []byte("linha 1\nlinha 2\t\"aspas\" \\ olá ção \u2028 \x01")},
		{Key: []byte("headers"), Value: []byte("v"), Headers: []kgo.RecordHeader{
			{Key: "origem", Value: []byte("teste")}, {Key: "bin", Value: []byte{0xc3, 0x28}}, {Key: "origem", Value: []byte("again")},
			{Key: "empty", Value: []byte{}}, {Key: "null"},
		}},
		{Key: []byte("big"), Value: big},
	}
	for i, r := range recs {
		r.Timestamp = time.UnixMilli(1600000000000 + int64(i)*1000)
		r.Partition = int32(i) % partitions
	}
	return recs
}

// consumeJSONLines reads topic directly from the beginning and returns its
// JSON lines sorted (by partition and offset, which lead each line), with
// the topic name replaced by TOPIC.
func consumeJSONLines(t *testing.T, addr, topic string) []string {
	t.Helper()
	code, out, errs := kit(t, "", "consume", topic, "-b", addr, "-o", "beginning", "-e", "--format", "json")
	if code != ExitOK {
		t.Fatalf("consume %s: exit %d, stderr %q", topic, code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(strings.ReplaceAll(out, `"topic":"`+topic+`"`, `"topic":"TOPIC"`), "\n"), "\n")
	sort.Strings(lines)
	return lines
}

// TestProduceJSONRoundTrip copies topics with consume --format json piped
// into produce --format json, on kfake and on Apache Kafka: the copy reads
// back byte for byte as the original, binary keys, values and headers,
// null values and timestamps included.
func TestProduceJSONRoundTrip(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		for _, tc := range []struct {
			name       string
			partitions int32
			args       []string
		}{
			{"by key", 1, nil},
			{"keep partitions", 3, []string{"--keep-partitions"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				src, dst := harness.TopicName(t), harness.TopicName(t)
				harness.CreateTopic(t, b.Addr, src, tc.partitions, 1, nil)
				harness.CreateTopic(t, b.Addr, dst, tc.partitions, 1, nil)
				cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr), kgo.DefaultProduceTopic(src), kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchMaxBytes(1<<20))
				if err != nil {
					t.Fatal(err)
				}
				defer cl.Close()
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				recs := roundTripRecords(t, tc.partitions)
				for _, r := range recs {
					if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
						t.Fatal(err)
					}
				}

				code, dump, errs := kit(t, "", "consume", src, "-b", b.Addr, "-e", "-g", src+"-copy", "--format", "json")
				if code != ExitOK || strings.Count(dump, "\n") != len(recs) {
					t.Fatalf("consume: exit %d, stderr %q, %d lines", code, errs, strings.Count(dump, "\n"))
				}
				code, _, errs = kit(t, dump, append([]string{"produce", dst, "-b", b.Addr, "--format", "json"}, tc.args...)...)
				if code != ExitOK || !strings.Contains(errs, "produced 8 of 8 records") {
					t.Fatalf("produce --format json: exit %d, stderr %q", code, errs)
				}

				want, got := consumeJSONLines(t, b.Addr, src), consumeJSONLines(t, b.Addr, dst)
				if len(got) != len(recs) || strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Fatalf("the copy differs:\n%s\nwant:\n%s", clipLines(got), clipLines(want))
				}

				// And the bytes themselves, read by franz-go.
				rd, err := kgo.NewClient(kgo.SeedBrokers(b.Addr), kgo.ConsumeTopics(dst), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
				if err != nil {
					t.Fatal(err)
				}
				defer rd.Close()
				var copied []*kgo.Record
				for len(copied) < len(recs) && ctx.Err() == nil {
					copied = append(copied, rd.PollFetches(ctx).Records()...)
				}
				byTime := map[int64]*kgo.Record{}
				for _, r := range copied {
					byTime[r.Timestamp.UnixMilli()] = r
				}
				for i, w := range recs {
					g := byTime[w.Timestamp.UnixMilli()]
					if g == nil || !bytes.Equal(g.Key, w.Key) || (g.Key == nil) != (w.Key == nil) || !bytes.Equal(g.Value, w.Value) ||
						(g.Value == nil) != (w.Value == nil) || len(g.Headers) != len(w.Headers) || (tc.partitions > 1 && g.Partition != w.Partition) {
						t.Fatalf("record %d: got %+v, want %+v", i, g, w)
					}
					for j := range w.Headers {
						if g.Headers[j].Key != w.Headers[j].Key || !bytes.Equal(g.Headers[j].Value, w.Headers[j].Value) {
							t.Fatalf("record %d header %d: got %+v, want %+v", i, j, g.Headers[j], w.Headers[j])
						}
					}
				}
			})
		}
	})
}

func clipLines(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if len(l) > 300 {
			l = l[:300] + "..."
		}
		out[i] = l
	}
	return strings.Join(out, "\n")
}

func TestProduceJSONErrors(t *testing.T) {
	addr := devBroker(t)
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"key with json", "", []string{"--format", "json", "-k", "x"}, ExitUsage, "--key: with --format json"},
		{"value-file with json", "", []string{"--format", "json", "--value-file", "x"}, ExitUsage, "--value-file: with --format json"},
		{"keep without json", "", []string{"--keep-partitions", "v"}, ExitUsage, "--keep-partitions takes"},
		{"bad format", "", []string{"--format", "avro", "v"}, ExitUsage, `invalid --format "avro"`},
		{"unknown field", `{"vaule":"x"}`, []string{"--format", "json"}, ExitFailure, `record 1: invalid record: json: unknown field "vaule"`},
		{"bad base64", `{"value":"!!","value_encoding":"base64"}`, []string{"--format", "json"}, ExitFailure, "record 1: value: invalid base64"},
		{"bad encoding", `{"value":"x","value_encoding":"hex"}`, []string{"--format", "json"}, ExitFailure, `value_encoding "hex"`},
		{"broken json", "{\"value\":\"a\"}\n{\"value\":", []string{"--format", "json"}, ExitFailure, "record 2: invalid record"},
		{"no partition", `{"value":"x"}`, []string{"--format", "json", "--keep-partitions"}, ExitFailure, "the record has no partition"},
		{"missing file", "", []string{"--value-file", "/nonexistent/file"}, ExitUsage, "--value-file: open /nonexistent/file"},
		{"value-file and args", "", []string{"--value-file", "x", "v"}, ExitUsage, "--value-file and VALUE arguments"},
	} {
		code, _, errs := kit(t, tc.stdin, append([]string{"produce", "errs", "-b", addr}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stderr %q, want %d and %q", tc.name, code, errs, tc.code, tc.want)
		}
	}
	// The records before a bad one are sent, and said so.
	code, _, errs := kit(t, "{\"value\":\"a\"}\n{\"value\":1}\n", "produce", "partial", "-b", addr, "--format", "json")
	if code != ExitFailure || !strings.Contains(errs, "produced 1 of 1 record") || !strings.Contains(errs, "record 2") {
		t.Fatalf("partial: exit %d, stderr %q", code, errs)
	}
	// JSON objects as VALUE arguments.
	if code, _, errs := kit(t, "", "produce", "args", "-b", addr, "--format", "json", `{"key":"k","value":"v","timestamp":1000}`, `{"value":null,"timestamp":2000}`); code != ExitOK {
		t.Fatalf("json arguments: %s", errs)
	}
	code, out, errs := kit(t, "", "consume", "args", "-b", addr, "-o", "beginning", "-e", "-f", `%k|%s|%S|%T\n`)
	if code != ExitOK || out != "k|v|1|1000\n||-1|2000\n" {
		t.Fatalf("json arguments read back: exit %d, stderr %q, stdout %q", code, errs, out)
	}
}

// TestProduceValueFile sends a binary file as one record and reads it back
// unchanged, from a file and from stdin.
func TestProduceValueFile(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		topic := harness.TopicName(t)
		harness.CreateTopic(t, b.Addr, topic, 1, 1, nil)
		data := make([]byte, 300<<10)
		if _, err := rand.Read(data); err != nil {
			t.Fatal(err)
		}
		data[0], data[len(data)-1] = '\n', '\n'
		path := filepath.Join(t.TempDir(), "blob.bin")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, errs := kit(t, "", "produce", topic, "-b", b.Addr, "-k", "blob", "-H", "type=bin", "--value-file", path); code != ExitOK || !strings.Contains(errs, "record 1 delivered") {
			t.Fatalf("--value-file: exit %d, stderr %q", code, errs)
		}
		if code, _, errs := kit(t, string(data[:1000]), "produce", topic, "-b", b.Addr, "--value-file", "-"); code != ExitOK {
			t.Fatalf("--value-file -: exit %d, stderr %q", code, errs)
		}
		code, out, errs := kit(t, "", "consume", topic, "-b", b.Addr, "-o", "beginning", "-e", "-f", `%k|%h|%s`)
		if want := "blob|type=bin|" + string(data) + "||" + string(data[:1000]); code != ExitOK || out != want {
			t.Fatalf("read back: exit %d, stderr %q, %d bytes, want %d", code, errs, len(out), len(want))
		}
	})
}
