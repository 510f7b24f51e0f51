package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// Generate returns the docker-compose.yml of the stack described by o.
//
// The configuration of every server travels as a complete file: each
// broker's server.properties, the ensemble's zoo.cfg and a Java argument
// file with the ZooKeeper parameters that only a system property can set,
// all as compose top-level configs with inline content, mounted under
// /etc/kafka/kafkit and handed to the server by the service's command. The
// images' own start-up scripts (configure, ensure, launch) are bypassed: they
// exist to write those files from environment variables, and the variables
// cannot carry every parameter (cp-zookeeper ignores all but 66 of them, and
// camel-case broker names have no KAFKA_* spelling). What the bypassed steps
// also did is done here: ZooKeeper's myid is written by the command, KRaft
// storage is formatted by it, and waiting for ZooKeeper is depends_on with
// service_healthy.
//
// The ZooKeeper parameters that only a Java system property reaches
// (jvm-only, and the sysprop-mismatch ones whose zoo.cfg key ZooKeeper
// never reads) are -D flags in KAFKA_OPTS, but through a Java argument
// file, KAFKA_OPTS="@/etc/kafka/kafkit/zookeeper-jvm.args": java 9 and
// later (the images run Temurin 17) read one option a line there and take
// "#" as a comment, so these parameters get the same form as the others,
// documented defaults enabled by deleting a "#", which a single KAFKA_OPTS
// string could not give them.
func Generate(o StackOptions) ([]byte, error) {
	plan, err := newStackPlan(o)
	if err != nil {
		return nil, err
	}
	g := &genWriter{plan: plan}
	g.files()
	g.header()
	g.services()
	g.volumes()
	g.configs()
	return []byte(g.b.String()), nil
}

// genFile is one top-level compose config: a file mounted into services.
type genFile struct {
	name    string // the compose config name
	target  string // where it is mounted
	content string
	lines   []configLine
	// interpolate leaves ${VAR} references for compose to substitute
	// (the passwords of a secured stack); other files escape every "$".
	interpolate bool
}

type genWriter struct {
	plan *stackPlan
	b    strings.Builder

	zooCfg, zkJVM, log4j *genFile
	// The files of a secured stack (nil without --security).
	kafkaJAAS, zkJAAS, brokerClient *genFile
	// controllerClient is the dedicated controllers' healthcheck file.
	controllerClient     *genFile
	server               map[string]*genFile // by service
	order                []*genFile
	brokerCount, zkCount int // parameters of the catalogue in each file kind
}

// files renders every configuration file of the stack.
func (g *genWriter) files() {
	p := g.plan
	g.server = map[string]*genFile{}
	for _, n := range p.kafkaNodes() {
		f := &genFile{name: n.service + ".server.properties", target: stackServerProps}
		f.content, f.lines = g.serverProperties(n)
		f.content += p.secureBrokerExtra()
		g.server[n.service] = f
		g.order = append(g.order, f)
	}
	if len(p.zookeepers) > 0 {
		g.zooCfg = &genFile{name: "zoo.cfg", target: stackZooCfg}
		g.zkJVM = &genFile{name: "zookeeper-jvm.args", target: stackZKJVMArgs}
		g.zooCfg.content, g.zooCfg.lines, g.zkJVM.content, g.zkJVM.lines = g.zookeeperFiles()
		zk := []*genFile{g.zooCfg, g.zkJVM}
		if p.opts.Style == StyleMinimal && !anyActive(g.zkJVM.lines) {
			// Nothing to hand to the JVM: no argument file, no KAFKA_OPTS.
			zk, g.zkJVM = zk[:1], nil
		}
		g.order = append(zk, g.order...)
	}
	im := p.image()
	g.log4j = &genFile{name: im.log4jName, target: im.log4jTarget, content: im.log4jContent}
	g.order = append(g.order, g.log4j)
	g.securityFiles()
}

// brokerParams returns the documented broker parameters of Kafka line v
// that apply in mode m: the file lists Kafka's configuration reference, not
// the internal configs or the authorizer's keys (see Param.Documented).
func brokerParams(v catalog.Version, m catalog.Mode) []*catalog.Param {
	var out []*catalog.Param
	for _, p := range catalog.Kafka(v).Of(catalog.Broker) {
		if p.Documented() && (p.Mode == catalog.ModeBoth || p.Mode == m) {
			out = append(out, p)
		}
	}
	return out
}

// zkFileParams splits the documented ZooKeeper parameters (the admin
// guide's, as brokerParams takes Kafka's reference) between zoo.cfg and the
// JVM argument file, by what a zoo.cfg line does in ZooKeeper 3.8: native
// and sysprop keys work from zoo.cfg, jvm-only and sysprop-mismatch ones
// only as -D system properties.
func zkFileParams() (zooCfg, jvm []*catalog.Param) {
	for _, p := range catalog.Of(catalog.ZooKeeper) {
		if !p.Documented() {
			continue
		}
		if zkInZooCfg(p) {
			zooCfg = append(zooCfg, p)
		} else {
			jvm = append(jvm, p)
		}
	}
	return zooCfg, jvm
}

// zkRequires lists zoo.cfg parameters that ZooKeeper rejects without
// another one: a weight.N line without group.N lines stops an ensemble
// ("Server 1 is not in a group", seen in TestRealZooKeeperEnsemble).
var zkRequires = map[string]string{"weight.x": "group.x"}

func zkInZooCfg(p *catalog.Param) bool { return p.ZooCfg == "native" || p.ZooCfg == "sysprop" }

func (g *genWriter) serverProperties(n stackNode) (string, []configLine) {
	p := g.plan
	params := brokerParams(p.opts.kafkaVersion(), p.opts.Mode)
	g.brokerCount = len(params)
	what := map[stackRole]string{roleBroker: "broker", roleCombined: "broker and controller", roleController: "controller"}[n.role]
	mode := "ZooKeeper mode"
	if p.opts.Mode == catalog.ModeKRaft {
		mode = "KRaft mode"
	}
	header := []string{
		fmt.Sprintf("server.properties of %s (%s, id %d), mounted at %s. Every %s broker parameter that applies in %s (%d), grouped by topic.",
			n.service, what, n.id, stackServerProps, p.image().label, mode, len(params)),
		styleSentence(p.opts.Style) + fmt.Sprintf(" After an edit: `docker compose up -d --force-recreate %s`. Dynamic parameters can also be changed on a running broker with kafka-configs --alter. `kafkit params NAME` explains any of them in full.", n.service),
	}
	return renderConfig(configDoc{
		header:    header,
		params:    params,
		sections:  brokerSections,
		format:    formatProperties,
		style:     p.opts.Style,
		settings:  p.brokerSettings(n),
		derived:   func(name string) (string, string, bool) { return p.brokerDerivedDefault(n, name) },
		warns:     func(name string) (string, bool) { return p.nodeWarns(n, name) },
		exclusive: brokerExclusive,
	})
}

func (g *genWriter) zookeeperFiles() (zoo string, zooLines []configLine, jvm string, jvmLines []configLine) {
	p := g.plan
	zooParams, jvmParams := zkFileParams()
	g.zkCount = len(zooParams) + len(jvmParams)
	settings := p.zkSettings()
	members := "every member of the ensemble (each finds its own id in dataDir/myid, written by its command)"
	if len(p.zookeepers) == 1 {
		members = "the ZooKeeper server"
	}
	zoo, zooLines = renderConfig(configDoc{
		header: []string{
			fmt.Sprintf("zoo.cfg of %s, mounted at %s. The %d ZooKeeper 3.8 parameters that a zoo.cfg line sets; the other %d can only be set as Java system properties and are in zookeeper-jvm.args.",
				members, stackZooCfg, len(zooParams), len(jvmParams)),
			styleSentence(p.opts.Style) + " After an edit: `docker compose up -d --force-recreate` the ZooKeeper service(s). Keys ZooKeeper does not parse itself become the system property zookeeper.<key>.",
		},
		params:   zooParams,
		sections: zkSections,
		format:   formatProperties,
		style:    p.opts.Style,
		settings: settings,
		requires: zkRequires,
	})
	jvm, jvmLines = renderConfig(configDoc{
		header: []string{
			fmt.Sprintf("Java argument file of %s, mounted at %s and handed to the JVM with KAFKA_OPTS=@%s (java reads one option a line; \"#\" starts a comment). The %d ZooKeeper 3.8 parameters that only a Java system property sets: a zoo.cfg line cannot reach them.",
				members, stackZKJVMArgs, stackZKJVMArgs, len(jvmParams)),
			styleSentence(p.opts.Style) + " After an edit: `docker compose up -d --force-recreate` the ZooKeeper service(s).",
		},
		params:   jvmParams,
		sections: zkSections,
		format:   formatJVMArgs,
		style:    p.opts.Style,
		settings: settings,
	})
	return zoo, zooLines, jvm, jvmLines
}

// styleSentence says, at the top of a configuration file, what its active
// and commented lines mean.
func styleSentence(st Style) string {
	switch st {
	case StyleExplicit:
		return "Every parameter that has a default is active with it (--explicit); a commented line has no default and shows an example."
	case StyleMinimal:
		return "Only the parameters this stack sets (--minimal); `kafkit compose` without it lists every other one with its default."
	}
	return "Active lines are what this stack sets; \"#name=value\" lines show the documented default (or an example where there is none): delete the \"#\" to enable one."
}

// log4jProperties is the logging configuration every service gets. The
// image's own log4j.properties is rendered by the start-up script this
// stack bypasses, so the stack brings its own: everything to stdout, where
// `docker compose logs` finds it, with the noisiest of Kafka's loggers
// turned down for a development stack. Kafka 3.9 logs through reload4j
// (the log4j 1.2 API), hence -Dlog4j.configuration.
const log4jProperties = `# log4j 1.2 (reload4j) configuration of every service of this stack, handed to the JVM with
# KAFKA_LOG4J_OPTS=-Dlog4j.configuration=file:/etc/kafka/kafkit/log4j.properties.
# Everything goes to stdout: read it with docker compose logs SERVICE.
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n

# Kafka's controller and state-change loggers default to TRACE; INFO is enough to follow what
# happens. Raise any of these (or the root) to DEBUG when digging into a problem.
log4j.logger.kafka=INFO
log4j.logger.kafka.controller=INFO
log4j.logger.state.change.logger=INFO
log4j.logger.kafka.log.LogCleaner=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.zookeeper=INFO
`

// projectName is the compose project name: distinct per topology, so that
// the stacks of examples/compose can run next to the default one without
// sharing volumes.
func (p *stackPlan) projectName() string {
	o := p.opts
	if o.Mode == catalog.ModeZK {
		name := "kafkit"
		if o.Brokers != 1 || o.ZooKeepers != 1 {
			name = fmt.Sprintf("kafkit-b%d-z%d", o.Brokers, o.ZooKeepers)
		}
		if o.Security.on() {
			// A secured stack gets volumes of its own: ZooKeeper data
			// written without ACLs is not reused.
			name += "-" + string(o.Security)
		}
		return name
	}
	name := "kafkit-kraft"
	if o.kafkaVersion() == catalog.V4 {
		name = "kafkit-4x"
	}
	if o.Brokers > 1 || o.Controllers > 0 {
		name += fmt.Sprintf("-b%d", o.Brokers)
	}
	if o.Controllers > 0 {
		name += fmt.Sprintf("-c%d", o.Controllers)
	}
	if o.Security.on() {
		name += "-" + string(o.Security)
	}
	return name
}

// commandLine is the `kafkit compose` invocation that produces this stack.
func (p *stackPlan) commandLine() string {
	o := p.opts
	args := []string{"kafkit", "compose"}
	if o.kafkaVersion() == catalog.V4 {
		args = append(args, "--kafka", "4.x")
	} else if o.Mode == catalog.ModeKRaft {
		args = append(args, "--mode", "kraft")
	}
	if o.Brokers != 1 {
		args = append(args, "--brokers", strconv.Itoa(o.Brokers))
	}
	if o.Mode == catalog.ModeZK && o.ZooKeepers != 1 {
		args = append(args, "--zookeepers", strconv.Itoa(o.ZooKeepers))
	}
	if o.Controllers != 0 {
		args = append(args, "--controllers", strconv.Itoa(o.Controllers))
	}
	if o.Security.on() {
		args = append(args, "--security", string(o.Security))
	}
	switch o.Style {
	case StyleExplicit:
		args = append(args, "--explicit")
	case StyleMinimal:
		args = append(args, "--minimal")
	}
	return strings.Join(args, " ")
}

func (g *genWriter) line(indent int, format string, args ...any) {
	g.b.WriteString(strings.Repeat(" ", indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteString("\n")
}

func (g *genWriter) comment(indent int, lines ...string) {
	for _, l := range lines {
		if l == "" {
			g.line(indent, "#")
			continue
		}
		g.line(indent, "# %s", l)
	}
}

// headerWidth is where the prose of the file's header is wrapped.
const headerWidth = 98

// para writes text as a wrapped comment paragraph.
func (g *genWriter) para(text string) {
	g.comment(0, wrapWords(text, headerWidth)...)
}

func (g *genWriter) header() {
	p := g.plan
	first := p.brokers[0]
	kraft := p.opts.Mode == catalog.ModeKRaft
	services := []string{}
	for _, z := range p.zookeepers {
		services = append(services, z.service)
	}
	for _, n := range p.kafkaNodes() {
		services = append(services, n.service)
	}

	g.para(fmt.Sprintf("docker-compose.yml generated by `%s` from kafkit's parameter catalogue.", p.commandLine()))
	g.comment(0, "")
	var what string
	if !kraft {
		what = fmt.Sprintf("Kafka 3.9 in ZooKeeper mode: %s and %s, on Confluent's %s images (services: %s).",
			plural(len(p.zookeepers), "ZooKeeper 3.8 server", "ZooKeeper 3.8 servers (an ensemble)"),
			plural(len(p.brokers), "Kafka broker", "Kafka brokers"), imageList(p), strings.Join(services, ", "))
	} else {
		ctl := "each also a voter of the controller quorum (combined mode)"
		if len(p.controllers) > 0 {
			ctl = "and " + plural(len(p.controllers), "dedicated controller", "dedicated controllers")
		}
		what = fmt.Sprintf("Kafka 3.9 in KRaft mode (no ZooKeeper): %s %s, on Confluent's %s image (services: %s).",
			plural(len(p.brokers), "broker", "brokers"), ctl, imageList(p), strings.Join(services, ", "))
		if p.opts.kafkaVersion() == catalog.V4 {
			what = fmt.Sprintf("Kafka 4.4 (the 4.x line, KRaft only): %s %s, on Apache's %s image (services: %s).",
				plural(len(p.brokers), "broker", "brokers"), ctl, imageList(p), strings.Join(services, ", "))
		}
	}
	var counts string
	switch {
	case p.opts.Style == StyleMinimal:
		counts = "Only the parameters this stack sets (--minimal) are written in the configs at the end of this file; `kafkit compose` without --minimal lists every other one with its default."
	case kraft:
		counts = fmt.Sprintf("Every Kafka broker parameter that applies in KRaft mode (%d) is written out in the configs at the end of this file, grouped and commented.", g.brokerCount)
	default:
		counts = fmt.Sprintf("Every Kafka broker parameter that applies in ZooKeeper mode (%d) and every ZooKeeper parameter (%d) are written out in the configs at the end of this file, grouped and commented.", g.brokerCount, g.zkCount)
	}
	switch p.opts.Style {
	case StyleDocumented:
		counts += " The lines this stack needs are active; every other parameter shows its documented default behind a \"#\" (or an example value where there is none): delete the \"#\" to enable it."
	case StyleExplicit:
		counts += " Every parameter that has a default is active with it (--explicit); those without one stay commented, since any value would change behaviour."
	}
	g.para(what + " " + counts)
	g.securityHeader()

	bootstrap := make([]string, len(p.brokers))
	internal := make([]string, len(p.brokers))
	for i, b := range p.brokers {
		bootstrap[i] = fmt.Sprintf("localhost:%d", b.hostPort)
		internal[i] = fmt.Sprintf("%s:%d", b.service, stackInternalPort)
	}
	network := p.projectName() + "_default"
	g.comment(0,
		"",
		"Start:    docker compose up -d          (Docker Compose 2.23.1 or later, for inline configs)",
		"          docker compose ps             (wait until every service is \"healthy\")",
		"Stop:     docker compose down           (add -v to delete the data volumes too)",
		"Host:     bootstrap server "+strings.Join(bootstrap, ",")+" (published on 127.0.0.1 only)",
		"          "+g.seedCommands(),
		"Go:       go run ./examples/produtor   and   go run ./examples/consumidor",
		"          (they use "+bootstrap[0]+"; BOOTSTRAP_SERVERS=host:port,... points them elsewhere)",
		"Other containers, on this stack's network "+network+":",
		"          bootstrap server "+strings.Join(internal, ","),
		fmt.Sprintf("          docker compose exec %s %s --bootstrap-server %s --list", first.service, p.image().tool("kafka-topics"), internal[0]),
		fmt.Sprintf("          docker run --rm --network %s %s \\", network, p.image().kafka),
		fmt.Sprintf("            %s --bootstrap-server %s --list", p.image().tool("kafka-topics"), internal[0]),
		fmt.Sprintf("Inspect:  kafkit compose config %s   (the server.properties it receives)", first.service),
	)
	if len(p.zookeepers) > 0 {
		g.comment(0, fmt.Sprintf("          kafkit compose config %s   (its zoo.cfg and JVM system properties)", p.zookeepers[0].service))
	}
	g.comment(0,
		"Change:   edit a config at the end, then docker compose up -d --force-recreate SERVICE",
		"Regenerate: "+g.regenerate(),
		"          "+p.regenerateFlags(),
		"",
	)
	if kraft {
		g.para(fmt.Sprintf("Why files and not environment variables: the image's start-up script writes server.properties from KAFKA_* variables, and some broker names (camel case) have no KAFKA_* spelling. So every service starts its server directly from the complete file mounted from `configs:` under %s, bypassing that script; formatting the storage with the cluster id, its other duty, is done by the command.", stackConfigDir))
	} else {
		g.para(fmt.Sprintf("Why files and not environment variables: the images' start-up scripts write the server's configuration from KAFKA_*/ZOOKEEPER_* variables, but cp-zookeeper ignores all but 66 of them and some broker names (camel case) have no KAFKA_* spelling. So every service starts its server directly from the complete file mounted from `configs:` under %s, bypassing those scripts; their other duties are done here too: ZooKeeper's myid by the command, waiting for ZooKeeper by depends_on: service_healthy.", stackConfigDir))
	}
	g.comment(0, "")
	g.para(p.imagesPinned())
	g.comment(0, "")
	g.line(0, "name: %s", p.projectName())
}

func imageList(p *stackPlan) string {
	if len(p.zookeepers) > 0 {
		return ZooKeeperImage + " and " + KafkaImage
	}
	return p.image().kafka
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// q quotes s as a YAML double-quoted scalar (JSON escaping is valid YAML
// for the ASCII strings used here).
func q(s string) string { return strconv.Quote(s) }

func flow(items ...string) string {
	qs := make([]string, len(items))
	for i, s := range items {
		qs[i] = q(s)
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

func (g *genWriter) services() {
	p := g.plan
	g.line(0, "")
	g.line(0, "services:")
	for i, z := range p.zookeepers {
		g.zookeeperService(z, i == 0)
	}
	g.setupService()
	for i, n := range p.controllers {
		g.kafkaService(n, i == 0)
	}
	for i, n := range p.brokers {
		g.kafkaService(n, i == 0)
	}
}

func (g *genWriter) zookeeperService(z stackNode, first bool) {
	p := g.plan
	g.line(2, "%s:", z.service)
	g.line(4, "image: %s", ZooKeeperImage)
	g.line(4, "hostname: %s", z.service)
	start := "zookeeper-server-start " + stackZooCfg
	if first {
		g.comment(4, "Start ZooKeeper from the complete zoo.cfg below, not through the image's launcher, which",
			"would rebuild zoo.cfg from the ZOOKEEPER_* variables it knows and drop every other parameter.")
	}
	if len(p.zookeepers) > 1 {
		if first {
			g.comment(4, "In an ensemble each server reads its id from dataDir/myid, which the command writes.")
		}
		g.line(4, "command: %s", flow("bash", "-c", fmt.Sprintf("echo %d > %s/myid && exec %s", z.id, stackZKData, start)))
	} else {
		g.line(4, "command: %s", flow("zookeeper-server-start", stackZooCfg))
	}
	g.line(4, "environment:")
	if first {
		g.comment(6, "The JVM flags use Kafka's variable names: zookeeper-server-start is a Kafka script.")
	}
	g.line(6, "KAFKA_HEAP_OPTS: %s", q("-Xms256m -Xmx256m"))
	if opts := g.zkOpts(); opts != "" {
		if first && g.zkJVM != nil {
			g.comment(6, "ZooKeeper parameters that only a Java system property sets, from the argument file below.")
		}
		if first && g.zkJAAS != nil {
			g.comment(6, "The JAAS file names the user ZooKeeper accepts (SASL DIGEST-MD5).")
		}
		g.line(6, "KAFKA_OPTS: %s", q(opts))
	}
	g.line(6, "KAFKA_LOG4J_OPTS: %s", q("-Dlog4j.configuration=file:"+stackLog4j))
	g.line(4, "configs:")
	files := []*genFile{g.zooCfg}
	if g.zkJVM != nil {
		files = append(files, g.zkJVM)
	}
	if g.zkJAAS != nil {
		files = append(files, g.zkJAAS)
	}
	for _, f := range append(files, g.log4j) {
		g.line(6, "- source: %s", f.name)
		g.line(8, "target: %s", f.target)
	}
	g.line(4, "volumes:")
	g.line(6, "- %s:%s", volumeName(z.service, "data"), stackZKData)
	g.line(6, "- %s:%s", volumeName(z.service, "log"), stackZKLog)
	if !p.opts.Security.on() {
		g.line(4, "ports:")
		g.line(6, "- %s", q(fmt.Sprintf("127.0.0.1:%d:%d", z.hostPort, stackZKClientPort)))
	} else if first {
		g.comment(4, "No port on the host: only the brokers and kafka-setup talk to ZooKeeper, over the compose network.")
	}
	g.line(4, "healthcheck:")
	if first {
		g.comment(6, "Healthy once ZooKeeper answers the srvr four-letter word with its Mode (standalone, leader",
			"or follower); bash's /dev/tcp needs no extra tool in the image, and zoo.cfg whitelists srvr.")
	}
	g.line(6, "test: %s", flow("CMD", "bash", "-c", fmt.Sprintf("exec 3<>/dev/tcp/127.0.0.1/%d && printf srvr >&3 && grep -q '^Mode: ' <&3", stackZKClientPort)))
	g.line(6, "interval: 5s")
	g.line(6, "timeout: 5s")
	g.line(6, "retries: 12")
	g.line(6, "start_period: 30s")
	g.line(4, "restart: unless-stopped")
	g.line(0, "")
}

func (g *genWriter) kafkaService(n stackNode, first bool) {
	p := g.plan
	kraft := p.opts.Mode == catalog.ModeKRaft
	g.line(2, "%s:", n.service)
	im := p.image()
	g.line(4, "image: %s", im.kafka)
	g.line(4, "hostname: %s", n.service)
	g.secureUser(first)
	start := im.tool("kafka-server-start") + " " + stackServerProps
	if kraft {
		if first {
			g.comment(4, "Format the storage with the cluster id on the first start (--ignore-formatted makes later",
				"starts skip it), then start the server from the complete server.properties below.")
		}
		g.line(4, "command: %s", flow("bash", "-c", fmt.Sprintf("%s format --ignore-formatted --cluster-id %s --config %s%s && exec %s",
			im.tool("kafka-storage"), stackClusterID, stackServerProps, p.scramFormatArgs(), start)))
	} else {
		if first {
			g.comment(4, "Start the broker from the complete server.properties below, not through the image's",
				"launcher, which would write its own file from KAFKA_* variables.")
		}
		g.line(4, "command: %s", flow("kafka-server-start", stackServerProps))
	}
	// The environment is what the image's launch step would have left
	// for kafka-server-start, minus the variables it turns into the file:
	// LOG_DIR and KAFKA_JMX_OPTS stay unset there too, so the start script
	// picks the same GC log directory and JMX defaults as in the image's
	// own start-up.
	g.line(4, "environment:")
	heap := "-Xms512m -Xmx512m"
	if n.role == roleController {
		heap = "-Xms256m -Xmx256m"
	}
	g.line(6, "KAFKA_HEAP_OPTS: %s", q(heap))
	g.line(6, "KAFKA_LOG4J_OPTS: %s", q(im.log4jOpts))
	if g.kafkaJAAS != nil {
		if first {
			g.comment(6, "The JAAS file holds the broker's own logins (to other brokers, to ZooKeeper).")
		}
		g.line(6, "KAFKA_OPTS: %s", q("-Djava.security.auth.login.config="+secKafkaJAAS))
	}
	if kraft && p.opts.Security.sasl() {
		if first {
			g.comment(6, "The SCRAM users' passwords, which kafka-storage format stores in the first metadata.")
		}
		for _, u := range scramUsers() {
			g.line(6, "%s: %s", u.containerEnv, q(envRef(u.env)))
		}
	}
	g.line(4, "configs:")
	files := []*genFile{g.server[n.service]}
	if g.kafkaJAAS != nil {
		client := g.brokerClient
		if n.role == roleController && g.controllerClient != nil {
			client = g.controllerClient
		}
		files = append(files, g.kafkaJAAS, client)
	}
	for _, f := range append(files, g.log4j) {
		g.line(6, "- source: %s", f.name)
		g.line(8, "target: %s", f.target)
	}
	g.line(4, "volumes:")
	g.line(6, "- %s:%s", volumeName(n.service, "data"), stackKafkaData)
	g.secretMounts(n, first)
	if n.hostPort != 0 && n.role.isBroker() {
		g.line(4, "ports:")
		g.line(6, "- %s", q(fmt.Sprintf("127.0.0.1:%d:%d", n.hostPort, n.hostPort)))
	}
	var deps []stackNode
	if n.role == roleBroker {
		deps = p.zookeepers
		if kraft {
			deps = p.controllers
		}
	}
	if len(deps) > 0 {
		g.line(4, "depends_on:")
		for _, d := range deps {
			g.line(6, "%s:", d.service)
			g.line(8, "condition: service_healthy")
		}
		if p.opts.Security.on() && !kraft {
			g.line(6, "%s:", secSetupService)
			g.line(8, "condition: service_completed_successfully")
		}
	}
	g.line(4, "healthcheck:")
	if n.role.isBroker() {
		if first {
			g.comment(6, "Healthy once the broker answers an ApiVersions request on its INTERNAL listener; the",
				"tool runs in a JVM of its own, so it gets a small heap instead of the broker's.")
		}
		g.line(6, "test: %s", flow("CMD", "bash", "-c", fmt.Sprintf("KAFKA_HEAP_OPTS='-Xms32m -Xmx64m' %s --bootstrap-server %s:%d%s > /dev/null", im.tool("kafka-broker-api-versions"), n.service, stackInternalPort, g.commandConfig(n))))
	} else {
		if first {
			g.comment(6, "Healthy once the controller answers a DescribeQuorum request, which needs an elected",
				"leader; brokers wait for that before they start.")
		}
		g.line(6, "test: %s", flow("CMD", "bash", "-c", fmt.Sprintf("KAFKA_HEAP_OPTS='-Xms32m -Xmx64m' %s --bootstrap-controller %s:%d%s describe --status > /dev/null", im.tool("kafka-metadata-quorum"), n.service, stackControllerPort, g.commandConfig(n))))
	}
	g.line(6, "interval: 10s")
	g.line(6, "timeout: 10s")
	g.line(6, "retries: 12")
	g.line(6, "start_period: 60s")
	if first {
		g.comment(4, "Time for a controlled shutdown (leadership moved, logs closed cleanly) before a SIGKILL.")
	}
	g.line(4, "stop_grace_period: 30s")
	g.line(4, "restart: unless-stopped")
	g.line(0, "")
}

func volumeName(service, what string) string { return service + "-" + what }

func (g *genWriter) volumes() {
	p := g.plan
	g.comment(0, "Named volumes: data survives `docker compose down` (not `down -v`).")
	g.line(0, "volumes:")
	for _, z := range p.zookeepers {
		g.line(2, "%s:", volumeName(z.service, "data"))
		g.line(2, "%s:", volumeName(z.service, "log"))
	}
	for _, n := range p.kafkaNodes() {
		g.line(2, "%s:", volumeName(n.service, "data"))
	}
	g.line(0, "")
}

func (g *genWriter) configs() {
	g.comment(0,
		"The files each server reads, mounted by the services above. Compose substitutes variables in",
		"them, so a literal dollar sign is written $$.")
	g.line(0, "configs:")
	for i, f := range g.order {
		if i > 0 {
			g.line(0, "")
		}
		g.line(2, "%s:", f.name)
		g.line(4, "content: |")
		for _, l := range strings.Split(strings.TrimSuffix(f.content, "\n"), "\n") {
			if l == "" {
				g.line(0, "")
				continue
			}
			if !f.interpolate {
				l = strings.ReplaceAll(l, "$", "$$")
			}
			g.line(6, "%s", l)
		}
	}
}
