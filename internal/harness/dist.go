package harness

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// DefaultVersion is the Apache Kafka version the stack runs (the 3.9 line,
// the last with ZooKeeper) and the real broker of the two-broker suites.
const DefaultVersion = "3.9.2"

// Dist is one Apache Kafka version's jars, as Maven fetched them.
type Dist struct {
	Version string
	// Libs is the directory holding every jar of the classpath.
	Libs string
	// Java is the java launcher.
	Java string

	classes map[string]bool // class files present in the jars, read lazily
	once    sync.Once
}

var (
	distMu sync.Mutex
	dists  = map[string]*Dist{}
)

// Kafka returns Apache Kafka version's jars, fetching them with
// scripts/fetch-kafka.sh when the cache lacks them. It skips (fails under
// CI=true) when Java or Maven is missing, and when KAFKIT_REAL_KAFKA=0.
func Kafka(t testing.TB, version string) *Dist {
	t.Helper()
	d, err := kafkaDist(version)
	if err != nil {
		if os.Getenv("KAFKIT_REAL_KAFKA") == "0" && !InCI() {
			t.Skipf("real Kafka tests off (KAFKIT_REAL_KAFKA=0)")
		}
		Need(t, "Apache Kafka "+version, false, err.Error())
	}
	return d
}

func kafkaDist(version string) (*Dist, error) {
	if os.Getenv("KAFKIT_REAL_KAFKA") == "0" {
		if InCI() {
			return nil, fmt.Errorf("KAFKIT_REAL_KAFKA=0 is not allowed under CI=true")
		}
		return nil, fmt.Errorf("KAFKIT_REAL_KAFKA=0")
	}
	distMu.Lock()
	defer distMu.Unlock()
	if d := dists[version]; d != nil {
		return d, nil
	}
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("no java on PATH: install a JDK 17 (Debian: openjdk-17-jdk-headless)")
	}
	dir := filepath.Join(CacheDir(), "kafka-"+version)
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		root, err := repoRoot()
		if err != nil {
			return nil, err
		}
		cmd := exec.Command("bash", filepath.Join(root, "scripts", "fetch-kafka.sh"), version)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("fetching Kafka %s: %v: %s", version, err, strings.TrimSpace(string(out)))
		}
	}
	d := &Dist{Version: version, Libs: filepath.Join(dir, "libs"), Java: java}
	dists[version] = d
	return d, nil
}

// repoRoot finds the module root (the directory with go.mod) above the
// working directory, which go test sets to the package's directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Major is the version's first number ("3" for 3.9.2).
func (d *Dist) Major() string { return strings.SplitN(d.Version, ".", 2)[0] }

// Classpath is the java -cp argument: every jar of the version.
func (d *Dist) Classpath() string { return filepath.Join(d.Libs, "*") }

// HasClass reports whether a class (dotted name) is in the version's jars.
func (d *Dist) HasClass(name string) bool {
	d.once.Do(func() {
		d.classes = map[string]bool{}
		jars, _ := filepath.Glob(filepath.Join(d.Libs, "*.jar"))
		for _, j := range jars {
			base := filepath.Base(j)
			// Only Kafka's and ZooKeeper's own jars hold the main classes.
			if !strings.HasPrefix(base, "kafka") && !strings.HasPrefix(base, "zookeeper") {
				continue
			}
			r, err := zip.OpenReader(j)
			if err != nil {
				continue
			}
			for _, f := range r.File {
				if strings.HasSuffix(f.Name, ".class") && !strings.Contains(f.Name, "$") {
					d.classes[strings.ReplaceAll(strings.TrimSuffix(f.Name, ".class"), "/", ".")] = true
				}
			}
			r.Close()
		}
	})
	return d.classes[name]
}

// toolClasses maps Kafka's command-line script names to their main classes;
// several tools moved between packages across versions, so each lists the
// candidates newest first and the version's jars decide.
var toolClasses = map[string][]string{
	"kafka-topics":              {"org.apache.kafka.tools.TopicCommand", "kafka.admin.TopicCommand"},
	"kafka-configs":             {"org.apache.kafka.tools.ConfigCommand", "kafka.admin.ConfigCommand"},
	"kafka-consumer-groups":     {"org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "kafka.admin.ConsumerGroupCommand"},
	"kafka-console-producer":    {"org.apache.kafka.tools.ConsoleProducer", "kafka.tools.ConsoleProducer"},
	"kafka-console-consumer":    {"org.apache.kafka.tools.consumer.ConsoleConsumer", "kafka.tools.ConsoleConsumer"},
	"kafka-producer-perf-test":  {"org.apache.kafka.tools.ProducerPerformance"},
	"kafka-consumer-perf-test":  {"org.apache.kafka.tools.ConsumerPerformance"},
	"kafka-e2e-latency":         {"org.apache.kafka.tools.EndToEndLatency", "kafka.tools.EndToEndLatency"},
	"kafka-broker-api-versions": {"org.apache.kafka.tools.BrokerApiVersionsCommand", "kafka.admin.BrokerApiVersionsCommand"},
	"kafka-storage":             {"kafka.tools.StorageTool", "org.apache.kafka.tools.StorageTool"},
	"kafka-acls":                {"org.apache.kafka.tools.AclCommand", "kafka.admin.AclCommand"},
	"kafka-metadata-quorum":     {"org.apache.kafka.tools.MetadataQuorumCommand"},
	"kafka-get-offsets":         {"org.apache.kafka.tools.GetOffsetShell", "kafka.tools.GetOffsetShell"},
	"kafka-delete-records":      {"org.apache.kafka.tools.DeleteRecordsCommand", "kafka.admin.DeleteRecordsCommand"},
	"kafka-features":            {"org.apache.kafka.tools.FeatureCommand", "kafka.admin.FeatureCommand"},
	"kafka-transactions":        {"org.apache.kafka.tools.TransactionsCommand"},
	"zookeeper-shell":           {"org.apache.zookeeper.ZooKeeperMain"},
}

// ToolClass returns the main class of a Kafka command-line tool, by its
// script name without ".sh" (kafka-topics, kafka-console-producer, ...).
func (d *Dist) ToolClass(name string) (string, error) {
	cands, ok := toolClasses[strings.TrimSuffix(name, ".sh")]
	if !ok {
		return "", fmt.Errorf("unknown Kafka tool %q", name)
	}
	for _, c := range cands {
		if d.HasClass(c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("Kafka %s has no %s (looked for %s)", d.Version, name, strings.Join(cands, ", "))
}

// ToolHeap is the heap a command-line tool gets: small, as the images'
// healthchecks give theirs.
const ToolHeap = "-Xms32m -Xmx256m"

// Command returns java running class from the version's jars with a small
// heap and tool logging (warnings and errors to stderr), as Kafka's
// kafka-run-class does for its tools. KAFKA_HEAP_OPTS and KAFKA_OPTS from
// the environment apply, as in the scripts.
func (d *Dist) Command(ctx context.Context, class string, args ...string) *exec.Cmd {
	heap := os.Getenv("KAFKA_HEAP_OPTS")
	if heap == "" {
		heap = ToolHeap
	}
	jargs := strings.Fields(heap)
	jargs = append(jargs, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true")
	jargs = append(jargs, d.toolLogArgs()...)
	jargs = append(jargs, "-cp", d.Classpath())
	jargs = append(jargs, strings.Fields(os.Getenv("KAFKA_OPTS"))...)
	jargs = append(jargs, class)
	jargs = append(jargs, args...)
	cmd := exec.CommandContext(ctx, d.Java, jargs...)
	cmd.SysProcAttr = childAttr()
	return cmd
}

// Tool returns a Kafka command-line tool, named as its script (kafka-topics,
// kafka-consumer-groups, kafka-console-producer, ...). It fails the test
// when the version has no such tool.
func (d *Dist) Tool(t testing.TB, ctx context.Context, name string, args ...string) *exec.Cmd {
	t.Helper()
	class, err := d.ToolClass(name)
	if err != nil {
		t.Fatal(err)
	}
	return d.Command(ctx, class, args...)
}

// toolLogArgs points the JVM at a logging configuration that sends warnings
// and errors to stderr, as Kafka's tools-log4j does; log4j 1 (reload4j) for
// 3.x, log4j 2 for 4.x.
func (d *Dist) toolLogArgs() []string {
	dir := filepath.Dir(d.Libs)
	if d.Major() == "3" {
		p := filepath.Join(dir, "tools-log4j.properties")
		writeOnce(p, "log4j.rootLogger=WARN, stderr\n"+
			"log4j.appender.stderr=org.apache.log4j.ConsoleAppender\n"+
			"log4j.appender.stderr.layout=org.apache.log4j.PatternLayout\n"+
			"log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n\n"+
			"log4j.appender.stderr.Target=System.err\n")
		return []string{"-Dlog4j.configuration=file:" + p}
	}
	p := filepath.Join(dir, "tools-log4j2.properties")
	writeOnce(p, log4j2Config("WARN", "SYSTEM_ERR"))
	return []string{"-Dlog4j2.configurationFile=" + p}
}

// log4j2Config is a log4j 2 properties configuration with one console
// appender at level, to target (SYSTEM_OUT or SYSTEM_ERR).
func log4j2Config(level, target string) string {
	return "status=error\n" +
		"appender.console.type=Console\n" +
		"appender.console.name=console\n" +
		"appender.console.target=" + target + "\n" +
		"appender.console.layout.type=PatternLayout\n" +
		"appender.console.layout.pattern=[%d] %p %m (%c)%n\n" +
		"rootLogger.level=" + level + "\n" +
		"rootLogger.appenderRef.console.ref=console\n"
}

var writeMu sync.Mutex

// writeOnce writes content to path unless the file already holds it; the
// rename keeps concurrent test binaries from reading half a file.
func writeOnce(path, content string) {
	writeMu.Lock()
	defer writeMu.Unlock()
	if b, err := os.ReadFile(path); err == nil && string(b) == content {
		return
	}
	tmp := fmt.Sprintf("%s.%d", path, os.Getpid())
	if os.WriteFile(tmp, []byte(content), 0o644) == nil {
		_ = os.Rename(tmp, path)
	}
}

// BinDir returns a directory of small wrapper scripts named as Kafka's
// command-line tools are in the images (kafka-topics, kafka-broker-api-versions,
// ...), each running the tool from this version's jars and honouring
// KAFKA_HEAP_OPTS. With it first on PATH, a compose healthcheck command runs
// as written.
func (d *Dist) BinDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(d.Libs), "bin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name := range toolClasses {
		class, err := d.ToolClass(name)
		if err != nil {
			continue
		}
		logArgs := strings.Join(d.toolLogArgs(), " ")
		script := "#!/bin/sh\n" +
			"# " + name + " from Apache Kafka " + d.Version + "'s jars (written by kafkit's test harness).\n" +
			"exec " + d.Java + " ${KAFKA_HEAP_OPTS:-" + ToolHeap + "} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 " +
			logArgs + " -cp '" + d.Classpath() + "' $KAFKA_OPTS " + class + " \"$@\"\n"
		writeOnce(filepath.Join(dir, name), script)
		_ = os.Chmod(filepath.Join(dir, name), 0o755)
	}
	return dir
}
