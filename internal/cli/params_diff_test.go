package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/catalog"
)

func TestParamsDiff(t *testing.T) {
	want := catalog.Compare(catalog.V39, catalog.V4).Counts
	code, out, errs := runParams(t, "params", "diff", "3.9", "4.x")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	first, _, _ := strings.Cut(out, "\n")
	if first != "Kafka 3.9 (3.9.2) -> 4.x (4.4.0): "+want.String() {
		t.Errorf("first line %q, counts %v", first, want)
	}
	for _, s := range []string{
		"  broker log.message.format.version\n      every record is written in format v2",
		"  broker zookeeper.connect\n      replacement: controller.quorum.bootstrap.servers;",
		"  broker delegation.token.master.key -> delegation.token.secret.key\n",
		"  producer linger.ms\n      default 0 -> 5\n",
		"  broker advertised.listeners\n      type string -> list\n      update mode per-broker -> read-only\n",
		"  broker node.id\n      default -1 -> required\n      valid values any -> [0,...]\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("text lacks %q", s)
		}
	}

	code, out, errs = runParams(t, "params", "diff", "3.9.2", "4.4.0", "--format", "json", "--component", "topic")
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errs)
	}
	var d catalog.Diff
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.From != catalog.V39 || d.To != catalog.V4 || d.Counts.Removed != len(d.Removed) || d.Counts.Added != len(d.Added) {
		t.Errorf("json header %+v", d)
	}
	var split bool
	for _, r := range d.Removed {
		if r.Component != catalog.Topic {
			t.Errorf("--component topic kept %s %s", r.Component, r.Name)
		}
		split = split || r.Name == "message.timestamp.difference.max.ms" && r.Successor.Name == "message.timestamp.before.max.ms"
	}
	if !split || d.Counts.Removed != 3 || d.Counts.Added != 4 {
		t.Errorf("topic diff: removed %+v added %+v", d.Removed, d.Added)
	}
	if !strings.Contains(out, `"replacement": "message.timestamp.before.max.ms"`) {
		t.Errorf("json lacks the replacement field:\n%s", out)
	}

	// The reverse direction is the mirror image.
	code, out, _ = runParams(t, "params", "diff", "4.x", "3.9", "--format", "json")
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Counts.Added != want.Removed+want.Renamed || d.Counts.Removed != want.Added {
		t.Errorf("4.x -> 3.9: exit %d, counts %v", code, d.Counts)
	}
}

func TestParamsDiffUsage(t *testing.T) {
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"3.9", "3.9.2"}, "FROM and TO are both Kafka 3.9"},
		{[]string{"3.9", "4.1"}, `TO: unknown Kafka version "4.1"`},
		{[]string{"2.8", "4.x"}, `FROM: unknown Kafka version "2.8"`},
		{[]string{"3.9", "4.x", "--component", "zookeeper"}, "diff compares broker, topic, producer and consumer"},
		{[]string{"3.9", "4.x", "--format", "yaml"}, `unknown format "yaml"`},
		{[]string{"3.9"}, "accepts 2 arg(s)"},
	}
	for _, tc := range cases {
		code, _, errs := runParams(t, append([]string{"params", "diff"}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, errs, tc.msg)
		}
	}
}

func TestParamsKafka4(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		out, err string
	}{
		// A 3.9 config 4.x removed: an error naming what replaces it.
		{[]string{"check", "--kafka", "4.x", "zookeeper.connect=zk:2181", "num.partitions=3"}, ExitFailure,
			"error  zookeeper.connect is a Kafka 3.9 broker config that Kafka 4.x removed; see controller.quorum.bootstrap.servers", "1 of 2 checks rejected"},
		{[]string{"check", "--kafka", "4.x", "KAFKA_LOG_MESSAGE_FORMAT_VERSION=3.0"}, ExitFailure,
			"KAFKA_LOG_MESSAGE_FORMAT_VERSION (log.message.format.version) is a Kafka 3.9 broker config that Kafka 4.x removed", ""},
		{[]string{"check", "--kafka", "4.x", "delegation.token.master.key=x"}, ExitFailure, "it is now called delegation.token.secret.key", ""},
		// The same names are fine on 3.9.
		{[]string{"check", "zookeeper.connect=zk:2181", "log.message.format.version=3.0"}, 0, "ok     zookeeper.connect=zk:2181 (broker)", ""},
		// 4.x facts: node.id must be 0 or more, a 4.x-only config is known.
		{[]string{"check", "--kafka", "4.x", "node.id=-1"}, ExitFailure, "node.id=-1", ""},
		{[]string{"check", "--kafka", "4.x", "share.coordinator.state.topic.replication.factor=1"}, 0, "ok", ""},
		{[]string{"check", "share.coordinator.state.topic.replication.factor=1"}, ExitFailure, "unknown", ""},
		{[]string{"check", "--kafka", "4.x", "--component", "consumer", "share.acquire.mode=BATCH_OPTIMIZED"}, 0, "ok", ""},
		{[]string{"check", "--kafka", "4.x", "--mode", "zk", "num.partitions=1"}, ExitUsage, "", "Kafka 4.x has no ZooKeeper mode"},
		{[]string{"list", "--kafka", "4.x", "--component", "zookeeper"}, ExitUsage, "", "Kafka 4.x has no zookeeper"},
		{[]string{"list", "--kafka", "5.0"}, ExitUsage, "", `--kafka: unknown Kafka version "5.0"`},
		{[]string{"show", "--kafka", "4.x", "linger.ms", "--component", "producer"}, 0, "default       5", ""},
		{[]string{"show", "linger.ms", "--component", "producer"}, 0, "default       0", ""},
		{[]string{"show", "--kafka", "4.x", "log.message.format.version"}, ExitFailure, "", "Kafka 4.x removed"},
		{[]string{"--kafka", "4.x", "group.coordinator.threads"}, 0, "default       4", ""},
		{[]string{"search", "--kafka", "4.x", "--limit", "1", "dead-letter", "prefix"}, 0, "errors.deadletterqueue.topic.name.prefix", ""},
		{[]string{"search", "--limit", "1", "dead-letter", "prefix"}, ExitFailure, "", "no parameter matches"},
	}
	for _, tc := range cases {
		code, out, errs := runParams(t, append([]string{"params"}, tc.args...)...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) {
			t.Errorf("%v: exit %d, want %d\nstdout %q (want %q)\nstderr %q (want %q)", tc.args, code, tc.code, out, tc.out, errs, tc.err)
		}
	}
}
