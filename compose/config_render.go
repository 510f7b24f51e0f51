package compose

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/kafkit/kafkit/catalog"
)

// configFormat is the syntax of a generated configuration file.
type configFormat int

const (
	// formatProperties is key=value, one a line, "#" comments: Kafka's
	// server.properties and ZooKeeper's zoo.cfg (both java.util.Properties).
	formatProperties configFormat = iota
	// formatJVMArgs is a Java argument file ("java @file"): one -Dkey=value
	// a line, "#" comments. It carries the ZooKeeper parameters that only a
	// Java system property can set.
	formatJVMArgs
)

// configCommentWidth is where descriptions are wrapped, not counting the
// "# " and the YAML indentation.
const configCommentWidth = 96

// configDoc is the input of renderConfig: which parameters go into one
// file and what the stack sets.
type configDoc struct {
	header   []string // paragraphs opening the file, wrapped into comment lines
	params   []*catalog.Param
	sections []configSection
	format   configFormat
	style    Style
	settings map[string]setting
	// derived overrides the shown default of a parameter for this file.
	derived func(name string) (value, note string, ok bool)
	// exclusive maps a parameter to another one that the server refuses
	// to see set together with it.
	exclusive map[string]string
	// requires maps a parameter to another one without which the server
	// refuses it.
	requires map[string]string
	// warns says, for this file only, why setting a parameter makes the
	// server warn (like warnsWhenSet, which holds for every file).
	warns func(name string) (why string, ok bool)
}

// configLine is one parameter line of a rendered file.
type configLine struct {
	param  *catalog.Param
	key    string // as written: the name, server.1, or for JVM args the property
	value  string
	active bool
}

// renderConfig writes the file described by d and returns its text and the
// parameter lines it contains, active or not, in order.
func renderConfig(d configDoc) (string, []configLine) {
	var b strings.Builder
	for _, h := range d.header {
		for _, l := range wrapWords(h, configCommentWidth) {
			writeComment(&b, l)
		}
	}

	groups := make([][]*catalog.Param, len(d.sections)+1)
	for _, p := range d.params {
		i := sectionOf(d.sections, p)
		if i < 0 {
			i = len(d.sections)
		}
		groups[i] = append(groups[i], p)
	}
	set := map[string]string{}
	for name, s := range d.settings {
		if len(s.entries) == 1 {
			set[name] = s.entries[0].value
		}
	}

	var all []configLine
	for gi, ps := range groups {
		sec := otherSection
		if gi < len(d.sections) {
			sec = d.sections[gi]
		}
		var body strings.Builder
		for _, p := range ps {
			lines, comments := d.block(p, set)
			if d.style == StyleMinimal && !anyActive(lines) {
				continue
			}
			body.WriteString("\n")
			for _, c := range comments {
				writeComment(&body, c)
			}
			for _, l := range lines {
				if !l.active {
					body.WriteString("#")
				}
				if d.format == formatJVMArgs {
					body.WriteString("-D")
				}
				body.WriteString(l.key + "=" + l.value + "\n")
			}
			all = append(all, lines...)
		}
		if body.Len() == 0 {
			continue
		}
		bar := strings.Repeat("#", 29)
		fmt.Fprintf(&b, "\n%s %s %s\n", bar, sec.title, bar)
		writeComment(&b, sec.intro)
		b.WriteString(body.String())
	}
	return b.String(), all
}

func anyActive(ls []configLine) bool {
	for _, l := range ls {
		if l.active {
			return true
		}
	}
	return false
}

// warnsWhenSet are parameters whose documented default, written as an
// active line, makes the server log a warning at every start: --explicit
// leaves them commented so that its log stays clean. Found by booting the
// explicit stack on Kafka 3.9.2 (internal/stackrun).
var warnsWhenSet = map[string]string{
	"offsets.commit.required.acks": "Kafka 3.9 logs a deprecation warning whenever it is set, even to its default",
}

// block decides the lines and the comment of one parameter.
func (d configDoc) block(p *catalog.Param, set map[string]string) ([]configLine, []string) {
	def := resolveDefault(p, set)
	var note string
	if d.derived != nil {
		if v, n, ok := d.derived(p.Name); ok {
			def = configDefault{value: v, literal: true, fact: def.fact + " (" + v + " in this file)"}
			note = n
		}
	}
	key := catalog.ConfigKey(p)
	if d.format == formatJVMArgs {
		key = p.JavaSystemProperty()
	}

	var lines []configLine
	var why string
	if s, ok := d.settings[p.Name]; ok {
		for _, e := range s.entries {
			k := e.key
			if d.format == formatJVMArgs {
				k = p.JavaSystemProperty()
			}
			// A value equal to the documented default is shown commented:
			// the stack relies on the default, and the file says so.
			active := !(def.literal && e.value == def.value && e.key == p.Name) || d.style == StyleExplicit
			lines = append(lines, configLine{param: p, key: k, value: e.value, active: active})
		}
		if anyActive(lines) {
			why = s.why
			// The line shows the stack's value, not the example.
			def.fact = strings.TrimSuffix(def.fact, "; example value")
		}
	} else {
		active := d.style == StyleExplicit && def.literal
		if other, ok := d.exclusive[p.Name]; ok && active {
			if _, isSet := d.settings[other]; isSet {
				active = false
				note = joinNote(note, "left commented: it is refused together with "+other+", which this file sets")
			}
		}
		if why, ok := warnsWhenSet[p.Name]; ok && active {
			active = false
			note = joinNote(note, "left commented: "+why)
		}
		if d.warns != nil && active {
			if why, ok := d.warns(p.Name); ok {
				active = false
				note = joinNote(note, "left commented: "+why)
			}
		}
		if other, ok := d.requires[p.Name]; ok && active {
			if _, isSet := d.settings[other]; !isSet {
				active = false
				note = joinNote(note, "left commented: it is refused without "+other+", which this file does not set")
			}
		}
		lines = append(lines, configLine{param: p, key: key, value: def.value, active: active})
	}

	var comments []string
	desc := strings.TrimSpace(p.Description)
	if why == "" {
		desc = firstSentence(desc)
	}
	if d.format == formatJVMArgs {
		// The line shows the system property; name the parameter too.
		desc = strings.TrimSpace(p.Name + ": " + desc)
	}
	comments = append(comments, wrapWords(desc, configCommentWidth)...)
	comments = append(comments, facts(p, def))
	if p.ZooCfg == "sysprop-mismatch" {
		comments = append(comments, wrapWords(fmt.Sprintf("Only this system property works: a zoo.cfg line %s=... would set zookeeper.%s, which ZooKeeper never reads.", p.Name, p.Name), configCommentWidth)...)
	}
	if note != "" {
		comments = append(comments, wrapWords("Note: "+note+".", configCommentWidth)...)
	}
	if why != "" {
		comments = append(comments, wrapWords("kafkit: "+why+".", configCommentWidth)...)
	}
	return lines, comments
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// facts is the one-line summary under a parameter's description: type,
// default, valid values, importance and whether it can change at runtime.
func facts(p *catalog.Param, def configDefault) string {
	var parts []string
	if p.Type != "" {
		parts = append(parts, p.Type)
	}
	if def.fact != "" {
		parts = append(parts, def.fact)
	}
	if v := shortValid(p.Name, p.ValidValues); v != "" {
		parts = append(parts, "valid "+v)
	}
	if p.Importance != "" {
		parts = append(parts, p.Importance+" importance")
	}
	switch p.UpdateMode {
	case "per-broker":
		parts = append(parts, "dynamic (per broker, kafka-configs --alter)")
	case "cluster-wide":
		parts = append(parts, "dynamic (cluster-wide, kafka-configs --alter)")
	default:
		parts = append(parts, "restart to change")
	}
	if p.Deprecated {
		parts = append(parts, "deprecated")
	}
	return strings.Join(parts, " | ")
}

// shortValid keeps long enumerations (inter.broker.protocol.version lists
// sixty versions) to their first and last entries.
func shortValid(name, v string) string {
	if len(v) <= 80 || !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
		return v
	}
	items := strings.Split(strings.Trim(v, "[]"), ", ")
	if len(items) < 4 {
		return v
	}
	return fmt.Sprintf("[%s, %s, ..., %s] (%d values, see kafkit params %s)", items[0], items[1], items[len(items)-1], len(items), name)
}

// firstSentence returns the text up to the first full stop that ends a
// sentence (followed by a space and a capital letter), so that commented
// parameters get a short summary; `kafkit params NAME` has the rest.
// A first sentence shorter than 40 bytes ("ZooKeeper mode.") takes the next
// one along.
func firstSentence(s string) string {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' && unicode.IsUpper(rune(s[i+2])) && i >= 40 {
			return s[:i+1]
		}
	}
	return s
}

// wrapWords splits s into lines of at most width bytes, breaking at spaces;
// a word longer than width gets a line of its own.
func wrapWords(s string, width int) []string {
	var out []string
	var line strings.Builder
	for _, w := range strings.Fields(s) {
		if line.Len() > 0 && line.Len()+1+len(w) > width {
			out = append(out, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(w)
	}
	if line.Len() > 0 {
		out = append(out, line.String())
	}
	return out
}

// writeComment writes text as comment lines; an empty text gives a bare
// "#" line, a paragraph break inside a comment block.
func writeComment(b *strings.Builder, text string) {
	if text == "" {
		b.WriteString("#\n")
		return
	}
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			b.WriteString("#\n")
			continue
		}
		b.WriteString("# " + l + "\n")
	}
}
