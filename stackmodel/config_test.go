package stackmodel

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEffectiveConfigSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("server.properties", "broker.id=7\nlog.dirs=/data\n")
	if err := os.MkdirAll(filepath.Join(dir, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("conf/zoo.cfg", "tickTime=3000\n")
	write("zk.args", "-Dzookeeper.jute.maxbuffer=4\n")
	yml := `services:
  bind:
    image: apache/kafka:3.9.1
    command: ["/opt/kafka/bin/kafka-server-start.sh", "/opt/kafka/config/server.properties", "--override", "broker.id=8", "--override", "num.partitions=3"]
    volumes:
      - ./server.properties:/opt/kafka/config/server.properties:ro
  dirbind:
    image: zookeeper:3.8
    command: ["zookeeper-server-start.sh", "/conf/zoo.cfg"]
    environment:
      SERVER_JVMFLAGS: "-Xmx64m -Dzookeeper.snapCount=10"
      KAFKA_OPTS: "@/args/zk.args"
    volumes:
      - ./conf:/conf
    configs:
      - source: args
        target: /args/zk.args
  fileconfig:
    image: confluentinc/cp-kafka:7.9.6
    command: bash -c "kafka-server-start -daemon /etc/kafka/x.properties; sleep 1"
    configs:
      - source: props
        target: /etc/kafka/x.properties
  envconfig:
    image: confluentinc/cp-kafka:7.9.6
    command: ["kafka-server-start", "/etc/kafka/y.properties"]
    configs:
      - source: fromenv
        target: /etc/kafka/y.properties
  notkafka:
    image: busybox
    command: ["sleep", "1"]
  missing:
    image: confluentinc/cp-kafka:7.9.6
    command: ["kafka-server-start", "/etc/kafka/baked-in.properties"]
configs:
  args:
    file: ./zk.args
  props:
    file: ./server.properties
  fromenv:
    environment: PROPS
`
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := LoadComposeBytes(ctx, filepath.Join(dir, "docker-compose.yml"), []byte(yml), map[string]string{"PROPS": "node.id=9\n"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		service string
		server  string
		entries string // fmt of Entries
		flags   string
		err     string
	}{
		{"bind", "kafka", "[{broker.id 8} {log.dirs /data} {num.partitions 3}]", "[]", ""},
		{"dirbind", "zookeeper", "[{tickTime 3000}]", "[-Dzookeeper.jute.maxbuffer=4 -Dzookeeper.snapCount=10]", ""},
		{"fileconfig", "kafka", "[{broker.id 7} {log.dirs /data}]", "[]", ""},
		{"envconfig", "kafka", "[{node.id 9}]", "[]", ""},
		{"notkafka", "", "", "", "runs neither kafka-server-start nor zookeeper-server-start"},
		{"missing", "", "", "", "cannot be read from here"},
		{"nosuch", "", "", "", "no service"},
	}
	for _, c := range cases {
		t.Run(c.service, func(t *testing.T) {
			got, err := EffectiveConfig(p, c.service)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Server != c.server || fmt.Sprint(got.Entries) != c.entries || fmt.Sprint(got.JVMFlags) != c.flags {
				t.Errorf("got %s %v %v, want %s %s %s", got.Server, got.Entries, got.JVMFlags, c.server, c.entries, c.flags)
			}
		})
	}
	if _, err := EffectiveConfig(p, "nosuch"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("unknown service: %v is not ErrUnknownService", err)
	}
}

func TestEffectiveConfigFromImageEnvironment(t *testing.T) {
	yml := `services:
  cpkafka:
    image: confluentinc/cp-kafka:7.9.6
    environment:
      KAFKA_BROKER_ID: "1"
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
      KAFKA_LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG: x
      KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET: org.apache.zookeeper.ClientCnxnSocketNetty
      KAFKA_JMX_PORT: "9101"
      KAFKA_OPTS: "-Dx=y"
  cpkraft:
    image: registry.example.com:5000/confluentinc/cp-kafka:7.9.6@sha256:0000
    environment:
      KAFKA_PROCESS_ROLES: controller
      KAFKA_ADVERTISED_LISTENERS: ""
  cpzk:
    image: confluentinc/cp-zookeeper:7.9.6
    environment:
      ZOOKEEPER_CLIENT_PORT: "2181"
      ZOOKEEPER_SERVERS: "zk1:2888:3888;zk2:2888:3888"
      ZOOKEEPER_SERVER_ID: "2"
      ZOOKEEPER_4LW_COMMANDS_WHITELIST: "*"
      ZOOKEEPER_SSL_OCPS: "true"
  official:
    image: zookeeper:3.8
    environment:
      ZOO_TICK_TIME: "2000"
      ZOO_CFG_EXTRA: "maxCnxns=10 snapCount=5"
  officialcmd:
    image: zookeeper:3.8
    command: zkServer.sh start-foreground
    environment:
      ZOO_TICK_TIME: "2000"
  officialentry:
    image: zookeeper:3.8
    entrypoint: ["zkServer.sh", "start-foreground"]
    environment:
      ZOO_TICK_TIME: "2000"
  unknown:
    image: example/kafka:1
`
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := LoadComposeBytes(ctx, filepath.Join(t.TempDir(), "docker-compose.yml"), []byte(yml), nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		service string
		want    map[string]string
		absent  []string
		err     string
	}{
		{"cpkafka", map[string]string{
			"broker.id":                  "1",
			"listeners":                  "PLAINTEXT://0.0.0.0:29092,PLAINTEXT_HOST://0.0.0.0:9092",
			"zookeeper.connect":          "",
			"zookeeper.clientCnxnSocket": "org.apache.zookeeper.ClientCnxnSocketNetty",
			"listener.name.sasl_ssl.plain.sasl.jaas.config": "x",
			"jmx.port": "9101",
		}, []string{"opts", "zookeeper.client.cnxn.socket"}, ""},
		{"cpkraft", map[string]string{"process.roles": "controller"}, []string{"listeners"}, ""},
		{"cpzk", map[string]string{
			"dataDir": "/var/lib/zookeeper/data", "dataLogDir": "/var/lib/zookeeper/log", "clientPort": "2181",
			"server.1": "zk1:2888:3888", "server.2": "zk2:2888:3888", "initLimit": "10", "syncLimit": "5", "ssl.ocsp": "true",
		}, []string{"4lw.commands.whitelist"}, ""},
		{"official", map[string]string{"tickTime": "2000", "maxCnxns": "10", "snapCount": "5"}, nil, ""},
		// command: alone still runs docker-entrypoint.sh, which writes
		// zoo.cfg from ZOO_*; entrypoint: replaces it.
		{"officialcmd", map[string]string{"tickTime": "2000"}, nil, ""},
		{"officialentry", nil, nil, "runs neither kafka-server-start nor zookeeper-server-start"},
		{"unknown", nil, nil, "does not know how it turns variables"},
	}
	for _, c := range cases {
		t.Run(c.service, func(t *testing.T) {
			got, err := EffectiveConfig(p, c.service)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range c.want {
				if g, ok := got.Get(k); !ok || g != v {
					t.Errorf("%s=%q (set %v), want %q\n%s", k, g, ok, v, got.Format(false))
				}
			}
			for _, k := range c.absent {
				if _, ok := got.Get(k); ok {
					t.Errorf("%s should not be in the file:\n%s", k, got.Format(false))
				}
			}
		})
	}
}

func TestFormat(t *testing.T) {
	c := &ServiceConfig{Service: "zk", Server: "zookeeper", Source: "/x/zoo.cfg (compose config \"zoo.cfg\")",
		Content: "# c\ntickTime=2000\n", Entries: []Entry{{"tickTime", "2000"}},
		JVMFlags: []string{"-Dzookeeper.a=1"}, ArgFiles: map[string]string{"/x/jvm.args": "-Dzookeeper.a=1\n"}}
	want := "# /x/zoo.cfg (compose config \"zoo.cfg\"): effective zoo.cfg of service zk\ntickTime=2000\n# JVM system properties (KAFKA_OPTS):\n#   -Dzookeeper.a=1\n"
	if got := c.Format(false); got != want {
		t.Errorf("Format(false) = %q, want %q", got, want)
	}
	wantRaw := "# c\ntickTime=2000\n\n# ---- /x/jvm.args (KAFKA_OPTS=@/x/jvm.args) ----\n-Dzookeeper.a=1\n"
	if got := c.Format(true); got != wantRaw {
		t.Errorf("Format(true) = %q, want %q", got, wantRaw)
	}
}
