// Package devbroker is kafkit's embedded development broker: a thin,
// documented wrapper over franz-go's kfake, which speaks the real Kafka
// protocol in pure Go.
//
// It is a single-node broker for development and tests, not Apache Kafka: it
// has no replication, no ZooKeeper or KRaft quorum and honours only the broker
// configs listed in HonouredConfigs. Real clients (kcat, librdkafka,
// confluent-kafka, franz-go, the Java client) talk to it as to a broker.
package devbroker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// DefaultListen is the address `kafkit dev` listens on: the host side of the
// compose stack's EXTERNAL listener, so the examples work against either.
const DefaultListen = "127.0.0.1:9092"

// ClusterID is the cluster id the broker reports in metadata.
const ClusterID = "kafkit-dev"

type config struct {
	listen     string
	partitions int
	dataDir    string
	syncWrites bool
	brokerCfgs map[string]string
	logw       io.Writer
	loglevel   kfake.LogLevel
	notew      io.Writer
}

// Opt configures a Broker.
type Opt func(*config)

// Listen sets the host:port to listen on; the broker advertises the same
// address in metadata. Port 0 picks a free port (see Broker.Addr). The
// default is DefaultListen.
func Listen(hostport string) Opt { return func(c *config) { c.listen = hostport } }

// Partitions sets the partition count of auto-created topics. The default is
// 1 (kfake's own default is 10), like Kafka's num.partitions: one partition
// keeps a learner's records in the order they were sent.
func Partitions(n int) Opt { return func(c *config) { c.partitions = n } }

// DataDir keeps topics, records, committed offsets and producer ids in dir so
// that they survive a restart. The default is in memory: everything is gone
// when the broker stops.
func DataDir(dir string) Opt { return func(c *config) { c.dataDir = dir } }

// SyncWrites fsyncs every produced batch before acknowledging it. The default
// relies on the page cache like Kafka's own default (log.flush.interval.messages
// is unbounded): acknowledged records survive a killed process but not a
// machine crash.
func SyncWrites() Opt { return func(c *config) { c.syncWrites = true } }

// BrokerConfig sets one broker config; New rejects names the broker does not
// honour (see HonouredConfigs).
func BrokerConfig(name, value string) Opt {
	return func(c *config) {
		if c.brokerCfgs == nil {
			c.brokerCfgs = map[string]string{}
		}
		c.brokerCfgs[name] = value
	}
}

// Notes writes a line to w whenever a client sets a topic config that the
// broker stores without applying (see EnforcesTopicConfig), whatever the
// client: kafka-topics or a framework creating its topics is told too. The
// default is silent.
func Notes(w io.Writer) Opt { return func(c *config) { c.notew = w } }

// Log writes the broker's own log lines at level ("error", "warn", "info" or
// "debug") to w. The default is silent.
func Log(w io.Writer, level string) Opt {
	return func(c *config) {
		c.logw = w
		switch level {
		case "error":
			c.loglevel = kfake.LogLevelError
		case "warn":
			c.loglevel = kfake.LogLevelWarn
		case "info":
			c.loglevel = kfake.LogLevelInfo
		case "debug":
			c.loglevel = kfake.LogLevelDebug
		default:
			c.loglevel = kfake.LogLevelNone
		}
	}
}

// Broker is a running development broker.
type Broker struct {
	c       *kfake.Cluster
	addr    string
	dataDir string
	self    *kgo.Client // the broker's own client: retention and forwarded requests
	stop    context.CancelFunc
	done    chan struct{}
	mem     *memRelease
	once    sync.Once
}

// ErrAddrInUse is returned (wrapped) by New when the listen port is taken.
var ErrAddrInUse = errors.New("address already in use")

// New starts a broker and returns once it accepts connections.
func New(opts ...Opt) (*Broker, error) {
	cfg := config{listen: DefaultListen, partitions: 1}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.partitions < 1 {
		return nil, fmt.Errorf("invalid partition count %d: must be at least 1", cfg.partitions)
	}
	// kfake's own retention timer trims batch by batch: keep it off, the
	// retainer applies retention by whole segments (see retention.go).
	brokerCfgs := map[string]string{"log.cleaner.backoff.ms": cleanerBackoffOff}
	checkMs := int64(defaultRetentionCheckMs)
	for name, value := range cfg.brokerCfgs {
		if err := CheckBrokerConfig(name, value); err != nil {
			return nil, err
		}
		// Kafka trims a value before parsing it, kfake does not.
		v := trimJava(value)
		if name == "log.retention.check.interval.ms" {
			checkMs, _ = strconv.ParseInt(v, 10, 64)
			if checkMs < 1 {
				return nil, fmt.Errorf("broker config log.retention.check.interval.ms=%s: must be at least 1", v)
			}
			continue // the retainer's, unknown to kfake
		}
		brokerCfgs[name] = v
	}
	// The listener is opened here rather than by kfake so that a taken port
	// is reported with its address, and so that any host (not only
	// 127.0.0.1, kfake's default) can be served.
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("unable to listen on %s: %w (another broker is probably running there; stop it or choose another address with --listen)", cfg.listen, ErrAddrInUse)
		}
		return nil, fmt.Errorf("unable to listen on %s: %w", cfg.listen, err)
	}
	kopts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ClusterID(ClusterID),
		kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(cfg.partitions),
		kfake.ListenFn(func(string, string) (net.Listener, error) { return ln, nil }),
		kfake.BrokerConfigs(brokerCfgs),
	}
	if cfg.dataDir != "" {
		kopts = append(kopts, kfake.DataDir(cfg.dataDir))
	}
	if cfg.syncWrites {
		kopts = append(kopts, kfake.SyncWrites())
	}
	if cfg.logw != nil && cfg.loglevel != kfake.LogLevelNone {
		kopts = append(kopts, kfake.WithLogger(kfake.BasicLogger(cfg.logw, cfg.loglevel)))
	}
	c, err := kfake.NewCluster(kopts...)
	if err != nil {
		ln.Close()
		if cfg.dataDir != "" {
			return nil, fmt.Errorf("unable to start the broker with data dir %s: %w", cfg.dataDir, err)
		}
		return nil, fmt.Errorf("unable to start the broker: %w", err)
	}
	addr := ln.Addr().String()
	self, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ClientID("kafkit-dev-internal"))
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("unable to start the broker's own client: %w", err)
	}
	b := &Broker{c: c, addr: addr, dataDir: cfg.dataDir, self: self, done: make(chan struct{}), mem: newMemRelease()}
	if cfg.dataDir != "" {
		persistAutoCreated(c)
	}
	checkConfigs(c, self, cfg.notew)
	b.mem.watch(c)
	ctx, stop := context.WithCancel(context.Background())
	b.stop = stop
	r := newRetainer(c, self, time.Duration(checkMs)*time.Millisecond, b.mem.soon)
	go func() {
		defer close(b.done)
		r.run(ctx)
	}()
	return b, nil
}

// persistAutoCreated makes topics that clients auto-create survive a killed
// broker. kfake writes topics.json when a CreateTopics request (or
// Cluster.CreateTopic) creates a topic, but a topic auto-created by a
// Metadata request only when the cluster closes: after a SIGKILL such a topic
// would be unknown, its segments orphaned and its acknowledged records gone.
// So a Metadata request that may auto-create a topic first creates it through
// CreateTopic, which persists it; kfake then answers as usual.
func persistAutoCreated(c *kfake.Cluster) {
	// known holds the topics already created or seen, so that only the
	// first Metadata request for a topic pays for the detour. Control
	// functions run one at a time on the cluster's loop, so no lock.
	known := map[string]bool{}
	c.ControlKey(int16(kmsg.DeleteTopics), func(kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		clear(known) // a deleted topic may be auto-created again
		return nil, nil, false
	})
	c.ControlKey(int16(kmsg.Metadata), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := kr.(*kmsg.MetadataRequest)
		if !req.AllowAutoTopicCreation {
			return nil, nil, false
		}
		var missing []string
		for _, t := range req.Topics {
			if t.Topic != nil && !known[*t.Topic] {
				missing = append(missing, *t.Topic)
			}
		}
		if len(missing) == 0 {
			return nil, nil, false
		}
		// CreateTopic goes through the cluster's loop, which is running
		// this function: sleep it until the creation is done.
		done := make(chan struct{})
		go func() {
			defer close(done)
			for _, t := range missing {
				// An existing topic is fine; an invalid name is left
				// for kfake's own answer to report.
				_ = c.CreateTopic(t, -1, nil)
			}
		}()
		c.SleepControl(func() { <-done })
		for _, t := range missing {
			known[t] = true
		}
		return nil, nil, false
	})
}

// Addr is the host:port clients bootstrap from.
func (b *Broker) Addr() string { return b.addr }

// DataDir is the persistence directory, "" when in memory.
func (b *Broker) DataDir() string { return b.dataDir }

// Cluster exposes the underlying kfake cluster for tests that need its
// controls (fault injection, partition moves).
func (b *Broker) Cluster() *kfake.Cluster { return b.c }

// Close stops accepting connections and, with a data dir, writes the final
// state to disk. It is safe to call more than once.
func (b *Broker) Close() error {
	b.once.Do(func() {
		b.stop()
		b.self.Close() // ends a check in progress
		<-b.done
		b.mem.close()
		b.c.Close()
	})
	return nil
}
