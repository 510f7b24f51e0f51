package cli

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafkit/kafkit/internal/harness"
)

// brokerConfig returns name's entry in `kafkit broker config describe`
// for target (--broker N or --cluster) as JSON.
func brokerConfig(t *testing.T, addr, target, name string) (brokerConfigView, bool) {
	t.Helper()
	code, out, errs := kit(t, "", "broker", "config", "describe", target, "-b", addr, "--format", "json")
	var views []brokerConfigsView
	if code != ExitOK || json.Unmarshal([]byte(out), &views) != nil || len(views) != 1 {
		t.Fatalf("broker config describe %s: exit %d, stderr %q, stdout %q", target, code, errs, out)
	}
	for _, c := range views[0].Configs {
		if c.Name == name {
			return c, true
		}
	}
	return brokerConfigView{}, false
}

func valueOf(c brokerConfigView) string {
	if c.Value == nil {
		return "null"
	}
	return *c.Value
}

// waitConfig polls until name on target has value from source: a
// ZooKeeper-mode broker applies a dynamic change when ZooKeeper tells it,
// a moment after the request is acknowledged.
func waitConfig(t *testing.T, addr, target, name, value, source string) brokerConfigView {
	t.Helper()
	var c brokerConfigView
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var ok bool
		if c, ok = brokerConfig(t, addr, target, name); ok && valueOf(c) == value && c.Source == source {
			return c
		}
	}
	t.Fatalf("%s %s: %s from %q, want %s from %q", target, name, valueOf(c), c.Source, value, source)
	return c
}

// TestBrokerConfigOnKafka changes and reads back dynamic settings on Apache
// Kafka 3.9.2 at both levels, and checks that the catalogue refuses what
// Kafka itself refuses. kfake keeps one set of dynamic broker configs,
// reports them all as per-broker and knows some 40 names
// (TestBrokerConfigOnKfake).
func TestBrokerConfigOnKafka(t *testing.T) {
	b := harness.Real(t)
	addr := b.Addr
	const id = "--broker=1"

	// Every value the broker reports at its default is the catalogue's
	// default: the mark flags exactly what someone set.
	code, out, errs := kit(t, "", "broker", "config", "describe", id, "-b", addr, "--format", "json")
	var views []brokerConfigsView
	if code != ExitOK || json.Unmarshal([]byte(out), &views) != nil || len(views) != 1 {
		t.Fatalf("describe: exit %d, stderr %q", code, errs)
	}
	sources := map[string]int{}
	for _, c := range views[0].Configs {
		sources[c.Source]++
		if c.Source == "default" && c.Differs {
			t.Errorf("%s: Kafka's default %s, the catalogue's %s", c.Name, valueOf(c), *c.CatalogueDefault)
		}
	}
	if len(views[0].Configs) < 250 || sources["default"] < 200 || sources["static"] < 5 {
		t.Fatalf("describe: %d configs, by source %v", len(views[0].Configs), sources)
	}
	if c, _ := brokerConfig(t, addr, id, "offsets.topic.replication.factor"); c.Source != "static" || valueOf(c) != "1" || !c.Differs || *c.CatalogueDefault != "3" {
		t.Fatalf("a static value that differs: %+v", c)
	}
	code, out, _ = kit(t, "", "broker", "config", "describe", id, "-b", addr)
	if code != ExitOK || !strings.Contains(out, "BROKER 1\n") || !regexpLine(out, `^offsets\.topic\.replication\.factor +1 +static +\* 3$`) {
		t.Fatalf("describe text: exit %d:\n%s", code, out)
	}

	t.Cleanup(func() {
		kit(t, "", "broker", "config", "alter", "--cluster", "--delete", "log.cleaner.backoff.ms", "-b", addr)
		kit(t, "", "broker", "config", "alter", id, "--delete", "log.cleaner.backoff.ms", "-b", addr)
	})
	code, out, errs = kit(t, "", "broker", "config", "alter", "--cluster", "--set", "log.cleaner.backoff.ms=20000", "-b", addr)
	if code != ExitOK || out != "altered cluster-wide broker configs: log.cleaner.backoff.ms=20000\n" {
		t.Fatalf("alter --cluster: exit %d, stderr %q, stdout %q", code, errs, out)
	}
	c := waitConfig(t, addr, id, "log.cleaner.backoff.ms", "20000", "dynamic cluster-wide")
	if !c.Differs || len(c.Overrides) == 0 || c.Overrides[len(c.Overrides)-1].Source != "default" || *c.Overrides[len(c.Overrides)-1].Value != "15000" {
		t.Fatalf("cluster-wide value: %+v", c)
	}
	if c, ok := brokerConfig(t, addr, "--cluster", "log.cleaner.backoff.ms"); !ok || valueOf(c) != "20000" {
		t.Fatalf("describe --cluster: %+v", c)
	}

	code, out, errs = kit(t, "", "broker", "config", "alter", id, "--set", "log.cleaner.backoff.ms=25000", "-b", addr)
	if code != ExitOK || out != "altered broker 1: log.cleaner.backoff.ms=25000\n" {
		t.Fatalf("alter --broker: exit %d, stderr %q, stdout %q", code, errs, out)
	}
	c = waitConfig(t, addr, id, "log.cleaner.backoff.ms", "25000", "dynamic per-broker")
	if len(c.Overrides) < 2 || c.Overrides[0].Source != "dynamic cluster-wide" || *c.Overrides[0].Value != "20000" {
		t.Fatalf("per-broker over cluster-wide: overrides %+v", c.Overrides)
	}
	if code, _, errs := kit(t, "", "broker", "config", "alter", id, "--delete", "log.cleaner.backoff.ms", "-b", addr); code != ExitOK {
		t.Fatalf("alter --delete: %s", errs)
	}
	waitConfig(t, addr, id, "log.cleaner.backoff.ms", "20000", "dynamic cluster-wide")
	if code, _, errs := kit(t, "", "broker", "config", "alter", "--cluster", "--delete", "log.cleaner.backoff.ms", "-b", addr); code != ExitOK {
		t.Fatalf("alter --cluster --delete: %s", errs)
	}
	waitConfig(t, addr, id, "log.cleaner.backoff.ms", "15000", "default")

	code, _, errs = kit(t, "", "broker", "config", "alter", "--broker=7", "--set", "log.cleaner.threads=2", "-b", addr)
	if code != ExitFailure || errs != "kafkit: no broker 7 in the cluster (its brokers: 1)\n" {
		t.Fatalf("unknown broker: exit %d, stderr %q", code, errs)
	}

	// The catalogue refuses first, with the reason; Kafka refuses the
	// same requests when they reach it.
	adm := harness.Admin(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name    string
		args    []string
		want    string
		kafka   []kadm.AlterConfig // the same change sent straight to Kafka
		cluster bool
	}{
		{"read-only", []string{id, "--set", "broker.rack=r1"}, "needs a restart: edit server.properties",
			[]kadm.AlterConfig{{Name: "broker.rack", Value: kadm.StringPtr("r1")}}, false},
		{"per-broker at cluster level", []string{"--cluster", "--set", "ssl.client.auth=required"}, "can only be changed per broker",
			[]kadm.AlterConfig{{Name: "ssl.client.auth", Value: kadm.StringPtr("required")}}, true},
		{"TLS store without a listener", []string{id, "--set", "ssl.keystore.location=/tmp/k.jks"}, "only for one listener: use listener.name.NAME.ssl.keystore.location",
			[]kadm.AlterConfig{{Name: "ssl.keystore.location", Value: kadm.StringPtr("/tmp/k.jks")}}, false},
		{"below the minimum", []string{id, "--set", "log.cleaner.threads=-1"}, "log.cleaner.threads",
			[]kadm.AlterConfig{{Name: "log.cleaner.threads", Value: kadm.StringPtr("-1")}}, false},
		{"not a number", []string{id, "--set", "log.cleaner.backoff.ms=soon"}, "log.cleaner.backoff.ms",
			[]kadm.AlterConfig{{Name: "log.cleaner.backoff.ms", Value: kadm.StringPtr("soon")}}, false},
		{"misspelt", []string{id, "--set", "log.retension.ms=1000"}, "did you mean log.retention.ms", nil, false},
		{"misspelt delete", []string{"--cluster", "--delete", "log.retention.msec"}, "did you mean log.retention.ms", nil, false},
		{"no target", []string{"--set", "log.retention.ms=1000"}, "--broker ID (one broker) or --cluster", nil, false},
	} {
		code, _, errs := kit(t, "", append([]string{"broker", "config", "alter", "-b", addr}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stderr %q, want %q", tc.name, code, errs, tc.want)
		}
		if tc.kafka == nil {
			continue
		}
		var ids []int32
		if !tc.cluster {
			ids = []int32{1}
		}
		resps, err := adm.AlterBrokerConfigs(ctx, tc.kafka, ids...)
		if err == nil {
			err = resps[0].Err
		}
		if err == nil {
			t.Errorf("%s: the catalogue refuses it, but Kafka took it", tc.name)
		}
	}
}

// regexpLine says whether a line of text matches re.
func regexpLine(text, re string) bool {
	r := regexp.MustCompile(re)
	for _, line := range strings.Split(text, "\n") {
		if r.MatchString(line) {
			return true
		}
	}
	return false
}

// TestBrokerConfigOnKfake runs describe and alter on the development
// broker, within what kfake supports: its dynamic settings are one set for
// the whole cluster, reported as per-broker.
func TestBrokerConfigOnKfake(t *testing.T) {
	b := harness.Kfake(t)
	if code, out, errs := kit(t, "", "broker", "config", "alter", "--broker=0", "--set", "log.retention.ms=3600000", "-b", b.Addr); code != ExitOK {
		t.Fatalf("alter: exit %d, stderr %q, stdout %q", code, errs, out)
	}
	c, ok := brokerConfig(t, b.Addr, "--broker=0", "log.retention.ms")
	if !ok || valueOf(c) != "3600000" || c.Source != "dynamic per-broker" || !c.Differs {
		t.Fatalf("after alter: %+v", c)
	}
	code, out, errs := kit(t, "", "broker", "config", "describe", "-b", b.Addr, "--changed")
	if code != ExitOK || !strings.Contains(out, "log.retention.ms") || strings.Contains(out, "message.max.bytes") {
		t.Fatalf("describe --changed: exit %d, stderr %q:\n%s", code, errs, out)
	}
}
