package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkit/kafkit/internal/harness"
)

// runParams runs kafkit with args and returns exit code, stdout and stderr.
func runParams(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := Run(ctx, args, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "params", name+".golden")
	if harness.Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run Params -update)", err)
	}
	if string(want) != got {
		t.Errorf("output differs from %s (run with -update if the change is intended):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestParamsGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"list-topic", []string{"params", "list", "--component", "topic"}, 0},
		{"list-broker-high-dynamic", []string{"params", "list", "--component", "broker", "--importance", "high", "--dynamic"}, 0},
		{"show-log-retention-hours", []string{"params", "show", "log.retention.hours"}, 0},
		{"show-zookeeper-tick-time", []string{"params", "show", "ZOOKEEPER_TICK_TIME"}, 0},
		{"show-4lw", []string{"params", "4lw.commands.whitelist"}, 0},
		{"show-listeners", []string{"params", "show", "listener.security.protocol.map"}, 0},
		{"search-retention-bytes", []string{"params", "search", "retention", "bytes"}, 0},
		{"check-mixed", []string{"params", "check", "--mode", "zk", "num.partitions=0", "log.retention.hours=168",
			"KAFKA_NUM_PARTITIONS=3", "log.retension.hours=1", "process.roles=broker", "cleanup.policy=Compact",
			"tickTime=2000", "listeners=INTERNAL://:9092"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, _ := runParams(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d", code, tc.code)
			}
			golden(t, tc.name, out)
		})
	}
}

func TestParamsListJSONCounts(t *testing.T) {
	cases := []struct {
		args []string
		want int
	}{
		{[]string{"--component", "broker"}, 315},
		{[]string{"--component", "topic"}, 36},
		{[]string{"--component", "zookeeper"}, 186},
		// --all adds the zoo.cfg keys QuorumPeerConfig reads beyond the
		// admin guide's list.
		{[]string{"--component", "zookeeper", "--all"}, 186 + 16},
		{[]string{"--component", "producer"}, 95},
		{[]string{"--component", "consumer"}, 96},
		{[]string{"--component", "librdkafka"}, 199},
		{[]string{"--component", "broker", "--mode", "zk"}, 265},
		{[]string{"--component", "broker", "--mode", "kraft"}, 282},
		{[]string{"--component", "broker", "--dynamic"}, 89},
		{[]string{"--component", "broker", "--importance", "high"}, 88},
		{[]string{"--component", "admin"}, 74},
		{nil, 315 + 36 + 186 + 95 + 96 + 74 + 199},
		// The 4.x line: its own broker, topic and client rows (from the
		// 4.4.0 ConfigDefs), librdkafka's, no ZooKeeper.
		{[]string{"--kafka", "4.x", "--component", "broker"}, 350},
		{[]string{"--kafka", "4.x", "--component", "broker", "--mode", "kraft"}, 350},
		{[]string{"--kafka", "4.x", "--component", "topic"}, 37},
		{[]string{"--kafka", "4.x", "--component", "producer"}, 119},
		{[]string{"--kafka", "4.x", "--component", "consumer"}, 119},
		{[]string{"--kafka", "4.x", "--component", "admin"}, 95},
		{[]string{"--kafka", "4.4.0"}, 350 + 37 + 119 + 119 + 95 + 199},
	}
	for _, tc := range cases {
		args := append([]string{"params", "list", "--format", "json"}, tc.args...)
		code, out, errs := runParams(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if len(rows) != tc.want {
			t.Errorf("%v: %d rows, want %d", args, len(rows), tc.want)
		}
		for _, r := range rows {
			for _, k := range []string{"name", "component", "type", "default", "valid_values", "importance", "update_mode", "mode", "deprecated", "description", "env"} {
				if _, ok := r[k]; !ok {
					t.Fatalf("%v: row %v lacks %q", args, r["name"], k)
				}
			}
		}
	}
	// Spot checks of the JSON shape: null default, env map.
	_, out, _ := runParams(t, "params", "list", "--format", "json", "--component", "broker")
	var rows []struct {
		Name    string            `json:"name"`
		Default *string           `json:"default"`
		Env     map[string]string `json:"env"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		switch r.Name {
		case "advertised.listeners":
			if r.Default != nil {
				t.Errorf("advertised.listeners default %q, want null", *r.Default)
			}
		case "log.retention.hours":
			if r.Default == nil || *r.Default != "168" || r.Env["cp-kafka"] != "KAFKA_LOG_RETENTION_HOURS" || r.Env["bitnami-kafka"] != "KAFKA_CFG_LOG_RETENTION_HOURS" {
				t.Errorf("log.retention.hours: %+v", r)
			}
		}
	}
}

func TestParamsErrors(t *testing.T) {
	cases := []struct {
		args   []string
		code   int
		stderr string
		stdout string
	}{
		{[]string{"params", "show", "log.retension.hours"}, 2, "did you mean: log.retention.hours", ""},
		{[]string{"params", "log.retension.hours"}, 2, "did you mean: log.retention.hours", ""},
		{[]string{"params", "show", "compression.type", "--component", "zookeeper"}, 2, `unknown zookeeper parameter "compression.type"`, ""},
		{[]string{"params", "list", "--mode", "both"}, 2, "--mode", ""},
		{[]string{"params", "list", "--component", "kafka"}, 2, "unknown component", ""},
		{[]string{"params", "list", "--format", "yaml"}, 2, "--format", ""},
		{[]string{"params", "list", "--importance", "urgent"}, 2, "--importance", ""},
		{[]string{"params", "check", "num.partitions"}, 2, "is not NAME=VALUE", ""},
		{[]string{"params", "check", "num.partitions=0"}, 1, "1 of 1 checks rejected", "num.partitions=0: must be at least 1 (valid: [1,...])"},
		{[]string{"params", "check", "num.partitions=3", "retention.ms=604800000"}, 0, "", "ok     retention.ms=604800000 (topic)"},
		{[]string{"params", "check", "--component", "producer", "acks=all", "compression.type=zstd"}, 0, "", "ok     compression.type=zstd (producer)"},
		{[]string{"params", "search", "zzzzqqq"}, 1, "no parameter matches", ""},
		{[]string{"params", "show", "KAFKA_CFG_LOG_RETENTION_HOURS"}, 0, "bitnami-kafka variable for log.retention.hours", "log.retention.hours (broker)"},
	}
	for _, tc := range cases {
		code, out, errs := runParams(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.stderr) || !strings.Contains(out, tc.stdout) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
				tc.args, code, out, errs, tc.code, tc.stdout, tc.stderr)
		}
	}
}

func TestParamsShowJSON(t *testing.T) {
	code, out, errs := runParams(t, "params", "show", "compression.type", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var views []struct {
		Name      string `json:"name"`
		Component string `json:"component"`
		FileLine  string `json:"file_line"`
		Settings  []struct {
			Image    string `json:"image"`
			Variable string `json:"variable"`
			Example  string `json:"example"`
		} `json:"settings"`
	}
	if err := json.Unmarshal([]byte(out), &views); err != nil {
		t.Fatal(err)
	}
	var comps []string
	for _, v := range views {
		comps = append(comps, v.Component)
	}
	if strings.Join(comps, ",") != "broker,topic,producer,librdkafka,librdkafka" {
		t.Errorf("components %v", comps)
	}
	if views[0].FileLine != "compression.type=producer" || len(views[0].Settings) != 4 ||
		views[0].Settings[0].Example != `KAFKA_COMPRESSION_TYPE: "producer"` {
		t.Errorf("broker view: %+v", views[0])
	}
}
