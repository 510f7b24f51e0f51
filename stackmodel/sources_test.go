package stackmodel

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"
)

// memFiles are mounted files held in memory, by container path.
type memFiles map[string]string

func (m memFiles) Open(target string) (string, string, error) {
	if c, ok := m[path.Clean(target)]; ok {
		return c, "test", nil
	}
	return "", "", errors.New("not mounted")
}

// TestSources is the record of what a server reads, case by case, and of
// every case where the shared decision changed the answer of `kafkit lint`
// (which used to add every mounted file named like a server configuration
// on top of the environment) or of `kafkit compose config` (which followed
// the start command, else the environment alone). before says what the
// two said; why is the line of the image's script (or of Kafka or
// ZooKeeper) that decides.
func TestSources(t *testing.T) {
	cases := []struct {
		name, image, command string
		entrypoint           bool // command is entrypoint:, replacing the image's
		vars                 []string
		mounts               map[string]string // target -> content, in the order of Mounts (sorted)
		dirs                 []string          // more mount points (volumes)

		files   []string // targets read, in order
		env     bool     // the environment is read
		skipped string   // EnvSkippedFor
		unread  []string // Unread
		want    string   // effective settings (last wins, JVM properties left out), key=value;...
		jvm     string   // JVM flags, space-separated
		before  string
		why     string
	}{
		{name: "cp-kafka scripts ignore a mounted server.properties", image: "confluentinc/cp-kafka:7.9.6",
			vars:   []string{"KAFKA_BROKER_ID=1", "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka:9092"},
			mounts: map[string]string{"/etc/kafka/kafkit/server.properties": "broker.id=2\nnum.partitions=3\n"},
			unread: []string{"/etc/kafka/kafkit/server.properties"},
			env:    true, want: "broker.id=1;advertised.listeners=PLAINTEXT://kafka:9092;listeners=PLAINTEXT://0.0.0.0:9092;zookeeper.connect=",
			before: "lint: broker.id=2 and num.partitions=3 from the file, on top of the environment",
			why:    "kafka-images kafka/include/etc/confluent/docker/configure: dub template .../kafka.properties.template /etc/kafka/kafka.properties; launch: exec kafka-server-start /etc/kafka/kafka.properties"},
		{name: "cp-kafka scripts overwrite a file mounted at their own path", image: "confluentinc/cp-kafka:7.9.6",
			vars:   []string{"KAFKA_BROKER_ID=1"},
			mounts: map[string]string{"/etc/kafka/kafka.properties": "broker.id=2\n"},
			unread: []string{"/etc/kafka/kafka.properties"},
			env:    true, want: "broker.id=1;advertised.listeners=;zookeeper.connect=",
			before: "lint: broker.id=2 from the file",
			why:    "configure renders /etc/kafka/kafka.properties from the template whatever is there"},
		{name: "cp-zookeeper scripts ignore a mounted zoo.cfg", image: "confluentinc/cp-zookeeper:7.9.6",
			vars:   []string{"ZOOKEEPER_CLIENT_PORT=2181"},
			mounts: map[string]string{"/etc/zk/zoo.cfg": "tickTime=3000\n"},
			unread: []string{"/etc/zk/zoo.cfg"},
			env:    true, want: "dataDir=/var/lib/zookeeper/data;dataLogDir=/var/lib/zookeeper/log;clientPort=2181",
			before: "lint: tickTime=3000 from the file",
			why:    "kafka-images 7.9.x zookeeper/include/etc/confluent/docker/configure: dub template .../zookeeper.properties.template /etc/kafka/zookeeper.properties; launch: exec zookeeper-server-start /etc/kafka/zookeeper.properties"},
		{name: "apache/kafka appends the environment to /mnt/shared/config/server.properties", image: "apache/kafka:3.9.1",
			vars:   []string{"KAFKA_NUM_PARTITIONS=6", "KAFKA_NODE_ID=1"},
			mounts: map[string]string{ApacheMountedServerProps: "num.partitions=3\nlog.dirs=/data\n"},
			files:  []string{ApacheMountedServerProps}, env: true, want: "num.partitions=6;log.dirs=/data;node.id=1",
			before: "lint: the file after the environment (num.partitions=3 won); compose config: the environment alone",
			why:    "apache/kafka 3.9 KafkaDockerWrapper.prepareServerConfigs: copyFile(mounted, final) then addToFile(env props, final, APPEND); docker/jvm/launch: exec kafka-server-start.sh /opt/kafka/config/server.properties"},
		{name: "apache/kafka reads no other mounted properties", image: "apache/kafka:3.9.1",
			vars:   []string{"KAFKA_NODE_ID=1"},
			mounts: map[string]string{"/opt/kafka/config/server.properties": "num.partitions=3\n"},
			unread: []string{"/opt/kafka/config/server.properties"},
			env:    true, want: "node.id=1",
			before: "lint: num.partitions=3 from the file",
			why:    "prepareServerConfigs truncates /opt/kafka/config/server.properties and writes the environment's settings (or the default file) there"},
		{name: "a start command reads the file it names, not every lookalike", image: "confluentinc/cp-kafka:7.9.6",
			command: "kafka-server-start /etc/kafka/kafkit/server.properties",
			vars:    []string{"KAFKA_BROKER_ID=9"},
			mounts:  map[string]string{"/etc/kafka/kafkit/server.properties": "broker.id=1\n", "/etc/kafka/kafkit/other.properties": "num.partitions=3\n"},
			files:   []string{"/etc/kafka/kafkit/server.properties"}, want: "broker.id=1",
			unread: []string{"/etc/kafka/kafkit/other.properties"},
			before: "lint: both files (num.partitions=3 too)",
			why:    "kafka-server-start.sh hands its one file argument to kafka.Kafka"},
		{name: "--override wins over the file", image: "apache/kafka:3.9.1",
			command: "/opt/kafka/bin/kafka-server-start.sh /k/server.properties --override broker.id=2",
			mounts:  map[string]string{"/k/server.properties": "broker.id=1\nnum.partitions=3\n"},
			files:   []string{"/k/server.properties"}, want: "broker.id=2;num.partitions=3",
			before: "lint: broker.id=1 (overrides not read); compose config: the same answer as now",
			why:    "kafka.Kafka applies each --override after loading the file"},
		{name: "a start file of any name is read", image: "confluentinc/cp-kafka:7.9.6",
			command: "kafka-server-start /etc/kafka/broker.conf",
			mounts:  map[string]string{"/etc/kafka/broker.conf": "broker.id=1\n"},
			files:   []string{"/etc/kafka/broker.conf"}, want: "broker.id=1",
			before: "lint: nothing (the name does not end in .properties)",
			why:    "kafka-server-start.sh takes any file name"},
		{name: "official zookeeper: a mounted /conf/zoo.cfg replaces the environment", image: "zookeeper:3.8",
			vars:   []string{"ZOO_TICK_TIME=3000"},
			mounts: map[string]string{"/conf/zoo.cfg": "tickTime=2000\n"},
			files:  []string{"/conf/zoo.cfg"}, skipped: "/conf/zoo.cfg", want: "tickTime=2000",
			before: "lint: the same; compose config: the environment (tickTime=3000)",
			why:    "zookeeper-docker 3.8.6 docker-entrypoint.sh: if [[ ! -f \"$ZOO_CONF_DIR/zoo.cfg\" ]] (generate the config only if it does not exist)"},
		{name: "official zookeeper: a zoo.cfg mounted elsewhere is not read", image: "zookeeper:3.8",
			vars:   []string{"ZOO_TICK_TIME=3000"},
			mounts: map[string]string{"/etc/zk/zoo.cfg": "tickTime=2000\n"},
			unread: []string{"/etc/zk/zoo.cfg"},
			env:    true, want: "tickTime=3000",
			before: "lint: tickTime=2000 from the file, after the environment",
			why:    "the image's CMD zkServer.sh start-foreground reads $ZOOCFGDIR/zoo.cfg, ZOOCFGDIR=/conf (Dockerfile)"},
		{name: "zkServer.sh start-foreground FILE reads FILE", image: "zookeeper:3.8",
			command: "zkServer.sh start-foreground /z/zoo.cfg",
			mounts:  map[string]string{"/z/zoo.cfg": "tickTime=2000\n", "/z/other.cfg": "initLimit=5\n"},
			files:   []string{"/z/zoo.cfg"}, want: "tickTime=2000", unread: []string{"/z/other.cfg"},
			before: "lint: both .cfg files; compose config: refused (runs neither kafka-server-start nor zookeeper-server-start)",
			why:    "zkServer.sh: a config path whose directory is not $ZOOCFGDIR is used as given ($2)"},
		{name: "command: zkServer.sh keeps the entrypoint, which writes zoo.cfg from the environment", image: "zookeeper:3.8",
			command: "zkServer.sh start-foreground",
			vars:    []string{"ZOO_TICK_TIME=3000"},
			env:     true, want: "tickTime=3000",
			before: "lint: ZOO_TICK_TIME ignored (the image's scripts taken as bypassed); compose config: refused",
			why:    "zookeeper-docker 3.8.6 docker-entrypoint.sh runs before the command: if [[ ! -f \"$ZOO_CONF_DIR/zoo.cfg\" ]] writes it from ZOO_*, then exec \"$@\"; zkServer.sh reads $ZOOCFGDIR/zoo.cfg (Dockerfile: ZOOCFGDIR=$ZOO_CONF_DIR)"},
		{name: "command: zkServer.sh with zoo.cfg mounted in /conf reads the file", image: "zookeeper:3.8",
			command: "zkServer.sh start-foreground",
			vars:    []string{"ZOO_TICK_TIME=3000"},
			mounts:  map[string]string{"/conf/zoo.cfg": "tickTime=2000\n"},
			files:   []string{"/conf/zoo.cfg"}, skipped: "/conf/zoo.cfg", want: "tickTime=2000",
			before: "lint: the same, ZOO_TICK_TIME said ignored because the scripts never run; compose config: refused",
			why:    "docker-entrypoint.sh writes no zoo.cfg when $ZOO_CONF_DIR/zoo.cfg exists"},
		{name: "zkServer.sh reads JVMFLAGS and SERVER_JVMFLAGS, not KAFKA_OPTS", image: "zookeeper:3.8",
			command: "zkServer.sh start-foreground", entrypoint: true,
			vars:   []string{"JVMFLAGS=@/z/jvm.args", "SERVER_JVMFLAGS=-Dzookeeper.snapCount=10", "KAFKA_OPTS=-Dzookeeper.x=1"},
			mounts: map[string]string{"/conf/zoo.cfg": "tickTime=2000\n", "/z/jvm.args": "-Dzookeeper.jute.maxbuffer=4\n"},
			files:  []string{"/conf/zoo.cfg"}, want: "tickTime=2000", jvm: "-Dzookeeper.snapCount=10 -Dzookeeper.jute.maxbuffer=4",
			before: "compose config: refused; the flags of KAFKA_OPTS and SERVER_JVMFLAGS, never JVMFLAGS",
			why:    "zkServer.sh: JVMFLAGS=\"$SERVER_JVMFLAGS $JVMFLAGS\" ... $JVMFLAGS $ZOOMAIN \"$ZOOCFG\""},
		{name: "zookeeper-server-start reads KAFKA_OPTS, not JVMFLAGS", image: "confluentinc/cp-zookeeper:7.9.6",
			command: "zookeeper-server-start /z/zoo.cfg",
			vars:    []string{"KAFKA_OPTS=@/z/a.args", "JVMFLAGS=@/z/b.args"},
			mounts:  map[string]string{"/z/zoo.cfg": "tickTime=2000\n", "/z/a.args": "-Dzookeeper.a=1\n", "/z/b.args": "-Dzookeeper.b=1\n"},
			files:   []string{"/z/zoo.cfg"}, want: "tickTime=2000", jvm: "-Dzookeeper.a=1",
			before: "lint: the -D options of both argument files",
			why:    "zookeeper-server-start.sh runs kafka-run-class.sh, whose java command line takes $KAFKA_OPTS"},
		{name: "a command through the image's launcher keeps its scripts", image: "confluentinc/cp-kafka:7.9.6",
			command: "bash -c 'echo hi; /etc/confluent/docker/run'",
			vars:    []string{"KAFKA_BROKER_ID=1"},
			env:     true, want: "broker.id=1;advertised.listeners=;zookeeper.connect=",
			before: "lint: the same; compose config: refused (runs neither kafka-server-start nor zookeeper-server-start)",
			why:    "/etc/confluent/docker/run runs configure and launch"},
		{name: "unchecked images: the environment, then lookalike files", image: "bitnami/kafka:3.9",
			vars:   []string{"KAFKA_CFG_NUM_PARTITIONS=6"},
			mounts: map[string]string{"/bitnami/kafka/config/server.properties": "num.partitions=3\n", "/opt/x/log4j.properties": "a=b\n"},
			files:  []string{"/bitnami/kafka/config/server.properties"}, env: true, want: "num.partitions=3",
			before: "lint: the same; compose config: the environment alone",
			why:    "not checked against bitnami's scripts: the linter's long-standing reading is kept for both"},
		{name: "a file a variable names as an argument file is not a configuration", image: "confluentinc/cp-kafka:7.9.6",
			command: "kafka-server-start /k/server.properties",
			vars:    []string{"KAFKA_OPTS=@/k/jvm.args -Dx=y"},
			mounts:  map[string]string{"/k/server.properties": "broker.id=1\n", "/k/jvm.args": "-Dy=z\n"},
			files:   []string{"/k/server.properties"}, want: "broker.id=1", jvm: "-Dy=z -Dx=y"},
		{name: "a file a setting names is not called unread", image: "zookeeper:3.8",
			mounts: map[string]string{"/conf/zoo.cfg": "dynamicConfigFile=/conf/zoo.dyn.cfg\n", "/conf/zoo.dyn.cfg": "server.1=zk:2888:3888\n"},
			files:  []string{"/conf/zoo.cfg"}, skipped: "/conf/zoo.cfg", want: "dynamicConfigFile=/conf/zoo.dyn.cfg",
			why: "ZooKeeper's QuorumPeerConfig reads the file dynamicConfigFile names"},
		{name: "official zookeeper: an unknown ZOO_CONF_DIR leaves the unread files undecided", image: "zookeeper:3.8",
			vars:   []string{"ZOO_CONF_DIR=${CONF}"},
			mounts: map[string]string{"/etc/zk/zoo.cfg": "tickTime=2000\n"},
			env:    true,
			why:    "docker-entrypoint.sh writes $ZOO_CONF_DIR/zoo.cfg, a directory not known here"},
		{name: "a client runs no server", image: "confluentinc/cp-kafka:7.9.6", command: "kafka-topics --list",
			mounts: map[string]string{"/k/server.properties": "broker.id=1\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Service{Name: "svc", Image: ParseRef(c.image), Command: c.command, Entrypoint: c.entrypoint, Files: memFiles{}}
			for _, kv := range c.vars {
				k, v, _ := strings.Cut(kv, "=")
				s.Env = append(s.Env, Var{Name: k, Value: v, Set: true})
			}
			targets := make([]string, 0, len(c.mounts))
			for tg, content := range c.mounts {
				targets = append(targets, tg)
				s.Files.(memFiles)[tg] = content
			}
			slices.Sort(targets)
			s.Mounts = append(targets, c.dirs...)
			got := s.Sources()
			if len(got.Errs) > 0 {
				t.Fatalf("errors: %v", got.Errs)
			}
			var files []string
			for _, f := range got.Files {
				files = append(files, f.Target)
			}
			var eff []Entry
			for _, st := range got.Settings {
				if !st.SysProp {
					eff = SetEntry(eff, st.Key, st.Value)
				}
			}
			var kv, jvm []string
			for _, e := range eff {
				kv = append(kv, e.Key+"="+e.Value)
			}
			for _, f := range got.JVM {
				jvm = append(jvm, f.Flag)
			}
			if !slices.Equal(got.Unread, c.unread) {
				t.Errorf("unread %q, want %q (why: %s)", got.Unread, c.unread, c.why)
			}
			if !slices.Equal(files, c.files) || got.Env != c.env || got.EnvSkippedFor != c.skipped ||
				strings.Join(kv, ";") != c.want || strings.Join(jvm, " ") != c.jvm {
				t.Errorf("files %q env %v skipped %q settings %q jvm %q\nwant files %q env %v skipped %q settings %q jvm %q\n(before: %s; why: %s)",
					files, got.Env, got.EnvSkippedFor, strings.Join(kv, ";"), strings.Join(jvm, " "),
					c.files, c.env, c.skipped, c.want, c.jvm, c.before, c.why)
			}
		})
	}
}

// TestSourcesOrigins: each setting says where it is written, for the
// linter to point at it.
func TestSourcesOrigins(t *testing.T) {
	s := Service{Name: "k", Image: ParseRef("apache/kafka:3.9.1"),
		Env:    []Var{{Name: "TZ", Value: "UTC", Set: true}, {Name: "KAFKA_NODE_ID", Value: "1", Set: true}},
		Files:  memFiles{ApacheMountedServerProps: "# c\n\nnum.partitions=3\n"},
		Mounts: []string{ApacheMountedServerProps}}
	got := s.Sources()
	want := []string{
		fmt.Sprint(Origin{Kind: FromFile, Var: -1, File: ApacheMountedServerProps, Line: 3}),
		fmt.Sprint(Origin{Kind: FromEnv, Var: 1, VarName: "KAFKA_NODE_ID"}),
	}
	var origins []string
	for _, st := range got.Settings {
		origins = append(origins, fmt.Sprint(st.Origin))
	}
	if !slices.Equal(origins, want) {
		t.Errorf("origins %q, want %q", origins, want)
	}
	s = Service{Name: "k", Image: ParseRef("apache/kafka:3.9.1"), Command: "kafka-server-start.sh /k.properties --override a=1 --override b=2",
		Files: memFiles{"/k.properties": "a=0\n"}}
	got = s.Sources()
	if n := len(got.Settings); n != 3 || got.Settings[2].Origin != (Origin{Kind: FromOverride, Var: -1, Override: 1}) {
		t.Errorf("overrides: %+v", got.Settings)
	}
	s.Files = memFiles{}
	if got := s.Sources(); len(got.Errs) != 1 || !strings.Contains(got.Errs[0].Error(), "service k starts kafka from /k.properties: not mounted") {
		t.Errorf("unreadable start file: %v", got.Errs)
	}
}

// TestConfigRendersSources: `kafkit compose config` shows what Sources
// decides, including the cases it used to refuse or answer differently
// (TestSources says why).
func TestConfigRendersSources(t *testing.T) {
	cases := []struct {
		name           string
		s              Service
		entries, flags string
		source, err    string
	}{
		{"apache/kafka: the mounted file, then the environment", Service{Image: ParseRef("apache/kafka:3.9.1"),
			Env:   []Var{{"KAFKA_NUM_PARTITIONS", "6", true}, {"KAFKA_NODE_ID", "1", true}},
			Files: memFiles{ApacheMountedServerProps: "num.partitions=3\nlog.dirs=/data\n"}, Mounts: []string{ApacheMountedServerProps}},
			"[{num.partitions 6} {log.dirs /data} {node.id 1}]", "[]",
			"/mnt/shared/config/server.properties (test), then derived from the environment by the rules of apache/kafka", ""},
		{"zkServer.sh on the official image reads /conf/zoo.cfg", Service{Image: ParseRef("zookeeper:3.8"), Command: "zkServer.sh start-foreground",
			Env:   []Var{{"JVMFLAGS", "-Dzookeeper.snapCount=10", true}},
			Files: memFiles{"/conf/zoo.cfg": "tickTime=2000\n"}, Mounts: []string{"/conf/zoo.cfg"}},
			"[{tickTime 2000}]", "[-Dzookeeper.snapCount=10]", "/conf/zoo.cfg (test)", ""},
		{"a command through the image's launcher", Service{Image: ParseRef("confluentinc/cp-kafka:7.9.6"), Command: "/etc/confluent/docker/run",
			Env: []Var{{"KAFKA_BROKER_ID", "1", true}}},
			"[{advertised.listeners } {broker.id 1} {zookeeper.connect }]", "[]", "derived from the environment by the rules of confluentinc/cp-kafka", ""},
		{"bitnami: the environment, then a lookalike file", Service{Image: ParseRef("bitnami/kafka:3.9"),
			Env:   []Var{{"KAFKA_CFG_NUM_PARTITIONS", "6", true}},
			Files: memFiles{"/bitnami/kafka/config/server.properties": "num.partitions=3\n"}, Mounts: []string{"/bitnami/kafka/config/server.properties"}},
			"[{num.partitions 3}]", "[]",
			"derived from the environment by the rules of bitnami/kafka; only the variables are shown, not what the image adds on its own, then /bitnami/kafka/config/server.properties (test)", ""},
		{"a client", Service{Image: ParseRef("confluentinc/cp-kafka:7.9.6"), Command: "kafka-topics --list"},
			"", "", "", "runs neither kafka-server-start nor zookeeper-server-start"},
		{"an argument file that cannot be read", Service{Image: ParseRef("confluentinc/cp-kafka:7.9.6"),
			Env: []Var{{"KAFKA_OPTS", "@/x.args", true}}, Files: memFiles{}},
			"", "", "", "KAFKA_OPTS names the argument file /x.args: not mounted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.s.Name = "svc"
			got, err := c.s.Config()
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got.Entries) != c.entries || fmt.Sprint(got.JVMFlags) != c.flags || !strings.HasPrefix(got.Source, c.source) {
				t.Errorf("got %v %v %q, want %s %s %q", got.Entries, got.JVMFlags, got.Source, c.entries, c.flags, c.source)
			}
		})
	}
}
