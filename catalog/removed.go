package catalog

import "fmt"

// Successor says what takes over from a 3.9 config that the 4.x line no
// longer has: another config (Name), or a mechanism described in Note. It
// is the migration checklist behind `kafkit params diff` and the hint of a
// removed config on a 4.x broker.
type Successor struct {
	// Name is the 4.x config that replaces it; "" when none does.
	Name string `json:"replacement,omitempty"`
	// Renamed is true when Name is the same setting under a new name: move
	// the value over unchanged.
	Renamed bool `json:"renamed,omitempty"`
	// Note says what to do instead, in our words.
	Note string `json:"note"`
}

const (
	noteZooKeeper = "4.x runs KRaft only: controllers (process.roles=controller, controller.quorum.voters or controller.quorum.bootstrap.servers) replace ZooKeeper; remove the line"
	noteJmx       = "JmxReporter is now the default of metric.reporters; leave it out of that list to turn JMX off"
	noteACL       = "AclAuthorizer kept ACLs in ZooKeeper and is gone with it; 4.x uses org.apache.kafka.metadata.authorizer.StandardAuthorizer, which keeps them in the metadata log and needs no connection settings; remove the line"
	notePassword  = "dynamic passwords were encoded into ZooKeeper; KRaft keeps them in the metadata log and needs no encoder secret; remove the line"
)

// removedIn4 maps component/name of every 3.9 broker, topic and client
// config the 4.x line removed to its successor. The names come from the
// ConfigDef dumps (a test keeps this table equal to the set difference);
// the successors from the 4.0 upgrade notes and KIPs (724, 896, 937, 966).
var removedIn4 = map[string]Successor{
	"broker/alter.config.policy.kraft.compatibility.enable":             {Note: "a KRaft controller always hands the policy the resulting list; remove the line"},
	"broker/authorizer.zookeeper.clientCnxnSocket":                      {Note: noteACL},
	"broker/authorizer.zookeeper.connection.timeout.ms":                 {Note: noteACL},
	"broker/authorizer.zookeeper.max.in.flight.requests":                {Note: noteACL},
	"broker/authorizer.zookeeper.session.timeout.ms":                    {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.cipher.suites":                     {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.client.enable":                     {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.crl.enable":                        {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.enabled.protocols":                 {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.endpoint.identification.algorithm": {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.keystore.location":                 {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.keystore.password":                 {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.keystore.type":                     {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.ocsp.enable":                       {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.protocol":                          {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.truststore.location":               {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.truststore.password":               {Note: noteACL},
	"broker/authorizer.zookeeper.ssl.truststore.type":                   {Note: noteACL},
	"broker/authorizer.zookeeper.url":                                   {Note: noteACL},
	"broker/group.coordinator.new.enable":                               {Note: "the rewritten group coordinator is the only one in 4.x; remove the line"},
	"broker/group.share.enable":                                         {Note: "share groups are a feature level in 4.x: kafka-features.sh upgrade --feature share.version=1"},
	"broker/metadata.log.segment.min.bytes":                             {Name: "internal.metadata.log.segment.bytes", Note: "an internal setting for tests: internal.metadata.log.segment.bytes sets the segment size without the floor"},
	"broker/zookeeper.metadata.migration.min.batch.size":                {Note: "the migration from ZooKeeper must be finished on 3.9 before moving to 4.x; remove the line"},
	"broker/auto.include.jmx.reporter":                                  {Name: "metric.reporters", Note: noteJmx},
	"broker/broker.id.generation.enable":                                {Name: "node.id", Note: "ids are no longer generated: give every node an explicit node.id"},
	"broker/control.plane.listener.name":                                {Name: "controller.listener.names", Note: "controller traffic has its own listeners named by controller.listener.names"},
	"broker/controlled.shutdown.max.retries":                            {Note: "a KRaft broker shuts down in step with the controller through heartbeats; remove the line"},
	"broker/controlled.shutdown.retry.backoff.ms":                       {Note: "a KRaft broker shuts down in step with the controller through heartbeats; remove the line"},
	"broker/delegation.token.master.key":                                {Name: "delegation.token.secret.key", Renamed: true, Note: "the same secret under its newer name"},
	"broker/eligible.leader.replicas.enable":                            {Note: "eligible leader replicas are a feature level now: kafka-features.sh upgrade --feature eligible.leader.replicas.version=1"},
	"broker/group.share.max.groups":                                     {Note: "dropped with the early-access share groups of 3.9; the nearest per-broker limit in 4.x is group.share.max.share.sessions; remove the line"},
	"broker/inter.broker.protocol.version":                              {Note: "the protocol level is the metadata.version feature: kafka-storage format --release-version, then kafka-features.sh upgrade"},
	"broker/leader.imbalance.per.broker.percentage":                     {Note: "only the ZooKeeper-mode controller read it; the KRaft controller rebalances leaders whenever auto.leader.rebalance.enable is on"},
	"broker/log.message.downconversion.enable":                          {Note: "4.x no longer converts records down for old clients (KIP-896 removed the old protocol versions); remove the line"},
	"broker/log.message.format.version":                                 {Note: "every record is written in format v2 (KIP-724); remove the line"},
	"broker/log.message.timestamp.difference.max.ms":                    {Name: "log.message.timestamp.before.max.ms", Note: "split into log.message.timestamp.before.max.ms and log.message.timestamp.after.max.ms (KIP-937)"},
	"broker/offsets.commit.required.acks":                               {Note: "offset commits always wait for every in-sync replica; remove the line"},
	"broker/password.encoder.cipher.algorithm":                          {Note: notePassword},
	"broker/password.encoder.iterations":                                {Note: notePassword},
	"broker/password.encoder.key.length":                                {Note: notePassword},
	"broker/password.encoder.keyfactory.algorithm":                      {Note: notePassword},
	"broker/password.encoder.old.secret":                                {Note: notePassword},
	"broker/password.encoder.secret":                                    {Note: notePassword},
	"broker/reserved.broker.max.id":                                     {Note: "ids are no longer generated, so none are reserved; remove the line"},
	"broker/zookeeper.clientCnxnSocket":                                 {Note: noteZooKeeper},
	"broker/zookeeper.connect":                                          {Name: "controller.quorum.bootstrap.servers", Note: noteZooKeeper},
	"broker/zookeeper.connection.timeout.ms":                            {Note: noteZooKeeper},
	"broker/zookeeper.max.in.flight.requests":                           {Note: noteZooKeeper},
	"broker/zookeeper.metadata.migration.enable":                        {Note: "the migration from ZooKeeper must be finished on 3.9 before moving to 4.x; remove the line"},
	"broker/zookeeper.session.timeout.ms":                               {Note: noteZooKeeper},
	"broker/zookeeper.set.acl":                                          {Note: noteZooKeeper},
	"broker/zookeeper.ssl.cipher.suites":                                {Note: noteZooKeeper},
	"broker/zookeeper.ssl.client.enable":                                {Note: noteZooKeeper},
	"broker/zookeeper.ssl.crl.enable":                                   {Note: noteZooKeeper},
	"broker/zookeeper.ssl.enabled.protocols":                            {Note: noteZooKeeper},
	"broker/zookeeper.ssl.endpoint.identification.algorithm":            {Note: noteZooKeeper},
	"broker/zookeeper.ssl.keystore.location":                            {Note: noteZooKeeper},
	"broker/zookeeper.ssl.keystore.password":                            {Note: noteZooKeeper},
	"broker/zookeeper.ssl.keystore.type":                                {Note: noteZooKeeper},
	"broker/zookeeper.ssl.ocsp.enable":                                  {Note: noteZooKeeper},
	"broker/zookeeper.ssl.protocol":                                     {Note: noteZooKeeper},
	"broker/zookeeper.ssl.truststore.location":                          {Note: noteZooKeeper},
	"broker/zookeeper.ssl.truststore.password":                          {Note: noteZooKeeper},
	"broker/zookeeper.ssl.truststore.type":                              {Note: noteZooKeeper},

	"topic/message.downconversion.enable":       {Note: "4.x no longer converts records down for old clients; remove the setting"},
	"topic/message.format.version":              {Note: "every record is written in format v2 (KIP-724); remove the setting"},
	"topic/message.timestamp.difference.max.ms": {Name: "message.timestamp.before.max.ms", Note: "split into message.timestamp.before.max.ms and message.timestamp.after.max.ms (KIP-937)"},
	"producer/auto.include.jmx.reporter":        {Name: "metric.reporters", Note: noteJmx},
	"consumer/auto.include.jmx.reporter":        {Name: "metric.reporters", Note: noteJmx},
	"admin/auto.include.jmx.reporter":           {Name: "metric.reporters", Note: noteJmx},
}

// removedIn3 are the broker's old listener settings that Kafka 3.0
// removed, with what replaces each. A 3.x broker ignores them as unknown,
// so the port or host they name is silently not used.
var removedIn3 = map[string]string{
	"port": "listeners", "host.name": "listeners",
	"advertised.port": "advertised.listeners", "advertised.host.name": "advertised.listeners",
}

// RemovedIn3 says which broker parameter replaces name, a listener setting
// Kafka 3.0 removed; ok is false for any other name.
func RemovedIn3(name string) (replacement string, ok bool) {
	replacement, ok = removedIn3[name]
	return replacement, ok
}

// RemovedIn4 says what replaces a 3.9 config of component c that the 4.x
// line removed; ok is false when 4.x still has it or 3.9 never had it.
func RemovedIn4(c Component, name string) (s Successor, ok bool) {
	s, ok = removedIn4[string(c)+"/"+name]
	return s, ok
}

// RemovedError says that a config of the 3.9 line does not exist in the
// 4.x line, with what replaces it.
type RemovedError struct {
	Component Component
	Name      string // as given
	Param     string // the 3.9 config it names (differs for an image variable)
	Successor
}

func (e *RemovedError) Error() string {
	what := e.Name
	if e.Param != "" && e.Param != e.Name {
		what += " (" + e.Param + ")"
	}
	msg := fmt.Sprintf("%s is a Kafka 3.9 %s config that Kafka 4.x removed", what, e.Component)
	if e.Successor.Name != "" {
		if e.Renamed {
			msg += "; it is now called " + e.Successor.Name
		} else {
			msg += "; see " + e.Successor.Name
		}
	}
	return msg + ": " + e.Note
}

// removedError is the *RemovedError for name in one of comps, or nil.
func removedError(comps []Component, name, param string) error {
	for _, c := range comps {
		if s, ok := RemovedIn4(c, param); ok {
			return &RemovedError{Component: c, Name: name, Param: param, Successor: s}
		}
	}
	return nil
}
