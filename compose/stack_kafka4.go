package compose

import (
	"strconv"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/stackmodel"
)

// Kafka4Image is the image of the 4.x stack (`kafkit compose --kafka 4.x`):
// Apache's own image (stackmodel.ApacheKafka4Image says why). The stack
// bypasses the image's start-up script, as it does on cp-kafka.
const Kafka4Image = stackmodel.ApacheKafka4Image

// kafka4Bin is where apache/kafka keeps Kafka's scripts (not on PATH).
const kafka4Bin = "/opt/kafka/bin/"

// stackLog4j2 is the logging configuration of the 4.x stack: Kafka 4.x logs
// through Log4j 2, which reads this properties format without extra jars.
const stackLog4j2 = stackConfigDir + "/log4j2.properties"

// kafkaVersion is the Kafka line of the stack: 3.9 unless --kafka 4.x.
func (o StackOptions) kafkaVersion() catalog.Version {
	if o.Kafka == "" {
		return catalog.V39
	}
	return o.Kafka
}

// stackImage says how the stack runs Kafka on its image line.
type stackImage struct {
	// kafka is the image reference.
	kafka string
	// bin is put before a tool's name ("" on cp-kafka, where the tools are
	// on PATH without .sh); sh is its suffix.
	bin, sh string
	// log4j is the logging file, its mount, the KAFKA_LOG4J_OPTS value
	// and its content.
	log4jName, log4jTarget, log4jOpts, log4jContent string
	// label names the Kafka release in prose.
	label string
}

// tool is the command that runs a Kafka tool inside the image.
func (im stackImage) tool(name string) string { return im.bin + name + im.sh }

// image returns the image layout of the plan's Kafka line.
func (p *stackPlan) image() stackImage {
	if p.opts.kafkaVersion() == catalog.V4 {
		return stackImage{kafka: Kafka4Image, bin: kafka4Bin, sh: ".sh",
			log4jName: "log4j2.properties", log4jTarget: stackLog4j2,
			log4jOpts: "-Dlog4j2.configurationFile=file:" + stackLog4j2, log4jContent: log4j2Properties,
			label: "Kafka 4.4 (the 4.x line)"}
	}
	return stackImage{kafka: KafkaImage, log4jName: "log4j.properties", log4jTarget: stackLog4j,
		log4jOpts: "-Dlog4j.configuration=file:" + stackLog4j, log4jContent: log4jProperties,
		label: "Kafka 3.9"}
}

// kafka4Settings adjusts what a 4.x node sets beyond the 3.9 KRaft stack:
// the share-group state topic, like the offsets topic, cannot have more
// replicas than the stack has brokers (its defaults, 3 and 2, would leave
// share groups without a state topic on a single broker); and a broker-only
// node does not set default.replication.factor (see nodeWarns).
func (p *stackPlan) kafka4Settings(n stackNode, s map[string]setting, add func(name, value, why string)) {
	if p.opts.kafkaVersion() != catalog.V4 {
		return
	}
	if _, warns := p.nodeWarns(n, "default.replication.factor"); warns {
		delete(s, "default.replication.factor")
	}
	if !n.role.isBroker() {
		return
	}
	rf, isr := p.replicationFactor(), p.minISR()
	brokers := plural(len(p.brokers), "broker", "brokers")
	add("share.coordinator.state.topic.replication.factor", strconv.Itoa(rf), "the share-group state topic cannot have more replicas than the "+brokers+" of this stack")
	add("share.coordinator.state.topic.min.isr", strconv.Itoa(isr), "must not exceed the share-group state topic's replication factor")
}

// nodeWarns says why a parameter, set on node n, makes its server warn at
// every start, beyond warnsWhenSet (which holds for both lines). Kafka 4.4
// reads default.replication.factor on the controllers (they create topics)
// and warns, again and again, when a broker-only node sets it: found by
// booting the kafka4-cluster example (internal/stackrun).
func (p *stackPlan) nodeWarns(n stackNode, name string) (string, bool) {
	if p.opts.kafkaVersion() != catalog.V4 {
		return "", false
	}
	if n.role == roleBroker && name == "default.replication.factor" {
		return "Kafka 4.x takes it from the controllers, which set it, and warns when a broker-only node sets it", true
	}
	if why, ok := kafka4WarnsWhenSet[name]; ok {
		return why, true
	}
	return "", false
}

// kafka4WarnsWhenSet are the 4.x parameters Kafka 4.4 warns about whenever
// they are set, even to their default (found by booting the --explicit 4.x
// stack, internal/stackrun): --explicit leaves them commented.
var kafka4WarnsWhenSet = map[string]string{
	"broker.id":                             "Kafka 4.4 logs a deprecation warning whenever it is set (node.id replaces it)",
	"group.coordinator.rebalance.protocols": "Kafka 4.4 logs a deprecation warning whenever it is set, even to its default",
}

// imagesPinned is the header paragraph on the pinned image.
func (p *stackPlan) imagesPinned() string {
	if p.opts.kafkaVersion() == catalog.V4 {
		return "Image pinned to " + Kafka4Image + ", Apache's own image of Apache Kafka 4.4.0, the newest release Maven Central serves and the one kafkit's 4.x catalogue and tests use; chosen over Confluent's cp-kafka 8.x because it runs exactly that release (Confluent's builds carry their own numbers), and never :latest, which moves to the next line."
	}
	return "Images pinned to " + cpVersion + ": the newest 7.9 patch (Kafka 3.9, the last line with ZooKeeper); its start-up scripts are the same as those of 7.9.6, which kafkit was checked against. Never :latest, which is a Kafka without ZooKeeper."
}

// log4j2Properties is log4jProperties for Kafka 4.x's Log4j 2: the same
// layout and levels.
const log4j2Properties = `# Log4j 2 configuration of every service of this stack, handed to the JVM with
# KAFKA_LOG4J_OPTS=-Dlog4j2.configurationFile=file:/etc/kafka/kafkit/log4j2.properties.
# Everything goes to stdout (docker compose logs SERVICE), at INFO.
status=error
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.stdout.ref=STDOUT
# Per-request logging is noisy; WARN keeps errors.
logger.request.name=kafka.request.logger
logger.request.level=WARN
logger.channel.name=kafka.network.RequestChannel$
logger.channel.level=WARN
logger.authorizer.name=kafka.authorizer.logger
logger.authorizer.level=WARN
`

// regenerateFlags lists the generator's flags in the header.
func (p *stackPlan) regenerateFlags() string {
	if p.opts.kafkaVersion() == catalog.V4 {
		return "(--brokers N, --controllers N, --explicit, --minimal, -o FILE)"
	}
	return "(--brokers N, --zookeepers N, --mode kraft, --controllers N, --explicit, --minimal, -o FILE)"
}
