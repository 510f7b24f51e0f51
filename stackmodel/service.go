package stackmodel

import (
	"regexp"
	"strings"
)

// Service is the neutral description of one compose service: what the
// stack model needs to know of it, whichever way the compose file was read
// (through compose-go's types for `kafkit compose config`, from YAML nodes
// with positions for the linter).
type Service struct {
	Name  string
	Image Ref
	// Env is the environment in the order the container receives it.
	Env []Var
	// Command is the service's entrypoint and command, joined with spaces;
	// "" when it sets neither and the image's own entrypoint runs.
	Command string
	// Entrypoint is true when the service sets entrypoint:, replacing the
	// image's; a command: alone still runs through the image's
	// entrypoint.
	Entrypoint bool
	// Files gives the files mounted into the container; nil when none can
	// be read.
	Files Files
	// Mounts are the container paths something is mounted at: the
	// service's configs (in the order written), then its volumes and bind
	// mounts (not tmpfs).
	Mounts []string
}

// Files gives the content of the files mounted into a service's container.
type Files interface {
	// Open returns the content of the file the service sees at target
	// and, for a reader, where it comes from.
	Open(target string) (content, from string, err error)
}

// Launch is how a service starts its server.
type Launch struct {
	// Role is what the service runs. A Kafka image whose command runs
	// something else (kafka-topics, a shell) is RoleOther: a client.
	Role Role
	// Conv is the image's environment convention (ConvNone for an image
	// the table does not know).
	Conv Convention
	// Scripts is true when the image's start-up scripts run, and with
	// them its reading of the environment; false when the command starts
	// the server itself.
	Scripts bool
	// Start is the server start the command makes with a configuration
	// file, nil when it makes none.
	Start *Start
}

// Start is a server start in a service's command: Kafka's or ZooKeeper's
// start script (Confluent's without .sh, Apache's with), optionally
// -daemon, then the configuration file and any --override key=value.
type Start struct {
	Role      Role
	File      string
	Overrides []Entry
}

var startRE = regexp.MustCompile(`(?:^|[\s/;&|(])(kafka|zookeeper)-server-start(?:\.sh)?\s+(?:-daemon\s+)?([^\s;&|)]+)((?:\s+--override\s+[^\s;&|)]+)*)`)

// imageLaunchers are the launch scripts through which a command still
// starts the image's own server.
var imageLaunchers = []string{"/etc/confluent/docker/run", "/etc/kafka/docker/run", "start-kafka.sh",
	"/opt/bitnami/scripts/kafka/run.sh", "/opt/bitnami/scripts/zookeeper/run.sh", "run.sh"}

// Launch reads how s starts its server from its image and command.
func (s Service) Launch() Launch {
	l := Launch{Scripts: true}
	l.Role, l.Conv = s.Image.Classify()
	// A service that starts Kafka or ZooKeeper itself bypasses the image's
	// scripts, whatever the image; a Kafka image whose command runs
	// something else is a client, not a server.
	switch cmd := s.Command; {
	case strings.Contains(cmd, "kafka-server-start"):
		l.Role, l.Scripts = RoleKafka, false
	case strings.Contains(cmd, "zookeeper-server-start"):
		l.Role, l.Scripts = RoleZooKeeper, false
	case strings.Contains(cmd, "zkServer.sh"):
		// The official image's docker-entrypoint.sh runs before any
		// command: it writes $ZOO_CONF_DIR/zoo.cfg from the ZOO_
		// variables when there is none, then exec "$@". zkServer.sh
		// without a file reads $ZOOCFGDIR/zoo.cfg, the same file
		// (Dockerfile: ZOOCFGDIR=$ZOO_CONF_DIR), so the environment still
		// reaches the server unless entrypoint: replaces the script.
		l.Role = RoleZooKeeper
		l.Scripts = l.Conv == ConvZooKeeper && !s.Entrypoint && zkServerDefaultFile(cmd)
	case strings.TrimSpace(cmd) != "" && !runsImageServer(cmd):
		l.Role = RoleOther
	}
	if m := startRE.FindStringSubmatch(s.Command); m != nil {
		st := &Start{Role: RoleKafka, File: m[2]}
		if m[1] == "zookeeper" {
			st.Role = RoleZooKeeper
		}
		for _, o := range strings.Fields(m[3]) {
			if o == "--override" {
				continue
			}
			k, v, _ := strings.Cut(o, "=")
			st.Overrides = append(st.Overrides, Entry{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
		l.Start = st
	}
	return l
}

// zkServerDefaultFile reports whether cmd runs zkServer.sh without naming
// a configuration file, so that it reads $ZOOCFGDIR/zoo.cfg.
func zkServerDefaultFile(cmd string) bool {
	m := zkServerRE.FindStringSubmatch(cmd)
	return m != nil && m[1] == ""
}

// runsImageServer reports whether a command still starts the image's own
// server through its launch script.
func runsImageServer(cmd string) bool {
	for _, launcher := range imageLaunchers {
		if strings.Contains(cmd, launcher) {
			return true
		}
	}
	return false
}
