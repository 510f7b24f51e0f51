package catalog

import (
	"fmt"
	"strconv"
	"strings"
)

// librdkafka validates in rd_kafka_conf_set: an empty value resets a string
// to its default but is an error for every other type; booleans accept
// true/false/t/f case-insensitively and 1/0; integers are parsed with strtol
// and range-checked (acks also takes "all"); enumerations match
// case-insensitively; CSV flags are comma-separated names, each optionally
// prefixed by + or -; callback and pointer properties cannot be set from a
// string at all.
//
// One deliberate difference: librdkafka's strtol/strtod stop at the first
// character that is not part of a number and ignore the rest ("100ms" is
// read as 100, "5s" as 5). kafkit applies these names through its own
// client, so a trailing unit is rejected here instead of silently dropped.

func rdRule(p *Param) *rule {
	target := p
	if p.AliasOf != "" {
		if t, ok := lookupLevel(p.AliasOf, p.Level); ok {
			target = t
		}
	}
	c := parseConstraint(target.ValidValues, true)
	if target.Type == "boolean" {
		c = constraint{kind: cNone} // "true, false" is the type, not an enumeration
	}
	r := &rule{valid: target.ValidValues}
	if c.kind == cUnknown {
		r.unknown = c.unknown
	}
	empty := "cannot be set to an empty value"
	switch target.Type {
	case "see dedicated API":
		r.valid = ""
		r.check = func(string) string {
			return "can only be set through librdkafka's C API, not as a configuration string"
		}
	case "boolean":
		r.valid = "true, false"
		r.check = func(raw string) string {
			switch {
			case raw == "":
				return empty
			case raw == "1" || raw == "0":
				return ""
			}
			for _, w := range []string{"true", "t", "false", "f"} {
				if strings.EqualFold(raw, w) {
					return ""
				}
			}
			return "must be true or false"
		}
	case "integer":
		acksAll := target.Name == "request.required.acks"
		r.check = func(raw string) string {
			if raw == "" {
				return empty
			}
			t := strings.TrimSpace(raw)
			if acksAll && strings.EqualFold(t, "all") {
				return ""
			}
			n, ok := parseCInt(t)
			if !ok {
				return "not a whole number"
			}
			return c.checkNumber(float64(n))
		}
	case "float":
		r.check = func(raw string) string {
			if raw == "" {
				return empty
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
			if err != nil || strings.Contains(raw, "_") {
				return "not a number"
			}
			return c.checkNumber(f)
		}
	case "enum value":
		r.check = func(raw string) string {
			if raw == "" {
				return empty
			}
			cc := c
			cc.ci = true
			return cc.checkEnum(strings.TrimSpace(raw))
		}
	case "CSV flags":
		r.check = func(raw string) string {
			if raw == "" {
				return empty
			}
			cc := c
			cc.ci = true
			for _, f := range strings.Split(raw, ",") {
				f = strings.TrimSpace(f)
				f = strings.TrimLeft(f, "+-")
				if f == "" {
					continue
				}
				if cc.kind == cEnum {
					if why := cc.checkEnum(f); why != "" {
						return fmt.Sprintf("flag %q: %s", f, why)
					}
				}
			}
			return ""
		}
	default: // string, pattern list
		r.check = func(string) string { return "" }
	}
	return r
}

// parseCInt parses an integer the way strtol with base 0 reads a whole
// string: optional sign, then decimal digits, 0x hexadecimal or 0 octal
// digits. A value beyond int64 is reported as a huge number, which every
// librdkafka range rejects.
func parseCInt(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	base := 10
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, s = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		var d int
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		if n < 1<<62 {
			n = n*uint64(base) + uint64(d)
		}
	}
	v := int64(min(n, 1<<62))
	if neg {
		v = -v
	}
	return v, true
}

// lookupLevel finds a librdkafka property by name at a level, falling back
// to the other level.
func lookupLevel(name, level string) (*Param, bool) {
	var other *Param
	for _, p := range Of(Librdkafka) {
		if p.Name != name {
			continue
		}
		if p.Level == level {
			return p, true
		}
		other = p
	}
	return other, other != nil
}
