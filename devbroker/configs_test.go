package devbroker

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestTopicConfigsRefused sends topic configs the broker cannot apply as
// Kafka would, from a plain client: each refused topic or resource gets
// INVALID_CONFIG with the reason, the others of the same request are
// applied.
func TestTopicConfigsRefused(t *testing.T) {
	b := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	adm := kadm.NewClient(client(t, b.Addr()))

	req := kmsg.NewPtrCreateTopicsRequest()
	req.TimeoutMillis = 5000
	for _, tc := range []struct{ topic, name, value string }{
		{"ok", "retention.ms", "60000"},
		{"compacted", "cleanup.policy", "compact"},
		{"typo", "retention.msx", "1"},
		{"notanumber", "retention.ms", "abc"},
		{"tiny", "segment.bytes", "13"},
	} {
		rt := kmsg.NewCreateTopicsRequestTopic()
		rt.Topic, rt.NumPartitions, rt.ReplicationFactor = tc.topic, 1, 1
		rc := kmsg.NewCreateTopicsRequestTopicConfig()
		rc.Name, rc.Value = tc.name, kmsg.StringPtr(tc.value)
		rt.Configs = append(rt.Configs, rc)
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, client(t, b.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ok": "", "compacted": "does not compact", "typo": "retention.msx", "notanumber": "retention.ms", "tiny": "segment.bytes"}
	if len(resp.Topics) != len(want) {
		t.Fatalf("%d topics answered, want %d", len(resp.Topics), len(want))
	}
	for _, rt := range resp.Topics {
		w := want[rt.Topic]
		msg := ""
		if rt.ErrorMessage != nil {
			msg = *rt.ErrorMessage
		}
		switch {
		case w == "" && rt.ErrorCode != 0:
			t.Errorf("%s: %v %s, want created", rt.Topic, kerr.ErrorForCode(rt.ErrorCode), msg)
		case w != "" && (rt.ErrorCode != kerr.InvalidConfig.Code || !strings.Contains(msg, w)):
			t.Errorf("%s: %v %q, want INVALID_CONFIG naming %q", rt.Topic, kerr.ErrorForCode(rt.ErrorCode), msg, w)
		}
	}
	td, err := adm.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if names := td.Names(); len(names) != 1 || names[0] != "ok" {
		t.Fatalf("topics after the request: %v, want only ok", names)
	}

	// Appending compact to the policy is refused like setting it; the
	// other resource of the request is altered.
	if _, err := adm.CreateTopic(ctx, 1, 1, nil, "other"); err != nil {
		t.Fatal(err)
	}
	ireq := kmsg.NewPtrIncrementalAlterConfigsRequest()
	for _, tc := range []struct {
		topic, name, value string
		op                 kmsg.IncrementalAlterConfigOp
	}{
		{"ok", "cleanup.policy", "compact", kmsg.IncrementalAlterConfigOpAppend},
		{"other", "retention.bytes", "1000", kmsg.IncrementalAlterConfigOpSet},
	} {
		r := kmsg.NewIncrementalAlterConfigsRequestResource()
		r.ResourceType, r.ResourceName = kmsg.ConfigResourceTypeTopic, tc.topic
		rc := kmsg.NewIncrementalAlterConfigsRequestResourceConfig()
		rc.Name, rc.Value, rc.Op = tc.name, kmsg.StringPtr(tc.value), tc.op
		r.Configs = append(r.Configs, rc)
		ireq.Resources = append(ireq.Resources, r)
	}
	iresp, err := ireq.RequestWith(ctx, client(t, b.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]int16{}
	for _, r := range iresp.Resources {
		codes[r.ResourceName] = r.ErrorCode
	}
	if codes["ok"] != kerr.InvalidConfig.Code || codes["other"] != 0 || len(codes) != 2 {
		t.Fatalf("incremental alter answers %v, want ok refused and other altered", codes)
	}
	rcs, err := adm.DescribeTopicConfigs(ctx, "other", "ok")
	if err != nil {
		t.Fatal(err)
	}
	for _, rc := range rcs {
		for _, c := range rc.Configs {
			if c.Key == "cleanup.policy" && c.MaybeValue() != "delete" {
				t.Errorf("%s: cleanup.policy=%s after a refused change", rc.Name, c.MaybeValue())
			}
			if rc.Name == "other" && c.Key == "retention.bytes" && c.MaybeValue() != "1000" {
				t.Errorf("other: retention.bytes=%s, want 1000", c.MaybeValue())
			}
		}
	}
}

// TestBrokerConfigAlters changes broker configs while the broker runs, as
// kafka-configs --entity-type brokers does: a dynamic config it applies is
// taken, one it does not apply or that Kafka cannot change at run time is
// refused, and replacing every config (AlterConfigs) keeps kfake's own
// retention timer off.
func TestBrokerConfigAlters(t *testing.T) {
	b := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	adm := kadm.NewClient(client(t, b.Addr()))
	for _, tc := range []struct {
		name, value string
		want        error
	}{
		{"log.retention.ms", "86400000", nil},
		{"num.network.threads", "3", kerr.InvalidConfig},
		{"compression.type", "zstd", kerr.InvalidConfig},
		{"min.insync.replicas", "2", nil},
		{"group.min.session.timeout.ms", "100", kerr.InvalidRequest},
		{"log.retention.check.interval.ms", "100", kerr.InvalidRequest},
	} {
		resps, err := adm.AlterBrokerConfigs(ctx, []kadm.AlterConfig{{Op: kadm.SetConfig, Name: tc.name, Value: kadm.StringPtr(tc.value)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range resps {
			if r.Err != tc.want {
				t.Errorf("%s=%s: %v (%s), want %v", tc.name, tc.value, r.Err, r.ErrMessage, tc.want)
			}
			if tc.want != nil && !strings.Contains(r.ErrMessage, tc.name) {
				t.Errorf("%s=%s: message %q does not name it", tc.name, tc.value, r.ErrMessage)
			}
		}
	}
	// AlterConfigs (not incremental) replaces the broker's dynamic configs.
	req := kmsg.NewPtrAlterConfigsRequest()
	r := kmsg.NewAlterConfigsRequestResource()
	r.ResourceType = kmsg.ConfigResourceTypeBroker
	rc := kmsg.NewAlterConfigsRequestResourceConfig()
	rc.Name, rc.Value = "log.retention.ms", kmsg.StringPtr("3600000")
	r.Configs = append(r.Configs, rc)
	req.Resources = append(req.Resources, r)
	resp, err := req.RequestWith(ctx, client(t, b.Addr()))
	if err != nil || len(resp.Resources) != 1 || resp.Resources[0].ErrorCode != 0 {
		t.Fatalf("alter configs: %v %+v", err, resp)
	}
	rcs, err := adm.DescribeBrokerConfigs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, rc := range rcs {
		for _, c := range rc.Configs {
			got[c.Key] = c.MaybeValue()
		}
	}
	if got["log.retention.ms"] != "3600000" || got["log.cleaner.backoff.ms"] != cleanerBackoffOff {
		t.Fatalf("after AlterConfigs: log.retention.ms=%s log.cleaner.backoff.ms=%s", got["log.retention.ms"], got["log.cleaner.backoff.ms"])
	}
}

func TestStartRefusesWhatItCannotApply(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"compression.type", "gzip", "not honoured"},
		{"log.message.timestamp.type", "LogAppendTime", "not honoured"},
		{"default.replication.factor", "3", "single node"},
		{"log.retention.check.interval.ms", "0", "at least 1"},
	} {
		if _, err := New(Listen("127.0.0.1:0"), BrokerConfig(tc.name, tc.value)); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("%s=%s: got %v, want an error naming it with %q", tc.name, tc.value, err, tc.want)
		}
	}
	b := start(t, BrokerConfig("default.replication.factor", "1"), BrokerConfig("min.insync.replicas", "2"), BrokerConfig("log.retention.check.interval.ms", "1000"))
	b.Close()
}

// lockedBuffer is a bytes.Buffer the broker's goroutines may write to while
// the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestNotesStoredOnly checks that the broker itself notes a topic config it
// stores without applying, whichever client set it.
func TestNotesStoredOnly(t *testing.T) {
	var notes lockedBuffer
	b := start(t, Notes(&notes))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	adm := kadm.NewClient(client(t, b.Addr()))
	if _, err := adm.CreateTopic(ctx, 1, 1, map[string]*string{"flush.ms": kadm.StringPtr("10"), "retention.ms": kadm.StringPtr("1000")}, "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "compression.type", Value: kadm.StringPtr("lz4")}, {Op: kadm.SetConfig, Name: "segment.ms", Value: kadm.StringPtr("1000")}}, "t"); err != nil {
		t.Fatal(err)
	}
	got := notes.String()
	for _, want := range []string{"topic t: flush.ms=10 is stored but not applied", "topic t: compression.type=lz4 is stored but not applied"} {
		if !strings.Contains(got, want) {
			t.Errorf("notes %q lack %q", got, want)
		}
	}
	if strings.Contains(got, "retention.ms") || strings.Contains(got, "segment.ms") || strings.Count(got, "\n") != 2 {
		t.Errorf("notes %q: want exactly the two configs not applied", got)
	}
}

// TestRetentionFollowsBrokerAlter lowers log.retention.ms while the broker
// runs, as kafka-configs --entity-type brokers --entity-default does: the
// next retention check applies it.
func TestRetentionFollowsBrokerAlter(t *testing.T) {
	b := start(t, BrokerConfig("log.retention.check.interval.ms", "100"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cl := client(t, b.Addr(), kgo.AllowAutoTopicCreation())
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "t", Value: []byte("v")}, &kgo.Record{Topic: "t", Value: []byte("w")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if pi := b.Cluster().PartitionInfo("t", 0); pi.LogStartOffset != 0 {
		t.Fatalf("log start %d before the change, want 0", pi.LogStartOffset)
	}
	adm := kadm.NewClient(cl)
	if resps, err := adm.AlterBrokerConfigs(ctx, []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "log.retention.ms", Value: kadm.StringPtr("1")}}); err != nil || resps[0].Err != nil {
		t.Fatalf("alter: %v %v", err, resps)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.Cluster().PartitionInfo("t", 0).LogStartOffset != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("log start %d 5s after log.retention.ms=1, want 2", b.Cluster().PartitionInfo("t", 0).LogStartOffset)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRetentionAfterRestart keeps records in a data dir, then restarts the
// broker with a short retention: the retainer reads the reloaded log and
// deletes it.
func TestRetentionAfterRestart(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b1, err := New(Listen("127.0.0.1:0"), DataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	cl := client(t, b1.Addr(), kgo.AllowAutoTopicCreation())
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "kept", Value: []byte("v")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	cl.Close()
	b1.Close()
	time.Sleep(100 * time.Millisecond) // the record is older than 50 ms

	b2 := start(t, DataDir(dir), BrokerConfig("log.retention.ms", "50"), BrokerConfig("log.retention.check.interval.ms", "100"))
	deadline := time.Now().Add(5 * time.Second)
	for {
		pi := b2.Cluster().PartitionInfo("kept", 0)
		if pi == nil {
			t.Fatal("topic kept lost in the restart")
		}
		if pi.LogStartOffset == 1 && pi.HighWatermark == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("log [%d,%d) 5s after the restart, want [1,1)", pi.LogStartOffset, pi.HighWatermark)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
