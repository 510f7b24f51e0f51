package lint

import (
	"path"
	"strings"

	"github.com/kafkit/kafkit/stackmodel"
)

// ruleDataVolume reports Kafka and ZooKeeper services whose data directory
// is not on a volume: the data lives in the container's writable layer (or
// an anonymous volume) and is gone once the container is removed.
var ruleDataVolume = Rule{
	Name:    "data-volume",
	Summary: "no volume for Kafka or ZooKeeper data",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			if s.role == stackmodel.RoleOther {
				continue
			}
			for _, d := range dataLocations(s) {
				if d.dir == "" || isDynamic(d.dir) || covered(s, d.dir) {
					continue
				}
				pos := posOf(s.key)
				if d.prop != nil {
					pos = d.prop.pos
				}
				vol := s.name + "-" + d.volume
				hint := "mount a named volume there: volumes: - " + vol + ":" + d.dir + " (and declare " + vol + ": under the top-level volumes:)"
				if d.hint != "" {
					hint = d.hint
				}
				r.warnf(pos, hint,
					"no volume for %s's %s %s: it is lost when the container is removed (docker compose down)", s.name, d.what, d.dir)
			}
		}
	},
}

type dataLocation struct {
	dir    string
	what   string
	prop   *property // where the directory is set, nil for an image default
	volume string    // suffix of the volume name to suggest
	hint   string    // replaces the usual "mount a named volume there"
}

// dataLocations returns where a service keeps its data: the configured
// directories, or the image's defaults.
func dataLocations(s *service) []dataLocation {
	if s.role == stackmodel.RoleKafka {
		for _, name := range []string{"log.dirs", "log.dir"} {
			if pr := s.props.get(name); pr != nil {
				var out []dataLocation
				for _, d := range strings.Split(pr.value, ",") {
					out = append(out, dataLocation{strings.TrimSpace(d), "data directory", pr, "data", ""})
				}
				return out
			}
		}
		if s.conv == stackmodel.ConvApacheKafka && s.scripts && apacheWritesProps(s) {
			// apache/kafka's wrapper copies its sample KRaft file (with
			// log.dirs=/tmp/kraft-combined-logs) only when neither a
			// KAFKA_* property variable nor a mounted server.properties
			// gives it anything to write; otherwise log.dirs is unset and
			// Kafka writes to its own default.
			vol := s.name + "-data"
			return []dataLocation{{"/tmp/kafka-logs", "data directory", nil, "data",
				"set " + stackmodel.EnvName(s.conv, "log.dirs") + ": " + stackmodel.CPKafkaDataDir + " (the image's data volume) and mount a named volume there: volumes: - " + vol + ":" + stackmodel.CPKafkaDataDir + "; without log.dirs the broker writes to Kafka's default /tmp/kafka-logs"}}
		}
		def, ok := imageDir(s, stackmodel.DirData)
		if !ok {
			def = "/tmp/kafka-logs" // Kafka's own default for log.dir
		}
		return []dataLocation{{def, "data directory", nil, "data", ""}}
	}
	var out []dataLocation
	dataDir, logDir := s.props.get("dataDir"), s.props.get("dataLogDir")
	if dataDir != nil {
		out = append(out, dataLocation{strings.TrimSpace(dataDir.value), "data directory", dataDir, "data", ""})
	} else if d, ok := imageDir(s, stackmodel.DirData); ok {
		out = append(out, dataLocation{d, "data directory", nil, "data", ""})
	}
	if logDir != nil {
		out = append(out, dataLocation{strings.TrimSpace(logDir.value), "transaction log directory", logDir, "log", ""})
	} else if d, ok := imageDir(s, stackmodel.DirTxnLog); ok {
		out = append(out, dataLocation{d, "transaction log directory", nil, "log", ""})
	}
	return out
}

// imageDir returns the image's default directory of kind k for s, from
// the image table: only for an image of the service's role, and for a
// directory the image's scripts set only while they run.
func imageDir(s *service, k stackmodel.DirKind) (string, bool) {
	im, ok := stackmodel.ForConv(s.conv)
	if !ok || im.Role != s.role {
		return "", false
	}
	d, ok := im.DataDir(k)
	if !ok || d.ScriptsOnly && !s.scripts {
		return "", false
	}
	return d.Dir, true
}

// covered reports whether a mount (a named volume, a bind mount, or a
// deliberate tmpfs) holds dir. An anonymous volume (a target without a
// source) does not: docker compose down leaves it behind, and the next up
// creates a fresh one.
func covered(s *service, dir string) bool {
	dir = path.Clean(dir)
	for _, m := range s.mounts {
		if m.kind == "volume" && m.source == "" {
			continue
		}
		t := path.Clean(m.target)
		if t == dir || t == "/" || strings.HasPrefix(dir, t+"/") {
			return true
		}
	}
	return false
}

// apacheWritesProps reports whether apache/kafka's wrapper has
// properties to write for s: a variable it turns into a property (a leaked
// script variable included) or a server.properties mounted under
// /mnt/shared/config. Either way the image's sample file is not used.
func apacheWritesProps(s *service) bool {
	for _, e := range s.env {
		if e.class.Kind == stackmodel.EnvProp || e.class.Kind == stackmodel.EnvLeak {
			return true
		}
	}
	if path.Dir(s.mountedConfig) == "/mnt/shared/config" {
		return true
	}
	for _, m := range s.mounts {
		t := path.Clean(m.target)
		if m.kind != "tmpfs" && (t == "/mnt/shared/config" || t == "/mnt/shared/config/server.properties") {
			return true
		}
	}
	return false
}
