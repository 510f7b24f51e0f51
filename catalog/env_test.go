package catalog

import (
	"regexp"
	"strings"
	"testing"
)

// TestEnvRoundTripEveryRow maps every broker and ZooKeeper parameter to
// each image's variable and back: the variable names exactly that
// parameter, and the value written through it comes back unchanged.
func TestEnvRoundTripEveryRow(t *testing.T) {
	canonical := regexp.MustCompile(`^[a-z0-9]+(\.[a-z0-9]+)*$`)
	settable := map[Image]int{}
	for _, p := range append(append([]*Param{}, Of(Broker)...), Of(ZooKeeper)...) {
		for _, img := range Images {
			name, shared := envForward(p, img)
			if img.Info().Component != p.Component {
				if name != "" {
					t.Errorf("%s %s: %s sets %s, which it does not configure", p.Component, p.Name, img, name)
				}
				continue
			}
			if name != EnvName(p, img) {
				t.Fatalf("EnvName and envForward disagree for %s/%s", img, p.Name)
			}
			if name == "" {
				// Say why a generic Kafka rule cannot spell the name.
				switch img {
				case CPKafka:
					// Its one camel-case special case is
					// zookeeper.clientCnxnSocket; the authorizer's
					// prefixed copy of it is out of reach.
					if p.Documented() || canonical.MatchString(p.Name) {
						t.Errorf("%s: cp-kafka must reach every broker parameter", p.Name)
					}
				case BitnamiKafka, Wurstmeister:
					if canonical.MatchString(p.Name) {
						t.Errorf("%s: %s should reach a plain dotted name", p.Name, img)
					}
				case ApacheKafka:
					if canonical.MatchString(p.Name) && !strings.Contains(strings.ToUpper(strings.ReplaceAll(p.Name, ".", "_")), "KAFKA_") {
						t.Errorf("%s: apache/kafka should reach it", p.Name)
					}
				}
				continue
			}
			if p.Documented() {
				// The counts below are of the documented rows.
				settable[img]++
			}
			if !shared {
				ref := ClassifyEnv(img, name)
				if ref.Param != p {
					t.Errorf("%s/%s: forward %s, inverse gives %q (%v, param %v)", img, p.Name, name, ref.Property, ref.Kind, ref.Param)
				}
			}
			for _, value := range []string{"v1", "PLAINTEXT://:9092", ""} {
				if shared && value == "" {
					continue // an empty entry in a shared variable is no entry
				}
				vn, vv, _, ok := EnvSetting(p, img, value)
				if !ok || vn != name {
					t.Errorf("%s/%s: EnvSetting gives %q, %v; EnvName %q", img, p.Name, vn, ok, name)
					continue
				}
				found := false
				for _, a := range ParseEnvSetting(img, vn, vv) {
					found = found || a.Param == p && a.Value == value
				}
				if !found {
					t.Errorf("%s/%s: %s=%q does not come back as %s=%q: %+v", img, p.Name, vn, vv, p.Name, value, ParseEnvSetting(img, vn, vv))
				}
			}
		}
	}
	// Facts that pin the rules down (see confluent-images.md).
	// apache/kafka cannot spell kafka.metrics.* (it strips every
	// "KAFKA_") nor the camel-case zookeeper.clientCnxnSocket; wurstmeister
	// misses the latter; cp-zookeeper reaches neither the native-only keys
	// outside its whitelist nor its fixed dataDir/dataLogDir.
	want := map[Image]int{CPKafka: 315, ApacheKafka: 312, BitnamiKafka: 315, Wurstmeister: 314,
		CPZooKeeper: 170, ZooKeeperOfficial: 186}
	for img, n := range want {
		if settable[img] != n {
			t.Errorf("%s reaches %d parameters, want %d", img, settable[img], n)
		}
	}
	t.Logf("parameters each image can set: %v", settable)
}

func TestClassifyEnv(t *testing.T) {
	cases := []struct {
		img      Image
		name     string
		kind     EnvKind
		property string
		param    string // the catalogue parameter, "" when none
	}{
		{CPKafka, "KAFKA_ZOOKEEPER_CONNECT", EnvProperty, "zookeeper.connect", "zookeeper.connect"},
		{CPKafka, "KAFKA_LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG", EnvProperty, "listener.name.sasl_ssl.plain.sasl.jaas.config", "sasl.jaas.config"},
		{CPKafka, "KAFKA_SOME___DASHED_PROP", EnvProperty, "some-dashed.prop", ""},
		{CPKafka, "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET", EnvProperty, "zookeeper.clientCnxnSocket", "zookeeper.clientCnxnSocket"},
		{CPKafka, "KAFKA_HEAP_OPTS", EnvLeak, "heap.opts", ""},
		{CPKafka, "KAFKA_LOG4J_OPTS", EnvLeak, "log4j.opts", ""},
		{CPKafka, "KAFKA_JMX_PORT", EnvLeak, "jmx.port", ""},
		{CPKafka, "KAFKA_CUB_ZK_TIMEOUT", EnvLeak, "cub.zk.timeout", ""},
		{CPKafka, "KAFKA_OPTS", EnvScript, "", ""},
		{CPKafka, "KAFKA_LOG4J_ROOT_LOGLEVEL", EnvScript, "", ""},
		{CPKafka, "KAFKA_ADVERTISED_PORT", EnvFatal, "", ""},
		{CPKafka, "ZOOKEEPER_CLIENT_PORT", EnvUnrelated, "", ""},
		{CPKafka, "CONFLUENT_SUPPORT_METRICS_ENABLE", EnvProperty, "confluent.support.metrics.enable", ""},
		{ApacheKafka, "KAFKA_LOG_RETENTION_HOURS", EnvProperty, "log.retention.hours", "log.retention.hours"},
		// Issue 17: the 3.9 wrapper excludes KAFKA_HEAP_OPTS (only 3.7.0
		// leaked it); its scripts still leak KAFKA_JMX_PORT and friends.
		{ApacheKafka, "KAFKA_HEAP_OPTS", EnvScript, "", ""},
		{ApacheKafka, "KAFKA_LOG4J_OPTS", EnvScript, "", ""},
		{ApacheKafka, "KAFKA_VERSION", EnvScript, "", ""},
		{ApacheKafka, "KAFKA_JMX_PORT", EnvLeak, "jmx.port", ""},
		{ApacheKafka, "KAFKA_SSL_KEYSTORE_FILENAME", EnvLeak, "ssl.keystore.filename", ""},
		{ApacheKafka, "KAFKA_DEBUG", EnvLeak, "debug", ""},
		{ApacheKafka, "KAFKA_MODE", EnvLeak, "mode", ""},
		{ApacheKafka, "KAFKA_JMX_HOSTNAME", EnvScript, "", ""},
		{ApacheKafka, "KAFKA_KAFKA_METRICS_REPORTERS", EnvProperty, "metrics.reporters", ""},
		{ApacheKafka, "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET", EnvProperty, "zookeeper.client.cnxn.socket", ""},
		{ApacheKafka, "KAFKA_SOME___DASHED_PROP", EnvProperty, "some-dashed.prop", ""},
		{BitnamiKafka, "KAFKA_CFG_LOG_RETENTION_HOURS", EnvProperty, "log.retention.hours", "log.retention.hours"},
		{BitnamiKafka, "KAFKA_CFG_LISTENER_NAME_SASL_SSL_SCRAM___SHA___256_SASL_JAAS_CONFIG", EnvProperty, "listener.name.sasl_ssl.scram...sha...256.sasl.jaas.config", ""},
		{BitnamiKafka, "KAFKA_CFG_LISTENER_NAME_SASL_SSL_PLAIN_SASL_JAAS_CONFIG", EnvProperty, "listener.name.sasl_ssl.plain.sasl.jaas.config", "sasl.jaas.config"},
		{BitnamiKafka, "KAFKA_CFG_ZOOKEEPER_CLIENTCNXNSOCKET", EnvProperty, "zookeeper.clientCnxnSocket", "zookeeper.clientCnxnSocket"},
		{BitnamiKafka, "KAFKA_LISTENERS", EnvProperty, "listeners", "listeners"},
		{BitnamiKafka, "KAFKA_LOGS_DIRS", EnvProperty, "log.dirs", "log.dirs"},
		{BitnamiKafka, "KAFKA_HEAP_OPTS", EnvScript, "", ""},
		{Wurstmeister, "KAFKA_ADVERTISED_LISTENERS", EnvProperty, "advertised.listeners", "advertised.listeners"},
		{Wurstmeister, "KAFKA_HEAP_OPTS", EnvScript, "", ""},
		{CPZooKeeper, "ZOOKEEPER_TICK_TIME", EnvProperty, "tickTime", "tickTime"},
		{CPZooKeeper, "ZOOKEEPER_SSL_OCPS", EnvProperty, "ssl.ocsp", "ssl.ocsp"},
		{CPZooKeeper, "ZOOKEEPER_SSL_QUORUM_OCPS", EnvProperty, "ssl.quorum.ocsp", "ssl.quorum.ocsp"},
		{CPZooKeeper, "ZOOKEEPER_SSL_OCSP", EnvIgnored, "", ""},
		{CPZooKeeper, "ZOOKEEPER_4LW_COMMANDS_WHITELIST", EnvIgnored, "", ""},
		{CPZooKeeper, "ZOOKEEPER_JUTE_MAX_BUFFER", EnvNoEffect, "jute.maxbuffer", "jute.maxbuffer"},
		{CPZooKeeper, "ZOOKEEPER_TRACE_FILE", EnvProperty, "traceFile", ""},
		{CPZooKeeper, "ZOOKEEPER_AUTH_PROVIDER_SASL", EnvProperty, "authProvider.sasl", "authProvider"},
		{CPZooKeeper, "ZOOKEEPER_SERVERS", EnvFamily, "server.x", "server.x"},
		{CPZooKeeper, "ZOOKEEPER_SERVER_ID", EnvScript, "", ""},
		{CPZooKeeper, "KAFKA_OPTS", EnvCarrier, "", ""},
		{ZooKeeperOfficial, "ZOO_TICK_TIME", EnvProperty, "tickTime", "tickTime"},
		{ZooKeeperOfficial, "ZOO_4LW_COMMANDS_WHITELIST", EnvProperty, "4lw.commands.whitelist", "4lw.commands.whitelist"},
		{ZooKeeperOfficial, "ZOO_SERVERS", EnvFamily, "server.x", "server.x"},
		{ZooKeeperOfficial, "ZOO_CFG_EXTRA", EnvCarrier, "", ""},
		{ZooKeeperOfficial, "ZOO_MY_ID", EnvScript, "", ""},
		{ZooKeeperOfficial, "ZOO_CLIENT_PORT", EnvIgnored, "", ""},
	}
	for _, tc := range cases {
		ref := ClassifyEnv(tc.img, tc.name)
		paramName := ""
		if ref.Param != nil {
			paramName = ref.Param.Name
		}
		if ref.Kind != tc.kind || ref.Property != tc.property || paramName != tc.param {
			t.Errorf("%s %s: got %v %q (%s), want %v %q (%s)", tc.img, tc.name, ref.Kind, ref.Property, paramName, tc.kind, tc.property, tc.param)
		}
	}
	if n := len(cpZooKeeperVars); n != 66 {
		t.Errorf("cp-zookeeper whitelist has %d variables, want 66", n)
	}
}

func TestEnvSettingLimits(t *testing.T) {
	server, _ := Lookup(ZooKeeper, "server.x")
	if _, _, _, ok := EnvSetting(server, CPZooKeeper, "zk1:2888:3888;2181"); ok {
		t.Error("cp-zookeeper cannot express a ;clientPort suffix, ';' separates its entries")
	}
	if n, v, _, ok := EnvSetting(server, ZooKeeperOfficial, "zk1:2888:3888;2181"); !ok || n != "ZOO_SERVERS" || v != "server.1=zk1:2888:3888;2181" {
		t.Errorf("official image: %s=%s %v", n, v, ok)
	}
	snap, _ := Lookup(ZooKeeper, "snapCount")
	if _, _, _, ok := EnvSetting(snap, ZooKeeperOfficial, "1 000"); ok {
		t.Error("ZOO_CFG_EXTRA entries cannot contain spaces")
	}
}

func TestParseEnvSetting(t *testing.T) {
	cases := []struct {
		img         Image
		name, value string
		want        []string // key=value
	}{
		{CPZooKeeper, "ZOOKEEPER_SERVERS", "zk1:2888:3888;zk2:2888:3888", []string{"server.1=zk1:2888:3888", "server.2=zk2:2888:3888"}},
		{ZooKeeperOfficial, "ZOO_SERVERS", "server.1=zk1:2888:3888;2181 server.2=zk2:2888:3888;2181", []string{"server.1=zk1:2888:3888;2181", "server.2=zk2:2888:3888;2181"}},
		{ZooKeeperOfficial, "ZOO_CFG_EXTRA", "snapCount=1000 clientPort=2181", []string{"snapCount=1000", "clientPort=2181"}},
		{ZooKeeperOfficial, "SERVER_JVMFLAGS", "-Xmx512m -Dzookeeper.snapCount=5", []string{"snapCount=5"}},
		{CPZooKeeper, "KAFKA_OPTS", "-Dzookeeper.4lw.commands.whitelist=ruok,srvr -Dfoo=bar", []string{"4lw.commands.whitelist=ruok,srvr", "foo=bar"}},
		{CPZooKeeper, "ZOOKEEPER_SSL_OCSP", "true", nil},
		{CPKafka, "KAFKA_NUM_PARTITIONS", "3", []string{"num.partitions=3"}},
		{CPKafka, "KAFKA_OPTS", "-Dx=1", nil},
	}
	for _, tc := range cases {
		var got []string
		for _, a := range ParseEnvSetting(tc.img, tc.name, tc.value) {
			got = append(got, a.Key+"="+a.Value)
		}
		if strings.Join(got, " | ") != strings.Join(tc.want, " | ") {
			t.Errorf("%s %s=%s: got %v, want %v", tc.img, tc.name, tc.value, got, tc.want)
		}
	}
}

func TestResolveName(t *testing.T) {
	cases := map[string][]string{
		"log.retention.hours":           {"broker/log.retention.hours"},
		"KAFKA_LOG_RETENTION_HOURS":     {"broker/log.retention.hours"},
		"KAFKA_CFG_LOG_RETENTION_HOURS": {"broker/log.retention.hours"},
		"ZOOKEEPER_TICK_TIME":           {"zookeeper/tickTime"},
		"ZOO_TICK_TIME":                 {"zookeeper/tickTime"},
		"server.2":                      {"zookeeper/server.x"},
		"retention.ms":                  {"topic/retention.ms"},
		"compression.type":              {"broker/compression.type", "topic/compression.type", "producer/compression.type", "librdkafka/compression.type", "librdkafka/compression.type"},
		"no.such.thing":                 nil,
	}
	for name, want := range cases {
		var got []string
		for _, p := range ResolveName(name) {
			got = append(got, string(p.Component)+"/"+p.Name)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("ResolveName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDubEnvToProp(t *testing.T) {
	cases := map[string]string{
		"ZOOKEEPER_CONNECT": "zookeeper.connect",
		"LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG": "listener.name.sasl_ssl.plain.sasl.jaas.config",
		"SOME___DASHED_PROP":                             "some-dashed.prop",
		"A____B":                                         "a-_b",
		"_LEADING":                                       "_leading",
		"TRAILING_":                                      "trailing_",
	}
	for in, want := range cases {
		if got := dubEnvToProp(in); got != want {
			t.Errorf("dubEnvToProp(%q) = %q, want %q", in, got, want)
		}
	}
}
