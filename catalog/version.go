package catalog

import (
	"fmt"
	"strings"
)

// Version is a Kafka line the catalogue covers. Each line's rows were
// checked against the ConfigDefs of one release (Release), dumped from its
// jars into data/configdef.
type Version string

// The Kafka lines. V39 is the default: the seed's stack runs Kafka 3.9 with
// ZooKeeper. V4 is the newest 4.x release Maven Central serves, KRaft only.
const (
	V39 Version = "3.9"
	V4  Version = "4.x"
)

// Versions lists the lines, oldest first.
var Versions = []Version{V39, V4}

// Release is the Kafka release whose ConfigDefs the line's rows match.
func (v Version) Release() string {
	switch v {
	case V39:
		return "3.9.2"
	case V4:
		return "4.4.0"
	}
	return ""
}

// ParseVersion turns a user's word into a Version: 3.9 (or 3.9.N), 4.x (or
// 4, 4.4, 4.4.N). Other 4.x releases are refused rather than answered with
// 4.4's rows, which would be wrong for configs added after them.
func ParseVersion(s string) (Version, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch {
	case t == "3.9" || strings.HasPrefix(t, "3.9."):
		return V39, nil
	case t == "4.x" || t == "4" || t == "4.4" || strings.HasPrefix(t, "4.4."):
		return V4, nil
	}
	return "", fmt.Errorf("unknown Kafka version %q (one of 3.9, 4.x; 4.x is Kafka %s)", s, V4.Release())
}

// ImageVersion says which line an image tag runs: cp-kafka 7.9.x is Kafka
// 3.9, cp-kafka 8.x and apache/kafka 4.x are the 4.x line, apache/kafka
// 3.9.x is 3.9. ok is false when the tag says nothing the catalogue knows
// (latest, no tag, another line).
func ImageVersion(img Image, tag string) (v Version, ok bool) {
	t := strings.TrimPrefix(strings.ToLower(tag), "v")
	switch img {
	case CPKafka:
		switch {
		case strings.HasPrefix(t, "7.9.") || t == "7.9":
			return V39, true
		case strings.HasPrefix(t, "8.") || t == "8":
			return V4, true
		}
	case ApacheKafka:
		switch {
		case strings.HasPrefix(t, "3.9.") || t == "3.9":
			return V39, true
		case strings.HasPrefix(t, "4.") || t == "4":
			return V4, true
		}
	}
	return "", false
}

// envRefParam is the parameter of this line an image variable sets. The
// environment rules resolve names against the 3.9 line; for 4.x the
// property is looked up again (it may exist only in 4.x, or differ).
func (k *Catalog) envRefParam(ref EnvRef) *Param {
	if k.version == V39 {
		return ref.Param
	}
	if ref.Property == "" {
		return nil
	}
	comp := ref.Image.Info().Component
	if ref.Param != nil {
		comp = ref.Param.Component
	}
	p, _ := k.LookupKey(comp, ref.Property)
	return p
}

// paramCatalog is the catalogue a parameter was loaded from (3.9 for
// ZooKeeper and librdkafka rows).
func paramCatalog(p *Param) *Catalog {
	if p.Version == V4 {
		return Kafka(V4)
	}
	return get()
}

// In returns the parameter of line v with p's component and name, if v has
// one.
func In(v Version, p *Param) (*Param, bool) {
	return Kafka(v).Lookup(p.Component, p.Name)
}
