package catalog

import (
	"regexp"
	"strconv"
	"strings"
)

// A constraint is the machine form of a parameter's documented ValidValues:
// the text Kafka's ConfigDef validators print in the generated docs
// ("[1,...]", "[gzip, snappy]", "(case insensitive) [NONE, REBOOTSTRAP]",
// "non-empty string", ...), the same vocabulary used for ZooKeeper rows, and
// librdkafka's "a .. b" ranges and value lists.
type constraint struct {
	kind constraintKind
	// min and max bound a range; nil means unbounded on that side. The
	// texts keep the documented spelling for messages.
	min, max       *float64
	minTxt, maxTxt string
	// orValue is the one extra value allowed outside the range, as in
	// compression.gzip.level's "[1,...,9] or -1".
	orValue    *float64
	orValueTxt string
	// values is an enumeration, ci tells whether it is case-insensitive.
	values []string
	ci     bool
	// unknown keeps a constraint text this file does not understand.
	unknown string
}

type constraintKind int

const (
	cNone constraintKind = iota
	cRange
	cEnum
	cVersions // MetadataVersion strings: full ("3.9-IV0") or short ("3.9")
	cNonEmptyString
	cNonEmptyList // Kafka prints it for the controller quorum lists; see below
	cThrottledReplicas
	cUnknown
)

var (
	rangeRe    = regexp.MustCompile(`^\[\s*([-+0-9.eE]+|\.\.\.)\s*,\s*\.\.\.\s*(?:,\s*([-+0-9.eE]+)\s*)?\]$`)
	rangeOrRe  = regexp.MustCompile(`^(\[.*\])\s+or\s+([-+0-9.eE]+)$`)
	rdRangeRe  = regexp.MustCompile(`^([-+0-9.eE]+)\s*\.\.\s*([-+0-9.eE]+)$`)
	versionRe  = regexp.MustCompile(`^\d+\.\d+(\.\d+)?(-IV\d+)?$`)
	upperBound = regexp.MustCompile(`^\[\s*\.\.\.\s*,\s*([-+0-9.eE]+)\s*\]$`)
)

// parseConstraint turns a ValidValues text into a constraint. bare allows
// librdkafka's enumerations without brackets ("none, gzip, snappy");
// elsewhere a bracket-less text is a format described in words.
func parseConstraint(text string, bare bool) constraint {
	t := strings.TrimSpace(text)
	switch t {
	case "", "non-null string":
		// NonNullValidator: a value read from a properties file or an
		// environment variable is never null, so nothing can fail.
		return constraint{kind: cNone}
	case "non-empty string":
		return constraint{kind: cNonEmptyString}
	case "non-empty list":
		return constraint{kind: cNonEmptyList}
	case "[partitionId]:[brokerId],[partitionId]:[brokerId],...":
		return constraint{kind: cThrottledReplicas}
	}
	if m := rangeOrRe.FindStringSubmatch(t); m != nil {
		c := parseConstraint(m[1], false)
		if c.kind == cRange {
			if v, err := strconv.ParseFloat(m[2], 64); err == nil {
				c.orValue, c.orValueTxt = &v, m[2]
				return c
			}
		}
		return constraint{kind: cUnknown, unknown: text}
	}
	if m := rangeRe.FindStringSubmatch(t); m != nil {
		c := constraint{kind: cRange}
		if m[1] != "..." {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				return constraint{kind: cUnknown, unknown: text}
			}
			c.min, c.minTxt = &v, m[1]
		}
		if m[2] != "" {
			v, err := strconv.ParseFloat(m[2], 64)
			if err != nil {
				return constraint{kind: cUnknown, unknown: text}
			}
			c.max, c.maxTxt = &v, m[2]
		}
		return c
	}
	if m := upperBound.FindStringSubmatch(t); m != nil {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return constraint{kind: cUnknown, unknown: text}
		}
		return constraint{kind: cRange, max: &v, maxTxt: m[1]}
	}
	if m := rdRangeRe.FindStringSubmatch(t); m != nil {
		lo, err1 := strconv.ParseFloat(m[1], 64)
		hi, err2 := strconv.ParseFloat(m[2], 64)
		if err1 != nil || err2 != nil {
			return constraint{kind: cUnknown, unknown: text}
		}
		return constraint{kind: cRange, min: &lo, minTxt: m[1], max: &hi, maxTxt: m[2]}
	}
	ci := false
	if rest, ok := strings.CutPrefix(t, "(case insensitive)"); ok {
		ci, t = true, strings.TrimSpace(rest)
	}
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		t = t[1 : len(t)-1]
	} else if ci || !bare || !strings.Contains(t, ",") {
		return constraint{kind: cUnknown, unknown: text}
	}
	// A bare comma-separated list is librdkafka's way of writing an
	// enumeration ("none, gzip, snappy").
	var vals []string
	for _, v := range strings.Split(t, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return constraint{kind: cUnknown, unknown: text}
		}
		vals = append(vals, v)
	}
	if len(vals) > 10 {
		allVersions := true
		for _, v := range vals {
			if !versionRe.MatchString(v) {
				allVersions = false
				break
			}
		}
		if allVersions {
			return constraint{kind: cVersions, values: vals}
		}
	}
	return constraint{kind: cEnum, values: vals, ci: ci}
}

// checkNumber applies a range constraint the way ConfigDef.Range does: it
// compares doubles, so NaN passes (every comparison with NaN is false),
// exactly as it does in Kafka.
func (c *constraint) checkNumber(v float64) string {
	if c.kind != cRange {
		return ""
	}
	if c.orValue != nil && v == *c.orValue {
		return ""
	}
	below := c.min != nil && v < *c.min
	above := c.max != nil && v > *c.max
	if !below && !above {
		return ""
	}
	if c.orValue != nil {
		switch {
		case c.max == nil:
			return "must be at least " + c.minTxt + ", or " + c.orValueTxt
		case c.min == nil:
			return "must be at most " + c.maxTxt + ", or " + c.orValueTxt
		}
		return "must be between " + c.minTxt + " and " + c.maxTxt + ", or " + c.orValueTxt
	}
	if below {
		return "must be at least " + c.minTxt
	}
	return "must be at most " + c.maxTxt
}

// checkEnum checks one string against an enumeration. Kafka's ValidString
// is case-sensitive and CaseInsensitiveValidString upper-cases the value
// first; the documented text says which one a parameter uses.
func (c *constraint) checkEnum(s string) string {
	for _, v := range c.values {
		if s == v || c.ci && strings.EqualFold(s, v) {
			return ""
		}
	}
	reason := "must be one of: " + strings.Join(c.values, ", ")
	if s == "" {
		return "must not be empty; " + reason
	}
	if !c.ci {
		for _, v := range c.values {
			if strings.EqualFold(s, v) {
				return reason + ` (values are case-sensitive: write "` + v + `")`
			}
		}
	}
	return reason
}

// checkNumberEnum checks a parsed number against an enumeration of numbers
// (ZooKeeper's electionAlg accepts only 3).
func (c *constraint) checkNumberEnum(n float64) string {
	for _, v := range c.values {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f == n {
			return ""
		}
	}
	return "must be one of: " + strings.Join(c.values, ", ")
}

// checkVersion mirrors MetadataVersion.fromVersionString: "3.9-IV0" and
// "3.9" are valid, and so is anything whose first two dot-separated segments
// (three for 0.x versions) form a valid short version, e.g. "3.9.1".
func (c *constraint) checkVersion(s string) string {
	segs := javaSplit(s, ".")
	n := 2
	if strings.HasPrefix(s, "0.") {
		n = 3
	}
	key := s
	if n < len(segs) {
		key = strings.Join(segs[:n], ".")
	}
	for _, v := range c.values {
		short := v
		if i := strings.Index(v, "-IV"); i >= 0 {
			short = v[:i]
		}
		if key == v || key == short {
			return ""
		}
	}
	return "not a known Kafka version (use e.g. 3.9 or 3.9-IV0)"
}

// javaSplit mirrors String.split with a literal separator: trailing empty
// strings are removed, except that a string without the separator (""
// included) comes back whole.
func javaSplit(s, sep string) []string {
	if !strings.Contains(s, sep) {
		return []string{s}
	}
	parts := strings.Split(s, sep)
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}
