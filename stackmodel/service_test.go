package stackmodel

import (
	"slices"
	"testing"
)

func TestLaunch(t *testing.T) {
	cases := []struct {
		image, command string
		role           Role
		conv           Convention
		scripts        bool
		start          *Start
	}{
		{"confluentinc/cp-kafka:7.9.7", "", RoleKafka, ConvCPKafka, true, nil},
		{"apache/kafka-native:3.9.1", "", RoleKafka, ConvApacheKafka, true, nil},
		{"bitnamilegacy/zookeeper:3.8", "", RoleZooKeeper, ConvBitnamiZooKeeper, true, nil},
		{"confluentinc/cp-kafka:7.9.7", "kafka-topics --bootstrap-server kafka:9092 --list", RoleOther, ConvCPKafka, true, nil},
		{"confluentinc/cp-kafka:7.9.7", "bash -c 'echo hi; /etc/confluent/docker/run'", RoleKafka, ConvCPKafka, true, nil},
		{"confluentinc/cp-kafka:7.9.7", "kafka-server-start /etc/kafka/kafkit/server.properties --override broker.id=2",
			RoleKafka, ConvCPKafka, false, &Start{RoleKafka, "/etc/kafka/kafkit/server.properties", []Entry{{"broker.id", "2"}}}},
		{"apache/kafka:4.4.0", "sh -c /opt/kafka/bin/kafka-server-start.sh -daemon /x/server.properties",
			RoleKafka, ConvApacheKafka, false, &Start{RoleKafka, "/x/server.properties", nil}},
		{"confluentinc/cp-kafka:7.9.7", "zookeeper-server-start /etc/kafka/kafkit/zoo.cfg",
			RoleZooKeeper, ConvCPKafka, false, &Start{RoleZooKeeper, "/etc/kafka/kafkit/zoo.cfg", nil}},
		// zookeeper-docker 3.8.6 docker-entrypoint.sh runs before a
		// command: alone (its last line: exec "$@") and writes
		// $ZOO_CONF_DIR/zoo.cfg from ZOO_* when there is none, the file
		// zkServer.sh without an argument reads: the scripts run.
		{"zookeeper:3.8", "zkServer.sh start-foreground", RoleZooKeeper, ConvZooKeeper, true, nil},
		{"zookeeper:3.8", "zkServer.sh start-foreground /z/zoo.cfg", RoleZooKeeper, ConvZooKeeper, false, nil},
		{"confluentinc/cp-zookeeper:7.9.6", "zkServer.sh start-foreground", RoleZooKeeper, ConvCPZooKeeper, false, nil},
		{"example/app:1", "kafka-server-start $$CONFIG", RoleKafka, ConvNone, false, &Start{RoleKafka, "$$CONFIG", nil}},
		{"example/app:1", "", RoleOther, ConvNone, true, nil},
	}
	for _, c := range cases {
		l := Service{Image: ParseRef(c.image), Command: c.command}.Launch()
		if l.Role != c.role || l.Conv != c.conv || l.Scripts != c.scripts {
			t.Errorf("%s %q: role %v conv %v scripts %v, want %v %v %v", c.image, c.command, l.Role, l.Conv, l.Scripts, c.role, c.conv, c.scripts)
		}
		switch {
		case (l.Start == nil) != (c.start == nil):
			t.Errorf("%s %q: start %+v, want %+v", c.image, c.command, l.Start, c.start)
		case l.Start != nil && (l.Start.Role != c.start.Role || l.Start.File != c.start.File || !slices.Equal(l.Start.Overrides, c.start.Overrides)):
			t.Errorf("%s %q: start %+v, want %+v", c.image, c.command, *l.Start, *c.start)
		}
	}
}

// TestLaunchEntrypoint: entrypoint: replaces the official zookeeper
// image's docker-entrypoint.sh, and with it the writing of zoo.cfg from
// the environment.
func TestLaunchEntrypoint(t *testing.T) {
	s := Service{Image: ParseRef("zookeeper:3.8"), Command: "zkServer.sh start-foreground"}
	if !s.Launch().Scripts {
		t.Errorf("command: zkServer.sh start-foreground: the image's entrypoint should run")
	}
	s.Entrypoint = true
	if l := s.Launch(); l.Scripts || l.Role != RoleZooKeeper {
		t.Errorf("entrypoint: zkServer.sh start-foreground: role %v scripts %v, want zookeeper, false", l.Role, l.Scripts)
	}
}

func TestEnvSettings(t *testing.T) {
	env := []Var{
		{Name: "KAFKA_NUM_PARTITIONS", Value: "1", Set: true},
		{Name: "KAFKA_HEAP_OPTS", Value: "-Xmx1G", Set: true},
		{Name: "KAFKA_NUM_PARTITIONS", Value: "3", Set: true},
		{Name: "KAFKA_LOG_RETENTION_HOURS"},
		{Name: "PATH", Value: "/bin", Set: true},
	}
	got := EnvSettings(ConvCPKafka, env)
	want := []Setting{
		{Key: "heap.opts", Value: "-Xmx1G", Var: 1, Class: ClassifyEnv(ConvCPKafka, "KAFKA_HEAP_OPTS"), Verbatim: true},
		{Key: "num.partitions", Value: "3", Var: 2, Class: ClassifyEnv(ConvCPKafka, "KAFKA_NUM_PARTITIONS"), Verbatim: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("cp-kafka:\n got %+v\nwant %+v", got, want)
	}
	// bitnami/zookeeper is not in the catalogue: the stack model's own
	// table, yes/no values marked as translated.
	got = EnvSettings(ConvBitnamiZooKeeper, []Var{{Name: "ZOO_TICK_TIME", Value: "2500", Set: true}, {Name: "ZOO_ENABLE_ADMIN_SERVER", Value: "yes", Set: true}})
	if len(got) != 2 || got[0].Key != "tickTime" || !got[0].Verbatim || got[1].Key != "admin.enableServer" || got[1].Verbatim {
		t.Errorf("bitnami/zookeeper: %+v", got)
	}
	// KAFKA_OPTS on cp-zookeeper carries system properties.
	got = EnvSettings(ConvCPZooKeeper, []Var{{Name: "KAFKA_OPTS", Value: "-Dzookeeper.4lw.commands.whitelist=* -Xmx1G", Set: true}})
	if len(got) != 1 || got[0].Key != "4lw.commands.whitelist" || got[0].Value != "*" || !got[0].SysProp {
		t.Errorf("cp-zookeeper KAFKA_OPTS: %+v", got)
	}
}

func TestEnvConfig(t *testing.T) {
	es, note := EnvConfig(ConvCPKafka, map[string]string{"KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://kafka:9092", "KAFKA_OPTS": "-Dx=1"})
	want := []Entry{{"advertised.listeners", "PLAINTEXT://kafka:9092"}, {"listeners", "PLAINTEXT://0.0.0.0:9092"}, {"zookeeper.connect", ""}}
	if !slices.Equal(es, want) || note != "" {
		t.Errorf("cp-kafka: %v %q, want %v", es, note, want)
	}
	es, note = EnvConfig(ConvPlainZooKeeper, map[string]string{"ZOO_TICK_TIME": "1"})
	if len(es) != 0 || note == "" {
		t.Errorf("wurstmeister/zookeeper reads no variable: %v %q", es, note)
	}
}
