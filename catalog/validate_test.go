package catalog

import (
	"errors"
	"strings"
	"testing"
)

// validationCases covers every type and validator family. A case with an
// empty reason must be accepted; otherwise it must be rejected with a
// *ValueError whose message names the parameter and contains reason.
var validationCases = []struct {
	comp   Component
	name   string
	value  string
	reason string
}{
	// booleans: Kafka trims and ignores case; nothing else is a boolean.
	{Broker, "auto.create.topics.enable", "true", ""},
	{Broker, "auto.create.topics.enable", " FALSE ", ""},
	{Broker, "auto.create.topics.enable", "TrUe", ""},
	{Broker, "auto.create.topics.enable", "yes", "must be true or false"},
	{Broker, "auto.create.topics.enable", "1", "must be true or false"},
	{Broker, "auto.create.topics.enable", "", "must be true or false"},
	// int with a lower bound, Java parsing.
	{Broker, "num.partitions", "1", ""},
	{Broker, "num.partitions", "+3", ""},
	{Broker, "num.partitions", "\t12 ", ""},
	{Broker, "num.partitions", "0", "must be at least 1"},
	{Broker, "num.partitions", "-1", "must be at least 1"},
	{Broker, "num.partitions", "1.5", "not a whole number"},
	{Broker, "num.partitions", "1_000", "not a whole number"},
	{Broker, "num.partitions", "0x10", "not a whole number"},
	{Broker, "num.partitions", "2147483648", "out of range for a 32-bit int"},
	{Broker, "num.partitions", "١٢", ""}, // Arabic-Indic digits: Character.digit accepts them
	{Broker, "num.partitions", "", "not a whole number"},
	// int without a validator.
	{Broker, "broker.id", "-1", ""},
	{Broker, "broker.id", "-2147483648", ""},
	{Broker, "broker.id", "-2147483649", "out of range for a 32-bit int"},
	// long
	{Broker, "log.retention.bytes", "-1", ""},
	{Broker, "log.retention.bytes", "9223372036854775807", ""},
	{Broker, "log.retention.bytes", "9223372036854775808", "out of range for a 64-bit long"},
	{Broker, "log.retention.ms", "10s", "not a whole number"},
	// short
	{Broker, "offsets.topic.replication.factor", "3", ""},
	{Broker, "offsets.topic.replication.factor", "32768", "out of range for a 16-bit short"},
	{Broker, "offsets.topic.replication.factor", "0", "must be at least 1"},
	// double with a closed range.
	{Broker, "log.cleaner.min.cleanable.ratio", "0.5", ""},
	{Broker, "log.cleaner.min.cleanable.ratio", "1", ""},
	{Broker, "log.cleaner.min.cleanable.ratio", "5e-1", ""},
	{Broker, "log.cleaner.min.cleanable.ratio", "0.5d", ""}, // Java's type suffix
	{Broker, "log.cleaner.min.cleanable.ratio", "1.01", "must be at most 1"},
	{Broker, "log.cleaner.min.cleanable.ratio", "-0.1", "must be at least 0"},
	{Broker, "log.cleaner.min.cleanable.ratio", "inf", "not a number"},
	{Broker, "log.cleaner.min.cleanable.ratio", "half", "not a number"},
	// range "or" a special value.
	{Topic, "compression.gzip.level", "-1", ""},
	{Topic, "compression.gzip.level", "9", ""},
	{Topic, "compression.gzip.level", "0", "must be between 1 and 9, or -1"},
	{Topic, "compression.gzip.level", "10", "must be between 1 and 9, or -1"},
	{Topic, "compression.zstd.level", "-131072", ""},
	{Topic, "compression.zstd.level", "23", "must be at most 22"},
	// case-sensitive enumerations (ValidString).
	{Topic, "compression.type", "zstd", ""},
	{Topic, "compression.type", "ZSTD", `case-sensitive: write "zstd"`},
	{Topic, "compression.type", "brotli", "must be one of: uncompressed, zstd, lz4, snappy, gzip, producer"},
	{Producer, "acks", "all", ""},
	{Producer, "acks", "-1", ""},
	{Producer, "acks", "2", "must be one of: all, -1, 0, 1"},
	{Broker, "ssl.client.auth", "required", ""},
	{Broker, "ssl.client.auth", "REQUIRED", "case-sensitive"},
	{Topic, "message.timestamp.type", "LogAppendTime", ""},
	{Topic, "message.timestamp.type", "logappendtime", "case-sensitive"},
	// case-insensitive enumerations (CaseInsensitiveValidString).
	{Consumer, "security.protocol", "sasl_ssl", ""},
	{Consumer, "security.protocol", "TLS", "must be one of"},
	{Consumer, "group.protocol", "Consumer", ""},
	{Consumer, "metadata.recovery.strategy", "rebootstrap", ""},
	// lists with a ValidList.
	{Topic, "cleanup.policy", "compact,delete", ""},
	{Topic, "cleanup.policy", " compact , delete ", ""},
	{Topic, "cleanup.policy", "", ""}, // Kafka 3.9 accepts an empty list
	{Topic, "cleanup.policy", "compact,remove", `entry "remove": must be one of: compact, delete`},
	{Broker, "process.roles", "broker,controller", ""},
	{Broker, "process.roles", "broker,broker", `role "broker" is listed twice`},
	{Broker, "process.roles", "voter", `entry "voter"`},
	// lists of classes.
	{Producer, "interceptor.classes", "com.example.A,com.example.B$Inner", ""},
	{Producer, "interceptor.classes", "com.example.A,,com.example.B", `entry "" is not a Java class name`},
	// class names.
	{Broker, "principal.builder.class", "org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder", ""},
	{Broker, "principal.builder.class", "com.example.Outer$Inner", ""},
	{Broker, "principal.builder.class", "com..example.X", "not a Java class name"},
	{Broker, "principal.builder.class", "9lives.Cat", "not a Java class name"},
	{Broker, "principal.builder.class", " ", "must name a class"},
	// non-empty strings.
	{Producer, "transactional.id", "orders-writer-1", ""},
	{Producer, "transactional.id", "  ", "must not be empty"},
	{Consumer, "group.instance.id", "", "must not be empty"},
	// version strings (MetadataVersion).
	{Broker, "inter.broker.protocol.version", "3.9", ""},
	{Broker, "inter.broker.protocol.version", "3.9-IV0", ""},
	{Broker, "inter.broker.protocol.version", "3.9.1", ""},
	{Broker, "inter.broker.protocol.version", "0.10.2", ""},
	{Broker, "inter.broker.protocol.version", "3.10", "not a known Kafka version"},
	{Broker, "inter.broker.protocol.version", "latest", "not a known Kafka version"},
	// throttled replica lists.
	{Topic, "leader.replication.throttled.replicas", "*", ""},
	{Topic, "leader.replication.throttled.replicas", "0:1,1:2", ""},
	{Topic, "leader.replication.throttled.replicas", "0-1", "is not partitionId:brokerId"},
	// listeners.
	{Broker, "listeners", "PLAINTEXT://:9092", ""},
	{Broker, "listeners", "PLAINTEXT://0.0.0.0:9092,CONTROLLER://[::1]:9093", ""},
	{Broker, "listeners", "plaintext://:9092,PLAINTEXT://:9093", "used twice"},
	{Broker, "listeners", "A://:9092,B://kafka:9092", "port 9092 is used by more than one listener"},
	{Broker, "listeners", "A://127.0.0.1:9092,B://[::1]:9092", ""}, // one IPv4, one IPv6
	{Broker, "listeners", "localhost:9092", "is not NAME://host:port"},
	{Broker, "listeners", "PLAINTEXT://:99999", "out of range 0..65535"},
	{Broker, "advertised.listeners", "INSIDE://kafka:9092,OUTSIDE://localhost:9092", ""},
	{Broker, "advertised.listeners", "A://kafka:9092,B://localhost:9092", ""}, // ports may repeat
	{Broker, "advertised.listeners", "PLAINTEXT://0.0.0.0:9092", "advertises 0.0.0.0"},
	// listener.security.protocol.map
	{Broker, "listener.security.protocol.map", "INSIDE:PLAINTEXT,OUTSIDE:sasl_ssl", ""},
	{Broker, "listener.security.protocol.map", "INSIDE:PLAINTEXT,", ""}, // trailing empty entry dropped
	{Broker, "listener.security.protocol.map", "INSIDE=PLAINTEXT", "is not NAME:PROTOCOL"},
	{Broker, "listener.security.protocol.map", "INSIDE:TLS", `unknown security protocol "TLS"`},
	// controller quorum and bootstrap servers.
	{Broker, "controller.quorum.voters", "1@c1:9093,2@[::1]:9093", ""},
	{Broker, "controller.quorum.voters", "c1:9093", "is not id@host:port"},
	{Broker, "controller.quorum.voters", "x@c1:9093", "is not a number"},
	{Broker, "controller.quorum.bootstrap.servers", "", ""},
	{Producer, "bootstrap.servers", "localhost:9092,kafka:29092", ""},
	{Producer, "bootstrap.servers", "localhost", "is not host:port"},
	{Producer, "bootstrap.servers", "", "must list at least one host:port"},
	{Producer, "bootstrap.servers", "localhost:9092,", ""}, // the Java client skips empty entries
	{Consumer, "bootstrap.servers", " , ", "must list at least one host:port"},
	{Broker, "controller.quorum.bootstrap.servers", "c1:9093,", "contains an empty entry"},
	// zookeeper.connect
	{Broker, "zookeeper.connect", "zk1:2181,zk2:2181/kafka", ""},
	{Broker, "zookeeper.connect", "zk1", ""},
	{Broker, "zookeeper.connect", "zk1:2181/kafka/", "must not end with /"},
	{Broker, "zookeeper.connect", "zk1:port", "is not a number"},
	// ZooKeeper.
	{ZooKeeper, "tickTime", "2000", ""},
	{ZooKeeper, "tickTime", "0", "must be at least 1"},
	{ZooKeeper, "tickTime", "2s", "not a whole number"},
	{ZooKeeper, "clientPort", "70000", "must be at most 65535"},
	{ZooKeeper, "standaloneEnabled", "False", ""},
	{ZooKeeper, "standaloneEnabled", "no", "must be true or false"},
	{ZooKeeper, "electionAlg", "3", ""},
	{ZooKeeper, "electionAlg", "1", "must be one of: 3"},
	{ZooKeeper, "server.x", "zk1:2888:3888;2181", ""},
	{ZooKeeper, "server.x", "zk1:2888:3888:observer;0.0.0.0:2181", ""},
	{ZooKeeper, "server.x", "[fe80::1]:2888:3888", ""},
	{ZooKeeper, "server.x", "zk1:2888:3888|zk1b:2888:3888", ""},
	{ZooKeeper, "server.x", "zk1:2888", "is not host:quorumPort:electionPort"},
	{ZooKeeper, "server.x", "zk1:2888:2888", "must differ"},
	{ZooKeeper, "server.x", "zk1:2888:3888:leader", `peer type "leader"`},
	{ZooKeeper, "server.x", "zk1:2888:3888;2181;2182", "more than one ';'"},
	{ZooKeeper, "group.x", "1:2:3", ""},
	{ZooKeeper, "group.x", "1:a", `server id "a" is not a number`},
	{ZooKeeper, "group.x", "1:2:", ""}, // String.split drops the trailing empty id
	{ZooKeeper, "group.x", "", `server id "" is not a number`},
	{ZooKeeper, "server.x", "zk1:2888:3888;", ""},
	{ZooKeeper, "server.x", "zk1:2888:3888|", ""},
	{ZooKeeper, "server.x", ";2181", "is not host:quorumPort:electionPort"},
	{ZooKeeper, "clientPortAddress", "0.0.0.0", ""},
	{ZooKeeper, "clientPortAddress", "::1", ""},
	{ZooKeeper, "clientPortAddress", "zk1:2181", "without a port"},
	{ZooKeeper, "snapshot.compression.method", "", ""}, // empty default: no compression
	{ZooKeeper, "snapshot.compression.method", "gz", ""},
	{ZooKeeper, "snapshot.compression.method", "zip", "must be one of: gz, snappy"},
	// librdkafka.
	{Librdkafka, "enable.idempotence", "t", ""},
	{Librdkafka, "enable.idempotence", "1", ""},
	{Librdkafka, "enable.idempotence", "yes", "must be true or false"},
	{Librdkafka, "enable.idempotence", "", "cannot be set to an empty value"},
	{Librdkafka, "message.max.bytes", "1000000", ""},
	{Librdkafka, "message.max.bytes", "0x100000", ""},
	{Librdkafka, "message.max.bytes", "999", "must be at least 1000"},
	{Librdkafka, "message.max.bytes", "100ms", "not a whole number"},
	{Librdkafka, "request.required.acks", "all", ""},
	{Librdkafka, "acks", "1001", "must be at most 1000"},
	{Librdkafka, "linger.ms", "0.5", ""},
	{Librdkafka, "linger.ms", "900001", "must be at most 900000"},
	{Librdkafka, "compression.codec", "LZ4", ""},
	{Librdkafka, "compression.codec", "brotli", "must be one of"},
	{Librdkafka, "debug", "broker, +topic,-msg", ""},
	{Librdkafka, "debug", "broker,everything", `flag "everything"`},
	{Librdkafka, "error_cb", "x", "can only be set through librdkafka's C API"},
	{Librdkafka, "client.id", "", ""},
}

func TestValidateTable(t *testing.T) {
	accepted, rejected := 0, 0
	families := map[string]bool{}
	for _, tc := range validationCases {
		p, ok := LookupKey(tc.comp, tc.name)
		if !ok {
			t.Errorf("%s %s: not in the catalogue", tc.comp, tc.name)
			continue
		}
		families[string(p.Component)+"/"+p.Type] = true
		err := p.Validate(tc.value)
		if tc.reason == "" {
			accepted++
			if err != nil {
				t.Errorf("%s=%q: rejected: %v", tc.name, tc.value, err)
			}
			continue
		}
		rejected++
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("%s=%q: got %v, want a *ValueError containing %q", tc.name, tc.value, err, tc.reason)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, p.Name) || !strings.Contains(msg, tc.reason) {
			t.Errorf("%s=%q: message %q should name %s and say %q", tc.name, tc.value, msg, p.Name, tc.reason)
		}
		if ve.Param != p.Name || ve.Value != tc.value || ve.Reason == "" {
			t.Errorf("%s=%q: ValueError fields %+v", tc.name, tc.value, ve)
		}
	}
	if accepted+rejected < 60 || accepted < 25 || rejected < 25 {
		t.Errorf("only %d accepted and %d rejected cases", accepted, rejected)
	}
	for _, want := range []string{"broker/boolean", "broker/int", "broker/long", "broker/short", "broker/double",
		"broker/list", "broker/class", "broker/string", "topic/list", "producer/string", "producer/list",
		"zookeeper/int", "zookeeper/boolean", "zookeeper/string", "librdkafka/integer", "librdkafka/boolean",
		"librdkafka/float", "librdkafka/enum value", "librdkafka/CSV flags", "librdkafka/see dedicated API"} {
		if !families[want] {
			t.Errorf("no case covers %s", want)
		}
	}
}

func TestValueErrorMessage(t *testing.T) {
	p, _ := Lookup(Broker, "num.partitions")
	err := p.Validate("0")
	if got, want := err.Error(), "num.partitions=0: must be at least 1 (valid: [1,...])"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	err = p.Validate("")
	if got, want := err.Error(), `num.partitions="": not a whole number (valid: [1,...])`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestEveryConstraintUnderstood keeps every ValidValues text of the
// catalogue machine-readable (or a ZooKeeper format with its own check), so
// that a new row cannot silently lose its validation.
func TestEveryConstraintUnderstood(t *testing.T) {
	for _, p := range allLines() {
		if r := ruleFor(p); r.unknown != "" {
			t.Errorf("%s/%s: valid values %q are not understood by the validator", p.Component, p.Name, r.unknown)
		}
	}
}

// defaultExceptions are the documented defaults that the validation
// rightly rejects, each with the reason it is not a value one could write.
var defaultExceptions = map[string]string{
	// The Java client refuses to start without bootstrap servers; the
	// documented empty default only means "you must set it".
	"producer/bootstrap.servers": "required in practice: the client fails at construction without it",
	"consumer/bootstrap.servers": "required in practice: the client fails at construction without it",
	"admin/bootstrap.servers":    "required in practice unless bootstrap.controllers is given instead",
	// The generated docs print Class objects with toString ("class
	// org.apache..."); the value to write is the bare class name.
	"consumer/partition.assignment.strategy": "rendered as 'class X,class Y' by the doc generator",
	// ZooKeeper's guide states these defaults as expressions of other
	// settings or of the machine; the value itself is computed at start.
	"zookeeper/minSessionTimeout":                          "2*tickTime",
	"zookeeper/maxSessionTimeout":                          "20*tickTime",
	"zookeeper/maxWriteQueuePollTime":                      "flushDelay/3",
	"zookeeper/connectToLearnerMasterLimit":                "the value of initLimit",
	"zookeeper/jute.maxbuffer.extrasize":                   "the value of jute.maxbuffer",
	"zookeeper/zookeeper.nio.numSelectorThreads":           "sqrt(cpu_cores/2)",
	"zookeeper/zookeeper.nio.numWorkerThreads":             "2*cpu_cores",
	"zookeeper/zookeeper.commitProcessor.numWorkerThreads": "the number of cores",
	"zookeeper/zookeeper.commitProcessor.maxReadBatchSize": "documented as <0 (any negative value: unlimited)",
}

func TestDefaultsPassValidation(t *testing.T) {
	checked := 0
	for _, p := range allLines() {
		if !p.HasDefault {
			continue
		}
		key := string(p.Component) + "/" + p.Name
		err := p.Validate(p.Default)
		if reason, ok := defaultExceptions[key]; ok {
			if err == nil {
				t.Errorf("%s: listed as an exception (%s) but its default %q now passes; remove it from the list", key, reason, p.Default)
			}
			continue
		}
		checked++
		if err != nil {
			t.Errorf("%s %s: documented default does not pass: %v", p.Version, key, err)
		}
	}
	if checked < 600 {
		t.Errorf("only %d defaults checked", checked)
	}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		comp        Component
		name, value string
		mode        Mode
		want        string // "" accepted; otherwise a substring of the error
		kind        string // unknown, mode, value
	}{
		{Broker, "num.partitions", "3", ModeZK, "", ""},
		{Broker, "log.retension.hours", "1", ModeZK, `unknown broker parameter "log.retension.hours" (did you mean log.retention.hours?)`, "unknown"},
		{Broker, "LOG_RETENTION_HOURS", "1", ModeBoth, "did you mean log.retention.hours", "unknown"},
		{Broker, "KAFKA_LOG_RETENTION_HOURS", "1", ModeBoth, "did you mean log.retention.hours", "unknown"},
		{Broker, "retention.ms", "1", ModeBoth, "did you mean log.retention.ms", "unknown"},
		{Broker, "process.roles", "broker", ModeZK, "process.roles is a KRaft-only parameter", "mode"},
		{Broker, "zookeeper.connect", "zk:2181", ModeKRaft, "zookeeper.connect is a ZooKeeper-mode parameter", "mode"},
		{Broker, "zookeeper.connect", "zk:2181", ModeZK, "", ""},
		{Broker, "process.roles", "broker", ModeBoth, "", ""},
		{Broker, "num.partitions", "0", ModeZK, "must be at least 1", "value"},
		{Broker, "listener.name.internal.ssl.keystore.location", "/k.jks", ModeZK, "", ""},
		{Broker, "listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", "x required;", ModeZK, "", ""},
		{ZooKeeper, "server.3", "zk3:2888:3888;2181", ModeBoth, "", ""},
		{ZooKeeper, "weight.2", "abc", ModeBoth, "not a whole number", "value"},
		{ZooKeeper, "authProvider.sasl", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider", ModeBoth, "", ""},
		{ZooKeeper, "ticktime", "2000", ModeBoth, "did you mean tickTime", "unknown"},
	}
	for _, tc := range cases {
		err := Check(tc.comp, tc.name, tc.value, tc.mode)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s=%s: %v", tc.name, tc.value, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%s: got %v, want %q", tc.name, tc.value, err, tc.want)
			continue
		}
		var ue *UnknownError
		var me *ModeError
		var ve *ValueError
		got := map[bool]string{errors.As(err, &ue): "unknown"}[true] + map[bool]string{errors.As(err, &me): "mode"}[true] +
			map[bool]string{errors.As(err, &ve): "value"}[true]
		if got != tc.kind {
			t.Errorf("%s=%s: error type %q, want %q", tc.name, tc.value, got, tc.kind)
		}
	}
}

func TestSuggest(t *testing.T) {
	cases := []struct {
		comp  Component
		name  string
		first string
	}{
		{Broker, "log.retension.hours", "log.retention.hours"},
		{Broker, "LOG.RETENTION.HOURS", "log.retention.hours"},
		{Broker, "log_retention_hours", "log.retention.hours"},
		{Broker, "log-retention-hours", "log.retention.hours"},
		{Broker, "retention.log.hours", "log.retention.hours"},
		{Broker, "KAFKA_CFG_NUM_PARTITIONS", "num.partitions"},
		{Broker, "num.partitons", "num.partitions"},
		{Broker, "nmu.partitions", "num.partitions"},
		{Broker, "zookeeper.clientcnxnsocket", "zookeeper.clientCnxnSocket"},
		{ZooKeeper, "ZOOKEEPER_TICK_TIME", "tickTime"},
		{ZooKeeper, "tick.time", "tickTime"},
		{ZooKeeper, "ZOO_MAX_CLIENT_CNXNS", "maxClientCnxns"},
		{Topic, "retention.msec", "retention.ms"},
	}
	for _, tc := range cases {
		got := Suggest(tc.comp, tc.name)
		if len(got) == 0 || got[0] != tc.first {
			t.Errorf("Suggest(%s, %q) = %v, want %s first", tc.comp, tc.name, got, tc.first)
		}
	}
	if got := Suggest(Broker, "completely.unrelated.thing.xyz"); len(got) != 0 {
		t.Errorf("unrelated name got suggestions %v", got)
	}
}

func TestCrossCheck(t *testing.T) {
	base := map[string]string{"zookeeper.connect": "zk:2181"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		props map[string]string
		mode  Mode
		want  string
	}{
		{with(), ModeZK, ""},
		{map[string]string{}, ModeZK, "needs zookeeper.connect"},
		{with("listeners", "INTERNAL://:9092"), ModeZK, "listener INTERNAL is not a security protocol name"},
		{with("listeners", "INTERNAL://:9092", "listener.security.protocol.map", "INTERNAL:PLAINTEXT"), ModeZK, ""},
		{with("listeners", "A://:9092,B://:9093", "listener.security.protocol.map", "A:PLAINTEXT"), ModeZK, "listener B has no security protocol"},
		{with("listeners", "PLAINTEXT://:9092", "advertised.listeners", "EXTERNAL://localhost:9092"), ModeZK, "advertised listener EXTERNAL is not defined in listeners"},
		{with("listeners", "A://:9092,B://:9093", "listener.security.protocol.map", "A:PLAINTEXT,B:PLAINTEXT",
			"advertised.listeners", "A://kafka:9092,B://localhost:9093", "inter.broker.listener.name", "A"), ModeZK, ""},
		{with("inter.broker.listener.name", "INTERNAL"), ModeZK, "inter.broker.listener.name INTERNAL is not an advertised listener"},
		{with("inter.broker.listener.name", "PLAINTEXT", "security.inter.broker.protocol", "PLAINTEXT"), ModeZK, "set only one of"},
		{map[string]string{"process.roles": "broker", "zookeeper.connect": "zk:2181"}, ModeBoth, "belongs only to a ZooKeeper migration"},
		{map[string]string{"process.roles": "broker", "zookeeper.connect": "zk:2181", "zookeeper.metadata.migration.enable": "true"}, ModeKRaft, ""},
	}
	for i, tc := range cases {
		errs := CrossCheck(tc.props, tc.mode)
		if tc.want == "" {
			if len(errs) > 0 {
				t.Errorf("case %d: %v", i, errs)
			}
			continue
		}
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e.Error(), tc.want)
		}
		if !found {
			t.Errorf("case %d: got %v, want %q", i, errs, tc.want)
		}
	}
}

func TestCheckEntries(t *testing.T) {
	rs := CheckEntries([]Component{Broker, Topic, ZooKeeper}, [][2]string{
		{"num.partitions", "3"},
		{"KAFKA_NUM_PARTITIONS", "0"},
		{"retention.ms", "1000"},
		{"tickTime", "2000"},
		{"listeners", "INTERNAL://:9092"},
		{"listener.security.protocol.map", "EXTERNAL:PLAINTEXT"},
	}, ModeZK)
	if len(rs) != 7 {
		t.Fatalf("got %d results, want 6 entries and 1 cross-check: %+v", len(rs), rs)
	}
	if rs[0].Err != nil || rs[0].Param.Component != Broker {
		t.Errorf("num.partitions: %+v", rs[0])
	}
	if rs[1].Err == nil || rs[1].Param == nil || rs[1].Param.Name != "num.partitions" || !strings.Contains(rs[1].Via, "variable for num.partitions") {
		t.Errorf("KAFKA_NUM_PARTITIONS: %+v", rs[1])
	}
	if rs[2].Err != nil || rs[2].Param.Component != Topic {
		t.Errorf("retention.ms should resolve to the topic config: %+v", rs[2])
	}
	if rs[3].Err != nil || rs[3].Param.Component != ZooKeeper {
		t.Errorf("tickTime: %+v", rs[3])
	}
	if rs[6].Err == nil || !strings.Contains(rs[6].Err.Error(), "listener INTERNAL has no security protocol") {
		t.Errorf("cross-check: %+v", rs[6])
	}
}

// allLines is every parameter of every Kafka line, each once (the lines
// share librdkafka's rows).
func allLines() []*Param {
	seen := map[*Param]bool{}
	var out []*Param
	for _, v := range Versions {
		for _, p := range Kafka(v).All() {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
