package compose

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// zkExpr matches the ZooKeeper defaults that the admin guide states as a
// formula of another parameter: "2*tickTime", "initLimit", "flushDelay/3".
var zkExpr = regexp.MustCompile(`^(?:(\d+)\*)?([A-Za-z][A-Za-z0-9.]*)(?:/(\d+))?$`)

// configDefault is the value shown for a parameter and how to describe it.
type configDefault struct {
	value string // the value on the commented line
	// literal is true when value is the documented default itself, so that
	// writing it changes nothing (it may then be made active by
	// --explicit). False for examples and for defaults that depend on the
	// machine.
	literal bool
	// fact is how the facts line names the default: "default 168",
	// `default "" (empty)`, "default 2*tickTime (4000 with this file's
	// tickTime)", "no default; example value".
	fact string
}

// resolveDefault works out what to show for p, given the values the stack
// sets for other parameters of the same file (for formulas such as
// 2*tickTime).
func resolveDefault(p *catalog.Param, set map[string]string) configDefault {
	example := func(why string) configDefault {
		if p.Example == "" {
			return configDefault{fact: why}
		}
		return configDefault{value: p.Example, fact: why + "; example value"}
	}
	if p.Required {
		return example("required")
	}
	if !p.HasDefault {
		return example("no default")
	}
	if p.FileDefault != "" {
		words := p.FileDefaultText
		if words == "" {
			words = p.FileDefault
		}
		return configDefault{value: p.FileDefault, literal: true, fact: "default " + words}
	}
	d := p.Default
	if p.Component != catalog.ZooKeeper {
		if d == "" {
			return configDefault{value: "", literal: true, fact: `default "" (empty)`}
		}
		return configDefault{value: d, literal: true, fact: "default " + d}
	}
	// ZooKeeper's admin guide states defaults in prose; the catalogue keeps
	// its words where they are not a zoo.cfg value.
	switch {
	case d == `""`:
		return configDefault{value: "", literal: true, fact: "default empty"}
	case d == "null":
		return example("no default (unset)")
	case strings.Contains(d, "cpu_cores"):
		return example("default " + d + ", depends on the machine")
	}
	if _, err := strconv.ParseFloat(d, 64); err == nil || !zkExpr.MatchString(d) {
		return configDefault{value: d, literal: true, fact: "default " + d}
	}
	m := zkExpr.FindStringSubmatch(d)
	ref, ok := catalog.Lookup(catalog.ZooKeeper, m[2])
	if !ok {
		// A word that is not a parameter: a plain value such as "yes".
		return configDefault{value: d, literal: true, fact: "default " + d}
	}
	base, known := set[ref.Name]
	if !known {
		if ref.HasDefault {
			base = resolveDefault(ref, set).value
		} else if ex := ref.Example; ex != "" {
			// The referenced parameter is not set in this file (initLimit
			// on a standalone server): show the formula with its example.
			v := applyZKExpr(ex, m)
			return configDefault{value: v, fact: "default " + d + "; example value for " + ref.Name + "=" + ex}
		}
	}
	v := applyZKExpr(base, m)
	if v == "" {
		return example("default " + d)
	}
	with := "with this file's " + ref.Name
	if !known {
		with = "with " + ref.Name + " at its default"
	}
	return configDefault{value: v, literal: true, fact: "default " + d + " (" + v + " " + with + ")"}
}

// applyZKExpr computes factor*base/divisor with Java's integer arithmetic;
// it returns "" when base is not an integer.
func applyZKExpr(base string, m []string) string {
	n, err := strconv.ParseInt(base, 10, 64)
	if err != nil {
		return ""
	}
	if m[1] != "" {
		f, _ := strconv.ParseInt(m[1], 10, 64)
		n *= f
	}
	if m[3] != "" {
		d, _ := strconv.ParseInt(m[3], 10, 64)
		if d != 0 {
			n /= d
		}
	}
	return strconv.FormatInt(n, 10)
}
