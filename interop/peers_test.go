package interop

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
)

// rec is a record as the peers and kafkit's JSON output give it, with
// bytes decoded: nil is an absent (null) key or value.
type rec struct {
	Key, Value []byte
	Headers    [][2][]byte
}

func (r rec) String() string {
	s := fmt.Sprintf("key=%q value=%q", r.Key, r.Value)
	if r.Key == nil {
		s = fmt.Sprintf("key=null value=%q", r.Value)
	}
	if r.Value == nil {
		s = strings.Replace(s, "value=\"\"", "value=null", 1)
	}
	for _, h := range r.Headers {
		s += fmt.Sprintf(" %s=%q", h[0], h[1])
	}
	return s
}

func recsString(rs []rec) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// peerJSON is a record as peer.py reads and writes it: base64 bytes.
type peerJSON struct {
	Key     *string `json:"key"`
	Value   *string `json:"value"`
	Headers []struct {
		Key   string  `json:"key"`
		Value *string `json:"value"`
	} `json:"headers"`
}

func b64(b []byte) *string {
	if b == nil {
		return nil
	}
	s := base64.StdEncoding.EncodeToString(b)
	return &s
}

func unb64(t *testing.T, s *string) []byte {
	t.Helper()
	if s == nil {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(*s)
	if err != nil {
		t.Fatal(err)
	}
	if b == nil {
		b = []byte{}
	}
	return b
}

func peerLines(t *testing.T, rs []rec) string {
	t.Helper()
	var b strings.Builder
	for _, r := range rs {
		var p peerJSON
		p.Key, p.Value = b64(r.Key), b64(r.Value)
		for _, h := range r.Headers {
			p.Headers = append(p.Headers, struct {
				Key   string  `json:"key"`
				Value *string `json:"value"`
			}{string(h[0]), b64(h[1])})
		}
		j, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

func parsePeerLines(t *testing.T, out string) []rec {
	t.Helper()
	var rs []rec
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		var p peerJSON
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		r := rec{Key: unb64(t, p.Key), Value: unb64(t, p.Value)}
		for _, h := range p.Headers {
			r.Headers = append(r.Headers, [2][]byte{[]byte(h.Key), unb64(t, h.Value)})
		}
		rs = append(rs, r)
	}
	return rs
}

// kafkitJSON is a record as kafkit consume --format json prints it.
type kafkitJSON struct {
	Key           *string `json:"key"`
	KeyEncoding   string  `json:"key_encoding"`
	Value         *string `json:"value"`
	ValueEncoding string  `json:"value_encoding"`
	Headers       []struct {
		Key           string  `json:"key"`
		Value         *string `json:"value"`
		ValueEncoding string  `json:"value_encoding"`
	} `json:"headers"`
}

func kafkitBytes(t *testing.T, s *string, encoding string) []byte {
	t.Helper()
	if s == nil {
		return nil
	}
	if encoding == "base64" {
		return unb64(t, s)
	}
	return []byte(*s)
}

func parseKafkitJSON(t *testing.T, out string) []rec {
	t.Helper()
	var rs []rec
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		var k kafkitJSON
		if err := json.Unmarshal([]byte(l), &k); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		r := rec{Key: kafkitBytes(t, k.Key, k.KeyEncoding), Value: kafkitBytes(t, k.Value, k.ValueEncoding)}
		for _, h := range k.Headers {
			r.Headers = append(r.Headers, [2][]byte{[]byte(h.Key), kafkitBytes(t, h.Value, h.ValueEncoding)})
		}
		rs = append(rs, r)
	}
	return rs
}

// peerRecords are what the peers write for kafkit to read: text, UTF-8
// beyond ASCII, bytes that are not UTF-8, an empty value, a null value (a
// tombstone), a null key, headers.
var peerRecords = []rec{
	{Key: []byte("chave"), Value: []byte("faco o que eu posso com o que tenho no momento"), Headers: [][2][]byte{{[]byte("origem"), []byte("peer")}}},
	{Key: []byte("acentuação"), Value: []byte("não, é só o começo ✓")},
	{Key: []byte{0xff, 0x00, 0x01}, Value: []byte{0x00, 0xfe, 0x80, '\n', 0x7f}, Headers: [][2][]byte{{[]byte("bin"), []byte{0xc3, 0x28}}, {[]byte("vazio"), []byte{}}}},
	{Key: []byte("vazia"), Value: []byte{}},
	{Key: []byte("apagada"), Value: nil},
	{Key: nil, Value: []byte("sem chave")},
}

// kafkitLines is what kafkit produce writes from stdin with
// --key-delimiter '\t' -H origem=kafkit, and the records it makes.
var (
	kafkitLines   = "chave\tvalor\nacentuação\tnão ✓\n\xff\xfe\t\x00\x80bin\nsem-valor\t\nsem chave\n"
	kafkitRecords = []rec{
		{Key: []byte("chave"), Value: []byte("valor")},
		{Key: []byte("acentuação"), Value: []byte("não ✓")},
		{Key: []byte{0xff, 0xfe}, Value: []byte{0x00, 0x80, 'b', 'i', 'n'}},
		{Key: []byte("sem-valor"), Value: []byte{}},
		{Key: nil, Value: []byte("sem chave")},
	}
)

func withHeader(rs []rec, k, v string) []rec {
	out := make([]rec, len(rs))
	for i, r := range rs {
		r.Headers = append(append([][2][]byte(nil), r.Headers...), [2][]byte{[]byte(k), []byte(v)})
		out[i] = r
	}
	return out
}

// TestPythonPeers: confluent-kafka, the pinned PyPI release and Debian's
// 1.7.0, writes records kafkit reads byte for byte, and reads kafkit's.
func TestPythonPeers(t *testing.T) {
	for _, py := range []struct {
		name string
		find func(testing.TB) string
	}{{"pypi", harness.PythonCK}, {"debian", harness.DebianPythonCK}} {
		t.Run(py.name, func(t *testing.T) {
			python := py.find(t)
			version := strings.TrimSpace(mustRun(testCtx(t, time.Minute), t, "", python, "-c", "import confluent_kafka; print(confluent_kafka.version()[0], confluent_kafka.libversion()[0])"))
			t.Logf("confluent-kafka %s (librdkafka %s) from %s", strings.Fields(version)[0], strings.Fields(version)[1], python)
			harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
				ctx := testCtx(t, 2*time.Minute)
				topic := topicOn(t, b, 1, nil)
				mustRun(ctx, t, peerLines(t, peerRecords), python, "testdata/peer.py", "produce", b.Addr, topic)
				out := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t), "--format", "json")
				if got := recsString(parseKafkitJSON(t, out)); got != recsString(peerRecords) {
					t.Fatalf("kafkit read Python's records as\n%s\nwant\n%s", got, recsString(peerRecords))
				}

				topic = topicOn(t, b, 1, nil)
				mustKafkit(ctx, t, kafkitLines, "produce", topic, "-b", b.Addr, "--key-delimiter", `\t`, "-H", "origem=kafkit")
				out = mustRun(ctx, t, "", python, "testdata/peer.py", "consume", b.Addr, topic, fmt.Sprint(len(kafkitRecords)), harness.TopicName(t))
				want := withHeader(kafkitRecords, "origem", "kafkit")
				if got := recsString(parsePeerLines(t, out)); got != recsString(want) {
					t.Fatalf("Python read kafkit's records as\n%s\nwant\n%s", got, recsString(want))
				}
			})
		})
	}
}

// javaTool runs one of Apache Kafka's console tools to completion.
func javaTool(ctx context.Context, t *testing.T, d *harness.Dist, stdin, name string, args ...string) string {
	t.Helper()
	cmd := d.Tool(t, ctx, name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, errb.String())
	}
	return out.String()
}

// TestJavaConsolePeers: Kafka's own console producer writes records (keys,
// headers, a null value through its null.marker) that kafkit reads, and its
// console consumer prints kafkit's records as kafkit was given them.
func TestJavaConsolePeers(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, 3*time.Minute)
		topic := topicOn(t, b, 1, nil)
		// Headers, key and value separated by tabs; headers h:v joined
		// by commas; NULL marks a null key or value.
		in := "origem:java\tchave\tfaco o que eu posso\n" +
			"a:1,b:2\tacentuação\tnão ✓\n" +
			"NULL\tapagada\tNULL\n" +
			"NULL\tNULL\tsem chave\n"
		javaTool(ctx, t, d, in, "kafka-console-producer", "--bootstrap-server", b.Addr, "--topic", topic,
			"--property", "parse.key=true", "--property", "parse.headers=true", "--property", "null.marker=NULL",
			"--producer-property", "acks=all")
		want := []rec{
			{Key: []byte("chave"), Value: []byte("faco o que eu posso"), Headers: [][2][]byte{{[]byte("origem"), []byte("java")}}},
			{Key: []byte("acentuação"), Value: []byte("não ✓"), Headers: [][2][]byte{{[]byte("a"), []byte("1")}, {[]byte("b"), []byte("2")}}},
			{Key: []byte("apagada"), Value: nil},
			{Key: nil, Value: []byte("sem chave")},
		}
		out := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-e", "-g", harness.TopicName(t), "--format", "json")
		if got := recsString(parseKafkitJSON(t, out)); got != recsString(want) {
			t.Fatalf("kafkit read the console producer's records as\n%s\nwant\n%s", got, recsString(want))
		}

		topic = topicOn(t, b, 1, nil)
		mustKafkit(ctx, t, "chave\tvalor\nacentuação\tnão ✓\nsem chave\n", "produce", topic, "-b", b.Addr, "--key-delimiter", `\t`, "-H", "origem=kafkit")
		out = javaTool(ctx, t, d, "", "kafka-console-consumer", "--bootstrap-server", b.Addr, "--topic", topic,
			"--from-beginning", "--max-messages", "3", "--timeout-ms", "60000", "--group", harness.TopicName(t),
			"--property", "print.key=true", "--property", "print.headers=true", "--property", "null.literal=NULL")
		if want := "origem:kafkit\tchave\tvalor\norigem:kafkit\tacentuação\tnão ✓\norigem:kafkit\tNULL\tsem chave\n"; out != want {
			t.Fatalf("the console consumer printed %q, want %q", out, want)
		}
	})
}

// TestSeedPrograms runs the seed's two Python programs as the seed describes
// them (topic conversas, group meu-grupo, the seed's record) with each
// Python: produtor.py writes, kafkit reads it; kafkit writes the seed's
// record and one without key, and consumidor.py reads all three. On the
// shared broker the second Python's run finds the first one's records, and
// the group meu-grupo's commits, which it starts after.
func TestSeedPrograms(t *testing.T) {
	for _, py := range []struct {
		name string
		find func(testing.TB) string
	}{{"pypi", harness.PythonCK}, {"debian", harness.DebianPythonCK}} {
		t.Run(py.name, func(t *testing.T) {
			python := py.find(t)
			harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
				ctx := testCtx(t, 3*time.Minute)
				code, out, errs := run(ctx, t, "", python, "testdata/produtor.py", b.Addr)
				if code != 0 {
					t.Fatalf("produtor.py: exit %d: %s %s", code, out, errs)
				}
				// The topic's last record (it has one partition).
				if got := mustKafkit(ctx, t, "", "consume", "conversas", "-b", b.Addr, "-o", "-1", "-e"); got != seedLine+"\n" {
					t.Fatalf("kafkit consume read %q after produtor.py", got)
				}
				mustKafkit(ctx, t, "", "produce", "conversas", "-b", b.Addr, "-k", "chave",
					"faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor")
				mustKafkit(ctx, t, "", "produce", "conversas", "-b", b.Addr, "sem chave")
				code, out, errs = run(ctx, t, "", python, "testdata/consumidor.py", b.Addr, "3")
				if code != 0 {
					t.Fatalf("consumidor.py: exit %d: %s %s", code, out, errs)
				}
				if want := seedLine + "\n" + seedLine + "\nsem chave\n"; out != want {
					t.Fatalf("consumidor.py printed %q, want %q", out, want)
				}
				// kafkit in another group reads what consumidor.py read.
				got := mustKafkit(ctx, t, "", "consume", "conversas", "-b", b.Addr, "-o", "-3", "-e")
				if got != seedLine+"\n"+seedLine+"\nsem chave\n" {
					t.Fatalf("kafkit read %q", got)
				}
			})
		})
	}
}
