package compose

import (
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// configSection is one group of parameters in a generated configuration
// file, with a one-line introduction in our words.
type configSection struct {
	title string
	intro string
	// match lists exact names and, ending in "*", name prefixes; the first
	// section that matches a parameter gets it.
	match []string
	// zkSection is the ZooKeeper admin guide section this groups.
	zkSection string
}

// brokerSections groups the broker parameters by what they are about. The
// catalogue has no grouping of its own (Kafka's documentation lists the
// broker configs alphabetically), so the groups are derived from the name
// prefixes, in the order a reader setting up a broker meets them. A
// parameter no rule matches lands in "Other"; a test keeps that section
// empty for the catalogue.
var brokerSections = []configSection{
	{title: "Broker identity and role", intro: "Who this node is in the cluster.",
		match: []string{"broker.id", "broker.id.generation.enable", "reserved.broker.max.id", "broker.rack", "node.id", "process.roles"}},
	{title: "ZooKeeper connection", intro: "How the broker reaches the ZooKeeper ensemble that holds the cluster metadata.",
		match: []string{"zookeeper.connect", "zookeeper.connection.timeout.ms", "zookeeper.session.timeout.ms", "zookeeper.max.in.flight.requests", "zookeeper.set.acl", "zookeeper.clientCnxnSocket", "zookeeper.metadata.migration.enable"}},
	{title: "ZooKeeper client TLS", intro: "Encryption and authentication of the broker's connection to ZooKeeper.",
		match: []string{"zookeeper.ssl.*"}},
	{title: "KRaft controller quorum", intro: "The Raft quorum of controllers that holds the metadata in KRaft mode, and how brokers stay registered with it.",
		match: []string{"controller.quorum.*", "controller.listener.names", "sasl.mechanism.controller.protocol", "broker.heartbeat.interval.ms", "broker.session.timeout.ms", "initial.broker.registration.timeout.ms", "eligible.leader.replicas.enable"}},
	{title: "KRaft metadata log", intro: "The __cluster_metadata log and its snapshots.",
		match: []string{"metadata.*"}},
	{title: "Listeners", intro: "Where the broker accepts connections and which addresses it tells clients to use.",
		match: []string{"listeners", "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name", "security.inter.broker.protocol", "control.plane.listener.name", "early.start.listeners"}},
	{title: "Network threads, sockets and connections", intro: "Request handling threads, socket buffers and connection limits.",
		match: []string{"num.network.threads", "num.io.threads", "background.threads", "queued.max.*", "socket.*", "connections.max.*", "max.connection*", "connection.failed.authentication.delay.ms", "request.timeout.ms"}},
	{title: "Log directories and recovery", intro: "Where partitions are stored on disk and how they are recovered after a crash.",
		match: []string{"log.dir", "log.dirs", "log.dir.failure.timeout.ms", "num.recovery.threads.per.data.dir", "num.replica.alter.log.dirs.threads", "cordoned.log.dirs"}},
	{title: "Log segments, retention and flushing", intro: "Defaults for every topic's log: segment size and age, how long data is kept, when it is forced to disk.",
		match: []string{"log.segment.*", "log.roll.*", "log.retention.*", "log.flush.*", "log.index.*", "log.preallocate", "log.cleanup.policy", "log.message.*"}},
	{title: "Log compaction", intro: "The log cleaner, which keeps only the latest record per key in compacted topics.",
		match: []string{"log.cleaner.*"}},
	{title: "Topic defaults", intro: "What a new topic gets when its creator does not say, and limits on records.",
		match: []string{"auto.create.topics.enable", "num.partitions", "default.replication.factor", "min.insync.replicas", "unclean.leader.election.enable", "delete.topic.enable", "message.max.bytes", "compression.*", "create.topic.policy.class.name", "alter.config.policy.class.name", "alter.config.policy.kraft.compatibility.enable", "max.decompressed.message.bytes"}},
	{title: "Replication and leadership", intro: "How followers copy from leaders, and how leadership moves between brokers.",
		match: []string{"replica.*", "num.replica.fetchers", "auto.leader.rebalance.enable", "leader.imbalance.*", "controlled.shutdown.*", "controller.socket.timeout.ms", "inter.broker.protocol.version"}},
	{title: "Consumer groups and committed offsets", intro: "The group coordinator and the __consumer_offsets topic.",
		match: []string{"group.*", "offsets.*", "offset.metadata.max.bytes"}},
	{title: "Share groups", intro: "Kafka 4.x queues (KIP-932): the share coordinator, its __share_group_state topic and dead-letter topics.",
		match: []string{"share.coordinator.*", "share.fetch.purgatory.*", "errors.deadletterqueue.*"}},
	{title: "Transactions and producer ids", intro: "The transaction coordinator, the __transaction_state topic and idempotent producer state.",
		match: []string{"transaction.*", "transactional.id.expiration.ms", "producer.id.expiration.ms", "add.partitions.to.txn.*"}},
	{title: "Fetch sessions and request purgatories", intro: "Limits on fetch responses and the waiting rooms for requests that cannot be answered yet.",
		match: []string{"fetch.max.bytes", "fetch.purgatory.*", "producer.purgatory.*", "delete.records.purgatory.*", "max.incremental.fetch.session.cache.slots", "max.request.partition.size.limit"}},
	{title: "Quotas", intro: "How client, replication and controller throughput quotas are measured.",
		match: []string{"quota.window.*", "replication.quota.*", "alter.log.dirs.replication.quota.*", "controller.quota.*", "client.quota.callback.class"}},
	{title: "Authorization and principals", intro: "Who a connection is and what it may do.",
		match: []string{"authorizer.class.name", "principal.builder.class", "security.providers"}},
	{title: "SASL", intro: "SASL authentication (PLAIN, SCRAM, GSSAPI/Kerberos, OAUTHBEARER) for SASL_* listeners.",
		match: []string{"sasl.*"}},
	{title: "SSL/TLS", intro: "Certificates and protocols for SSL and SASL_SSL listeners.",
		match: []string{"ssl.*"}},
	{title: "Delegation tokens", intro: "Lightweight tokens that let clients authenticate without Kerberos or TLS credentials.",
		match: []string{"delegation.token.*"}},
	{title: "Password encoding for dynamic configs", intro: "How passwords set with kafka-configs are encrypted in ZooKeeper.",
		match: []string{"password.encoder.*"}},
	{title: "Tiered storage", intro: "Moving old log segments to remote storage (off unless remote.log.storage.system.enable is true).",
		match: []string{"remote.*", "log.local.*", "log.remote.*", "follower.fetch.last.tiered.offset.enable"}},
	{title: "Metrics and telemetry", intro: "Metric reporters, sampling and client telemetry.",
		match: []string{"metric.reporters", "metrics.*", "kafka.metrics.*", "auto.include.jmx.reporter", "telemetry.*"}},
	{title: "Configuration providers", intro: "Plugins that resolve ${provider:path:key} references in values, so that secrets stay out of this file.",
		match: []string{"config.providers"}},
}

// zkSections follows the sections of ZooKeeper's administrator guide, in
// its order; the catalogue records each parameter's section.
var zkSections = []configSection{
	{zkSection: "minimum", title: "Minimum configuration", intro: "What every server needs."},
	{zkSection: "advanced", title: "Advanced configuration", intro: "Tuning of storage, connections, sessions and request handling."},
	{zkSection: "cluster", title: "Cluster options", intro: "The ensemble: members, timeouts, elections and the four-letter-word commands."},
	{zkSection: "auth", title: "Encryption, authentication and authorization", intro: "TLS for clients and the quorum, SASL and ACL super users."},
	{zkSection: "experimental", title: "Experimental options", intro: "Features ZooKeeper itself calls experimental."},
	{zkSection: "unsafe", title: "Unsafe options", intro: "Settings that can lose data or open the server; change them only knowing why."},
	{zkSection: "datadir_autocreate", title: "Data directory autocreation", intro: "Whether a missing dataDir is created at start."},
	{zkSection: "db_existence_validation", title: "Database existence validation", intro: "Whether a server with an empty database may join an ensemble."},
	{zkSection: "performance", title: "Performance tuning", intro: "Thread pools and batching."},
	{zkSection: "debug_observability", title: "Debug observability", intro: "Traces of the messages between quorum members."},
	{zkSection: "adminserver", title: "AdminServer", intro: "The embedded HTTP server that answers the four-letter-word commands at /commands."},
	{zkSection: "metrics_providers", title: "Metrics providers", intro: "Exporting ZooKeeper's metrics, for example to Prometheus."},
}

// otherSection collects parameters no rule matches.
var otherSection = configSection{title: "Other", intro: "Parameters not grouped above."}

// sectionOf returns the index in secs of the section p belongs to, or -1.
func sectionOf(secs []configSection, p *catalog.Param) int {
	for i, s := range secs {
		if s.zkSection != "" {
			if s.zkSection == p.Section {
				return i
			}
			continue
		}
		for _, m := range s.match {
			if prefix, ok := strings.CutSuffix(m, "*"); ok {
				if strings.HasPrefix(p.Name, prefix) {
					return i
				}
			} else if p.Name == m {
				return i
			}
		}
	}
	return -1
}
