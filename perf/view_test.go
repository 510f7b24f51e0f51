package perf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
)

func TestViewsGolden(t *testing.T) {
	lat := Latency{Count: 1000000, Min: 0.21, Mean: 3.4567, P50: 2.9, P95: 8.123, P99: 12.5, P999: 40.2, Max: 153.7}
	tests := []struct {
		name string
		view TextWriter
	}{
		{"produce", NewProduceView(&ProduceResult{Topic: "bench", Records: 1000000, Bytes: 100000000, Elapsed: 500 * time.Millisecond, Latency: lat})},
		{"produce_errors", NewProduceView(&ProduceResult{Topic: "bench", Records: 10, Bytes: 1000, Errors: 2, FirstError: errors.New("record of 2000 bytes to topic bench: MESSAGE_TOO_LARGE"), Elapsed: time.Second, Latency: Latency{Count: 10, Min: 1, Mean: 1, P50: 1, P95: 1, P99: 1, P999: 1, Max: 1}})},
		{"consume", NewConsumeView(&ConsumeResult{Records: 1000000, Bytes: 100000000, Partitions: 3, FirstRecord: 120 * time.Millisecond, Elapsed: 920 * time.Millisecond, Lag: Lag{First: 999500, Max: 999500, Last: 0}})},
		{"consume_one_fetch", NewConsumeView(&ConsumeResult{Records: 10, Bytes: 1000, Partitions: 1, FirstRecord: 30 * time.Millisecond, Elapsed: 30 * time.Millisecond, Lag: Lag{First: 5, Max: 5, Last: 5}})},
		{"e2e", NewE2EView(&E2EResult{Topic: "lat", Produced: 10000, Consumed: 10000, Elapsed: 10 * time.Second, Produce: lat, EndToEnd: lat, FromSend: lat})},
		{"e2e_empty", NewE2EView(&E2EResult{Topic: "lat"})},
	}
	for _, tt := range tests {
		for _, format := range []string{"text", "json"} {
			t.Run(tt.name+"_"+format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, format, tt.view); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", tt.name+"."+format+".golden")
				if harness.Update() {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./perf -run Golden -update)", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("output differs from %s:\n%s\nwant:\n%s", golden, buf.Bytes(), want)
				}
			})
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "yaml", NewE2EView(&E2EResult{}))
	if err == nil {
		t.Fatal("format yaml accepted")
	}
}
