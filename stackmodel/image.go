package stackmodel

import (
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// Role is what a service runs.
type Role int

// The roles a service can have.
const (
	RoleOther     Role = iota // neither a Kafka nor a ZooKeeper server
	RoleKafka                 // a Kafka broker or KRaft controller
	RoleZooKeeper             // a ZooKeeper server
)

func (r Role) String() string {
	switch r {
	case RoleKafka:
		return "kafka"
	case RoleZooKeeper:
		return "zookeeper"
	}
	return "other"
}

// Convention is an image's way of turning environment variables into the
// server's configuration file. Its String is the name findings and notes
// use for it.
type Convention int

// The conventions kafkit knows. ConvNone is an image whose convention is
// unknown (any image that is not in the table).
const (
	ConvNone             Convention = iota
	ConvCPKafka                     // confluentinc/cp-kafka, cp-server: KAFKA_* through env_to_props
	ConvApacheKafka                 // apache/kafka, apache/kafka-native: KAFKA_* like cp-kafka
	ConvBitnamiKafka                // bitnami/kafka: KAFKA_CFG_*
	ConvWurstmeister                // wurstmeister/kafka: KAFKA_*, single underscores only
	ConvCPZooKeeper                 // confluentinc/cp-zookeeper: a fixed ZOOKEEPER_* whitelist
	ConvZooKeeper                   // the official zookeeper image: ZOO_*
	ConvBitnamiZooKeeper            // bitnami/zookeeper: its own ZOO_* names
	ConvPlainZooKeeper              // wurstmeister/zookeeper: no variables at all
)

func (c Convention) String() string {
	switch c {
	case ConvCPKafka:
		return "cp-kafka"
	case ConvApacheKafka:
		return "apache/kafka"
	case ConvBitnamiKafka:
		return "bitnami/kafka"
	case ConvWurstmeister:
		return "wurstmeister/kafka"
	case ConvCPZooKeeper:
		return "cp-zookeeper"
	case ConvZooKeeper:
		return "zookeeper"
	case ConvBitnamiZooKeeper:
		return "bitnami/zookeeper"
	case ConvPlainZooKeeper:
		return "wurstmeister/zookeeper"
	}
	return "unknown image"
}

// Catalog returns the catalogue's description of the convention, for the
// conventions the catalogue describes variable by variable.
func (c Convention) Catalog() (catalog.Image, bool) {
	switch c {
	case ConvCPKafka:
		return catalog.CPKafka, true
	case ConvApacheKafka:
		return catalog.ApacheKafka, true
	case ConvBitnamiKafka:
		return catalog.BitnamiKafka, true
	case ConvWurstmeister:
		return catalog.Wurstmeister, true
	case ConvCPZooKeeper:
		return catalog.CPZooKeeper, true
	case ConvZooKeeper:
		return catalog.ZooKeeperOfficial, true
	}
	return "", false
}

// VendorKey reports whether key belongs to the image vendor's own
// extensions of the server it ships, which Kafka's catalogue does not
// describe: Confluent's broker reads confluent.* settings on Confluent's
// images.
func (c Convention) VendorKey(key string) bool {
	return c == ConvCPKafka && strings.HasPrefix(key, "confluent.")
}

// TagScheme says how an image's tag reads as a version.
type TagScheme int

// The tag schemes of the images in the table.
const (
	// TagVersion: the tag starts with the server's own version (3.9.1,
	// 3.6.1-debian-12-r0, v3.8).
	TagVersion TagScheme = iota
	// TagConfluent: a Confluent Platform number, which maps onto Kafka
	// (6.x is Kafka 2.(x+6), 7.x is 3.x, 8.x is 4.x).
	TagConfluent
	// TagScalaKafka: <scala>-<kafka>, e.g. 2.13-2.8.1.
	TagScalaKafka
)

// DirKind says what a server keeps in a directory.
type DirKind int

// The kinds of data directory.
const (
	DirData   DirKind = iota // Kafka's log.dirs, ZooKeeper's dataDir (snapshots, myid)
	DirTxnLog                // ZooKeeper's dataLogDir (transaction logs)
)

// DataDir is a directory where an image's server keeps its data when the
// configuration does not say otherwise.
type DataDir struct {
	Kind DirKind
	Dir  string
	// ScriptsOnly is true when the directory is the image's default only
	// while its start-up scripts run; a service that starts the server
	// itself gets the server's own default instead.
	ScriptsOnly bool
}

// Image is one row of the image table: what kafkit knows about an image
// repository and its mirrors.
type Image struct {
	// Repos are the repository paths (without registry or tag) that hold
	// this image; the first is the one to suggest.
	Repos []string
	Role  Role
	Conv  Convention
	// DataDirs are the image's default data directories.
	DataDirs []DataDir
	// Tags says how a tag reads as a version (see Image.TagVersion).
	Tags TagScheme
	// Example is a reference of the image with a tag, for tests and
	// suggestions.
	Example string
}

// Data directories of the images, as their Dockerfiles and scripts set
// them. The Confluent ones are the images' declared VOLUMEs, owned by the
// image's user, which is why the generated stack keeps its data there.
const (
	CPKafkaDataDir     = "/var/lib/kafka/data"
	CPZooKeeperDataDir = "/var/lib/zookeeper/data"
	CPZooKeeperLogDir  = "/var/lib/zookeeper/log"
)

// images is the image table. A repository appears once; a new image is one
// row here (and, when the catalogue does not describe its variables, its
// rules in env.go).
var images = []Image{
	{Repos: []string{"confluentinc/cp-kafka", "confluentinc/cp-server", "confluentinc/cp-enterprise-kafka"},
		Role: RoleKafka, Conv: ConvCPKafka, Tags: TagConfluent, Example: "confluentinc/cp-kafka:7.9.7",
		DataDirs: []DataDir{{DirData, CPKafkaDataDir, true}}},
	{Repos: []string{"apache/kafka", "apache/kafka-native"},
		Role: RoleKafka, Conv: ConvApacheKafka, Tags: TagVersion, Example: "apache/kafka:3.9.1",
		DataDirs: []DataDir{{DirData, "/tmp/kraft-combined-logs", true}}},
	{Repos: []string{"bitnami/kafka", "bitnamilegacy/kafka", "bitnamisecure/kafka"},
		Role: RoleKafka, Conv: ConvBitnamiKafka, Tags: TagVersion, Example: "bitnamilegacy/kafka:3.9.0",
		DataDirs: []DataDir{{DirData, "/bitnami/kafka", true}}},
	{Repos: []string{"wurstmeister/kafka"},
		Role: RoleKafka, Conv: ConvWurstmeister, Tags: TagScalaKafka, Example: "wurstmeister/kafka:2.13-2.8.1",
		DataDirs: []DataDir{{DirData, "/kafka", true}}},
	{Repos: []string{"confluentinc/cp-zookeeper"},
		Role: RoleZooKeeper, Conv: ConvCPZooKeeper, Tags: TagVersion, Example: "confluentinc/cp-zookeeper:7.9.7",
		DataDirs: []DataDir{{DirData, CPZooKeeperDataDir, false}, {DirTxnLog, CPZooKeeperLogDir, true}}},
	{Repos: []string{"zookeeper"},
		Role: RoleZooKeeper, Conv: ConvZooKeeper, Tags: TagVersion, Example: "zookeeper:3.8",
		DataDirs: []DataDir{{DirData, "/data", false}, {DirTxnLog, "/datalog", true}}},
	{Repos: []string{"bitnami/zookeeper", "bitnamilegacy/zookeeper", "bitnamisecure/zookeeper"},
		Role: RoleZooKeeper, Conv: ConvBitnamiZooKeeper, Tags: TagVersion, Example: "bitnamilegacy/zookeeper:3.8",
		DataDirs: []DataDir{{DirData, "/bitnami/zookeeper", false}}},
	{Repos: []string{"wurstmeister/zookeeper"},
		Role: RoleZooKeeper, Conv: ConvPlainZooKeeper, Tags: TagVersion, Example: "wurstmeister/zookeeper:3.4.6",
		DataDirs: []DataDir{{DirData, "/opt/zookeeper-3.4.13/data", false}}},
}

// Images returns the image table, one row per image.
func Images() []Image {
	out := make([]Image, len(images))
	copy(out, images)
	return out
}

// LookupRepo returns the row of a repository path ("apache/kafka").
func LookupRepo(repo string) (Image, bool) {
	for _, im := range images {
		for _, r := range im.Repos {
			if r == repo {
				return im, true
			}
		}
	}
	return Image{}, false
}

// ForConv returns the row of a convention.
func ForConv(c Convention) (Image, bool) {
	for _, im := range images {
		if im.Conv == c {
			return im, true
		}
	}
	return Image{}, false
}

// DataDir returns the image's default directory of kind k, when it has one.
func (im Image) DataDir(k DirKind) (DataDir, bool) {
	for _, d := range im.DataDirs {
		if d.Kind == k {
			return d, true
		}
	}
	return DataDir{}, false
}

// TagVersion returns the version a tag implies: Kafka's major and minor
// for a Kafka image, the tag's own leading number for a ZooKeeper image
// (ZooKeeper's version, or Confluent Platform's on cp-zookeeper).
func (im Image) TagVersion(tag string) (major, minor int, ok bool) {
	if tag == "" {
		return 0, 0, false
	}
	switch im.Tags {
	case TagConfluent:
		ma, mi, ok := LeadingVersion(tag)
		if !ok {
			return 0, 0, false
		}
		switch {
		case ma == 6:
			return 2, mi + 6, true
		case ma >= 7:
			return ma - 4, mi, true
		}
		return 0, 0, false
	case TagScalaKafka:
		if i := strings.IndexByte(tag, '-'); i >= 0 {
			tag = tag[i+1:]
		}
	}
	return LeadingVersion(tag)
}

// Ref is a parsed image reference.
type Ref struct {
	Raw      string
	Registry string // "" for Docker Hub
	Repo     string // path without registry; "library/" dropped; lower case
	Tag      string
	Digest   string
	Dynamic  bool // the reference uses ${VAR} interpolation
}

// ParseRef reads an image reference as docker does: an optional registry
// host (Docker Hub's names count as none), the repository path, an
// optional tag and digest.
func ParseRef(raw string) Ref {
	im := Ref{Raw: raw, Dynamic: strings.Contains(raw, "$")}
	ref := strings.TrimSpace(raw)
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		im.Digest = ref[i+1:]
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		im.Tag = ref[i+1:]
		ref = ref[:i]
	}
	parts := strings.Split(ref, "/")
	if len(parts) > 1 && (strings.ContainsAny(parts[0], ".:") || parts[0] == "localhost") {
		im.Registry = parts[0]
		parts = parts[1:]
	}
	switch im.Registry {
	case "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com":
		im.Registry = ""
	}
	if len(parts) == 2 && parts[0] == "library" {
		parts = parts[1:]
	}
	im.Repo = strings.ToLower(strings.Join(parts, "/"))
	return im
}

// Image returns the table's row for the reference. Mirrors are recognised
// by repository path, whatever the registry.
func (r Ref) Image() (Image, bool) { return LookupRepo(r.Repo) }

// Classify returns the role and convention of the referenced image
// (RoleOther and ConvNone for an image the table does not know).
func (r Ref) Classify() (Role, Convention) {
	if im, ok := r.Image(); ok {
		return im.Role, im.Conv
	}
	return RoleOther, ConvNone
}

// KafkaVersion returns the Kafka major and minor version the tag of an
// image with convention conv implies, when the tag says it.
func (r Ref) KafkaVersion(conv Convention) (major, minor int, ok bool) {
	if r.Dynamic {
		return 0, 0, false
	}
	im, known := ForConv(conv)
	if !known {
		return LeadingVersion(r.Tag)
	}
	return im.TagVersion(r.Tag)
}

// LeadingVersion parses "3.9", "3.9.1", "3.9.0-debian-12-r3" or "v3.9".
func LeadingVersion(tag string) (major, minor int, ok bool) {
	tag = strings.TrimPrefix(tag, "v")
	parts := strings.SplitN(tag, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	ma, err := strconv.Atoi(parts[0])
	if err != nil {
		return 0, 0, false
	}
	mi := parts[1]
	if i := strings.IndexFunc(mi, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		mi = mi[:i]
	}
	n, err := strconv.Atoi(mi)
	if err != nil {
		return 0, 0, false
	}
	return ma, n, true
}
