package interop

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
)

// topicView is what kafkit topic describe --format json says of a topic.
type topicView struct {
	Name              string `json:"name"`
	ID                string `json:"id"`
	Partitions        int    `json:"partitions"`
	ReplicationFactor int    `json:"replication_factor"`
	PartitionDetails  []struct {
		Partition int32   `json:"partition"`
		Leader    int32   `json:"leader"`
		Replicas  []int32 `json:"replicas"`
		ISR       []int32 `json:"isr"`
		End       int64   `json:"end_offset"`
	} `json:"partition_details"`
	Configs []struct {
		Name   string `json:"name"`
		Value  string `json:"value"`
		Source string `json:"source"`
	} `json:"configs"`
}

func describeWithKafkit(ctx context.Context, t *testing.T, addr, topic string) topicView {
	t.Helper()
	out := mustKafkit(ctx, t, "", "topic", "describe", topic, "-b", addr, "--format", "json")
	var vs []topicView
	if err := json.Unmarshal([]byte(out), &vs); err != nil || len(vs) != 1 {
		t.Fatalf("kafkit topic describe --format json: %v\n%s", err, out)
	}
	return vs[0]
}

// topicConfigs are the configs set on the topic, as name=value, sorted.
func (v topicView) topicConfigs() []string {
	var out []string
	for _, c := range v.Configs {
		if c.Source == "DYNAMIC_TOPIC_CONFIG" {
			out = append(out, c.Name+"="+c.Value)
		}
	}
	slices.Sort(out)
	return out
}

// kafkaTopicsView is the part of kafka-topics --describe kafkit shows too:
// the topic line and one line per partition, rewritten in one form.
func (v topicView) kafkaTopicsForm() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s id=%s partitions=%d rf=%d configs=%s\n", v.Name, v.ID, v.Partitions, v.ReplicationFactor, strings.Join(v.topicConfigs(), ","))
	for _, p := range v.PartitionDetails {
		fmt.Fprintf(&b, "%d leader=%d replicas=%s isr=%s\n", p.Partition, p.Leader, joinInts(p.Replicas), joinInts(p.ISR))
	}
	return b.String()
}

func joinInts(xs []int32) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprint(x))
	}
	return strings.Join(s, ",")
}

var (
	topicLine = regexp.MustCompile(`^Topic: (\S+)\s+TopicId: (\S+)\s+PartitionCount: (\d+)\s+ReplicationFactor: (\d+)\s+Configs: ?(.*)$`)
	partLine  = regexp.MustCompile(`^\s+Topic: \S+\s+Partition: (\d+)\s+Leader: (-?\d+)\s+Replicas: (\S*)\s+Isr: (\S*)`)
	configTok = regexp.MustCompile(`^\s+(\S+?)=(\S*) sensitive=`)
)

// parseKafkaTopics rewrites kafka-topics --describe's output in the form of
// kafkaTopicsForm.
func parseKafkaTopics(t *testing.T, out string) string {
	t.Helper()
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if m := topicLine.FindStringSubmatch(l); m != nil {
			cfg := strings.Split(strings.TrimSpace(m[5]), ",")
			if m[5] == "" {
				cfg = nil
			}
			slices.Sort(cfg)
			fmt.Fprintf(&b, "%s id=%s partitions=%s rf=%s configs=%s\n", m[1], m[2], m[3], m[4], strings.Join(cfg, ","))
		} else if m := partLine.FindStringSubmatch(l); m != nil {
			fmt.Fprintf(&b, "%s leader=%s replicas=%s isr=%s\n", m[1], m[2], m[3], m[4])
		}
	}
	if b.Len() == 0 {
		t.Fatalf("kafka-topics --describe printed nothing recognisable:\n%s", out)
	}
	return b.String()
}

// parseKafkaConfigs returns the name=value pairs kafka-configs --describe
// lists, sorted.
func parseKafkaConfigs(out string) []string {
	var cfg []string
	for _, l := range strings.Split(out, "\n") {
		if m := configTok.FindStringSubmatch(l); m != nil {
			cfg = append(cfg, m[1]+"="+m[2])
		}
	}
	slices.Sort(cfg)
	return cfg
}

// TestTopicAdminLikeKafkaTools: kafkit topic create, describe, alter-config
// and delete against Apache Kafka, each checked with what Kafka's own
// kafka-topics and kafka-configs report for the same topic; and a config
// kafka-configs sets is what kafkit describes.
func TestTopicAdminLikeKafkaTools(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	b := harness.Real(t)
	ctx := testCtx(t, 3*time.Minute)
	topic := harness.TopicName(t)
	tool := func(name string, args ...string) string {
		return javaTool(ctx, t, d, "", name, append([]string{"--bootstrap-server", b.Addr}, args...)...)
	}
	compare := func(step string, wantConfigs []string) {
		t.Helper()
		v := describeWithKafkit(ctx, t, b.Addr, topic)
		kt := parseKafkaTopics(t, tool("kafka-topics", "--describe", "--topic", topic))
		if got := v.kafkaTopicsForm(); got != kt {
			t.Fatalf("%s: kafkit topic describe says\n%s\nkafka-topics --describe says\n%s", step, got, kt)
		}
		kc := parseKafkaConfigs(tool("kafka-configs", "--describe", "--entity-type", "topics", "--entity-name", topic))
		if got := v.topicConfigs(); !slices.Equal(got, kc) || !slices.Equal(got, wantConfigs) {
			t.Fatalf("%s: kafkit's topic configs %v, kafka-configs --describe %v, want %v", step, got, kc, wantConfigs)
		}
		t.Logf("%s: kafkit and kafka-topics agree:\n%s", step, kt)
	}

	mustKafkit(ctx, t, "", "topic", "create", topic, "-b", b.Addr, "-p", "3", "-c", "retention.ms=86400000", "-c", "cleanup.policy=compact")
	compare("create", []string{"cleanup.policy=compact", "retention.ms=86400000"})

	// End offsets: kafkit's describe and kafka-get-offsets.
	mustKafkit(ctx, t, recordLines(0, 50), "produce", topic, "-b", b.Addr, "--key-delimiter", ":")
	var ends []string
	for _, p := range describeWithKafkit(ctx, t, b.Addr, topic).PartitionDetails {
		ends = append(ends, fmt.Sprintf("%s:%d:%d", topic, p.Partition, p.End))
	}
	offsets := strings.Fields(tool("kafka-get-offsets", "--topic", topic))
	slices.Sort(offsets)
	if !slices.Equal(ends, offsets) {
		t.Fatalf("kafkit topic describe's end offsets %v, kafka-get-offsets %v", ends, offsets)
	}

	mustKafkit(ctx, t, "", "topic", "alter-config", topic, "-b", b.Addr, "--set", "retention.ms=3600000", "--set", "max.message.bytes=2000000", "--delete", "cleanup.policy")
	compare("alter-config", []string{"max.message.bytes=2000000", "retention.ms=3600000"})

	tool("kafka-configs", "--alter", "--entity-type", "topics", "--entity-name", topic, "--add-config", "segment.ms=600000", "--delete-config", "max.message.bytes")
	compare("kafka-configs --alter", []string{"retention.ms=3600000", "segment.ms=600000"})

	mustKafkit(ctx, t, "", "topic", "delete", topic, "-b", b.Addr)
	// Deletion completes in the background on the broker.
	adm := harness.Admin(t, b.Addr)
	deadline := time.Now().Add(30 * time.Second)
	for {
		tds, err := adm.ListTopics(ctx)
		if err == nil && !tds.Has(topic) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the broker still lists %s 30 s after kafkit topic delete", topic)
		}
		time.Sleep(200 * time.Millisecond)
	}
	code, _, errs := kafkit(ctx, t, "", "topic", "describe", topic, "-b", b.Addr)
	if code != 1 || !strings.Contains(errs, topic) || !strings.Contains(errs, "UNKNOWN_TOPIC_OR_PARTITION") {
		t.Fatalf("kafkit topic describe of the deleted topic: exit %d, stderr %q", code, errs)
	}
}

// TestTopicCreateChecks: --dry-run has the broker check a creation and
// creates nothing, --if-not-exists accepts a topic that exists, and a
// config Kafka refuses for this broker is refused with the broker's reason.
func TestTopicCreateChecks(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		adm := harness.Admin(t, b.Addr)
		name := harness.TopicName(t)
		out := mustKafkit(ctx, t, "", "topic", "create", name, "-b", b.Addr, "-p", "4", "--dry-run")
		if !strings.Contains(out, "--dry-run created nothing") {
			t.Fatalf("dry run printed %q", out)
		}
		if tds, err := adm.ListTopics(ctx); err != nil || tds.Has(name) {
			t.Fatalf("after --dry-run the broker lists %s (%v)", name, err)
		}
		if code, _, errs := kafkit(ctx, t, "", "topic", "create", name, "-b", b.Addr, "-r", "3", "--dry-run"); code != 1 || !strings.Contains(errs, "INVALID_REPLICATION_FACTOR") {
			t.Fatalf("dry run with -r 3 on one broker: exit %d, %q", code, errs)
		}
		mustKafkit(ctx, t, "", "topic", "create", name, "-b", b.Addr)
		mustKafkit(ctx, t, "", "topic", "create", name, "-b", b.Addr, "--if-not-exists")
		if v := describeWithKafkit(ctx, t, b.Addr, name); v.Partitions != 1 || v.ReplicationFactor != 1 {
			t.Fatalf("a topic created with the broker's defaults has %d partitions, replication factor %d", v.Partitions, v.ReplicationFactor)
		}
		// Tiered storage is off on this broker (remote.log.storage.system.enable).
		tiered := harness.TopicName(t)
		code, _, errs := kafkit(ctx, t, "", "topic", "create", tiered, "-b", b.Addr, "-c", "remote.storage.enable=true")
		t.Logf("%s: remote.storage.enable=true: exit %d %s", b.Name, code, strings.TrimSpace(errs))
		if b.Real && (code != 1 || !strings.Contains(errs, tiered) || !strings.Contains(errs, "INVALID_CONFIG")) {
			t.Fatalf("remote.storage.enable=true on a broker without tiered storage: exit %d, %q", code, errs)
		}
	})
}
