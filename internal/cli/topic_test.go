package cli

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/client"
)

// TestTopicLifecycle creates, lists, fills, describes and deletes topics
// through the command line against the development broker.
func TestTopicLifecycle(t *testing.T) {
	addr := devBroker(t)
	code, out, errs := kit(t, "", "topic", "create", "conversas", "logs", "-b", addr, "-p", "3", "-c", "retention.ms=86400000", "-c", "max.message.bytes=2000000")
	if code != ExitOK || out != "created topic conversas (3 partitions, replication factor 1)\ncreated topic logs (3 partitions, replication factor 1)\n" {
		t.Fatalf("create: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	// An existing topic fails, and names itself; --if-not-exists accepts it.
	code, _, errs = kit(t, "", "topic", "create", "conversas", "-b", addr)
	if code != ExitFailure || !strings.Contains(errs, "topic conversas: TOPIC_ALREADY_EXISTS") {
		t.Fatalf("create again: exit %d, stderr %q", code, errs)
	}
	code, out, _ = kit(t, "", "topic", "create", "conversas", "-b", addr, "--if-not-exists")
	if code != ExitOK || out != "topic conversas already exists\n" {
		t.Fatalf("create --if-not-exists: exit %d, stdout %q", code, out)
	}

	if code, _, errs = kit(t, "", "produce", "conversas", "-b", addr, "-k", "chave", "a", "b", "c", "d"); code != ExitOK {
		t.Fatalf("produce: exit %d, stderr %q", code, errs)
	}

	code, out, errs = kit(t, "", "topic", "list", "-b", addr)
	want := "NAME       PARTITIONS  REPLICAS\nconversas  3           1\nlogs       3           1\n"
	if code != ExitOK || out != want {
		t.Fatalf("list: exit %d, stderr %q, stdout:\n%s\nwant:\n%s", code, errs, out, want)
	}

	code, out, errs = kit(t, "", "topic", "describe", "conversas", "-b", addr, "--format", "json")
	if code != ExitOK {
		t.Fatalf("describe: exit %d, stderr %q", code, errs)
	}
	var topics []client.Topic
	if err := json.Unmarshal([]byte(out), &topics); err != nil {
		t.Fatalf("describe --format json: %v\n%s", err, out)
	}
	if len(topics) != 1 || topics[0].Name != "conversas" || topics[0].Partitions != 3 || len(topics[0].PartitionDetails) != 3 || topics[0].ID == "" {
		t.Fatalf("describe: %+v", topics)
	}
	var records int64
	for _, p := range topics[0].PartitionDetails {
		records += p.End - p.Start
	}
	if records != 4 {
		t.Fatalf("describe: the partitions hold %d records, want the 4 produced", records)
	}
	var cfgs []string
	for _, c := range topics[0].Configs {
		cfgs = append(cfgs, c.Name+"="+c.Value)
	}
	if got := strings.Join(cfgs, " "); got != "max.message.bytes=2000000 retention.ms=86400000" {
		t.Fatalf("describe: configs %q, want the two set at creation", got)
	}

	code, out, _ = kit(t, "", "topic", "describe", "conversas", "-b", addr)
	for _, line := range []string{"NAME        conversas", "PARTITIONS  3", "CONFIGS     max.message.bytes=2000000", "PARTITION  LEADER  REPLICAS  ISR  START  END  RECORDS"} {
		if code != ExitOK || !strings.Contains(out, line) {
			t.Fatalf("describe text: exit %d, no line %q in:\n%s", code, line, out)
		}
	}

	// Each failed topic gets its own line.
	code, _, errs = kit(t, "", "topic", "describe", "nope1", "nope2", "-b", addr)
	if code != ExitFailure || errs != "kafkit: topic nope1: UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition.\n"+
		"kafkit: topic nope2: UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition.\n" {
		t.Fatalf("describe two missing: exit %d, stderr %q", code, errs)
	}

	// A missing topic among others: the others are still done, exit 1.
	code, out, errs = kit(t, "", "topic", "delete", "conversas", "nope", "-b", addr)
	if code != ExitFailure || out != "deleted topic conversas\n" || !strings.Contains(errs, "topic nope: UNKNOWN_TOPIC_OR_PARTITION") {
		t.Fatalf("delete: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = kit(t, "", "topic", "list", "-b", addr, "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"name": "logs"`) || strings.Contains(out, "conversas") {
		t.Fatalf("list after delete: exit %d, stdout %s", code, out)
	}
	code, _, errs = kit(t, "", "topic", "describe", "conversas", "-b", addr)
	if code != ExitFailure || !strings.Contains(errs, "topic conversas: UNKNOWN_TOPIC_OR_PARTITION") {
		t.Fatalf("describe deleted: exit %d, stderr %q", code, errs)
	}
}

func TestTopicUsageErrors(t *testing.T) {
	addr := devBroker(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"create", "t", "-c", "retention.msx=5"}, `unknown topic parameter "retention.msx" (did you mean retention.ms?)`},
		{[]string{"create", "t", "-c", "retention.ms=abc"}, "retention.ms=abc: not a whole number"},
		{[]string{"create", "t", "-c", "min.insync.replicas=0"}, "min.insync.replicas=0"},
		{[]string{"create", "t", "-c", "noequals"}, `invalid -c "noequals": want name=value`},
		{[]string{"create", "t", "-c", "retention.ms=1", "-c", "retention.ms=2"}, "-c retention.ms given twice"},
		{[]string{"create", "t", "-p", "0"}, "invalid --partitions 0"},
		{[]string{"create", "t", "-r", "-2"}, "invalid --replication-factor -2"},
		{[]string{"create", "bad name"}, `invalid topic name "bad name"`},
		{[]string{"create", ".."}, `invalid topic name ".."`},
		{[]string{"create", strings.Repeat("x", 250)}, "at most 249 characters"},
		{[]string{"create", "t", "-X", "bootstrap.server=h:1"}, `did you mean "bootstrap.servers"?`},
		{[]string{"list", "--format", "yaml"}, `invalid --format "yaml"`},
		{[]string{"describe"}, "requires at least 1 arg"},
		{[]string{"list", "extra"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errs := kit(t, "", append(append([]string{"topic"}, tt.args...), "-b", addr)...)
			if code != ExitUsage || !strings.Contains(errs, tt.want) {
				t.Fatalf("exit %d, stderr %q, want 2 and %q", code, errs, tt.want)
			}
		})
	}
	// Nothing was created by the refused commands.
	if code, out, _ := kit(t, "", "topic", "list", "-b", addr); code != ExitOK || strings.Contains(out, "\nt ") {
		t.Fatalf("list: exit %d, stdout %q", code, out)
	}
}

func TestTopicUnreachable(t *testing.T) {
	code, _, errs := kit(t, "", "topic", "list", "-b", "127.0.0.1:1", "--timeout", "3s")
	if code != ExitFailure || !strings.Contains(errs, "unable to reach broker 127.0.0.1:1") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// TestTopicCreateDryRun: the broker checks the request and nothing is
// created; what the broker refuses is still an error.
func TestTopicCreateDryRun(t *testing.T) {
	addr := devBroker(t)
	code, out, errs := kit(t, "", "topic", "create", "t", "-b", addr, "-p", "4", "--dry-run")
	if code != ExitOK || out != "would create topic t (4 partitions, replication factor 1); --dry-run created nothing\n" {
		t.Fatalf("dry run: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = kit(t, "", "topic", "create", "t", "-b", addr, "--dry-run", "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"dry_run": true`) {
		t.Fatalf("dry run, json: exit %d, stdout %s, stderr %q", code, out, errs)
	}
	if code, out, _ := kit(t, "", "topic", "list", "-b", addr); code != ExitOK || strings.Contains(out, "\nt ") {
		t.Fatalf("list after dry run: exit %d, stdout %q", code, out)
	}
	code, _, errs = kit(t, "", "topic", "create", "t", "-b", addr, "-r", "3", "--dry-run")
	if code != ExitFailure || !strings.Contains(errs, "topic t: INVALID_REPLICATION_FACTOR") {
		t.Fatalf("dry run, 3 replicas on 1 broker: exit %d, stderr %q", code, errs)
	}
}

// TestTopicConfigTrimmed: Kafka trims config values; kafkit checks and
// sends the trimmed value, so the broker stores what Kafka would.
func TestTopicConfigTrimmed(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "", "topic", "create", "t", "-b", addr, "-c", " retention.ms = 1000 "); code != ExitOK {
		t.Fatalf("create: exit %d, stderr %q", code, errs)
	}
	code, out, errs := kit(t, "", "topic", "describe", "t", "-b", addr)
	if code != ExitOK || !strings.Contains(out, "CONFIGS     retention.ms=1000\n") {
		t.Fatalf("describe: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
}

// TestTopicPrintNothingOnFailure: an operation that failed as a whole
// prints no empty table or [] that would read as an answer.
func TestTopicPrintNothingOnFailure(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var out strings.Builder
		o := &topicOptions{IO: &IO{Out: &out}, Format: format}
		if err := printAs(o, []client.Topic(nil), errors.New("broker gone"), printTopicList); err != nil || out.Len() != 0 {
			t.Fatalf("%s: err %v, printed %q", format, err, out.String())
		}
		if err := printAs(o, []client.Topic(nil), nil, printTopicList); err != nil || out.Len() == 0 {
			t.Fatalf("%s: nothing printed for an empty, successful list (err %v)", format, err)
		}
	}
}

// TestTopicAlterConfig sets and removes configs and reads them back; other
// settings stay as they were.
func TestTopicAlterConfig(t *testing.T) {
	addr := devBroker(t)
	if code, _, errs := kit(t, "", "topic", "create", "t", "-b", addr, "-c", "max.message.bytes=2000000", "-c", "retention.bytes=1048576"); code != ExitOK {
		t.Fatalf("create: exit %d, stderr %q", code, errs)
	}
	code, out, errs := kit(t, "", "topic", "alter-config", "t", "-b", addr, "--set", "retention.ms=3600000", "--delete", "retention.bytes")
	if code != ExitOK || out != "altered topic t: retention.ms=3600000, retention.bytes removed (broker default)\n" {
		t.Fatalf("alter-config: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = kit(t, "", "topic", "describe", "t", "-b", addr, "--format", "json")
	var topics []client.Topic
	if code != ExitOK || json.Unmarshal([]byte(out), &topics) != nil || len(topics) != 1 {
		t.Fatalf("describe: exit %d, stderr %q, stdout %s", code, errs, out)
	}
	var cfgs []string
	for _, c := range topics[0].Configs {
		cfgs = append(cfgs, c.Name+"="+c.Value)
	}
	if got := strings.Join(cfgs, " "); got != "max.message.bytes=2000000 retention.ms=3600000" {
		t.Fatalf("configs after alter-config: %q", got)
	}

	code, _, errs = kit(t, "", "topic", "alter-config", "nope", "-b", addr, "--set", "retention.ms=1")
	if code != ExitFailure || !strings.Contains(errs, "topic nope: UNKNOWN_TOPIC_OR_PARTITION") {
		t.Fatalf("alter-config of a missing topic: exit %d, stderr %q", code, errs)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"t"}, "nothing to change"},
		{[]string{"t", "--set", "retention.msx=1"}, `--set: unknown topic parameter "retention.msx" (did you mean retention.ms?)`},
		{[]string{"t", "--set", "noequals"}, `invalid --set "noequals": want name=value`},
		{[]string{"t", "--delete", "retention.msx"}, `--delete: unknown topic parameter "retention.msx" (did you mean retention.ms?)`},
		{[]string{"t", "--set", "retention.ms=abc"}, "retention.ms=abc: not a whole number"},
		{[]string{"t", "--set", "retention.ms=1", "--delete", "retention.ms"}, "retention.ms is changed twice"},
	} {
		code, _, errs := kit(t, "", append([]string{"topic", "alter-config", "-b", addr}, tt.args...)...)
		if code != ExitUsage || !strings.Contains(errs, tt.want) {
			t.Fatalf("%v: exit %d, stderr %q, want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
}

// TestTopicDevBrokerNotes checks that kafkit topic says when the development
// broker keeps a topic config without applying it, stays quiet for the
// configs it applies, and that compaction is refused with the reason.
func TestTopicDevBrokerNotes(t *testing.T) {
	addr := devBroker(t)
	const note = "the development broker (kafkit dev) stores "
	for _, tt := range []struct {
		name  string
		args  []string
		code  int
		notes []string // configs noted, in order
		err   string
	}{
		{"applied", []string{"topic", "create", "a", "-c", "retention.ms=1000", "-c", "segment.bytes=1048576", "-c", "cleanup.policy=delete"}, ExitOK, nil, ""},
		{"stored only", []string{"topic", "create", "b", "-c", "flush.messages=1", "-c", "retention.ms=1000", "-c", "compression.type=zstd"}, ExitOK, []string{"compression.type=zstd", "flush.messages=1"}, ""},
		{"as stored", []string{"topic", "create", "c", "-c", "compression.type=producer", "-c", "min.insync.replicas=2", "-c", "message.timestamp.type=CreateTime"}, ExitOK, nil, ""},
		{"log append time", []string{"topic", "create", "f", "-c", "message.timestamp.type=LogAppendTime"}, ExitOK, []string{"message.timestamp.type=LogAppendTime"}, ""},
		{"compaction", []string{"topic", "create", "d", "-c", "cleanup.policy=compact"}, ExitFailure, nil, "topic d: INVALID_CONFIG"},
		{"compact,delete", []string{"topic", "create", "e", "-c", "cleanup.policy=compact,delete"}, ExitFailure, nil, "does not compact"},
		{"alter stored only", []string{"topic", "alter-config", "a", "--set", "segment.jitter.ms=100", "--set", "retention.bytes=1"}, ExitOK, []string{"segment.jitter.ms=100"}, ""},
		{"alter applied", []string{"topic", "alter-config", "a", "--set", "segment.ms=1000", "--delete", "retention.ms"}, ExitOK, nil, ""},
		{"alter compaction", []string{"topic", "alter-config", "a", "--set", "cleanup.policy=compact"}, ExitFailure, nil, "topic a: INVALID_CONFIG"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := kit(t, "", append(tt.args, "-b", addr)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errs)
			}
			var noted []string
			for _, line := range strings.Split(errs, "\n") {
				if _, rest, ok := strings.Cut(line, note); ok {
					noted = append(noted, strings.Fields(rest)[0])
				}
			}
			if strings.Join(noted, " ") != strings.Join(tt.notes, " ") {
				t.Fatalf("noted %v, want %v; stderr %q", noted, tt.notes, errs)
			}
			if !strings.Contains(errs, tt.err) {
				t.Fatalf("stderr %q does not contain %q", errs, tt.err)
			}
		})
	}
	// The refused topics do not exist; the refused change left the
	// policy as it was.
	code, out, errs := kit(t, "", "topic", "describe", "a", "-b", addr, "--format", "json")
	if code != ExitOK || strings.Contains(out, "compact") {
		t.Fatalf("describe a: exit %d, stderr %q, stdout %s", code, errs, out)
	}
	if code, _, errs := kit(t, "", "topic", "describe", "d", "-b", addr); code != ExitFailure || !strings.Contains(errs, "UNKNOWN_TOPIC") {
		t.Fatalf("describe d: exit %d, stderr %q: the refused topic exists", code, errs)
	}
}
