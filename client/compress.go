package client

import (
	"bytes"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/twmb/franz-go/pkg/kgo"
)

// adaptiveSnappy is kafkit's codec when compression.type is not set: snappy
// for record batches that compress, none for those that do not.
//
// Kafka marks the codec in each record batch, so a producer may choose it
// batch by batch and every consumer reads the mix. Text, JSON and logs
// often shrink to half or less under snappy, which saves the client, network
// and broker work; random, encrypted or already compressed payloads do not
// shrink, and compressing them only burns the CPU the client needs to keep
// up. franz-go already sends a batch uncompressed when snappy did not make it
// smaller, but only after compressing all of it; here a few samples decide
// first.
type adaptiveSnappy struct {
	snappy kgo.Compressor
	// scratch holds sample outputs; Compress runs on several goroutines
	// (one a broker).
	scratch sync.Pool
}

const (
	// probeSize is the length of each sample, and probes their number,
	// taken from the start, middle and end of a batch. 3 x 4 KiB is about
	// 1% of a full batch; snappy finds repeats within a sample, which is
	// where record batches of text repeat (field names, timestamps).
	probeSize = 4 << 10
	probes    = 3
	// worthIt is the largest compressed share of the samples, in 1/64ths,
	// for which the batch is compressed: 56/64 is a saving of 1/8. Random
	// base64 text comes out at 64/64 under snappy, numbered random lines
	// (bench/run.sh's) at about 61/64, log-like lines at about 28/64.
	worthIt = 56
)

func newAdaptiveSnappy() (*adaptiveSnappy, error) {
	c, err := kgo.DefaultCompressor(kgo.SnappyCompression())
	if err != nil {
		return nil, err
	}
	return &adaptiveSnappy{snappy: c, scratch: sync.Pool{New: func() any {
		b := make([]byte, s2.MaxEncodedLen(probeSize))
		return &b
	}}}, nil
}

// Compress implements kgo.Compressor.
func (a *adaptiveSnappy) Compress(dst *bytes.Buffer, src []byte, flags ...kgo.CompressFlag) ([]byte, kgo.CompressionCodecType) {
	if !a.worthCompressing(src) {
		return src, kgo.CodecNone
	}
	return a.snappy.Compress(dst, src, flags...)
}

// worthCompressing samples src: true when snappy saves at least 1/8 of the
// samples. Batches of up to three samples are judged whole.
func (a *adaptiveSnappy) worthCompressing(src []byte) bool {
	if len(src) < 64 {
		return false // a small batch has nothing to gain
	}
	bp := a.scratch.Get().(*[]byte)
	defer a.scratch.Put(bp)
	in, out := 0, 0
	step := probeSize
	if len(src) > probes*probeSize {
		step = (len(src) - probeSize) / (probes - 1)
	}
	for off := 0; off < len(src) && in < probes*probeSize; off += step {
		sample := src[off:min(off+probeSize, len(src))]
		in += len(sample)
		out += len(s2.EncodeSnappy(*bp, sample))
	}
	return out*64 <= in*worthIt
}
