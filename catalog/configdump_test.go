package catalog_test

// These tests run Kafka's jars (through the real-Kafka harness), so they
// live outside package catalog: the harness imports devbroker, which
// imports catalog.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/internal/harness"
)

var wordRe = regexp.MustCompile(`[a-z0-9]+`)

// docWords returns the lower-case alphanumeric words of s, as the
// catalogue's own-words test splits text.
func docWords(s string) []string { return wordRe.FindAllString(strings.ToLower(s), -1) }

// TestConfigDumpCurrent reruns the dumper on each release's jars and
// requires the checked-in dump to equal its output, so the files the other
// tests trust are Kafka's and not edited by hand.
func TestConfigDumpCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the JVM")
	}
	for _, v := range catalog.Versions {
		t.Run(v.Release(), func(t *testing.T) {
			got := runConfigDump(t, v.Release(), "")
			want, err := os.ReadFile(filepath.Join("data", "configdef", v.Release()+".tsv"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("data/configdef/%s.tsv differs from what ConfigDump prints for the jars; run scripts/configdump.sh %s", v.Release(), v.Release())
			}
		})
	}
}

// runConfigDump runs testenv/configdump/ConfigDump.java on a release's jars
// and returns its output; with docs set, Kafka's descriptions go to that
// file.
func runConfigDump(t *testing.T, release, docs string) []byte {
	t.Helper()
	d := harness.Kafka(t, release)
	args := []string{"-cp", d.Classpath(), filepath.Join("..", "testenv", "configdump", "ConfigDump.java")}
	if docs != "" {
		args = append(args, "--docs", docs)
	}
	cmd := exec.Command(d.Java, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ConfigDump on Kafka %s: %v\n%s", release, err, stderr.String())
	}
	return out
}

// upstreamDocs returns Kafka's own description of every config of a
// release, component/name -> text, from the cache
// (configdef-docs-<release>.tsv, written by scripts/configdump.sh --docs,
// or here when missing). Never checked in: only the own-words test reads it.
func upstreamDocs(t *testing.T, release string) map[string]string {
	t.Helper()
	path := filepath.Join(harness.CacheDir(), "configdef-docs-"+release+".tsv")
	if _, err := os.Stat(path); err != nil {
		tmp := filepath.Join(t.TempDir(), "docs.tsv")
		runConfigDump(t, release, tmp)
		path = tmp
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Split(l, "\t")
		if len(f) == 3 {
			out[f[0]+"/"+f[1]] = f[2]
		}
	}
	return out
}

// TestDescriptionsOwnWordsConfigDef is TestDescriptionsOwnWords for both
// Kafka lines against the documentation strings of the ConfigDefs
// themselves (3.9.2 and 4.4.0, every component, the admin client's too):
// no description of either line shares a run of eight words with any of
// them.
func TestDescriptionsOwnWordsConfigDef(t *testing.T) {
	if testing.Short() {
		t.Skip("may run the JVM")
	}
	const run = 8
	grams := map[string]bool{}
	for _, v := range catalog.Versions {
		for _, doc := range upstreamDocs(t, v.Release()) {
			w := docWords(doc)
			for i := 0; i+run <= len(w); i++ {
				grams[strings.Join(w[i:i+run], " ")] = true
			}
		}
	}
	if len(grams) < 10000 {
		t.Fatalf("only %d word runs in Kafka's docs; the docs files look wrong", len(grams))
	}
	for _, v := range catalog.Versions {
		for _, c := range []catalog.Component{catalog.Broker, catalog.Topic, catalog.Producer, catalog.Consumer, catalog.Admin} {
			for _, p := range catalog.Kafka(v).Of(c) {
				if strings.TrimSpace(p.Description) == "" {
					t.Errorf("%s %s/%s: no description", v, c, p.Name)
					continue
				}
				w := docWords(p.Description)
				for i := 0; i+run <= len(w); i++ {
					if g := strings.Join(w[i:i+run], " "); grams[g] {
						t.Errorf("%s %s/%s: description shares %q with Kafka's doc", v, c, p.Name, g)
						break
					}
				}
			}
		}
	}
}

// TestListenerSetsAgainstKafka holds the catalogue's per-listener answers
// to the sets Kafka's own code keeps (ConfigDump --sets, run on each
// release's jars): the keys read per listener and SASL mechanism
// (MechanismKey), the listener connection limits (ListenerKey), and the TLS
// store settings that change at run time only per listener
// (DynamicOnlyPerListener), both ways over every broker row.
func TestListenerSetsAgainstKafka(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the JVM")
	}
	for _, v := range catalog.Versions {
		t.Run(v.Release(), func(t *testing.T) {
			d := harness.Kafka(t, v.Release())
			cmd := exec.Command(d.Java, "-cp", d.Classpath(), filepath.Join("..", "testenv", "configdump", "ConfigDump.java"), "--sets")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("ConfigDump --sets on Kafka %s: %v\n%s", v.Release(), err, stderr.String())
			}
			sets := map[string]map[string]bool{}
			for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				name, keys, _ := strings.Cut(l, "\t")
				sets[name] = map[string]bool{}
				for _, k := range strings.Split(keys, ",") {
					sets[name][k] = true
				}
			}
			for _, name := range []string{"listener_mechanism_configs", "cluster_level_listener_configs", "ssl_reconfigurable_configs"} {
				if len(sets[name]) == 0 {
					t.Fatalf("ConfigDump --sets printed no %s:\n%s", name, out)
				}
			}
			for k := range sets["cluster_level_listener_configs"] {
				if !catalog.ListenerKey(k) {
					t.Errorf("%s: a listener connection limit in Kafka, ListenerKey says no", k)
				}
			}
			for _, p := range catalog.Kafka(v).Of(catalog.Broker) {
				// "plain" stands for any mechanism but OAUTHBEARER, whose
				// handlers also read their own settings under its prefix.
				if got, want := catalog.MechanismKey("plain", p.Name), sets["listener_mechanism_configs"][p.Name]; got != want {
					t.Errorf("%s: MechanismKey %v, Kafka's listener mechanism configs %v", p.Name, got, want)
				}
				if got, want := catalog.DynamicOnlyPerListener(p.Name), sets["ssl_reconfigurable_configs"][p.Name]; got != want {
					t.Errorf("%s: DynamicOnlyPerListener %v, Kafka's reconfigurable TLS configs %v", p.Name, got, want)
				}
				if sets["listener_mechanism_configs"][p.Name] && p.Name != "connections.max.reauth.ms" && catalog.ListenerKey(p.Name) {
					t.Errorf("%s: read per mechanism only, ListenerKey accepts it bare", p.Name)
				}
			}
		})
	}
}
