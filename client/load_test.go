package client

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/catalog"
)

func props(kv ...string) []Property {
	var out []Property
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Property{Name: kv[i], Value: kv[i+1], Origin: "test"})
	}
	return out
}

var seedBroker = props("bootstrap.servers", "localhost:9092")

// roleBase is what a role needs besides the broker: a group for consumers.
func roleBase(role Role) []Property {
	if role == Consumer {
		return props("group.id", "g")
	}
	return nil
}

func TestLoadPrecedence(t *testing.T) {
	def := []Property{{Name: "bootstrap.servers", Value: "localhost:9092", Origin: "kafkit default"},
		{Name: "delivery.timeout.ms", Value: "30000", Origin: "default of --timeout"}}
	file := []Property{{Name: "bootstrap.servers", Value: "file:1", Origin: "c.properties:1"},
		{Name: "linger.ms", Value: "5", Origin: "c.properties:2"}}
	set := []Property{{Name: "metadata.broker.list", Value: "x:2", Origin: "-X"},
		{Name: "message.timeout.ms", Value: "9000", Origin: "-X"}}
	typed := []Property{{Name: "bootstrap.servers", Value: "flag:3", Origin: "--brokers"}}

	tests := []struct {
		name        string
		layers      [][]Property
		wantBrokers string
		wantOrigin  string
		wantTimeout time.Duration
	}{
		{"defaults only", [][]Property{def}, "localhost:9092", "kafkit default", 30 * time.Second},
		{"file over defaults", [][]Property{def, file}, "file:1", "c.properties:1", 30 * time.Second},
		{"-X over file, across spellings", [][]Property{def, file, set}, "x:2", "-X", 9 * time.Second},
		{"flags over everything", [][]Property{def, file, set, typed}, "flag:3", "--brokers", 9 * time.Second},
		{"later wins within a layer", [][]Property{props("bootstrap.servers", "a:1", "metadata.broker.list", "b:2")}, "b:2", "test", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(Producer, tt.layers...)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(cfg.Brokers, ","); got != tt.wantBrokers {
				t.Errorf("brokers %s, want %s", got, tt.wantBrokers)
			}
			if p, _ := cfg.Value("bootstrap.servers"); p.Origin != tt.wantOrigin {
				t.Errorf("bootstrap.servers from %q, want %q", p.Origin, tt.wantOrigin)
			}
			if cfg.DeliveryTimeout != tt.wantTimeout {
				t.Errorf("delivery timeout %s, want %s", cfg.DeliveryTimeout, tt.wantTimeout)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		role  Role
		props []Property
		kind  Kind
		want  string // substring of the message
	}{
		{"typo", Producer, props("lingr.ms", "5"), Unknown, `unknown client property "lingr.ms" (from test): did you mean "linger.ms"?`},
		{"missing unit", Producer, props("linger", "5"), Unknown, `did you mean "linger.ms"?`},
		{"case", Consumer, props("Group.Id", "g"), Unknown, `did you mean "group.id"?`},
		{"no suggestion", Producer, props("zzzzzzzzzz", "1"), Unknown, "no Java client or librdkafka property has this name"},
		{"unsupported java", Producer, props("transactional.id", "t"), Unsupported, `kafkit does not support client property "transactional.id" yet`},
		{"unsupported librdkafka", Producer, props("batch.num.messages", "10"), Unsupported, "use batch.size"},
		{"unsupported consumer", Consumer, props("enable.partition.eof", "true"), Unsupported, "--exit-at-end"},
		{"broker config", Producer, props("num.partitions", "3"), WrongComponent, "it is a broker setting"},
		{"topic config", Consumer, props("cleanup.policy", "compact"), WrongComponent, "topic setting"},
		{"admin typo", Admin, props("bootstrap.server", "h:1"), Unknown, `did you mean "bootstrap.servers"?`},
		{"admin unsupported shared", Admin, props("reconnect.backoff.ms", "100"), Unsupported, "reconnect.backoff.ms"},
		{"admin topic config", Admin, props("retention.ms", "1000"), WrongComponent, "topic setting"},
		{"admin bad timeout", Admin, props("request.timeout.ms", "abc"), Invalid, "request.timeout.ms"},

		{"bad acks", Producer, props("acks", "2"), Invalid, `invalid value "2" for acks (from test): want one of all, -1, 0, 1`},
		{"bad librdkafka acks", Producer, props("request.required.acks", "all-ish"), Invalid, "request.required.acks"},
		{"bad bool", Producer, props("enable.idempotence", "yes"), Invalid, "want true or false"},
		{"bad codec", Producer, props("compression.type", "brotli"), Invalid, "want one of none, gzip, snappy, lz4, zstd"},
		{"linger too long", Producer, props("linger.ms", "120000"), Invalid, "at most a minute"},
		{"linger not a number", Producer, props("linger.ms", "5ms"), Invalid, "want a number of milliseconds"},
		{"batch too small", Producer, props("batch.size", "0"), Invalid, "cannot turn batching off"},
		{"delivery timeout below 1s", Producer, props("delivery.timeout.ms", "500"), Invalid, "at least 1000 ms"},
		{"bad broker port", Producer, props("bootstrap.servers", "h:x"), Invalid, `port "x"`},
		{"empty brokers", Producer, props("bootstrap.servers", " , "), Invalid, "at least one host:port"},
		{"gssapi", Producer, props("sasl.mechanism", "GSSAPI"), Invalid, "GSSAPI is not supported yet"},
		{"bad protocol", Consumer, props("security.protocol", "TLS"), Invalid, "want one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"},
		{"bad reset", Consumer, props("auto.offset.reset", "oldest"), Invalid, "auto.offset.reset"},
		{"empty group", Consumer, props("group.id", ""), Invalid, "give it a name"},
		{"bad assignor", Consumer, props("partition.assignment.strategy", "magic"), Invalid, `unknown assignor "magic"`},
		{"bad isolation", Consumer, props("isolation.level", "serializable"), Invalid, "read_committed"},
		{"avro serializer", Producer, props("value.serializer", "io.confluent.kafka.serializers.KafkaAvroSerializer"), Invalid, "StringSerializer"},
		{"bad jaas", Producer, props("security.protocol", "SASL_SSL", "sasl.jaas.config", "com.example.Module required;"), Invalid, "login module com.example.Module is not supported"},
		{"fetch wait too short", Consumer, props("fetch.max.wait.ms", "1"), Invalid, "at least 10 ms"},

		{"idempotence needs acks=all", Producer, props("enable.idempotence", "true", "acks", "1"), Conflict, "enable.idempotence=true needs acks=all"},
		{"too many in flight", Producer, props("max.in.flight.requests.per.connection", "6"), Conflict, "at most 5 requests in flight"},
		{"sasl without protocol", Producer, props("sasl.username", "u", "sasl.password", "p"), Conflict, "security.protocol is PLAINTEXT"},
		{"ssl without protocol", Consumer, props("ssl.ca.location", "/ca.pem"), Conflict, "set security.protocol=SSL or SASL_SSL"},
		{"sasl without credentials", Producer, props("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN"), Conflict, "needs credentials"},
		{"sasl without mechanism", Producer, props("security.protocol", "sasl_plaintext", "sasl.username", "u", "sasl.password", "p"), Conflict, "needs sasl.mechanism"},
		{"scram jaas without mechanism", Producer, props("security.protocol", "SASL_PLAINTEXT",
			"sasl.jaas.config", `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";`), Conflict, "set sasl.mechanism to SCRAM"},
		{"jaas and username", Producer, props("security.protocol", "SASL_PLAINTEXT", "sasl.username", "u",
			"sasl.jaas.config", `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";`), Conflict, "keep one"},
		{"missing ca file", Producer, props("security.protocol", "SSL", "ssl.ca.location", "/nonexistent/ca.pem"), Conflict, "ssl.ca.location: open /nonexistent/ca.pem"},
		{"heartbeat above session", Consumer, props("session.timeout.ms", "6000", "heartbeat.interval.ms", "7000"), Conflict, "must be lower than session.timeout.ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layers := [][]Property{seedBroker, props("group.id", "g")}
			if tt.role == Producer {
				layers = layers[:1]
			}
			_, err := Load(tt.role, append(layers, tt.props)...)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			var pe *PropertyError
			if !errors.As(err, &pe) || pe.Kind != tt.kind {
				t.Fatalf("err = %v (%T), want a PropertyError of kind %d", err, err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryBadProperty(t *testing.T) {
	_, err := Load(Producer, seedBroker, props("lingr.ms", "1", "acks", "9", "transactional.id", "x"))
	if err == nil {
		t.Fatal("want an error")
	}
	// Name errors are all reported together; value errors come after the
	// names are right, so acks=9 is not mentioned yet.
	for _, want := range []string{"lingr.ms", "transactional.id"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestLoadNotes(t *testing.T) {
	tests := []struct {
		name  string
		role  Role
		props []Property
		want  string
	}{
		{"consumer property to producer", Producer, props("group.id", "g"), "group.id (from test) is a consumer property; kafkit produce does not use it"},
		{"producer property to consumer", Consumer, props("linger.ms", "5"), "linger.ms (from test) is a producer property; kafkit consume does not use it"},
		{"librdkafka producer property to consumer", Consumer, props("queue.buffering.max.ms", "5"), "is a producer property"},
		{"acks=1 turns idempotence off", Producer, props("acks", "1"), "acks=1 turns idempotence off"},
		{"in flight with idempotence", Producer, props("max.in.flight.requests.per.connection", "1"), "checked, not applied"},
		{"level without codec", Producer, props("compression.gzip.level", "5"), "not applied"},
		{"level for another codec", Producer, props("compression.type", "lz4", "compression.gzip.level", "5"), "compression.gzip.level is set but compression.type is lz4"},
		{"producer property to admin", Admin, props("linger.ms", "5"), "linger.ms (from test) is a producer property; kafkit topic does not use it"},
		{"consumer property to admin", Admin, props("group.id", "g"), "group.id (from test) is a consumer property; kafkit topic does not use it"},
		{"producer-only spelling to admin", Admin, props("max.request.size", "2000000"), "max.request.size (from test) is a producer property"},
		{"librdkafka consumer property to admin", Admin, props("fetch.wait.max.ms", "100"), "is a consumer property"},
		{"auto-creation to admin", Admin, props("allow.auto.create.topics", "false"), "kafkit topic does not use it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(tt.role, seedBroker, roleBase(tt.role), tt.props)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(cfg.Notes, "\n"), tt.want) {
				t.Fatalf("notes %q, want one containing %q", cfg.Notes, tt.want)
			}
		})
	}
}

// TestLoadAccepts runs every supported spelling through Load with a valid
// value, so that none is accepted by name and then rejected by its parser.
func TestLoadAccepts(t *testing.T) {
	valid := map[string]string{
		"bootstrap.servers": "PLAINTEXT://a:1,b", "metadata.broker.list": "a:1",
		"client.id": "c", "client.dns.lookup": "use_all_dns_ips", "socket.connection.setup.timeout.ms": "5000", "connections.max.idle.ms": "60000",
		"metadata.max.age.ms": "60000", "topic.metadata.refresh.interval.ms": "60000",
		"retry.backoff.ms": "100", "retry.backoff.max.ms": "1000", "allow.auto.create.topics": "false",
		"request.timeout.ms": "30000",
		"acks":               "-1", "request.required.acks": "all", "enable.idempotence": "TRUE",
		"compression.type": "zstd", "compression.codec": "gzip", "compression.level": "-1",
		"compression.gzip.level": "-1", "compression.lz4.level": "9", "compression.zstd.level": "3",
		"linger.ms": "0.5", "queue.buffering.max.ms": "5", "batch.size": "16384",
		"max.request.size": "1048576", "message.max.bytes": "1000000", "delivery.timeout.ms": "0",
		"message.timeout.ms": "120000", "retries": "3", "message.send.max.retries": "3",
		"max.in.flight.requests.per.connection": "5", "max.in.flight": "5", "buffer.memory": "33554432",
		"queue.buffering.max.kbytes": "1024", "queue.buffering.max.messages": "1000",
		"key.serializer":   "org.apache.kafka.common.serialization.StringSerializer",
		"value.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer",
		"group.id":         "g", "group.instance.id": "i", "auto.offset.reset": "smallest",
		"enable.auto.commit": "false", "auto.commit.enable": "true", "auto.commit.interval.ms": "1000",
		"session.timeout.ms": "45000", "heartbeat.interval.ms": "3000", "max.poll.interval.ms": "300000",
		"partition.assignment.strategy": "org.apache.kafka.clients.consumer.RangeAssignor, cooperative-sticky",
		"fetch.max.bytes":               "200000000", "max.partition.fetch.bytes": "1048576", "fetch.message.max.bytes": "1048576",
		"fetch.min.bytes": "1", "fetch.max.wait.ms": "500", "fetch.wait.max.ms": "100",
		"group.protocol": "consumer", "group.remote.assignor": "range",
		"isolation.level": "read_committed", "client.rack": "r1", "check.crcs": "false", "max.poll.records": "500",
		"key.deserializer":   "org.apache.kafka.common.serialization.StringDeserializer",
		"value.deserializer": "org.apache.kafka.common.serialization.ByteArrayDeserializer",
	}
	security := map[string]bool{}
	for _, s := range settings {
		for _, n := range s.names {
			if s.apply != nil && strings.HasPrefix(n, "sasl.") || strings.HasPrefix(n, "ssl.") || strings.HasPrefix(n, "enable.ssl") || n == "security.protocol" {
				security[n] = true
			}
		}
	}
	for _, role := range []Role{Producer, Consumer, Admin} {
		for _, name := range SupportedNames(role) {
			if security[name] {
				continue // TestSecurity covers these with real files and brokers
			}
			v, ok := valid[name]
			if !ok {
				t.Errorf("no valid test value for %s", name)
				continue
			}
			cfg, err := Load(role, seedBroker, roleBase(role), props(name, v))
			if err != nil {
				t.Errorf("%s: %s=%s: %v", role, name, v, err)
				continue
			}
			cl, err := cfg.NewClient()
			if err != nil {
				t.Errorf("%s: %s=%s: NewClient: %v", role, name, v, err)
				continue
			}
			cl.Close()
		}
	}
}

func TestLoadConsumerDefaults(t *testing.T) {
	cfg, err := Load(Consumer, seedBroker, props("group.id", "g"))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.AutoCommit || cfg.ReadCommitted || cfg.Group != "g" {
		t.Fatalf("cfg = %+v", cfg)
	}
	if _, err := Load(Consumer, seedBroker); err == nil || !strings.Contains(err.Error(), "needs a group") {
		t.Fatalf("no group: err = %v", err)
	}
	cfg, err = Load(Consumer, seedBroker, props("group.id", "g", "enable.auto.commit", "false", "isolation.level", "read_committed", "max.poll.records", "7"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AutoCommit || !cfg.ReadCommitted || cfg.MaxPollRecords != 7 {
		t.Fatalf("cfg = %+v", cfg)
	}
}

func TestParseJAAS(t *testing.T) {
	tests := []struct {
		in, mech, user, pass, err string
	}{
		{in: `org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s3cr=t;";`, mech: "PLAIN", user: "alice", pass: "s3cr=t;"},
		{in: `org.apache.kafka.common.security.scram.ScramLoginModule required
		  username=bob password="a \"quoted\" one";`, mech: "SCRAM", user: "bob", pass: `a "quoted" one`},
		{in: `org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b"`, err: "missing the final ';'"},
		{in: `org.apache.kafka.common.security.plain.PlainLoginModule required username="a";`, err: "want both username and password"},
		{in: `org.apache.kafka.common.security.plain.PlainLoginModule maybe username="a" password="b";`, err: "control flag"},
		{in: `org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password="b" tokenauth=true;`, err: `option "tokenauth" is not supported`},
		{in: `org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b"; x y;`, err: "text after the first ';'"},
		{in: `org.apache.kafka.common.security.plain.PlainLoginModule required username="a`, err: "unterminated"},
		{in: `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;`, err: "not supported"},
	}
	for _, tt := range tests {
		j, err := parseJAAS(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseJAAS(%q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || j.mechanism != tt.mech || j.username != tt.user || j.password != tt.pass {
			t.Errorf("parseJAAS(%q) = %+v, %v", tt.in, j, err)
		}
	}
}

func TestBackoff(t *testing.T) {
	f := backoff(100*time.Millisecond, time.Second)
	for fails, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 10: time.Second} {
		got := f(fails)
		if got < want*8/10 || got > want*12/10 {
			t.Errorf("backoff(%d) = %s, want %s ±20%%", fails, got, want)
		}
	}
}

// TestCatalogKafkitColumn keeps the catalogue's kafkit column equal to what
// this package applies: "yes" exactly for the supported names.
func TestCatalogKafkitColumn(t *testing.T) {
	check := func(c catalog.Component, applied func(*catalog.Param) bool) {
		seen := map[*catalog.Param]bool{}
		for _, v := range catalog.Versions {
			for _, p := range catalog.Kafka(v).Of(c) {
				if seen[p] {
					continue
				}
				seen[p] = true
				want := ""
				if applied(p) {
					want = "yes"
				}
				if p.Kafkit != want {
					t.Errorf("catalog %s %s %s %s: kafkit column %q, want %q", p.Version, c, p.Level, p.Name, p.Kafkit, want)
				}
			}
		}
	}
	supported := func(role Role) map[string]bool {
		m := map[string]bool{}
		for _, n := range SupportedNames(role) {
			m[n] = true
		}
		return m
	}
	prod, cons, admin := supported(Producer), supported(Consumer), supported(Admin)
	check(catalog.Admin, func(p *catalog.Param) bool { return admin[p.Name] })
	check(catalog.Producer, func(p *catalog.Param) bool { return prod[p.Name] })
	check(catalog.Consumer, func(p *catalog.Param) bool { return cons[p.Name] })
	check(catalog.Librdkafka, func(p *catalog.Param) bool {
		switch p.Scope {
		case "P":
			return prod[p.Name]
		case "C":
			return cons[p.Name]
		}
		return prod[p.Name] || cons[p.Name]
	})
	// Every supported name must be a real client property of its role.
	for _, role := range []Role{Producer, Consumer} {
		for n := range supported(role) {
			if !knownFor(n, role) {
				t.Errorf("%s supports %s, which no %s has in the catalogue", role, n, role)
			}
		}
	}
}

// TestLoadAutoCreate: producers ask for topic auto-creation unless
// allow.auto.create.topics says otherwise (in any case); consumers only
// when it is set.
func TestLoadAutoCreate(t *testing.T) {
	tests := []struct {
		role  Role
		value string // "" for unset
		want  bool
	}{
		{Producer, "", true},
		{Producer, "FALSE", false},
		{Producer, "True", true},
		{Consumer, "", false},
		{Consumer, "true", true},
	}
	for _, tt := range tests {
		layer := append(roleBase(tt.role), seedBroker...)
		if tt.value != "" {
			layer = append(layer, props("allow.auto.create.topics", tt.value)...)
		}
		cfg, err := Load(tt.role, layer)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := cfg.NewClient()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := cl.OptValue(kgo.AllowAutoTopicCreation).(bool)
		cl.Close()
		if got != tt.want {
			t.Errorf("%s with allow.auto.create.topics=%q: auto-creation %v, want %v", tt.role, tt.value, got, tt.want)
		}
	}
}
