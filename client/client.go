// Package client is the one place kafkit builds a franz-go client. It turns
// client properties, named the way the Java client and librdkafka name them,
// into kgo options; and it holds the produce and consume loops behind
// `kafkit produce`, `kafkit consume` and `kafkit demo`.
//
// A command reaches a broker in two calls. Layers.Load resolves the
// property layers, lowest precedence first: kafkit's defaults (including
// the defaults of command-line flags), the environment ($KAFKIT_BROKERS),
// the -F properties file, -X pairs, then the flags the user actually typed.
// Later wins, also across spellings: message.timeout.ms given after
// delivery.timeout.ms replaces it. Connect then builds the client, checks
// that a broker answers within a bound and returns a Session whose Close is
// bounded too (connect.go).
//
// Every property is accounted for. One kafkit applies is translated; a real
// property kafkit does not apply yet is an error that says so; an unknown
// name is an error suggesting the nearest real one; a property of the other
// role (group.id for a producer) is reported as a note, because shared
// client.properties files mix both.
//
// Defaults that differ from franz-go's, each explained where it is set:
//
//   - producers ask the broker to create missing topics, as the Java client
//     and librdkafka do (finishProducer);
//   - idempotent records can be failed by delivery.timeout.ms even when they
//     may be in flight, as in Java (finishProducer); Produce adds a stall
//     watchdog so that the timeout holds while metadata is unavailable;
//   - with compression.type unset, producers snappy-compress the record
//     batches that compress and send the others as they are
//     (finishCompression, compress.go);
//   - consumers commit only what kafkit marked after printing it
//     (AutoCommitMarks) and hold rebalances while a polled batch is printed
//     (BlockRebalanceOnPoll), in finishConsumer and Consume.
//
// The commands add their own defaults as properties of the lowest layer:
// bootstrap.servers=localhost:9092, delivery.timeout.ms from --timeout
// (franz-go has no limit), group.id=kafkit and auto.offset.reset=earliest.
package client

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// Config is a resolved client configuration: the properties checked and
// translated, ready for NewClient.
type Config struct {
	Role    Role
	Brokers []string

	// Consumer: the group, whether kafkit commits what it has printed
	// (enable.auto.commit), the isolation level and max.poll.records (0
	// when unset).
	Group string
	// GroupProtocol is the group protocol: classic, or consumer (KIP-848,
	// the broker assigns partitions).
	GroupProtocol  string
	AutoCommit     bool
	ReadCommitted  bool
	MaxPollRecords int

	// Producer: how long a record may take to be delivered
	// (delivery.timeout.ms; 0 means no limit).
	DeliveryTimeout time.Duration

	// Notes are things the user should know about the properties: ones of
	// the other role that were not applied, and approximations. Commands
	// print them on stderr.
	Notes []string

	applied map[string]Property // by setting key, the winning property
	opts    []kgo.Opt
}

// Value returns the property that won for a setting, looked up by any of its
// spellings (acks finds request.required.acks too).
func (c *Config) Value(name string) (Property, bool) {
	s, ok := byName[name]
	if !ok {
		return Property{}, false
	}
	p, ok := c.applied[s.key()]
	return p, ok
}

// Opts returns the kgo options the properties translate to.
func (c *Config) Opts() []kgo.Opt { return append([]kgo.Opt(nil), c.opts...) }

// NewClient builds the franz-go client; extra options (topics to consume,
// hooks) come after, and win over, the translated properties. It does not
// connect: see Connect, which also pings and bounds the close.
func (c *Config) NewClient(extra ...kgo.Opt) (*kgo.Client, error) {
	cl, err := kgo.NewClient(append(c.Opts(), extra...)...)
	if err != nil {
		// kgo.NewClient fails only on configuration it refuses, which
		// here comes from the properties (limits such as a heartbeat
		// interval above the session timeout).
		return nil, &PropertyError{Kind: Conflict, Err: fmt.Errorf("franz-go rejects the configuration: %w", err)}
	}
	return cl, nil
}

// Groupless returns the configuration without its consumer-group options,
// for reading partitions directly (kafkit consume -p/-o, perf consume
// without --group) and for asking brokers questions before joining: franz-go
// refuses commit options on a client that has no group. Callers should tell
// the user about group properties they set, which such a client does not
// use.
func (c *Config) Groupless() *Config {
	g := *c
	g.opts = nil
	for _, o := range c.opts {
		if _, group := o.(kgo.GroupOpt); !group {
			g.opts = append(g.opts, o)
		}
	}
	return &g
}

// Load resolves property layers, lowest precedence first, for role. Errors
// are PropertyErrors (joined when there are several), each naming the
// property and where it came from.
func Load(role Role, layers ...[]Property) (*Config, error) {
	if role != Producer && role != Consumer && role != Admin {
		return nil, fmt.Errorf("client: unknown role %q", role)
	}
	b := &builder{role: role, autoCommit: true}
	winners := map[string]Property{}
	var errs []error
	for _, layer := range layers {
		for _, p := range layer {
			p.Value = strings.TrimSpace(p.Value)
			v, detail := classify(p.Name, role)
			switch v {
			case vApply:
				winners[byName[p.Name].key()] = p
			case vOtherRole:
				b.notes = append(b.notes, otherRoleNote(p, role))
			case vUnsupported:
				hint := unsupportedHints[p.Name]
				if hint == "" {
					hint = "remove it, or ask for it in an issue"
				}
				errs = append(errs, &PropertyError{Name: p.Name, Value: p.Value, Origin: p.Origin, Kind: Unsupported, Err: errors.New(hint)})
			case vWrongComp:
				errs = append(errs, &PropertyError{Name: p.Name, Origin: p.Origin, Kind: WrongComponent,
					Err: fmt.Errorf("it is a %s setting; set it on the broker (for kafkit dev: -c %s=VALUE)", detail, p.Name)})
			case vUnknown:
				errs = append(errs, &PropertyError{Name: p.Name, Origin: p.Origin, Kind: Unknown, Suggestion: suggest(p.Name, role)})
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, s := range settings {
		p, ok := winners[s.key()]
		if !ok {
			continue
		}
		if err := s.apply(b, p.Value); err != nil {
			errs = append(errs, &PropertyError{Name: p.Name, Value: p.Value, Origin: p.Origin, Kind: Invalid, Err: err})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	b.applied = winners
	return b.finish()
}

// builder accumulates what the settings parse until finish checks how they
// combine.
type builder struct {
	role    Role
	notes   []string
	opts    []kgo.Opt
	applied map[string]Property

	brokers    []string
	autoCreate bool
	retryMin   time.Duration
	retryMax   time.Duration

	secProto                 string
	saslMech                 string
	saslUser, saslPass       string
	saslUserSet, saslPassSet bool
	jaas                     *jaasLogin
	tls                      tlsSettings

	acks             string
	idempotent       *bool
	compression      string
	compressionLevel *compressionLevel
	batchBytes       int32
	requestBytes     int32
	deliveryTimeout  time.Duration
	maxInflight      int

	group          string
	start          string
	autoCommit     bool
	sessionTimeout time.Duration
	heartbeat      time.Duration
	fetchMaxBytes  int32
	readCommitted  bool
	maxPollRecords int
	groupProtocol  string // classic (or "") or consumer
	remoteAssignor string // group.remote.assignor: uniform, range or ""
	nextGen        bool   // group.protocol=consumer applied
}

type compressionLevel struct {
	codec string // "" for librdkafka's compression.level: the chosen codec
	level int
}

func (b *builder) conflict(format string, args ...any) error {
	return &PropertyError{Kind: Conflict, Err: fmt.Errorf(format, args...)}
}

// origin names where the winning property for a setting came from.
func (b *builder) origin(key string) string {
	if p, ok := b.applied[key]; ok {
		return p.Name + " from " + p.Origin
	}
	return key
}

func (b *builder) finish() (*Config, error) {
	if len(b.brokers) == 0 {
		return nil, b.conflict("no broker to bootstrap from: set bootstrap.servers (or -b host:port)")
	}
	b.opts = append(b.opts, kgo.SeedBrokers(b.brokers...))
	if err := b.finishSecurity(); err != nil {
		return nil, err
	}
	if b.retryMin > 0 || b.retryMax > 0 {
		b.opts = append(b.opts, kgo.RetryBackoffFn(backoff(b.retryMin, b.retryMax)))
	}
	var err error
	switch b.role {
	case Producer:
		err = b.finishProducer()
	case Consumer:
		err = b.finishConsumer()
	case Admin:
		// An admin client neither produces nor fetches, so a topic's
		// auto-creation is not its business.
		if p, ok := b.applied["allow.auto.create.topics"]; ok {
			b.notes = append(b.notes, fmt.Sprintf("allow.auto.create.topics (from %s) matters to producers and consumers; kafkit topic does not use it", p.Origin))
		}
	}
	if err != nil {
		return nil, err
	}
	return &Config{
		Role:            b.role,
		Brokers:         b.brokers,
		Group:           b.group,
		GroupProtocol:   map[bool]string{false: "classic", true: "consumer"}[b.nextGen],
		AutoCommit:      b.autoCommit,
		ReadCommitted:   b.readCommitted,
		MaxPollRecords:  b.maxPollRecords,
		DeliveryTimeout: b.deliveryTimeout,
		Notes:           b.notes,
		applied:         b.applied,
		opts:            b.opts,
	}, nil
}

// backoff mirrors the Java client's retry backoff: exponential from
// retry.backoff.ms (franz-go's 250ms when unset) to retry.backoff.max.ms
// (franz-go's 5s when unset), with 20% jitter.
func backoff(lo, hi time.Duration) func(int) time.Duration {
	if lo <= 0 {
		lo = 250 * time.Millisecond
	}
	if hi <= 0 {
		hi = 5 * time.Second
	}
	if hi < lo {
		hi = lo
	}
	return func(fails int) time.Duration {
		d := lo
		for i := 1; i < fails && d < hi; i++ {
			d *= 2
		}
		d = min(d, hi)
		return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
	}
}

func (b *builder) finishSecurity() error {
	proto := b.secProto
	if proto == "" {
		proto = "PLAINTEXT"
	}
	isSASL := proto == "SASL_PLAINTEXT" || proto == "SASL_SSL"
	isTLS := proto == "SSL" || proto == "SASL_SSL"
	saslAny := b.saslMech != "" || b.saslUserSet || b.saslPassSet || b.jaas != nil
	// The Java client silently ignores SASL and SSL settings that the
	// security protocol does not use; kafkit says so instead, since such a
	// file almost always means a forgotten security.protocol.
	if saslAny && !isSASL {
		return b.conflict("SASL properties are set but security.protocol is %s: set security.protocol=SASL_PLAINTEXT or SASL_SSL, or remove them", proto)
	}
	if b.tls.any() && !isTLS {
		return b.conflict("SSL properties are set but security.protocol is %s: set security.protocol=SSL or SASL_SSL, or remove them", proto)
	}
	if isTLS {
		cfg, err := b.tls.config()
		if err != nil {
			return &PropertyError{Kind: Conflict, Err: err}
		}
		b.opts = append(b.opts, kgo.DialTLSConfig(cfg))
	}
	if !isSASL {
		return nil
	}
	user, pass, mech := b.saslUser, b.saslPass, b.saslMech
	if b.jaas != nil {
		if b.saslUserSet || b.saslPassSet {
			return b.conflict("both sasl.jaas.config and sasl.username/sasl.password are set: keep one")
		}
		user, pass = b.jaas.username, b.jaas.password
		switch {
		case mech == "" && b.jaas.mechanism == "PLAIN":
			mech = "PLAIN"
		case mech == "":
			return b.conflict("sasl.jaas.config uses the SCRAM login module: set sasl.mechanism to SCRAM-SHA-256 or SCRAM-SHA-512")
		case (mech == "PLAIN") != (b.jaas.mechanism == "PLAIN"):
			return b.conflict("sasl.mechanism %s does not match the login module in sasl.jaas.config", mech)
		}
	} else if !b.saslUserSet || !b.saslPassSet {
		return b.conflict("security.protocol %s needs credentials: set sasl.username and sasl.password (or sasl.jaas.config)", proto)
	}
	switch mech {
	case "PLAIN":
		b.opts = append(b.opts, kgo.SASL(plain.Auth{User: user, Pass: pass}.AsMechanism()))
	case "SCRAM-SHA-256":
		b.opts = append(b.opts, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()))
	case "SCRAM-SHA-512":
		b.opts = append(b.opts, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha512Mechanism()))
	default:
		// Java and librdkafka default to GSSAPI, which kafkit does not
		// have, so the mechanism must be named.
		return b.conflict("security.protocol %s needs sasl.mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", proto)
	}
	return nil
}

func (b *builder) finishProducer() error {
	// Differs from franz-go (which asks for no auto-creation): the Java
	// client and librdkafka producers ask the broker to create a missing
	// topic, and the seed's producer relies on it.
	if _, set := b.applied["allow.auto.create.topics"]; !set {
		b.autoCreate = true
	}
	if b.autoCreate {
		b.opts = append(b.opts, kgo.AllowAutoTopicCreation())
	}

	acks := b.acks
	if acks == "" {
		acks = "all"
	}
	idem := true // franz-go's and Java's default
	if b.idempotent != nil {
		idem = *b.idempotent
	}
	if acks != "all" {
		if b.idempotent != nil && *b.idempotent {
			return b.conflict("enable.idempotence=true needs acks=all, but %s sets acks=%s", b.origin("acks"), acks)
		}
		if b.idempotent == nil {
			b.notes = append(b.notes, fmt.Sprintf("acks=%s turns idempotence off (it needs acks=all), as in the Java client", acks))
		}
		idem = false
	}
	if idem {
		// Differs from franz-go, which never fails a record that may be in
		// flight (it waits for the broker, however long that takes). The
		// Java client fails such records at delivery.timeout.ms, and a
		// command-line tool must end within its bound; a record failed this
		// way may still have been written, as in Java.
		b.opts = append(b.opts, kgo.AllowIdempotentProduceCancellation())
		switch {
		case b.maxInflight > 5:
			return b.conflict("enable.idempotence=true allows at most 5 requests in flight, but %s asks for %d: lower it or set enable.idempotence=false", b.origin("max.in.flight.requests.per.connection"), b.maxInflight)
		case b.maxInflight > 0 && b.maxInflight < 5:
			b.notes = append(b.notes, fmt.Sprintf("with idempotence, franz-go keeps up to 5 produce requests in flight per broker (ordering is still kept); max.in.flight.requests.per.connection=%d is checked, not applied", b.maxInflight))
		}
	} else {
		b.opts = append(b.opts, kgo.DisableIdempotentWrite())
		if b.maxInflight > 0 {
			b.opts = append(b.opts, kgo.MaxProduceRequestsInflightPerBroker(b.maxInflight))
		}
		switch acks {
		case "0":
			b.opts = append(b.opts, kgo.RequiredAcks(kgo.NoAck()))
		case "1":
			b.opts = append(b.opts, kgo.RequiredAcks(kgo.LeaderAck()))
		default:
			b.opts = append(b.opts, kgo.RequiredAcks(kgo.AllISRAcks()))
		}
	}

	if err := b.finishCompression(); err != nil {
		return err
	}

	// A batch cannot be larger than a request, in Java as here; franz-go
	// checks it, so the batch limit follows a smaller request limit.
	// The default is the Java producer's max.request.size, 1 MiB, not
	// franz-go's 1000012: with it a record the broker takes by default
	// (message.max.bytes 1048588 for its batch) and the Java client
	// sends is not refused by kafkit alone. franz-go counts the batch's
	// 4-byte length prefix in the request as part of the batch; Java and
	// the broker do not, hence the 4 bytes more. The request as a whole
	// stays bounded by franz-go's default, the broker's
	// socket.request.max.bytes (100 MiB).
	batch := b.batchBytes
	switch {
	case batch == 0 && b.requestBytes > 0:
		batch = b.requestBytes
	case batch == 0:
		batch = DefaultMaxRequestSize
	case b.requestBytes > 0:
		batch = min(batch, b.requestBytes)
	}
	b.opts = append(b.opts, kgo.ProducerBatchMaxBytes(batch+4))
	if b.deliveryTimeout > 0 {
		b.opts = append(b.opts, kgo.RecordDeliveryTimeout(b.deliveryTimeout))
	}
	return nil
}

func (b *builder) finishCompression() error {
	codecName := b.compression
	var codec kgo.CompressionCodec
	switch codecName {
	case "":
		// Unset: snappy for batches that compress, none for those that
		// do not (adaptiveSnappy). Java and librdkafka send everything
		// uncompressed by default and franz-go snappy-compresses
		// everything; choosing per batch beats both on the data each is
		// good for.
		if b.compressionLevel != nil {
			b.notes = append(b.notes, "a compression level is set but compression.type is not; kafkit's default codec (snappy, for batches that compress) has no levels, so it is not applied")
		}
		c, err := newAdaptiveSnappy()
		if err != nil {
			return fmt.Errorf("client: snappy compressor: %w", err)
		}
		b.opts = append(b.opts, kgo.WithCompressor(c))
		return nil
	case "none":
		codec = kgo.NoCompression()
	case "gzip":
		codec = kgo.GzipCompression()
	case "snappy":
		codec = kgo.SnappyCompression()
	case "lz4":
		codec = kgo.Lz4Compression()
	case "zstd":
		codec = kgo.ZstdCompression()
	}
	if lv := b.compressionLevel; lv != nil && lv.level != -1 {
		switch {
		case lv.codec != "" && lv.codec != codecName:
			b.notes = append(b.notes, fmt.Sprintf("compression.%s.level is set but compression.type is %s; it is not applied", lv.codec, codecName))
		case codecName == "none" || codecName == "snappy":
			b.notes = append(b.notes, fmt.Sprintf("compression %s has no levels; the compression level is not applied", codecName))
		default:
			if err := checkLevel(codecName, lv.level); err != nil {
				return &PropertyError{Kind: Invalid, Name: "compression level", Value: fmt.Sprint(lv.level), Err: err}
			}
			codec = codec.WithLevel(lv.level)
		}
	}
	b.opts = append(b.opts, kgo.ProducerBatchCompression(codec))
	return nil
}

func checkLevel(codec string, level int) error {
	switch codec {
	case "gzip":
		if level < 1 || level > 9 {
			return errors.New("gzip levels are 1 to 9")
		}
	case "lz4":
		if level < 1 || level > 17 {
			return errors.New("lz4 levels are 1 to 17")
		}
	}
	return nil
}

// finishGroupProtocol applies group.protocol. With consumer (KIP-848) the
// broker assigns partitions and sets the session and heartbeat timing, so
// the Java client refuses the classic settings for them; kafkit does the
// same. The broker's support is checked when the client connects
// (CheckGroupProtocol), since franz-go would silently fall back to classic.
func (b *builder) finishGroupProtocol() error {
	if b.groupProtocol != "consumer" {
		if b.remoteAssignor != "" {
			b.notes = append(b.notes, fmt.Sprintf("%s applies only with group.protocol=consumer; it is not used", b.origin("group.remote.assignor")))
		}
		return nil
	}
	for _, key := range []string{"partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms"} {
		if _, set := b.applied[key]; set {
			return b.conflict("%s is a classic-protocol setting, not supported with %s: the broker decides it (group.consumer.* broker settings; group.remote.assignor picks the assignor)", b.origin(key), b.origin("group.protocol"))
		}
	}
	bal := kgo.CooperativeStickyBalancer() // asks the broker for uniform
	if b.remoteAssignor == "range" {
		bal = kgo.RangeBalancer()
	}
	b.opts = append(b.opts, kgo.Balancers(bal), kgo.ServerSideBalancer())
	b.nextGen = true
	return nil
}

func (b *builder) finishConsumer() error {
	if b.group == "" {
		return b.conflict("kafkit consume needs a group: set group.id (or -g NAME)")
	}
	b.opts = append(b.opts, kgo.ConsumerGroup(b.group))
	if err := b.finishGroupProtocol(); err != nil {
		return err
	}
	if b.autoCreate {
		b.opts = append(b.opts, kgo.AllowAutoTopicCreation())
	}
	if b.autoCommit {
		// At-least-once: only records kafkit has marked, after printing
		// them, are committed (periodically and when leaving).
		b.opts = append(b.opts, kgo.AutoCommitMarks())
	} else {
		// enable.auto.commit=false: kafkit never commits, like kcat with
		// the same setting; the group's position does not move.
		b.opts = append(b.opts, kgo.DisableAutoCommit())
	}
	switch b.start {
	case "earliest":
		b.opts = append(b.opts, kgo.ConsumeStartOffset(kgo.NewOffset().AtStart()))
	case "latest":
		b.opts = append(b.opts, kgo.ConsumeStartOffset(kgo.NewOffset().AtEnd()))
	case "none":
		b.opts = append(b.opts, kgo.ConsumeStartOffset(kgo.NewOffset().AtCommitted()))
	}
	if b.readCommitted {
		b.opts = append(b.opts, kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	}
	if b.fetchMaxBytes > 0 {
		b.opts = append(b.opts, kgo.FetchMaxBytes(b.fetchMaxBytes))
		// franz-go refuses to ask for more than it will read from a
		// connection (100 MiB by default); raise that with it.
		if b.fetchMaxBytes > 100<<20 {
			b.opts = append(b.opts, kgo.BrokerMaxReadBytes(b.fetchMaxBytes))
		}
	}
	if b.sessionTimeout > 0 && b.heartbeat > b.sessionTimeout {
		return b.conflict("heartbeat.interval.ms (%s) must be lower than session.timeout.ms (%s)", b.heartbeat, b.sessionTimeout)
	}
	return nil
}
