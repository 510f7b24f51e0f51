package cli

import (
	"io"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// The consume loop formats every record it prints; these are its costs per
// record for the seed's text format and for JSON.

func benchRecord(value []byte) *kgo.Record {
	return &kgo.Record{
		Topic:     "conversas",
		Partition: 3,
		Offset:    123456789,
		Timestamp: time.UnixMilli(1700000000000),
		Key:       []byte("chave"),
		Value:     value,
		Headers:   []kgo.RecordHeader{{Key: "origin", Value: []byte("cli")}},
	}
}

var benchValue = []byte("faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor!!")

func BenchmarkAppendRecordText(b *testing.B) {
	r := benchRecord(benchValue)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = appendRecordText(buf[:0], r)
	}
}

func BenchmarkAppendRecordJSON(b *testing.B) {
	r := benchRecord(benchValue)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = appendRecordJSON(buf[:0], r)
	}
}

// BenchmarkAppendRecordJSONBinary formats a value that is not UTF-8 (base64).
func BenchmarkAppendRecordJSONBinary(b *testing.B) {
	v := make([]byte, len(benchValue))
	for i := range v {
		v[i] = byte(i*37) | 0x80
	}
	r := benchRecord(v)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = appendRecordJSON(buf[:0], r)
	}
}

// BenchmarkRecordWriterText is the sink kafkit consume writes through:
// format, buffer, flush per poll (here every 1000 records).
func BenchmarkRecordWriterText(b *testing.B) {
	r := benchRecord(benchValue)
	w := newRecordWriter(io.Discard, "text")
	b.SetBytes(int64(len(appendRecordText(nil, r))))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := w.Write(r); err != nil {
			b.Fatal(err)
		}
		if i++; i%1000 == 0 {
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
