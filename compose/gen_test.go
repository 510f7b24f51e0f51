package compose

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/internal/harness"
	"github.com/kafkit/kafkit/stackmodel"
)

// goldenStacks are the generated files checked into the repository: the
// root docker-compose.yml and the variants of examples/compose. This test
// is the one that writes them (-update, make generate); other tests only
// compare with them.
var goldenStacks = []struct {
	path string
	opts StackOptions
}{
	{"../docker-compose.yml", DefaultStackOptions()},
	{"../examples/compose/cluster/docker-compose.yml", StackOptions{Mode: catalog.ModeZK, Brokers: 3, ZooKeepers: 3}},
	{"../examples/compose/kraft/docker-compose.yml", StackOptions{Mode: catalog.ModeKRaft, Brokers: 1}},
	{"../examples/compose/kraft-cluster/docker-compose.yml", StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3}},
	{"../examples/compose/secured/docker-compose.yml", StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Security: SecuritySASLTLS}},
	{"../examples/compose/kafka4/docker-compose.yml", StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Kafka: catalog.V4}},
	{"../examples/compose/kafka4-cluster/docker-compose.yml", StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Kafka: catalog.V4}},
}

func TestGoldenStacks(t *testing.T) {
	for _, g := range goldenStacks {
		t.Run(g.path, func(t *testing.T) {
			got, err := Generate(g.opts)
			if err != nil {
				t.Fatal(err)
			}
			if harness.Update() {
				if err := os.MkdirAll(filepath.Dir(g.path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(g.path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(g.path)
			if err != nil {
				t.Fatalf("%v (run go test ./compose -run Golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is not what `%s` generates: %s\n(regenerate with go test ./compose -run Golden -update)",
					g.path, mustPlan(t, g.opts).commandLine(), firstDiff(want, got))
			}
		})
	}
}

func mustPlan(t *testing.T, o StackOptions) *stackPlan {
	t.Helper()
	p, err := newStackPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// firstDiff describes the first line where want and got differ.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("line %d: file has %q, generator gives %q", i+1, wl, gl)
		}
	}
	return "no difference"
}

// stackMatrix is the shapes of stack the tests generate and load, in every
// style: each broker count that changes the replication settings (1, 2, 3
// and more), each ensemble size, combined and dedicated KRaft controllers.
func stackMatrix() []StackOptions {
	shapes := []StackOptions{
		{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1},
		{Mode: catalog.ModeZK, Brokers: 2, ZooKeepers: 3},
		{Mode: catalog.ModeZK, Brokers: 3, ZooKeepers: 3},
		{Mode: catalog.ModeZK, Brokers: 9, ZooKeepers: 5},
		{Mode: catalog.ModeKRaft, Brokers: 1},
		{Mode: catalog.ModeKRaft, Brokers: 2},
		{Mode: catalog.ModeKRaft, Brokers: 1, Controllers: 1},
		{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3},
		{Mode: catalog.ModeKRaft, Brokers: 9, Controllers: 5},
		{Mode: catalog.ModeKRaft, Brokers: 1, Kafka: catalog.V4},
		{Mode: catalog.ModeKRaft, Brokers: 2, Kafka: catalog.V4},
		{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Kafka: catalog.V4},
	}
	var out []StackOptions
	for _, style := range []Style{StyleDocumented, StyleExplicit, StyleMinimal} {
		for _, s := range shapes {
			s.Style = style
			out = append(out, s)
		}
	}
	return out
}

// loadedStacks caches generated and loaded stacks: several tests walk the
// whole matrix, and the projects are only read.
var loadedStacks sync.Map // StackOptions -> loadedStack

type loadedStack struct {
	data []byte
	p    *types.Project
}

func loadGenerated(t *testing.T, o StackOptions) ([]byte, *types.Project) {
	t.Helper()
	if l, ok := loadedStacks.Load(o); ok {
		return l.(loadedStack).data, l.(loadedStack).p
	}
	data, err := Generate(o)
	if err != nil {
		t.Fatalf("%+v: %v", o, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := stackmodel.LoadComposeBytes(ctx, filepath.Join(t.TempDir(), "docker-compose.yml"), data, nil)
	if err != nil {
		t.Fatalf("%s: compose-go rejects the generated file: %v", mustPlan(t, o).commandLine(), err)
	}
	loadedStacks.Store(o, loadedStack{data, p})
	return data, p
}

// TestGeneratedStacksLoad loads every shape of generated file with
// compose-go and checks what a good local stack needs.
func TestGeneratedStacksLoad(t *testing.T) {
	for _, o := range stackMatrix() {
		plan := mustPlan(t, o)
		t.Run(plan.commandLine(), func(t *testing.T) {
			_, p := loadGenerated(t, o)
			if p.Name != plan.projectName() {
				t.Errorf("project name %q, want %q", p.Name, plan.projectName())
			}
			want := len(plan.zookeepers) + len(plan.controllers) + len(plan.brokers)
			if len(p.Services) != want {
				t.Errorf("%d services, want %d", len(p.Services), want)
			}
			for name, s := range p.Services {
				checkService(t, p, name, s)
			}
			for _, b := range plan.brokers {
				s := p.Services[b.service]
				if len(s.Ports) != 1 || s.Ports[0].HostIP != "127.0.0.1" || s.Ports[0].Published != fmt.Sprint(b.hostPort) {
					t.Errorf("%s: ports %+v, want 127.0.0.1:%d", b.service, s.Ports, b.hostPort)
				}
				c, err := stackmodel.EffectiveConfig(p, b.service)
				if err != nil {
					t.Fatal(err)
				}
				adv, _ := c.Get("advertised.listeners")
				if !strings.Contains(adv, fmt.Sprintf("EXTERNAL://localhost:%d", b.hostPort)) || !strings.Contains(adv, fmt.Sprintf("INTERNAL://%s:%d", b.service, stackInternalPort)) {
					t.Errorf("%s: advertised.listeners=%s", b.service, adv)
				}
			}
		})
	}
}

func checkService(t *testing.T, p *types.Project, name string, s types.ServiceConfig) {
	t.Helper()
	// The 4.x stack runs Apache's image, pinned (TestKafka4Image).
	if s.Image != Kafka4Image && (!strings.HasPrefix(s.Image, "confluentinc/cp-") || strings.HasSuffix(s.Image, ":latest") || !strings.Contains(s.Image, ":7.9.")) {
		t.Errorf("%s: image %q, want a pinned confluentinc 7.9 tag", name, s.Image)
	}
	if s.Restart != "unless-stopped" {
		t.Errorf("%s: restart %q", name, s.Restart)
	}
	if s.HealthCheck == nil || len(s.HealthCheck.Test) < 2 {
		t.Errorf("%s: no healthcheck", name)
	}
	for dep, d := range s.DependsOn {
		if d.Condition != types.ServiceConditionHealthy {
			t.Errorf("%s depends on %s with %q, want service_healthy", name, dep, d.Condition)
		}
	}
	for _, port := range s.Ports {
		if port.HostIP != "127.0.0.1" {
			t.Errorf("%s: port %+v published beyond loopback", name, port)
		}
	}
	if len(s.Volumes) == 0 {
		t.Errorf("%s: no volume", name)
	}
	for _, v := range s.Volumes {
		if v.Type != types.VolumeTypeVolume {
			t.Errorf("%s: %s is a %s mount, want a named volume", name, v.Target, v.Type)
		}
		if _, ok := p.Volumes[v.Source]; !ok {
			t.Errorf("%s: volume %s not declared", name, v.Source)
		}
	}
	for _, c := range s.Configs {
		if _, ok := p.Configs[c.Source]; !ok {
			t.Errorf("%s: config %s not declared", name, c.Source)
		}
	}
	heap := s.Environment["KAFKA_HEAP_OPTS"]
	if heap == nil || !strings.Contains(*heap, "-Xmx") {
		t.Errorf("%s: no heap size", name)
	}
}

// configParamLine matches a parameter line of a generated configuration:
// optionally commented, optionally a -D system property.
var configParamLine = regexp.MustCompile(`^(#?)(-D)?([A-Za-z0-9_.-]+)=(.*)$`)

// zkBySysProp indexes the ZooKeeper parameters by the system property the
// generator writes for them.
func zkBySysProp() map[string]*catalog.Param {
	m := map[string]*catalog.Param{}
	for _, p := range catalog.Of(catalog.ZooKeeper) {
		m[p.JavaSystemProperty()] = p
	}
	return m
}

// scannedConfig is what TestNothingSilentlyDropped-style scans find in one
// configuration file of a generated stack.
type scannedConfig struct {
	present   map[*catalog.Param]bool
	active    map[string]string
	commented int // commented parameter lines
}

// scanConfig reads back one configuration file of a generated stack and
// fails the test for any line that is neither a comment nor a parameter of
// the catalogue that takes effect where it is written: a broker parameter
// of the stack's mode in server.properties, a zoo.cfg-readable ZooKeeper
// parameter in zoo.cfg, a system-property-only one in the JVM file.
func scanConfig(t *testing.T, name, content string, v catalog.Version, mode catalog.Mode) scannedConfig {
	t.Helper()
	sc := scannedConfig{present: map[*catalog.Param]bool{}, active: map[string]string{}}
	sys := zkBySysProp()
	for i, l := range strings.Split(strings.TrimSuffix(content, "\n"), "\n") {
		if l == "" || l == "#" || strings.HasPrefix(l, "# ") || strings.HasPrefix(l, "##") {
			continue
		}
		m := configParamLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("%s:%d: neither a comment nor a parameter: %q", name, i+1, l)
			continue
		}
		commented, jvm, key, value := m[1] == "#", m[2] == "-D", m[3], m[4]
		var p *catalog.Param
		var ok bool
		switch {
		case strings.HasSuffix(name, "server.properties"):
			p, ok = catalog.Kafka(v).LookupKey(catalog.Broker, key)
			if ok && p.Mode != catalog.ModeBoth && p.Mode != mode {
				t.Errorf("%s:%d: %s is a %s-mode parameter in a %s-mode broker", name, i+1, key, p.Mode, mode)
			}
		case name == "zoo.cfg":
			p, ok = catalog.LookupKey(catalog.ZooKeeper, key)
			if ok && !zkInZooCfg(p) {
				t.Errorf("%s:%d: %s does nothing as a zoo.cfg line (%s)", name, i+1, key, p.ZooCfg)
			}
		case name == "zookeeper-jvm.args":
			if !jvm {
				t.Errorf("%s:%d: not a -D system property: %q", name, i+1, l)
			}
			p, ok = sys[key]
			if ok && zkInZooCfg(p) {
				t.Errorf("%s:%d: %s belongs in zoo.cfg", name, i+1, key)
			}
		default:
			t.Fatalf("unexpected config %s", name)
		}
		if !ok {
			t.Errorf("%s:%d: %s is not a parameter of the catalogue", name, i+1, key)
			continue
		}
		sc.present[p] = true
		if commented {
			sc.commented++
		} else {
			sc.active[key] = value
			// Every active value must be one the server accepts.
			if err := p.Validate(value); err != nil {
				t.Errorf("%s:%d: %v", name, i+1, err)
			}
		}
	}
	return sc
}

// TestEveryParameterPresent parses the configs of the default file back and
// counts the catalogue's parameters in them: all 265 broker parameters of
// ZooKeeper mode in server.properties, all 186 ZooKeeper parameters across
// zoo.cfg and the JVM argument file.
func TestEveryParameterPresent(t *testing.T) {
	cases := []struct {
		opts             StackOptions
		broker, zk       int
		brokerParamsWant int
	}{
		{DefaultStackOptions(), 265, 186, 265},
		{StackOptions{Mode: catalog.ModeZK, Brokers: 3, ZooKeepers: 3, Style: StyleExplicit}, 265, 186, 265},
		{StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3}, 282, 0, 282},
		{StackOptions{Mode: catalog.ModeKRaft, Brokers: 3, Controllers: 3, Kafka: catalog.V4}, 350, 0, 350},
	}
	for _, c := range cases {
		plan := mustPlan(t, c.opts)
		t.Run(plan.commandLine(), func(t *testing.T) {
			if n := len(brokerParams(c.opts.kafkaVersion(), c.opts.Mode)); n != c.brokerParamsWant {
				t.Fatalf("the catalogue has %d broker parameters for mode %s, the issue counts %d", n, c.opts.Mode, c.brokerParamsWant)
			}
			_, p := loadGenerated(t, c.opts)
			zk := map[*catalog.Param]bool{}
			for name, cfg := range p.Configs {
				if name == "log4j.properties" || name == "log4j2.properties" {
					continue
				}
				sc := scanConfig(t, name, cfg.Content, c.opts.kafkaVersion(), c.opts.Mode)
				if strings.HasSuffix(name, "server.properties") {
					if len(sc.present) != c.broker {
						t.Errorf("%s: %d/%d broker parameters", name, len(sc.present), c.broker)
					} else {
						t.Logf("%s: %d/%d broker parameters", name, len(sc.present), c.broker)
					}
					continue
				}
				for q := range sc.present {
					zk[q] = true
				}
			}
			if len(zk) != c.zk {
				t.Errorf("ZooKeeper: %d/%d parameters", len(zk), c.zk)
			} else if c.zk > 0 {
				t.Logf("ZooKeeper: %d/%d parameters", len(zk), c.zk)
			}
		})
	}
}

// TestNothingSilentlyDropped scans every configuration file of every shape
// of stack: each line is a comment or a catalogue parameter that takes
// effect where it is written, and every active value validates.
func TestNothingSilentlyDropped(t *testing.T) {
	for _, o := range stackMatrix() {
		plan := mustPlan(t, o)
		t.Run(plan.commandLine(), func(t *testing.T) {
			_, p := loadGenerated(t, o)
			for name, cfg := range p.Configs {
				if name == "log4j.properties" || name == "log4j2.properties" {
					continue
				}
				sc := scanConfig(t, name, cfg.Content, o.kafkaVersion(), o.Mode)
				if o.Style == StyleMinimal && sc.commented != 0 {
					t.Errorf("%s: --minimal wrote %d commented parameters", name, sc.commented)
				}
			}
		})
	}
}

// TestEffectiveBrokerConfigs checks every broker's effective
// server.properties as a whole, the way KafkaConfig does after the single
// values: listeners, advertised listeners, the protocol map, the
// inter-broker listener, ZooKeeper or the controller quorum.
func TestEffectiveBrokerConfigs(t *testing.T) {
	for _, o := range stackMatrix() {
		plan := mustPlan(t, o)
		t.Run(plan.commandLine(), func(t *testing.T) {
			_, p := loadGenerated(t, o)
			for _, n := range plan.kafkaNodes() {
				c, err := stackmodel.EffectiveConfig(p, n.service)
				if err != nil {
					t.Fatal(err)
				}
				props := map[string]string{}
				for _, e := range c.Entries {
					if err := catalog.Kafka(o.kafkaVersion()).Check(catalog.Broker, e.Key, e.Value, o.Mode); err != nil {
						t.Errorf("%s: %v", n.service, err)
					}
					props[e.Key] = e.Value
				}
				for _, err := range catalog.CrossCheck(props, o.Mode) {
					t.Errorf("%s: %v", n.service, err)
				}
				rf := min(o.Brokers, 3)
				if v, ok := c.Get("offsets.topic.replication.factor"); n.role.isBroker() && (rf < 3 && v != fmt.Sprint(rf) || rf == 3 && ok && v != "3") {
					t.Errorf("%s: offsets.topic.replication.factor=%q with %d brokers", n.service, v, o.Brokers)
				}
			}
		})
	}
}

func TestStackOptionsValidate(t *testing.T) {
	cases := []struct {
		opts StackOptions
		want string
	}{
		{StackOptions{Mode: catalog.ModeZK, Brokers: 0, ZooKeepers: 1}, "invalid broker count 0"},
		{StackOptions{Mode: catalog.ModeZK, Brokers: 10, ZooKeepers: 1}, "invalid broker count 10"},
		{StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 2}, "invalid ZooKeeper count 2"},
		{StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Controllers: 3}, "controllers exist only in KRaft mode"},
		{StackOptions{Mode: catalog.ModeKRaft, Brokers: 1, Controllers: 2}, "invalid controller count 2"},
		{StackOptions{Mode: "both", Brokers: 1}, `invalid mode "both"`},
		{StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Style: 7}, "invalid style"},
		{DefaultStackOptions(), ""},
	}
	for _, c := range cases {
		err := c.opts.Validate()
		if c.want == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.opts, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.opts, err, c.want)
		}
		if _, gerr := Generate(c.opts); gerr == nil {
			t.Errorf("%+v: Generate accepted invalid options", c.opts)
		}
	}
}

// TestEveryBrokerParameterHasASection keeps the "Other" section empty
// (of the parameters the generator writes: the documented ones).
func TestEveryBrokerParameterHasASection(t *testing.T) {
	for _, v := range catalog.Versions {
		for _, p := range catalog.Kafka(v).Of(catalog.Broker) {
			if !p.Documented() {
				continue
			}
			if sectionOf(brokerSections, p) < 0 {
				t.Errorf("%s: %s matches no section of brokerSections", v, p.Name)
			}
		}
	}
	for _, p := range catalog.Of(catalog.ZooKeeper) {
		if sectionOf(zkSections, p) < 0 {
			t.Errorf("%s: section %q is not in zkSections", p.Name, p.Section)
		}
	}
}

// TestNoDefaultHasExample: a parameter without a usable default must show
// an example, or its commented line would read "name=" and enabling it
// would set an empty value.
func TestNoDefaultHasExample(t *testing.T) {
	set := map[string]string{"tickTime": "2000"}
	for _, v := range catalog.Versions {
		k := catalog.Kafka(v)
		for _, c := range k.Components() {
			if c != catalog.Broker && c != catalog.ZooKeeper {
				continue
			}
			for _, p := range k.Of(c) {
				if !p.Documented() {
					continue // not written by the generator
				}
				d := resolveDefault(p, set)
				if !d.literal && d.value == "" {
					t.Errorf("%s %s %s: no default (%s) and no example in catalog/data/examples.tsv", v, c, p.Name, d.fact)
				}
			}
		}
	}
}

func TestResolveDefault(t *testing.T) {
	zk := func(name string) *catalog.Param {
		p, ok := catalog.Lookup(catalog.ZooKeeper, name)
		if !ok {
			t.Fatalf("no ZooKeeper parameter %s", name)
		}
		return p
	}
	br := func(name string) *catalog.Param {
		p, ok := catalog.Lookup(catalog.Broker, name)
		if !ok {
			t.Fatalf("no broker parameter %s", name)
		}
		return p
	}
	cases := []struct {
		p       *catalog.Param
		set     map[string]string
		value   string
		literal bool
	}{
		{br("log.retention.hours"), nil, "168", true},
		{br("ssl.cipher.suites"), nil, "", true},
		{br("sasl.kerberos.service.name"), nil, "kafka", false},
		{zk("minSessionTimeout"), map[string]string{"tickTime": "2000"}, "4000", true},
		{zk("maxSessionTimeout"), map[string]string{"tickTime": "3000"}, "60000", true},
		{zk("connectToLearnerMasterLimit"), map[string]string{"initLimit": "7"}, "7", true},
		{zk("connectToLearnerMasterLimit"), nil, "10", false},
		{zk("maxWriteQueuePollTime"), nil, "0", true},
		{zk("jute.maxbuffer.extrasize"), nil, "1048575", true},
		{zk("zookeeper.nio.numWorkerThreads"), nil, "8", false},
		{zk("zookeeper.commitProcessor.maxReadBatchSize"), nil, "-1", true},
		{zk("ssl.keyStore.type"), nil, "PKCS12", false},
		{zk("snapshot.compression.method"), nil, "", true},
		{zk("leaderServes"), nil, "yes", true},
		{zk("admin.serverAddress"), nil, "0.0.0.0", true},
	}
	for _, c := range cases {
		d := resolveDefault(c.p, c.set)
		if d.value != c.value || d.literal != c.literal {
			t.Errorf("%s with %v: %q literal=%v (%s), want %q literal=%v", c.p.Name, c.set, d.value, d.literal, d.fact, c.value, c.literal)
		}
	}
}

func TestFirstSentenceAndWrap(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ZooKeeper mode. Highest broker.id that may be assigned by hand (default 1000). When on, more.", "ZooKeeper mode. Highest broker.id that may be assigned by hand (default 1000)."},
		{"Addresses handed to clients, e.g. localhost:9092 for the host. Second sentence here.", "Addresses handed to clients, e.g. localhost:9092 for the host."},
		{"No full stop at all", "No full stop at all"},
		{"", ""},
	}
	for _, c := range cases {
		if got := firstSentence(c.in); got != c.want {
			t.Errorf("firstSentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	lines := wrapWords(strings.Repeat("word ", 50)+strings.Repeat("x", 120), 30)
	for i, l := range lines[:len(lines)-1] {
		if len(l) > 30 {
			t.Errorf("line %d is %d bytes: %q", i, len(l), l)
		}
	}
	if last := lines[len(lines)-1]; last != strings.Repeat("x", 120) {
		t.Errorf("a long word should get its own line, got %q", last)
	}
}

func TestDocumentedStyleSetsOnlyWhatDiffers(t *testing.T) {
	_, p := loadGenerated(t, StackOptions{Mode: catalog.ModeZK, Brokers: 3, ZooKeepers: 3})
	c, err := stackmodel.EffectiveConfig(p, "kafka-2")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"broker.id":                      "2",
		"zookeeper.connect":              "zookeeper-1:2181,zookeeper-2:2181,zookeeper-3:2181",
		"listeners":                      "INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9093",
		"advertised.listeners":           "INTERNAL://kafka-2:29092,EXTERNAL://localhost:9093",
		"listener.security.protocol.map": "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
		"inter.broker.listener.name":     "INTERNAL",
		"log.dirs":                       "/var/lib/kafka/data",
		"default.replication.factor":     "3",
		"min.insync.replicas":            "2",
		// With three brokers the internal topics' defaults fit, so
		// offsets.topic.replication.factor and the transaction log
		// settings stay commented.
		"group.initial.rebalance.delay.ms": "0",
	}
	got := map[string]string{}
	for _, e := range c.Entries {
		got[e.Key] = e.Value
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("kafka-2 sets\n%v\nwant\n%v", got, want)
	}
	z, err := stackmodel.EffectiveConfig(p, "zookeeper-2")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"server.1": "zookeeper-1:2888:3888", "server.3": "zookeeper-3:2888:3888", "initLimit": "10", "syncLimit": "5", "tickTime": "2000"} {
		if got, _ := z.Get(k); got != v {
			t.Errorf("zookeeper-2 %s=%q, want %q", k, got, v)
		}
	}
	if !strings.Contains(strings.Join(p.Services["zookeeper-2"].Command, " "), "echo 2 > /var/lib/zookeeper/data/myid") {
		t.Errorf("zookeeper-2 does not write myid 2: %q", p.Services["zookeeper-2"].Command)
	}
}

func TestExplicitStyle(t *testing.T) {
	_, p := loadGenerated(t, StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Style: StyleExplicit})
	c, err := stackmodel.EffectiveConfig(p, "kafka")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := c.Get("log.retention.hours"); v != "168" {
		t.Errorf("--explicit: log.retention.hours=%q, want the default 168 active", v)
	}
	if _, ok := c.Get("security.inter.broker.protocol"); ok {
		t.Error("--explicit set security.inter.broker.protocol next to inter.broker.listener.name, which Kafka refuses")
	}
	if _, ok := c.Get("sasl.kerberos.service.name"); ok {
		t.Error("--explicit activated an example value of a parameter without default")
	}
	z, err := stackmodel.EffectiveConfig(p, "zookeeper")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := z.Get("minSessionTimeout"); v != "4000" {
		t.Errorf("--explicit: minSessionTimeout=%q, want 4000 (2*tickTime)", v)
	}
	if len(z.JVMFlags) == 0 {
		t.Error("--explicit: no JVM system property active")
	}
}

func TestMinimalStyle(t *testing.T) {
	data, p := loadGenerated(t, StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1, Style: StyleMinimal})
	if _, ok := p.Configs["zookeeper-jvm.args"]; ok {
		t.Error("--minimal kept an argument file with nothing active")
	}
	if s := p.Services["zookeeper"]; s.Environment["KAFKA_OPTS"] != nil {
		t.Error("--minimal kept KAFKA_OPTS pointing at the dropped argument file")
	}
	full, err := Generate(DefaultStackOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(data)*4 > len(full) {
		t.Errorf("--minimal is %d bytes, the full file %d", len(data), len(full))
	}
}
