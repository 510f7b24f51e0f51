package javaconf

import (
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Entry is one key and value of a properties file, unescaped, with where
// it was written. Lines and columns count from 1; a column counts
// characters (runes), not bytes.
type Entry struct {
	Key   string
	Value string
	// Line and Col are where the entry's logical line starts: the first
	// character of the key (or of the separator when the key is empty).
	Line, Col int
	// ValueLine and ValueCol are where the value starts. For an empty
	// value they point just past the end of the logical line.
	ValueLine, ValueCol int
	// EndLine is the last physical line of the entry: larger than Line
	// when the entry continues over several lines.
	EndLine int
}

// Properties is what a properties file holds: every entry in file order,
// duplicates included. java.util.Properties keeps the last value of a key
// given twice; Get, Map and Effective give that view.
type Properties struct {
	Entries []Entry
}

// Get returns the value Java would hold for key: that of its last entry.
func (p *Properties) Get(key string) (string, bool) {
	for i := len(p.Entries) - 1; i >= 0; i-- {
		if p.Entries[i].Key == key {
			return p.Entries[i].Value, true
		}
	}
	return "", false
}

// Map returns the properties as java.util.Properties holds them: each key
// once, with its last value.
func (p *Properties) Map() map[string]string {
	m := make(map[string]string, len(p.Entries))
	for _, e := range p.Entries {
		m[e.Key] = e.Value
	}
	return m
}

// Effective returns each key once, in the order keys first appear, with
// the value (and value position) of its last entry: Java's view, in the
// order a reader of the file expects.
func (p *Properties) Effective() []Entry {
	var out []Entry
	at := map[string]int{}
	for _, e := range p.Entries {
		if i, ok := at[e.Key]; ok {
			out[i].Value, out[i].ValueLine, out[i].ValueCol, out[i].EndLine = e.Value, e.ValueLine, e.ValueCol, e.EndLine
			continue
		}
		at[e.Key] = len(out)
		out = append(out, e)
	}
	return out
}

// SyntaxError is text java.util.Properties.load refuses (it throws
// IllegalArgumentException): a malformed \uXXXX escape, or, for
// ReadProperties, bytes that are not UTF-8. Line is the first physical
// line of the entry at fault.
type SyntaxError struct {
	Line int
	Err  error
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *SyntaxError) Unwrap() error { return e.Err }

// ErrNotUTF8 is the cause of a SyntaxError for bytes that are not UTF-8.
var ErrNotUTF8 = errors.New("not valid UTF-8 text")

// ReadProperties reads the text of a properties file as
// java.util.Properties.load does:
//
//   - lines end with \n, \r or \r\n; blanks (space, tab, form feed) at the
//     start of a line are skipped, and lines left empty are ignored;
//   - a line whose first non-blank character is # or ! is a comment, and a
//     comment never continues onto the next line;
//   - a line ending in an odd number of backslashes continues on the next
//     line, whose leading blanks are dropped; at the end of the text the
//     odd backslash is simply dropped;
//   - the key ends at the first '=', ':' or blank not escaped by a
//     backslash; blanks, then at most one '=' or ':', then blanks again
//     separate it from the value, which is the rest of the logical line
//     (trailing blanks kept);
//   - escapes in keys and values: \t \n \r \f, \uXXXX (exactly four hex
//     digits, else a SyntaxError, as Java throws), and a backslash before
//     any other character stands for that character ("\=", "\ ", "\\").
//
// Non-ASCII bytes: Kafka reads server.properties and the tools' -F and
// --command-config files through Utils.loadProps, that is
// Properties.load(InputStream), which decodes every byte as one
// ISO-8859-1 character. ReadProperties instead reads the text as UTF-8,
// which is what the people writing these files mean and what kafkit's own
// client uses; invalid UTF-8 is a SyntaxError rather than silent
// mojibake. The two agree on ASCII and on \uXXXX escapes, which is all
// Kafka's own configuration needs; a non-ASCII character written as
// itself reaches a JVM as its UTF-8 bytes taken one by one
// (ReadPropertiesLatin1 shows exactly that), so portable files escape it.
// ReadServerProperties, for a server's own file, falls back to the JVM's
// reading instead of refusing bytes that are not UTF-8.
//
// A UTF-16 surrogate pair written as two \u escapes becomes one character,
// as in Java; a lone surrogate, which a Go string cannot hold, becomes
// U+FFFD.
//
// On a SyntaxError the entries before the bad one are returned with it.
func ReadProperties(data []byte) (*Properties, error) {
	chars := make([]rune, 0, len(data))
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			line := 1 + countLines(data[:i])
			return &Properties{}, &SyntaxError{Line: line, Err: ErrNotUTF8}
		}
		chars = append(chars, r)
		i += n
	}
	return readProperties(chars)
}

// ReadPropertiesLatin1 reads data exactly as a JVM's
// Properties.load(InputStream) does, every byte one ISO-8859-1 character:
// the UTF-8 bytes of "é" give the two characters "Ã©". Use it to show
// what Kafka makes of a file; otherwise it follows ReadProperties.
func ReadPropertiesLatin1(data []byte) (*Properties, error) {
	chars := make([]rune, len(data))
	for i, b := range data {
		chars[i] = rune(b)
	}
	return readProperties(chars)
}

// ReadServerProperties reads a server's own file (server.properties,
// zoo.cfg) as ReadProperties does when it is UTF-8 and as the JVM does
// (ReadPropertiesLatin1) when it is not: Kafka and ZooKeeper accept any
// bytes, so a file they start with is never refused for its encoding.
func ReadServerProperties(data []byte) (*Properties, error) {
	if !utf8.Valid(data) {
		return ReadPropertiesLatin1(data)
	}
	return ReadProperties(data)
}

// countLines counts the line terminators (\n, \r, \r\n) in b.
func countLines(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			n++
		case '\r':
			n++
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		}
	}
	return n
}

// pos is a character's physical line and column.
type pos struct{ line, col int }

// propReader is java.util.Properties' line reader over characters with
// their positions.
type propReader struct {
	chars []rune
	at    []pos
	off   int
}

func isPropBlank(c rune) bool { return c == ' ' || c == '\t' || c == '\f' }

// readLine returns the indices (into chars) of the next logical line's
// characters, continuation backslashes removed, and false at the end.
func (r *propReader) readLine(buf []int) (line []int, start int, ok bool) {
	line, start = buf[:0], -1
	skipBlank, appendedLineBegin, precedingBackslash := true, false, false
	for {
		if r.off >= len(r.chars) {
			if len(line) == 0 {
				return nil, 0, false
			}
			if precedingBackslash {
				line = line[:len(line)-1]
			}
			return line, start, true
		}
		i := r.off
		c := r.chars[i]
		r.off++
		if skipBlank {
			if isPropBlank(c) {
				continue
			}
			if !appendedLineBegin && (c == '\r' || c == '\n') {
				continue
			}
			skipBlank, appendedLineBegin = false, false
		}
		if len(line) == 0 && (c == '#' || c == '!') {
			// A comment: skip to the end of the line.
			for r.off < len(r.chars) && r.chars[r.off] != '\n' && r.chars[r.off] != '\r' {
				r.off++
			}
			if r.off >= len(r.chars) {
				return nil, 0, false
			}
			r.off++
			skipBlank = true
			continue
		}
		if c != '\n' && c != '\r' {
			if len(line) == 0 {
				start = i
			}
			line = append(line, i)
			precedingBackslash = c == '\\' && !precedingBackslash
			continue
		}
		// The end of a physical line.
		if len(line) == 0 {
			skipBlank = true
			continue
		}
		if r.off >= len(r.chars) {
			if precedingBackslash {
				line = line[:len(line)-1]
			}
			return line, start, true
		}
		if !precedingBackslash {
			return line, start, true
		}
		// An escaped line end: drop the backslash, go on with the next
		// line without its leading blanks.
		line = line[:len(line)-1]
		skipBlank, appendedLineBegin, precedingBackslash = true, true, false
		if c == '\r' && r.chars[r.off] == '\n' {
			r.off++
		}
	}
}

func readProperties(chars []rune) (*Properties, error) {
	r := &propReader{chars: chars, at: make([]pos, len(chars)+1)}
	line, col := 1, 1
	for i, c := range chars {
		r.at[i] = pos{line, col}
		col++
		if c == '\n' || (c == '\r' && (i+1 >= len(chars) || chars[i+1] != '\n')) {
			line, col = line+1, 1
		}
	}
	r.at[len(chars)] = pos{line, col}
	props := &Properties{}
	var buf []int
	for {
		idx, start, ok := r.readLine(buf)
		if !ok {
			return props, nil
		}
		buf = idx
		e, err := r.entry(idx, start)
		if err != nil {
			return props, err
		}
		props.Entries = append(props.Entries, e)
	}
}

// entry splits one logical line into key and value as Properties.load0
// does and unescapes both.
// start is the index of the line's first character, which idx lacks when
// the line is a lone continuation backslash at the end of the text.
func (r *propReader) entry(idx []int, start int) (Entry, error) {
	limit := len(idx)
	keyLen, valueStart := 0, limit
	hasSep, precedingBackslash := false, false
	for keyLen < limit {
		c := r.chars[idx[keyLen]]
		if (c == '=' || c == ':') && !precedingBackslash {
			valueStart, hasSep = keyLen+1, true
			break
		}
		if isPropBlank(c) && !precedingBackslash {
			valueStart = keyLen + 1
			break
		}
		precedingBackslash = c == '\\' && !precedingBackslash
		keyLen++
	}
	for valueStart < limit {
		c := r.chars[idx[valueStart]]
		if !isPropBlank(c) {
			if hasSep || (c != '=' && c != ':') {
				break
			}
			hasSep = true
		}
		valueStart++
	}
	first := r.at[start]
	lastPos := first
	if limit > 0 {
		lastPos = r.at[idx[limit-1]]
	}
	e := Entry{Line: first.line, Col: first.col, EndLine: lastPos.line}
	if valueStart < limit {
		v := r.at[idx[valueStart]]
		e.ValueLine, e.ValueCol = v.line, v.col
	} else {
		e.ValueLine, e.ValueCol = lastPos.line, lastPos.col+1
		if limit == 0 {
			e.ValueCol = first.col
		}
	}
	key, err := r.convert(idx[:keyLen])
	if err != nil {
		return e, &SyntaxError{Line: first.line, Err: fmt.Errorf("key %q: %w", r.text(idx[:keyLen]), err)}
	}
	value, err := r.convert(idx[valueStart:])
	if err != nil {
		return e, &SyntaxError{Line: first.line, Err: fmt.Errorf("value of %q: %w", key, err)}
	}
	e.Key, e.Value = key, value
	return e, nil
}

func (r *propReader) text(idx []int) string {
	s := make([]rune, len(idx))
	for i, j := range idx {
		s[i] = r.chars[j]
	}
	return string(s)
}

// convert resolves the escapes of a key or value, as Properties.loadConvert.
func (r *propReader) convert(idx []int) (string, error) {
	plain := true
	for _, j := range idx {
		if r.chars[j] == '\\' {
			plain = false
			break
		}
	}
	if plain {
		return r.text(idx), nil
	}
	// Java strings are UTF-16; build one so that surrogate pairs written
	// as two escapes join.
	out := make([]uint16, 0, len(idx))
	for k := 0; k < len(idx); k++ {
		c := r.chars[idx[k]]
		if c != '\\' {
			out = utf16.AppendRune(out, c)
			continue
		}
		k++
		if k >= len(idx) {
			// Cannot happen: the line reader drops an odd trailing
			// backslash and a key never ends in one.
			break
		}
		switch c = r.chars[idx[k]]; c {
		case 't':
			out = append(out, '\t')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 'f':
			out = append(out, '\f')
		case 'u':
			if k+4 >= len(idx) {
				return "", fmt.Errorf("malformed \\uXXXX escape %q: want four hex digits", `\`+r.text(idx[k:]))
			}
			var v uint16
			for _, j := range idx[k+1 : k+5] {
				d, ok := hexDigit(r.chars[j])
				if !ok {
					return "", fmt.Errorf("malformed \\uXXXX escape %q: want four hex digits", `\`+r.text(idx[k:k+5]))
				}
				v = v<<4 | d
			}
			k += 4
			out = append(out, v)
		default:
			out = utf16.AppendRune(out, c)
		}
	}
	return string(utf16.Decode(out)), nil
}

func hexDigit(c rune) (uint16, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint16(c - '0'), true
	case c >= 'a' && c <= 'f':
		return uint16(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return uint16(c-'A') + 10, true
	}
	return 0, false
}
