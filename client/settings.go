package client

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Role says which kind of client a configuration is for.
type Role string

// The roles. A property of the other role (group.id given to the producer)
// is reported as a note and not applied. Admin is a client that manages
// topics: it applies what producers and consumers share (brokers, security,
// timeouts, client.id), and notes the properties of either.
const (
	Producer Role = "producer"
	Consumer Role = "consumer"
	Admin    Role = "admin"
)

type roles uint8

const (
	rP roles = 1 << iota
	rC
	rPC = rP | rC
)

func (r roles) has(role Role) bool {
	switch role {
	case Producer:
		return r&rP != 0
	case Consumer:
		return r&rC != 0
	case Admin:
		return r == rPC
	}
	return false
}

// setting is one thing kafkit applies, with every name the Java client and
// librdkafka give it. The first name is the one kafkit reports.
type setting struct {
	names []string
	roles roles
	// nameRoles overrides roles for one spelling, when the Java and
	// librdkafka names of a setting belong to different roles.
	nameRoles map[string]roles
	// apply parses the trimmed value into the builder; the returned
	// error is the reason the value is invalid.
	apply func(b *builder, v string) error
}

func (s *setting) key() string { return s.names[0] }

// rolesOf says which roles the spelling name is applied for.
func (s *setting) rolesOf(name string) roles {
	if r, ok := s.nameRoles[name]; ok {
		return r
	}
	return s.roles
}

// settings is the table of supported properties, in the order they are
// applied. The catalogue's kafkit column is checked against it by a test.
var settings = []*setting{
	// Connection.
	{names: []string{"bootstrap.servers", "metadata.broker.list"}, roles: rPC, apply: func(b *builder, v string) error {
		brokers, err := parseBrokers(v)
		b.brokers = brokers
		return err
	}},
	{names: []string{"client.id"}, roles: rPC, apply: func(b *builder, v string) error {
		if len(v) > 256 {
			return errors.New("longer than 256 bytes, the most franz-go sends")
		}
		b.opts = append(b.opts, kgo.ClientID(v))
		return nil
	}},
	{names: []string{"client.dns.lookup"}, roles: rPC, apply: func(_ *builder, v string) error {
		// Go's dialer tries every address a name resolves to, which is
		// use_all_dns_ips, the default of both clients; the other mode
		// is not available.
		_, err := parseEnum(v, "use_all_dns_ips")
		if err != nil {
			return errors.New("franz-go always tries every address a broker name resolves to (use_all_dns_ips)")
		}
		return nil
	}},
	{names: []string{"socket.connection.setup.timeout.ms"}, roles: rPC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, time.Millisecond, maxWire)
		b.opts = append(b.opts, kgo.DialTimeout(d))
		return err
	}},
	{names: []string{"connections.max.idle.ms"}, roles: rPC, apply: func(b *builder, v string) error {
		// franz-go always closes idle connections; it bounds the delay.
		d, err := parseMillis(v, false, 100*time.Millisecond, 15*time.Minute)
		b.opts = append(b.opts, kgo.ConnIdleTimeout(d))
		return err
	}},
	{names: []string{"metadata.max.age.ms", "topic.metadata.refresh.interval.ms"}, roles: rPC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, 10*time.Millisecond, time.Hour)
		if err != nil {
			return fmt.Errorf("%w (franz-go refreshes metadata at least hourly)", err)
		}
		b.opts = append(b.opts, kgo.MetadataMaxAge(d))
		return nil
	}},
	{names: []string{"retry.backoff.ms"}, roles: rPC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, time.Millisecond, 5*time.Minute)
		b.retryMin = d
		return err
	}},
	{names: []string{"retry.backoff.max.ms"}, roles: rPC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, time.Millisecond, 5*time.Minute)
		b.retryMax = d
		return err
	}},
	{names: []string{"allow.auto.create.topics"}, roles: rPC, apply: func(b *builder, v string) error {
		on, err := parseBool(v)
		b.autoCreate = on
		return err
	}},
	{names: []string{"request.timeout.ms"}, roles: rPC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, 100*time.Millisecond, maxWire)
		if err != nil {
			return err
		}
		if b.role == Producer {
			// Java and librdkafka send request.timeout.ms as the produce
			// request's own timeout, which is what franz-go's
			// ProduceRequestTimeout sets; the client then waits that long
			// plus its request overhead.
			b.opts = append(b.opts, kgo.ProduceRequestTimeout(d))
			return nil
		}
		// For the consumer it bounds how long the client waits for any
		// response: franz-go's request timeout overhead (at most 15m).
		if d > 15*time.Minute {
			return errors.New("franz-go waits at most 15 minutes (900000 ms) for a response")
		}
		b.opts = append(b.opts, kgo.RequestTimeoutOverhead(d))
		return nil
	}},

	// Security.
	{names: []string{"security.protocol"}, roles: rPC, apply: func(b *builder, v string) error {
		p, err := parseEnum(v, "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
		b.secProto = p
		return err
	}},
	{names: []string{"sasl.mechanism", "sasl.mechanisms"}, roles: rPC, apply: func(b *builder, v string) error {
		m, err := parseEnum(v, "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
		if err != nil {
			switch strings.ToUpper(v) {
			case "GSSAPI", "OAUTHBEARER", "AWS_MSK_IAM":
				return fmt.Errorf("kafkit supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512; %s is not supported yet", strings.ToUpper(v))
			}
			return err
		}
		b.saslMech = m
		return nil
	}},
	{names: []string{"sasl.username"}, roles: rPC, apply: func(b *builder, v string) error {
		b.saslUser, b.saslUserSet = v, true
		return nil
	}},
	{names: []string{"sasl.password"}, roles: rPC, apply: func(b *builder, v string) error {
		b.saslPass, b.saslPassSet = v, true
		return nil
	}},
	{names: []string{"sasl.jaas.config"}, roles: rPC, apply: func(b *builder, v string) error {
		j, err := parseJAAS(v)
		b.jaas = j
		return err
	}},
	{names: []string{"ssl.ca.location"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.caFile = v
		return nil
	}},
	{names: []string{"ssl.ca.pem"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.caPEM = v
		return nil
	}},
	{names: []string{"ssl.certificate.location"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.certFile = v
		return nil
	}},
	{names: []string{"ssl.certificate.pem"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.certPEM = v
		return nil
	}},
	{names: []string{"ssl.key.location"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.keyFile = v
		return nil
	}},
	{names: []string{"ssl.key.pem"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.keyPEM = v
		return nil
	}},
	// The Java client's names for the same files. kafkit reads PEM
	// stores (ssl.*.type=PEM), the form kafkit compose --security writes
	// and Kafka 3.9's own clients accept; JKS and PKCS12 stores are
	// refused with the way to get PEM.
	{names: []string{"ssl.truststore.type", "ssl.keystore.type"}, roles: rPC, apply: func(b *builder, v string) error {
		t, err := parseEnum(v, "PEM", "PKCS12", "JKS")
		if err != nil {
			return err
		}
		if t != "PEM" {
			return fmt.Errorf("kafkit reads PEM stores only; convert with openssl pkcs12 -in STORE -nodes (or keytool -importkeystore to PKCS12 first) and set type PEM, or use ssl.ca.location, ssl.certificate.location and ssl.key.location")
		}
		return nil
	}},
	{names: []string{"ssl.truststore.location"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.trustStore = v
		return nil
	}},
	{names: []string{"ssl.truststore.certificates"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.trustPEM = v
		return nil
	}},
	{names: []string{"ssl.keystore.location"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.keyStore = v
		return nil
	}},
	{names: []string{"ssl.keystore.key"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.storeKeyPEM = v
		return nil
	}},
	{names: []string{"ssl.keystore.certificate.chain"}, roles: rPC, apply: func(b *builder, v string) error {
		b.tls.storeChainPEM = v
		return nil
	}},
	{names: []string{"enable.ssl.certificate.verification"}, roles: rPC, apply: func(b *builder, v string) error {
		on, err := parseBool(v)
		b.tls.skipVerify = !on
		b.tls.touched = true
		return err
	}},
	{names: []string{"ssl.endpoint.identification.algorithm"}, roles: rPC, apply: func(b *builder, v string) error {
		// Java disables host name checking with an empty value,
		// librdkafka with "none".
		switch strings.ToLower(v) {
		case "https":
			b.tls.skipHostname = false
		case "", "none":
			b.tls.skipHostname = true
			b.tls.touched = true
		default:
			return errors.New(`want "https", or "none" (or empty) to skip host name verification`)
		}
		return nil
	}},

	// Producer.
	{names: []string{"acks", "request.required.acks"}, roles: rP, apply: func(b *builder, v string) error {
		a, err := parseEnum(v, "all", "-1", "0", "1")
		if err != nil {
			return err
		}
		if a == "-1" {
			a = "all"
		}
		b.acks = a
		return nil
	}},
	{names: []string{"enable.idempotence"}, roles: rP, apply: func(b *builder, v string) error {
		on, err := parseBool(v)
		b.idempotent = &on
		return err
	}},
	{names: []string{"compression.type", "compression.codec"}, roles: rP, apply: func(b *builder, v string) error {
		c, err := parseEnum(v, "none", "gzip", "snappy", "lz4", "zstd")
		b.compression = c
		return err
	}},
	{names: []string{"compression.level"}, roles: rP, apply: func(b *builder, v string) error {
		// librdkafka's level applies to whichever codec is chosen; -1 is
		// the codec's default.
		n, err := parseInt(v, -1, 22)
		b.compressionLevel = &compressionLevel{level: int(n)}
		return err
	}},
	{names: []string{"compression.gzip.level"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, -1, 9)
		if err == nil && n == 0 {
			err = errors.New("want -1 (the default) or 1 to 9")
		}
		b.compressionLevel = &compressionLevel{codec: "gzip", level: int(n)}
		return err
	}},
	{names: []string{"compression.lz4.level"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 17)
		b.compressionLevel = &compressionLevel{codec: "lz4", level: int(n)}
		return err
	}},
	{names: []string{"compression.zstd.level"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, -131072, 22)
		b.compressionLevel = &compressionLevel{codec: "zstd", level: int(n)}
		return err
	}},
	{names: []string{"linger.ms", "queue.buffering.max.ms"}, roles: rP, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, true, 0, time.Minute)
		if err != nil {
			return fmt.Errorf("%w (franz-go lingers at most a minute)", err)
		}
		b.opts = append(b.opts, kgo.ProducerLinger(d))
		return nil
	}},
	{names: []string{"batch.size"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 512, 1<<30)
		if err != nil {
			return fmt.Errorf("%w (franz-go batches need 512 bytes to 1 GiB; it cannot turn batching off)", err)
		}
		b.batchBytes = int32(n)
		return nil
	}},
	// librdkafka's message.max.bytes bounds every request, consumers'
	// included; Java's max.request.size is the producer's only.
	{names: []string{"max.request.size", "message.max.bytes"}, roles: rPC, nameRoles: map[string]roles{"max.request.size": rP}, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1024, 1<<30)
		if b.role != Producer {
			// franz-go checks the (unused) batch limit against it even
			// in a consumer.
			b.opts = append(b.opts, kgo.BrokerMaxWriteBytes(int32(n)), kgo.ProducerBatchMaxBytes(min(int32(n), 1000012)))
			return err
		}
		b.requestBytes = int32(n)
		return err
	}},
	{names: []string{"delivery.timeout.ms", "message.timeout.ms"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 0, int64(maxWire/time.Millisecond))
		if err != nil {
			return err
		}
		d := time.Duration(n) * time.Millisecond
		if d != 0 && d < time.Second {
			return errors.New("franz-go needs at least 1000 ms, or 0 for no limit")
		}
		b.deliveryTimeout = d
		return nil
	}},
	{names: []string{"retries", "message.send.max.retries"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 0, 1<<31-1)
		b.opts = append(b.opts, kgo.RecordRetries(int(n)))
		return err
	}},
	{names: []string{"max.in.flight.requests.per.connection", "max.in.flight"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 1000000)
		b.maxInflight = int(n)
		return err
	}},
	{names: []string{"buffer.memory"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 1<<62)
		b.opts = append(b.opts, kgo.MaxBufferedBytes(int(n)))
		return err
	}},
	{names: []string{"queue.buffering.max.kbytes"}, roles: rP, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 1<<40)
		b.opts = append(b.opts, kgo.MaxBufferedBytes(int(n)*1024))
		return err
	}},
	{names: []string{"queue.buffering.max.messages"}, roles: rP, apply: func(b *builder, v string) error {
		// librdkafka's 0 means unlimited, which franz-go cannot do: its
		// buffer is what makes Produce block instead of growing memory.
		n, err := parseInt(v, 1, 1<<31-1)
		b.opts = append(b.opts, kgo.MaxBufferedRecords(int(n)))
		return err
	}},
	{names: []string{"key.serializer"}, roles: rP, apply: func(_ *builder, v string) error {
		return checkSerde(v, "Serializer")
	}},
	{names: []string{"value.serializer"}, roles: rP, apply: func(_ *builder, v string) error {
		return checkSerde(v, "Serializer")
	}},

	// Consumer.
	{names: []string{"group.id"}, roles: rC, apply: func(b *builder, v string) error {
		if v == "" {
			return errors.New("kafkit consume always uses a group; give it a name")
		}
		b.group = v
		return nil
	}},
	{names: []string{"group.instance.id"}, roles: rC, apply: func(b *builder, v string) error {
		if v == "" {
			return errors.New("want a non-empty id")
		}
		b.opts = append(b.opts, kgo.InstanceID(v))
		return nil
	}},
	{names: []string{"auto.offset.reset"}, roles: rC, apply: func(b *builder, v string) error {
		r, err := parseEnum(v, "earliest", "latest", "none", "smallest", "beginning", "largest", "end", "error")
		switch r {
		case "earliest", "smallest", "beginning":
			b.start = "earliest"
		case "latest", "largest", "end":
			b.start = "latest"
		case "none", "error":
			b.start = "none"
		}
		return err
	}},
	{names: []string{"enable.auto.commit", "auto.commit.enable"}, roles: rC, apply: func(b *builder, v string) error {
		on, err := parseBool(v)
		b.autoCommit = on
		return err
	}},
	{names: []string{"auto.commit.interval.ms"}, roles: rC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, 100*time.Millisecond, maxWire)
		b.opts = append(b.opts, kgo.AutoCommitInterval(d))
		return err
	}},
	{names: []string{"session.timeout.ms"}, roles: rC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, 100*time.Millisecond, maxWire)
		b.sessionTimeout = d
		b.opts = append(b.opts, kgo.SessionTimeout(d))
		return err
	}},
	{names: []string{"heartbeat.interval.ms"}, roles: rC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, time.Millisecond, maxWire)
		b.heartbeat = d
		b.opts = append(b.opts, kgo.HeartbeatInterval(d))
		return err
	}},
	{names: []string{"max.poll.interval.ms"}, roles: rC, apply: func(b *builder, v string) error {
		// The Java consumer sends max.poll.interval.ms to the broker as the
		// group's rebalance timeout, and also leaves the group when the
		// application stops polling for that long. franz-go has only the
		// first part: RebalanceTimeout. kafkit polls continuously, so the
		// second part would never trigger anyway.
		d, err := parseMillis(v, false, 100*time.Millisecond, maxWire)
		b.opts = append(b.opts, kgo.RebalanceTimeout(d))
		return err
	}},
	{names: []string{"group.protocol"}, roles: rC, apply: func(b *builder, v string) error {
		p, err := parseEnum(v, "classic", "consumer")
		b.groupProtocol = p
		return err
	}},
	{names: []string{"group.remote.assignor"}, roles: rC, apply: func(b *builder, v string) error {
		// franz-go names the broker's assignor after the client's
		// balancer: range for RangeBalancer, uniform for the sticky
		// ones.
		a, err := parseEnum(v, "uniform", "range")
		b.remoteAssignor = a
		return err
	}},
	{names: []string{"partition.assignment.strategy"}, roles: rC, apply: func(b *builder, v string) error {
		bal, err := parseBalancers(v)
		if err == nil {
			b.opts = append(b.opts, kgo.Balancers(bal...))
		}
		return err
	}},
	{names: []string{"fetch.max.bytes"}, roles: rC, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 1<<30)
		b.fetchMaxBytes = int32(n)
		return err
	}},
	{names: []string{"max.partition.fetch.bytes", "fetch.message.max.bytes"}, roles: rC, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 1<<30)
		b.opts = append(b.opts, kgo.FetchMaxPartitionBytes(int32(n)))
		return err
	}},
	{names: []string{"fetch.min.bytes"}, roles: rC, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 1<<31-1)
		if err != nil {
			return fmt.Errorf("%w (franz-go needs at least 1)", err)
		}
		b.opts = append(b.opts, kgo.FetchMinBytes(int32(n)))
		return nil
	}},
	{names: []string{"fetch.max.wait.ms", "fetch.wait.max.ms"}, roles: rC, apply: func(b *builder, v string) error {
		d, err := parseMillis(v, false, 10*time.Millisecond, maxWire)
		if err != nil {
			return fmt.Errorf("%w (franz-go waits at least 10 ms)", err)
		}
		b.opts = append(b.opts, kgo.FetchMaxWait(d))
		return nil
	}},
	{names: []string{"isolation.level"}, roles: rC, apply: func(b *builder, v string) error {
		l, err := parseEnum(v, "read_uncommitted", "read_committed")
		b.readCommitted = l == "read_committed"
		return err
	}},
	{names: []string{"client.rack"}, roles: rC, apply: func(b *builder, v string) error {
		if len(v) > 512 {
			return errors.New("longer than 512 bytes")
		}
		b.opts = append(b.opts, kgo.Rack(v))
		return nil
	}},
	{names: []string{"check.crcs"}, roles: rC, apply: func(b *builder, v string) error {
		on, err := parseBool(v)
		if err == nil && !on {
			b.opts = append(b.opts, kgo.DisableFetchCRCValidation())
		}
		return err
	}},
	{names: []string{"max.poll.records"}, roles: rC, apply: func(b *builder, v string) error {
		n, err := parseInt(v, 1, 1<<31-1)
		b.maxPollRecords = int(n)
		return err
	}},
	{names: []string{"key.deserializer"}, roles: rC, apply: func(_ *builder, v string) error {
		return checkSerde(v, "Deserializer")
	}},
	{names: []string{"value.deserializer"}, roles: rC, apply: func(_ *builder, v string) error {
		return checkSerde(v, "Deserializer")
	}},
}

// unsupportedHints explains, for real properties kafkit does not apply,
// what to do instead.
var unsupportedHints = map[string]string{
	"batch.num.messages":      "franz-go limits batches by bytes, not by record count; use batch.size",
	"transactional.id":        "kafkit produce does not produce transactionally",
	"ssl.truststore.password": "kafkit reads PEM stores, which have no password; remove it",
	"ssl.keystore.password":   "kafkit reads PEM stores, which have no password; remove it",
	"ssl.key.password":        "encrypted private keys are not supported; give an unencrypted PEM (PKCS#8) key",
	"partitioner":             "kafkit partitions like the Java client (murmur2 for keyed records, sticky batches otherwise)",
	"partitioner.class":       "kafkit partitions like the Java client (murmur2 for keyed records, sticky batches otherwise)",
	"enable.partition.eof":    "use kafkit consume -e/--exit-at-end",
	"debug":                   "franz-go's own logging is not exposed by kafkit yet",
}

// checkSerde accepts the Java (de)serializers that do what kafkit does
// anyway, pass bytes through, and rejects the others.
func checkSerde(v, kind string) error {
	switch v {
	case "org.apache.kafka.common.serialization.String" + kind,
		"org.apache.kafka.common.serialization.ByteArray" + kind:
		return nil
	}
	return fmt.Errorf("kafkit handles keys and values as bytes (text goes out as UTF-8), which only org.apache.kafka.common.serialization.String%s and ByteArray%s match", kind, kind)
}

func parseBrokers(v string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		// librdkafka and the Java client accept a protocol prefix such as
		// PLAINTEXT://host:9092; security.protocol decides the protocol.
		if i := strings.Index(f, "://"); i >= 0 {
			f = f[i+3:]
		}
		host, port, err := net.SplitHostPort(f)
		if err != nil {
			// No port: Kafka's default, as franz-go would add.
			if strings.Contains(err.Error(), "missing port") {
				host, port = f, "9092"
			} else {
				return nil, fmt.Errorf("broker %q: want host:port", f)
			}
		}
		if host == "" {
			return nil, fmt.Errorf("broker %q: missing host", f)
		}
		if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
			return nil, fmt.Errorf("broker %q: port %q is not a number from 1 to 65535", f, port)
		}
		out = append(out, net.JoinHostPort(host, port))
	}
	if len(out) == 0 {
		return nil, errors.New("want at least one host:port")
	}
	return out, nil
}

func parseBalancers(v string) ([]kgo.GroupBalancer, error) {
	var out []kgo.GroupBalancer
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		switch f {
		case "range", "org.apache.kafka.clients.consumer.RangeAssignor":
			out = append(out, kgo.RangeBalancer())
		case "roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor":
			out = append(out, kgo.RoundRobinBalancer())
		case "sticky", "org.apache.kafka.clients.consumer.StickyAssignor":
			out = append(out, kgo.StickyBalancer())
		case "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor":
			out = append(out, kgo.CooperativeStickyBalancer())
		default:
			return nil, fmt.Errorf("unknown assignor %q: want range, roundrobin, sticky or cooperative-sticky (or the Java class names)", f)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("want at least one assignor")
	}
	return out, nil
}

var byName = func() map[string]*setting {
	m := map[string]*setting{}
	for _, s := range settings {
		for _, n := range s.names {
			if _, dup := m[n]; dup {
				panic("client: duplicate setting name " + n)
			}
			m[n] = s
		}
	}
	return m
}()

// SupportedNames returns every property name kafkit applies for role, in
// both the Java and librdkafka spellings.
func SupportedNames(role Role) []string {
	var out []string
	for _, s := range settings {
		for _, n := range s.names {
			if s.rolesOf(n).has(role) {
				out = append(out, n)
			}
		}
	}
	return out
}
