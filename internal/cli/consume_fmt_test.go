package cli

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

func TestRecordFormat(t *testing.T) {
	r := &kgo.Record{Topic: "conversas", Partition: 2, Offset: 41, Key: []byte("chave"), Value: []byte("olá"),
		Timestamp: time.UnixMilli(1764000000123), Headers: []kgo.RecordHeader{{Key: "a", Value: []byte("1")}, {Key: "b"}}}
	bare := &kgo.Record{Topic: "t", Timestamp: time.UnixMilli(5)}
	for _, tc := range []struct {
		format string
		r      *kgo.Record
		want   string
	}{
		{`%t [%p] at offset %o: key %k: %s\n`, r, "conversas [2] at offset 41: key chave: olá\n"},
		{`%T|%K|%S|%h`, r, "1764000000123|5|4|a=1,b="},
		{`%k%s|%K|%S|%h|\t\\\r`, bare, "|-1|-1||\t\\\r"},
		{`100%% %s\x41\x0a`, r, "100% oláA\n"},
		{`%R`, r, "\x00\x00\x00\x04"},
		{`%R`, bare, "\xff\xff\xff\xff"},
		{`plain`, r, "plain"},
	} {
		f, err := parseRecordFormat(tc.format)
		if err != nil {
			t.Fatalf("%q: %v", tc.format, err)
		}
		if got := string(f.append(nil, tc.r)); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.format, got, tc.want)
		}
	}
	for format, want := range map[string]string{
		`%x`:    "unknown field %x",
		`50%`:   "lone %",
		`a\`:    `lone \`,
		`\q`:    `unknown escape \q`,
		`\xZZ`:  "two hex digits",
		`\x4`:   "two hex digits",
		`%s %z`: "unknown field %z",
	} {
		if _, err := parseRecordFormat(format); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", format, err, want)
		}
	}
	addr := devBroker(t)
	for _, args := range [][]string{{"-f", "%x"}, {"-f", ""}, {"-f", "%s", "--format", "json"}} {
		if code, _, errs := kit(t, "", append([]string{"consume", "t", "-e", "-b", addr}, args...)...); code != ExitUsage || !strings.Contains(errs, "-f") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// TestConsumeFormatMatchesKcat reads the same records with kcat -f and
// kafkit consume -f, on kfake and on Apache Kafka: byte for byte the same.
func TestConsumeFormatMatchesKcat(t *testing.T) {
	kcat := harness.Kcat(t)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		topic := harness.TopicName(t)
		harness.CreateTopic(t, b.Addr, topic, 1, 1, nil)
		cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		recs := []*kgo.Record{
			{Topic: topic, Key: []byte("chave"), Value: []byte("faco o que eu posso"), Headers: []kgo.RecordHeader{{Key: "origem", Value: []byte("teste")}, {Key: "n", Value: []byte("2")}}},
			{Topic: topic, Value: []byte("no key")},
			{Topic: topic, Key: []byte("k"), Value: []byte{0, 1, 0xfe, 0xff, '\n'}},
			{Topic: topic, Key: []byte("tombstone")},
			{Topic: topic, Key: []byte(""), Value: []byte("")},
		}
		for i, r := range recs {
			r.Timestamp = time.UnixMilli(1764000000000 + int64(i))
		}
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{
			`%t [%p] at offset %o: key %k: %s\n`,
			`%T %K %S %h|%k|%s\n`,
			`%R%s`,
			`<%o>\t\x41\\%%\n`,
		} {
			cmd := exec.CommandContext(ctx, kcat, "-b", b.Addr, "-C", "-t", topic, "-e", "-q", "-f", format)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			want, err := cmd.Output()
			if err != nil {
				t.Fatalf("kcat -f %q: %v\n%s", format, err, stderr.String())
			}
			code, got, errs := kit(t, "", "consume", topic, "-b", b.Addr, "-o", "beginning", "-e", "-f", format)
			if code != ExitOK || got != string(want) {
				t.Fatalf("-f %q: exit %d, stderr %q\nkafkit: %q\nkcat:   %q", format, code, errs, got, want)
			}
		}
	})
}
