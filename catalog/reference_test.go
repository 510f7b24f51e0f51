package catalog

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// refDir is the shared reference catalogue, a sibling of the repository.
// Tests that compare against it skip when it is absent: the binary never
// needs it, only these guards do.
const refDir = "../../shared/reference"

type refRow map[string]string

// readRef reads a reference TSV (split on tabs, no quote processing, as its
// README requires).
func readRef(t *testing.T, rel string) []refRow {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(refDir, rel))
	if os.IsNotExist(err) {
		t.Skipf("reference %s not present", rel)
	}
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	hdr := strings.Split(lines[0], "\t")
	var out []refRow
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != len(hdr) {
			t.Fatalf("%s:%d: %d fields, want %d", rel, i+2, len(f), len(hdr))
		}
		r := refRow{}
		for j, h := range hdr {
			r[h] = f[j]
		}
		out = append(out, r)
	}
	return out
}

// defaultMatches compares a catalogue default with a reference default in
// the reference's notation: null (none), empty (required), "" (empty).
func defaultMatches(p *Param, ref string, comp Component) bool {
	switch {
	case comp == ZooKeeper && ref == "null":
		return !p.HasDefault
	case comp == ZooKeeper && ref == "":
		return !p.HasDefault
	case ref == "null":
		return !p.HasDefault && !p.Required
	case ref == "":
		return p.Required
	case ref == `""`:
		return p.HasDefault && p.Default == ""
	}
	return p.HasDefault && p.Default == ref
}

// knownDeviations are the places where the catalogue deliberately differs
// from the reference, each with its reason.
var knownDeviations = map[string]string{
	// The reference's normaliser cut "0.02"/"0.002" at the decimal
	// point; the admin guide states the fractions.
	"zookeeper/connectionDropIncrease/default": "guide says 0.02",
	"zookeeper/connectionDropDecrease/default": "guide says 0.002",
	// The generated docs print this validator's documentation, not a
	// constraint; the catalogue writes what RemoteLogManagerConfig's
	// validator enforces (-1, or above 0).
	"broker/remote.log.manager.copier.thread.pool.size/valid_values":     "validator accepts -1 or > 0",
	"broker/remote.log.manager.expiration.thread.pool.size/valid_values": "validator accepts -1 or > 0",
	// Modes as Kafka 3.9's code uses the parameters (issue 17), where the
	// reference's mode column disagrees.
	"broker/telemetry.max.bytes/mode":                    "only BrokerServer (KRaft) creates the client-metrics manager",
	"broker/leader.imbalance.per.broker.percentage/mode": "only the ZooKeeper-mode KafkaController reads it",
	"broker/node.id/mode":                                "in ZooKeeper mode an alias of broker.id (KafkaConfig copies one to the other)",
	"broker/zookeeper.metadata.migration.enable/mode":    "KRaft controllers read it during a migration",
	// The guide states none; ZooKeeper 3.8 falls back to
	// ZooKeeperServer.DEFAULT_TICK_TIME.
	"zookeeper/tickTime/default": "the 3.8 code default is 3000",
}

// sinceReference are the catalogue rows the reference (generated from the
// 3.9.0 docs) lacks because a later 3.9 patch added them; the ConfigDef dump
// of 3.9.2 (configdef_test.go) vouches for them.
var sinceReference = map[string]string{
	"broker/alter.config.policy.kraft.compatibility.enable": "added in 3.9.1 (ZkAdminManager)",
}

func TestCompletenessAgainstReference(t *testing.T) {
	cases := []struct {
		comp     Component
		file     string
		defCol   string
		typed    bool
		wantRows int
	}{
		{Broker, "kafka-3.9/broker.tsv", "default_value", true, 314},
		{Topic, "kafka-3.9/topic.tsv", "default_value", true, 36},
		{Producer, "kafka-3.9/producer.tsv", "default_value", true, 95},
		{Consumer, "kafka-3.9/consumer.tsv", "default_value", true, 96},
		{Admin, "kafka-3.9/admin.tsv", "default_value", true, 74},
		{ZooKeeper, "zookeeper-3.8.tsv", "default", false, 186},
	}
	for _, tc := range cases {
		t.Run(string(tc.comp), func(t *testing.T) {
			rows := readRef(t, tc.file)
			if len(rows) != tc.wantRows {
				t.Fatalf("reference has %d rows, want %d", len(rows), tc.wantRows)
			}
			extra := 0
			for k := range sinceReference {
				if strings.HasPrefix(k, string(tc.comp)+"/") {
					extra++
				}
			}
			// The reference is Kafka's configuration reference: the
			// broker's internal configs and authorizer keys are not in it.
			got := 0
			for _, p := range Of(tc.comp) {
				if p.Documented() {
					got++
				}
			}
			if got != tc.wantRows+extra {
				t.Errorf("catalogue has %d %s parameters, want %d", got, tc.comp, tc.wantRows+extra)
			}
			refNames := map[string]bool{}
			for _, r := range rows {
				name := r["name"]
				refNames[name] = true
				p, ok := Lookup(tc.comp, name)
				if !ok {
					t.Errorf("%s: missing from the catalogue", name)
					continue
				}
				key := string(tc.comp) + "/" + name + "/"
				if _, dev := knownDeviations[key+"default"]; !dev && !defaultMatches(p, r[tc.defCol], tc.comp) {
					t.Errorf("%s: default %q (has=%v required=%v), reference %q", name, p.Default, p.HasDefault, p.Required, r[tc.defCol])
				}
				if !tc.typed {
					continue
				}
				if p.Type != r["type"] {
					t.Errorf("%s: type %q, reference %q", name, p.Type, r["type"])
				}
				if _, dev := knownDeviations[key+"valid_values"]; !dev && p.ValidValues != r["valid_values"] {
					t.Errorf("%s: valid values %q, reference %q", name, p.ValidValues, r["valid_values"])
				}
				if p.Importance != r["importance"] {
					t.Errorf("%s: importance %q, reference %q", name, p.Importance, r["importance"])
				}
				if tc.comp == Broker {
					if _, dev := knownDeviations[key+"mode"]; !dev && string(p.Mode) != r["mode"] {
						t.Errorf("%s: mode %q, reference %q", name, p.Mode, r["mode"])
					}
					if p.UpdateMode != r["update_mode"] {
						t.Errorf("%s: update mode %q, reference %q", name, p.UpdateMode, r["update_mode"])
					}
				}
				if tc.comp == Topic {
					want := r["server_default_property"]
					if want == "null" {
						want = ""
					}
					if p.ServerDefault != want {
						t.Errorf("%s: server default %q, reference %q", name, p.ServerDefault, want)
					}
				}
			}
			for _, p := range Of(tc.comp) {
				if _, later := sinceReference[string(tc.comp)+"/"+p.Name]; !refNames[p.Name] && !later && p.Documented() {
					t.Errorf("%s: in the catalogue but not in the reference", p.Name)
				}
			}
		})
	}
}

func TestLibrdkafkaAgainstReference(t *testing.T) {
	rows := readRef(t, "librdkafka.tsv")
	type key struct{ level, name string }
	mine := map[key]*Param{}
	for _, p := range Of(Librdkafka) {
		mine[key{p.Level, p.Name}] = p
	}
	if len(mine) != len(rows) {
		t.Errorf("catalogue has %d librdkafka (level, name) pairs, reference %d", len(mine), len(rows))
	}
	for _, r := range rows {
		p, ok := mine[key{r["level"], r["name"]}]
		if !ok {
			t.Errorf("%s/%s: missing", r["level"], r["name"])
			continue
		}
		if p.Type != r["type"] || p.ValidValues != r["range"] || p.Default != r["default"] || p.Scope != r["scope"] || p.AliasOf != r["alias_of"] {
			t.Errorf("%s/%s: got type=%q range=%q default=%q scope=%q alias=%q, reference %q %q %q %q %q", r["level"], r["name"],
				p.Type, p.ValidValues, p.Default, p.Scope, p.AliasOf, r["type"], r["range"], r["default"], r["scope"], r["alias_of"])
		}
	}
}

// TestCPKafkaEnvAgainstReference checks the forward cp-kafka rule against
// the env names the reference derived independently.
func TestCPKafkaEnvAgainstReference(t *testing.T) {
	for _, r := range readRef(t, "kafka-3.9/broker.tsv") {
		p, _ := Lookup(Broker, r["name"])
		if got := EnvName(p, CPKafka); got != r["cp_kafka_env"] {
			t.Errorf("%s: cp-kafka variable %q, reference %q", r["name"], got, r["cp_kafka_env"])
		}
	}
}

// TestCPZooKeeperEnvAgainstReference checks the cp-zookeeper whitelist
// against the reference's cp_zookeeper_env column wherever the column names
// a single variable.
func TestCPZooKeeperEnvAgainstReference(t *testing.T) {
	plain := regexp.MustCompile(`^ZOOKEEPER_[A-Z0-9_]+$`)
	n := 0
	for _, r := range readRef(t, "zookeeper-3.8.tsv") {
		col := r["cp_zookeeper_env"]
		if !plain.MatchString(col) {
			continue
		}
		n++
		p, _ := Lookup(ZooKeeper, r["name"])
		ref := ClassifyEnv(CPZooKeeper, col)
		if ref.Param != p {
			t.Errorf("%s: %s resolves to %v", r["name"], col, ref.Param)
		}
		got := EnvName(p, CPZooKeeper)
		if got != col && !(r["name"] == "jute.maxbuffer" && got == "KAFKA_OPTS") {
			t.Errorf("%s: cp-zookeeper variable %q, reference %q", r["name"], got, col)
		}
	}
	if n < 60 {
		t.Errorf("only %d plain cp-zookeeper variables in the reference column, want at least 60", n)
	}
}

// wordRun returns the lower-case alphanumeric words of s.
var wordRe = regexp.MustCompile(`[a-z0-9]+`)

func words(s string) []string { return wordRe.FindAllString(strings.ToLower(s), -1) }

// TestDescriptionsOwnWords requires a description for every parameter and,
// when the reference is present, that none shares a run of eight or more
// consecutive words with the upstream documentation of any parameter.
func TestDescriptionsOwnWords(t *testing.T) {
	var missing []string
	for _, p := range All() {
		if strings.TrimSpace(p.Description) == "" {
			missing = append(missing, string(p.Component)+"/"+p.Name)
		}
	}
	if len(missing) > 0 {
		show := missing
		if len(show) > 20 {
			show = show[:20]
		}
		t.Errorf("%d parameters have no description, e.g. %s", len(missing), strings.Join(show, ", "))
	}
	const run = 8
	refs := map[Component]string{Broker: "kafka-3.9/broker.tsv", Topic: "kafka-3.9/topic.tsv",
		Producer: "kafka-3.9/producer.tsv", Consumer: "kafka-3.9/consumer.tsv", Admin: "kafka-3.9/admin.tsv",
		ZooKeeper: "zookeeper-3.8.tsv", Librdkafka: "librdkafka.tsv"}
	for _, c := range Components {
		grams := map[string]bool{}
		for _, r := range readRef(t, refs[c]) {
			w := words(r["doc"])
			for i := 0; i+run <= len(w); i++ {
				grams[strings.Join(w[i:i+run], " ")] = true
			}
		}
		for _, p := range Of(c) {
			w := words(p.Description)
			for i := 0; i+run <= len(w); i++ {
				if g := strings.Join(w[i:i+run], " "); grams[g] {
					t.Errorf("%s/%s: description shares %q with the upstream doc", c, p.Name, g)
					break
				}
			}
		}
	}
}
