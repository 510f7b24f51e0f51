package client

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/twmb/franz-go/pkg/kgo"
)

// logLines returns n log-like lines: what snappy should compress.
func logLines(n int) []byte {
	var b bytes.Buffer
	levels := []string{"INFO", "WARN", "DEBUG", "ERROR"}
	for i := range n {
		fmt.Fprintf(&b, "2026-11-24T10:%02d:%02d.%03dZ %-5s orders user=u%05d item=i%05d qty=%d\n",
			i/60%60, i%60, i%1000, levels[i%4], i*7919%100000, i*104729%100000, 1+i%9)
	}
	return b.Bytes()
}

// randomText returns n bytes of base64 of random bytes: text that snappy
// cannot shrink by much.
func randomText(n int) []byte {
	raw := make([]byte, n)
	_, _ = rand.Read(raw)
	return []byte(base64.StdEncoding.EncodeToString(raw))[:n]
}

func TestAdaptiveSnappy(t *testing.T) {
	c, err := newAdaptiveSnappy()
	if err != nil {
		t.Fatal(err)
	}
	mixed := append(randomText(600<<10), logLines(5000)...) // random first, compressible after
	tests := []struct {
		name string
		src  []byte
		want kgo.CompressionCodecType
	}{
		{"log lines, a full batch", logLines(12000), kgo.CodecSnappy},
		{"log lines, one sample", logLines(20), kgo.CodecSnappy},
		{"repeated bytes", bytes.Repeat([]byte("a"), 1<<20), kgo.CodecSnappy},
		{"random text, a full batch", randomText(1 << 20), kgo.CodecNone},
		{"random text, one sample", randomText(3000), kgo.CodecNone},
		{"tiny", []byte("chave"), kgo.CodecNone},
		// The samples are judged together: two random ones (64/64 each)
		// and one of log lines (about 28/64) average under 56/64.
		{"random then log lines", mixed, kgo.CodecSnappy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dst bytes.Buffer
			out, codec := c.Compress(&dst, tt.src)
			if codec != tt.want {
				t.Fatalf("codec %d, want %d (%d bytes in, %d out)", codec, tt.want, len(tt.src), len(out))
			}
			if codec == kgo.CodecNone {
				if &out[0] != &tt.src[0] || len(out) != len(tt.src) {
					t.Fatal("an uncompressed batch must be returned as it is")
				}
				return
			}
			back, err := s2.Decode(nil, out)
			if err != nil || !bytes.Equal(back, tt.src) {
				t.Fatalf("snappy output does not decode to the input (err %v)", err)
			}
			if len(out) >= len(tt.src) {
				t.Fatalf("compressed %d bytes to %d", len(tt.src), len(out))
			}
		})
	}
}

// TestDefaultCompressionPerBatch produces through kafkit's default
// configuration and reads the codec each batch arrived with: the log lines
// compressed, the random text not, and every record intact.
func TestDefaultCompressionPerBatch(t *testing.T) {
	b := newBroker(t)
	ctx := testCtx(t)
	cases := []struct {
		topic string
		lines []byte
		want  kgo.CompressionCodecType
	}{
		{"logs", logLines(20000), kgo.CodecSnappy},
		// Numbered like bench/run.sh's lines: consecutive records share
		// the leading digits of their numbers, so snappy saves a few
		// percent of each batch and franz-go's own default (snappy
		// whenever it is smaller at all) would compress them.
		{"random", func() []byte {
			var buf bytes.Buffer
			for i := range 20000 {
				fmt.Fprintf(&buf, "%08d%s\n", i, randomText(92))
			}
			return buf.Bytes()
		}(), kgo.CodecNone},
	}
	for _, tc := range cases {
		t.Run(tc.topic, func(t *testing.T) {
			_, cl := producerFor(t, b.Addr())
			st, err := Produce(ctx, cl, ProduceInput{Topic: tc.topic, Lines: bytes.NewReader(tc.lines)}, ProduceOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Split(strings.TrimSuffix(string(tc.lines), "\n"), "\n")
			if st.Delivered != int64(len(want)) {
				t.Fatalf("delivered %d of %d", st.Delivered, len(want))
			}
			recs := readAll(t, b.Addr(), tc.topic, len(want))
			inWanted := 0
			for i, r := range recs {
				if string(r.Value) != want[i] {
					t.Fatalf("record %d is %q, want %q", i, r.Value, want[i])
				}
				switch kgo.CompressionCodecType(r.Attrs.CompressionType()) {
				case tc.want:
					inWanted++
				case kgo.CodecNone, kgo.CodecSnappy:
				default:
					t.Fatalf("record %d arrived with codec %d", i, r.Attrs.CompressionType())
				}
			}
			// How the records are cut into batches depends on timing; a
			// batch of a record or two may not compress. The bulk must
			// go as wanted.
			if inWanted < len(recs)*9/10 {
				t.Fatalf("%d of %d records arrived with codec %d, want at least 90%%", inWanted, len(recs), tc.want)
			}
		})
	}
}

func BenchmarkAdaptiveSnappy(b *testing.B) {
	c, err := newAdaptiveSnappy()
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range []struct {
		name string
		src  []byte
	}{{"random", randomText(1 << 20)}, {"logs", logLines(12000)}} {
		b.Run(in.name, func(b *testing.B) {
			var dst bytes.Buffer
			b.SetBytes(int64(len(in.src)))
			for b.Loop() {
				dst.Reset()
				c.Compress(&dst, in.src)
			}
		})
	}
}
