package compose

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// The images of the generated 3.9 stack: Confluent's cp-kafka and
// cp-zookeeper at the pinned 7.9 patch (stackmodel.CPVersion says why).
const (
	cpVersion      = stackmodel.CPVersion
	KafkaImage     = stackmodel.CPKafkaImage
	ZooKeeperImage = stackmodel.CPZooKeeperImage
)

// Paths inside the containers. The data directories are the images' own
// declared VOLUMEs, owned by the image's appuser, so named volumes mounted
// there inherit the right ownership. The configuration goes to a directory
// of its own so that it cannot be confused with the files the image's
// configure step would have rendered under /etc/kafka.
const (
	stackConfigDir   = "/etc/kafka/kafkit"
	stackServerProps = stackConfigDir + "/server.properties"
	stackZooCfg      = stackConfigDir + "/zoo.cfg"
	stackZKJVMArgs   = stackConfigDir + "/zookeeper-jvm.args"
	stackLog4j       = stackConfigDir + "/log4j.properties"
	stackKafkaData   = stackmodel.CPKafkaDataDir
	stackZKData      = stackmodel.CPZooKeeperDataDir
	stackZKLog       = stackmodel.CPZooKeeperLogDir
)

// Ports. Containers talk to each other on the INTERNAL listener (29092) and
// the KRaft controllers on CONTROLLER (29093); the host reaches broker i on
// localhost:9091+i, the same port inside and outside the container so that
// the advertised address needs no translation.
const (
	stackInternalPort   = 29092
	stackControllerPort = 29093
	stackExternalBase   = 9092
	stackZKClientPort   = 2181
	stackZKQuorumPort   = 2888
	stackZKElectionPort = 3888
	stackControllerBase = 100 // node.id of dedicated controller i is 100+i
)

// stackClusterID is the KRaft cluster id every node is formatted with: the
// URL-safe base64 of the 16 bytes "kafkit-cluster-1", a valid Kafka Uuid that
// stays the same from one generation to the next (golden files, and volumes
// formatted by an earlier `up` keep working).
var stackClusterID = base64.RawURLEncoding.EncodeToString([]byte("kafkit-cluster-1"))

// Style says how much of the catalogue the generated configuration files
// show.
type Style int

const (
	// StyleDocumented writes every parameter: the ones the stack needs
	// active, all others commented out with their default (the default).
	StyleDocumented Style = iota
	// StyleExplicit writes every parameter that has a default active with
	// it. Parameters without a default stay commented out: any value would
	// change behaviour, which is not what "explicit" means.
	StyleExplicit
	// StyleMinimal writes only the active parameters.
	StyleMinimal
)

// StackOptions describes the stack `kafkit compose` generates.
type StackOptions struct {
	// Mode is catalog.ModeZK (brokers coordinated by ZooKeeper, the
	// default) or catalog.ModeKRaft.
	Mode catalog.Mode
	// Brokers is the number of Kafka brokers, 1 to 9.
	Brokers int
	// ZooKeepers is the ZooKeeper ensemble size, 1, 3 or 5 (ZooKeeper mode).
	ZooKeepers int
	// Controllers is, in KRaft mode, the number of dedicated controllers
	// (1, 3 or 5), or 0 for combined nodes that are broker and controller.
	Controllers int
	Style       Style
	// Security is SecurityNone (plaintext) or a secured mode; a secured
	// stack comes with files next to the compose file (WriteStack).
	Security Security
	// Kafka is the Kafka line: catalog.V39 (or "", the default) on
	// Confluent's 7.9 images, or catalog.V4 on apache/kafka 4.x, which
	// runs KRaft only.
	Kafka catalog.Version
}

// DefaultStackOptions returns the options of the repository's
// docker-compose.yml: one ZooKeeper, one broker, every parameter documented.
func DefaultStackOptions() StackOptions {
	return StackOptions{Mode: catalog.ModeZK, Brokers: 1, ZooKeepers: 1}
}

// Validate reports options that do not describe a stack kafkit can build.
func (o StackOptions) Validate() error {
	if o.Brokers < 1 || o.Brokers > 9 {
		return fmt.Errorf("invalid broker count %d: use 1 to 9", o.Brokers)
	}
	switch o.Mode {
	case catalog.ModeZK:
		if o.ZooKeepers != 1 && o.ZooKeepers != 3 && o.ZooKeepers != 5 {
			return fmt.Errorf("invalid ZooKeeper count %d: use 1, 3 or 5 (an ensemble needs an odd size to keep a majority)", o.ZooKeepers)
		}
		if o.Controllers != 0 {
			return fmt.Errorf("controllers exist only in KRaft mode: drop --controllers or add --mode kraft")
		}
	case catalog.ModeKRaft:
		if o.Controllers != 0 && o.Controllers != 1 && o.Controllers != 3 && o.Controllers != 5 {
			return fmt.Errorf("invalid controller count %d: use 0 (combined broker+controller nodes), 1, 3 or 5", o.Controllers)
		}
	default:
		return fmt.Errorf("invalid mode %q: use zk or kraft", o.Mode)
	}
	if err := o.validateSecurity(); err != nil {
		return err
	}
	switch o.Kafka {
	case "", catalog.V39:
	case catalog.V4:
		if o.Mode != catalog.ModeKRaft {
			//lint:ignore ST1005 the message starts with a proper noun
			return fmt.Errorf("Kafka 4.x has no ZooKeeper mode: use --mode kraft with --kafka 4.x")
		}
		if o.Security.on() {
			// The secured stack's set-up (users, ACLs, TLS files) is
			// proven on the 3.9 images only.
			return fmt.Errorf("--security is not available with --kafka 4.x yet: use the 3.9 stack for a secured one")
		}
	default:
		return fmt.Errorf("invalid Kafka line %q: use 3.9 or 4.x", o.Kafka)
	}
	if o.Style < StyleDocumented || o.Style > StyleMinimal {
		return fmt.Errorf("invalid style %d", o.Style)
	}
	return nil
}

// stackRole is what a service runs.
type stackRole int

const (
	roleZooKeeper  stackRole = iota
	roleBroker               // a ZooKeeper-mode broker or a KRaft broker-only node
	roleCombined             // a KRaft node that is broker and controller
	roleController           // a KRaft controller-only node
)

func (r stackRole) isBroker() bool { return r == roleBroker || r == roleCombined }

// stackNode is one service of the stack.
type stackNode struct {
	role     stackRole
	service  string // compose service name, also the container's hostname
	id       int    // ZooKeeper myid, broker.id or node.id
	hostPort int    // port published on 127.0.0.1, 0 for none
}

// stackPlan is the topology derived from the options.
type stackPlan struct {
	opts        StackOptions
	zookeepers  []stackNode
	controllers []stackNode // dedicated KRaft controllers
	brokers     []stackNode // ZooKeeper-mode brokers, KRaft brokers or combined nodes
}

func newStackPlan(o StackOptions) (*stackPlan, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	p := &stackPlan{opts: o}
	name := func(base string, i, n int) string {
		if n == 1 {
			return base
		}
		return base + "-" + strconv.Itoa(i)
	}
	if o.Mode == catalog.ModeZK {
		for i := 1; i <= o.ZooKeepers; i++ {
			p.zookeepers = append(p.zookeepers, stackNode{role: roleZooKeeper, service: name("zookeeper", i, o.ZooKeepers), id: i, hostPort: stackZKClientPort + i - 1})
		}
	}
	for i := 1; i <= o.Controllers; i++ {
		p.controllers = append(p.controllers, stackNode{role: roleController, service: name("controller", i, o.Controllers), id: stackControllerBase + i})
	}
	role := roleBroker
	if o.Mode == catalog.ModeKRaft && o.Controllers == 0 {
		role = roleCombined
	}
	for i := 1; i <= o.Brokers; i++ {
		p.brokers = append(p.brokers, stackNode{role: role, service: name("kafka", i, o.Brokers), id: i, hostPort: stackExternalBase + i - 1})
	}
	return p, nil
}

// kafkaNodes returns every node that runs Kafka: controllers first, the
// order in which they are listed in the file.
func (p *stackPlan) kafkaNodes() []stackNode {
	return append(append([]stackNode(nil), p.controllers...), p.brokers...)
}

// voters returns the KRaft controller quorum: the dedicated controllers, or
// every combined node.
func (p *stackPlan) voters() []stackNode {
	if len(p.controllers) > 0 {
		return p.controllers
	}
	return p.brokers
}

// replicationFactor is the replication factor internal and new topics get:
// as many copies as there are brokers, up to Kafka's default of three.
func (p *stackPlan) replicationFactor() int { return min(len(p.brokers), 3) }

// minISR is the min.insync.replicas that goes with replicationFactor: one
// replica may be down and acks=all writes still succeed, but never below 1.
func (p *stackPlan) minISR() int { return max(1, p.replicationFactor()-1) }

// setting is a value the stack needs for one parameter of one service.
type setting struct {
	// entries are the lines to write, in order. Most parameters have one
	// entry named like the parameter; ZooKeeper's server.x has one per
	// ensemble member (server.1, server.2, ...).
	entries []stackEntry
	// why says, for a reader of the file, why the stack sets this value.
	why string
}

type stackEntry struct{ key, value string }

func one(name, value, why string) setting {
	return setting{entries: []stackEntry{{name, value}}, why: why}
}

// brokerSettings returns what a Kafka node (a ZooKeeper-mode broker, a
// KRaft broker, combined node or controller) must have set. Values equal to
// the catalogue's default are dropped by the renderer, which keeps the
// active lines to the ones that really differ.
func (p *stackPlan) brokerSettings(n stackNode) map[string]setting {
	s := map[string]setting{}
	add := func(name, value, why string) { s[name] = one(name, value, why) }

	internal := fmt.Sprintf("INTERNAL://0.0.0.0:%d", stackInternalPort)
	external := fmt.Sprintf("EXTERNAL://0.0.0.0:%d", n.hostPort)
	controller := fmt.Sprintf("CONTROLLER://0.0.0.0:%d", stackControllerPort)
	advertised := fmt.Sprintf("INTERNAL://%s:%d,EXTERNAL://localhost:%d", n.service, stackInternalPort, n.hostPort)

	if p.opts.Mode == catalog.ModeZK {
		add("broker.id", strconv.Itoa(n.id), "a fixed id per broker, so that it keeps its partitions across restarts instead of getting one generated by ZooKeeper")
		var zk []string
		for _, z := range p.zookeepers {
			zk = append(zk, fmt.Sprintf("%s:%d", z.service, stackZKClientPort))
		}
		add("zookeeper.connect", strings.Join(zk, ","), "the ZooKeeper service(s) of this stack, by compose service name")
	} else {
		roles := map[stackRole]string{roleBroker: "broker", roleCombined: "broker,controller", roleController: "controller"}[n.role]
		add("process.roles", roles, "setting process.roles is what makes this a KRaft node; "+map[stackRole]string{
			roleBroker:     "this one only serves clients, the dedicated controllers hold the metadata",
			roleCombined:   "this node serves clients and is also a voter of the metadata quorum",
			roleController: "this one only manages metadata, it serves no client",
		}[n.role])
		add("node.id", strconv.Itoa(n.id), "a fixed id per node; it must be unique across brokers and controllers and match controller.quorum.voters")
		var voters []string
		for _, v := range p.voters() {
			voters = append(voters, fmt.Sprintf("%d@%s:%d", v.id, v.service, stackControllerPort))
		}
		add("controller.quorum.voters", strings.Join(voters, ","), "the static controller quorum (id@host:port of every controller), the same on every node")
		add("controller.listener.names", "CONTROLLER", "the listener the controllers use among themselves and that brokers dial to reach them")
	}

	switch n.role {
	case roleController:
		add("listeners", controller, "a controller listens only on the controller listener")
		add("listener.security.protocol.map", "CONTROLLER:PLAINTEXT", "the listener names are not protocol names, so each is mapped to its protocol")
	case roleCombined:
		add("listeners", internal+","+external+","+controller, "INTERNAL for other containers, EXTERNAL for the host, CONTROLLER for the metadata quorum")
	default:
		add("listeners", internal+","+external, "INTERNAL for other containers and broker-to-broker traffic, EXTERNAL for clients on the host")
	}
	if n.role.isBroker() {
		add("advertised.listeners", advertised, fmt.Sprintf("containers on the compose network reach this broker at %s:%d, the host at localhost:%d (published on 127.0.0.1 only)", n.service, stackInternalPort, n.hostPort))
		proto := "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT"
		if p.opts.Mode == catalog.ModeKRaft {
			proto += ",CONTROLLER:PLAINTEXT"
		}
		add("listener.security.protocol.map", proto, "the listener names are not protocol names, so each is mapped to its protocol (plaintext: a local development stack)")
		add("inter.broker.listener.name", "INTERNAL", "brokers replicate from each other over the compose network")
	}
	add("log.dirs", stackKafkaData, "the image's data volume, mounted from a named volume so that topics survive `docker compose down`")

	// Topic defaults matter on controllers too: in KRaft the active
	// controller fills in the replication factor of topics created without
	// one. The internal topics are created by brokers, with their own
	// settings.
	rf, isr := p.replicationFactor(), p.minISR()
	brokers := plural(len(p.brokers), "broker", "brokers")
	add("default.replication.factor", strconv.Itoa(rf), "new topics are replicated to as many brokers as this stack has, up to three")
	add("min.insync.replicas", strconv.Itoa(isr), "with acks=all a write needs this many in-sync copies: one less than the replication factor, so one broker may be down")
	if n.role.isBroker() {
		add("offsets.topic.replication.factor", strconv.Itoa(rf), "the consumer offsets topic cannot have more replicas than the "+brokers+" of this stack")
		add("transaction.state.log.replication.factor", strconv.Itoa(rf), "the transaction log cannot have more replicas than the "+brokers+" of this stack")
		add("transaction.state.log.min.isr", strconv.Itoa(isr), "must not exceed the transaction log's replication factor, or transactions can never commit")
		add("group.initial.rebalance.delay.ms", "0", "a development stack: a consumer group starts at once instead of waiting 3 s for more members (Kafka's sample server.properties does the same)")
	}
	p.secureBroker(n, s)
	p.kafka4Settings(n, s, add)
	return s
}

// brokerExclusive lists parameters that Kafka refuses to see set together
// with another one, even at its default; StyleExplicit leaves them commented
// when the other one is set.
var brokerExclusive = map[string]string{
	"security.inter.broker.protocol":      "inter.broker.listener.name",
	"controller.quorum.bootstrap.servers": "controller.quorum.voters",
}

// brokerDerivedDefaults overrides, per mode, the value shown for a
// parameter whose catalogue default does not hold in that mode.
func (p *stackPlan) brokerDerivedDefault(n stackNode, name string) (value, note string, ok bool) {
	if p.opts.Mode == catalog.ModeKRaft && name == "broker.id" {
		// In KRaft broker.id is a synonym of node.id: Kafka rejects the
		// two when they differ, so the only sensible value is node.id's.
		return strconv.Itoa(n.id), "in KRaft a synonym of node.id; if set it must equal it", true
	}
	if p.opts.Mode == catalog.ModeZK && name == "node.id" {
		// The same rule the other way round: in ZooKeeper mode node.id is
		// an alias of broker.id, and its default -1 written next to
		// broker.id would stop the broker.
		return strconv.Itoa(n.id), "in ZooKeeper mode a synonym of broker.id; if set it must equal it", true
	}
	return "", "", false
}

// zkSettings returns what every ZooKeeper server of the ensemble must have
// set in zoo.cfg. The file is the same for every member: a server finds
// its own id in dataDir/myid, written by the service's command.
func (p *stackPlan) zkSettings() map[string]setting {
	s := map[string]setting{}
	add := func(name, value, why string) { s[name] = one(name, value, why) }
	add("dataDir", stackZKData, "the image's data volume, mounted from a named volume (snapshots and myid)")
	add("dataLogDir", stackZKLog, "transaction logs on their own named volume, as the image lays them out")
	add("clientPort", strconv.Itoa(stackZKClientPort), "the port brokers connect to (zookeeper.connect)")
	add("tickTime", "2000", "ZooKeeper's base time unit: 2000 ms is the usual value (the 3.8 code falls back to 3000 without this line)")
	add("4lw.commands.whitelist", "srvr,stat,ruok,conf,mntr,isro", "the healthcheck sends srvr; the others help when poking at ZooKeeper by hand")
	if len(p.zookeepers) > 1 {
		add("initLimit", "10", "an ensemble needs it: followers get 10 ticks (20 s) to connect and sync with the leader")
		add("syncLimit", "5", "an ensemble needs it: a follower more than 5 ticks (10 s) behind is dropped")
		var entries []stackEntry
		for _, z := range p.zookeepers {
			entries = append(entries, stackEntry{"server." + strconv.Itoa(z.id), fmt.Sprintf("%s:%d:%d", z.service, stackZKQuorumPort, stackZKElectionPort)})
		}
		s["server.x"] = setting{entries: entries, why: "the ensemble members, server.<myid>=host:quorum-port:election-port, by compose service name"}
	}
	p.secureZK(s)
	return s
}
