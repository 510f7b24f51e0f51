package client

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// Property is one client property and where it came from. Origin appears in
// error messages so that a bad value can be found: "client.properties:12",
// "-X", "--brokers", "KAFKIT_BROKERS" or "kafkit default".
type Property struct {
	Name   string
	Value  string
	Origin string
}

// ReadPropertiesFile reads a .properties file (see ParseProperties); each
// property's Origin is "path:line".
func ReadPropertiesFile(path string) ([]Property, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("unable to read properties file: %w", err)
	}
	return ParseProperties(path, b)
}

// ParseProperties parses the text of a .properties file the way Java's
// java.util.Properties.load does, which is how the Java client and Kafka's
// command-line tools read --command-config and client.properties files:
//
//   - lines end with \n, \r or \r\n; leading blanks (space, tab, form feed)
//     are skipped; empty lines are ignored;
//   - a line whose first non-blank character is # or ! is a comment (a
//     comment never continues onto the next line);
//   - a line ending in an odd number of backslashes continues on the next
//     line, whose leading blanks are skipped;
//   - the key ends at the first unescaped '=', ':' or blank; blanks around a
//     single separator are skipped; the rest of the line is the value, kept
//     as written (Kafka trims values when it interprets them, and so does
//     kafkit);
//   - escapes: \t \n \r \f, \uXXXX, and a backslash before any other
//     character stands for that character (so "\=" and "\ " can appear in
//     keys, and "\\" is one backslash).
//
// One deliberate difference: Java reads the bytes as ISO-8859-1, kafkit as
// UTF-8. The two agree on ASCII, which is what client properties contain;
// invalid UTF-8 is an error instead of silent mojibake. A key given twice
// keeps its last value, as in Java; both are returned, in file order, and
// later ones win when the properties are applied. name labels the origin of
// each property ("name:line").
func ParseProperties(name string, data []byte) ([]Property, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not valid UTF-8 text", name)
	}
	var out []Property
	lines := splitNaturalLines(string(data))
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := trimLeftBlanks(lines[i])
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		// Join continuation lines: an odd number of trailing backslashes
		// escapes the line terminator.
		var logical strings.Builder
		for {
			if !endsWithOddBackslashes(line) {
				logical.WriteString(line)
				break
			}
			logical.WriteString(line[:len(line)-1])
			i++
			if i >= len(lines) {
				break
			}
			line = trimLeftBlanks(lines[i])
		}
		key, value, err := splitKeyValue(logical.String())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, lineNo, err)
		}
		out = append(out, Property{Name: key, Value: value, Origin: fmt.Sprintf("%s:%d", name, lineNo)})
	}
	return out, nil
}

// splitNaturalLines splits on \n, \r and \r\n, the terminators Java accepts.
func splitNaturalLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			lines = append(lines, s[start:i])
			start = i + 1
		case '\r':
			lines = append(lines, s[start:i])
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\f' }

func trimLeftBlanks(s string) string {
	i := 0
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return s[i:]
}

func endsWithOddBackslashes(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// splitKeyValue splits one logical line into its unescaped key and value.
func splitKeyValue(line string) (string, string, error) {
	// Find the end of the key: the first unescaped separator or blank.
	keyEnd := len(line)
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '\\' {
			i++ // the next character is escaped, whatever it is
			continue
		}
		if c == '=' || c == ':' || isBlank(c) {
			keyEnd = i
			break
		}
	}
	rest := line[keyEnd:]
	rest = trimLeftBlanks(rest)
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = trimLeftBlanks(rest[1:])
	}
	key, err := unescape(line[:keyEnd])
	if err != nil {
		return "", "", fmt.Errorf("key %q: %w", line[:keyEnd], err)
	}
	value, err := unescape(rest)
	if err != nil {
		return "", "", fmt.Errorf("value of %q: %w", key, err)
	}
	return key, value, nil
}

func unescape(s string) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b bytes.Buffer
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			// A lone trailing backslash (an escaped line end at the very
			// end of the file) stands for nothing, as in Java.
			break
		}
		switch c = s[i]; c {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if i+4 >= len(s) {
				return "", fmt.Errorf("malformed \\uXXXX escape %q: want four hex digits", s[i-1:])
			}
			var r rune
			for _, h := range []byte(s[i+1 : i+5]) {
				d, ok := hexDigit(h)
				if !ok {
					return "", fmt.Errorf("malformed \\uXXXX escape %q: want four hex digits", s[i-1:i+5])
				}
				r = r<<4 | rune(d)
			}
			i += 4
			// Java strings are UTF-16: a surrogate pair arrives as two
			// escapes.
			if r >= 0xD800 && r < 0xDC00 && i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
				var lo rune
				ok := true
				for _, h := range []byte(s[i+3 : i+7]) {
					d, good := hexDigit(h)
					if !good {
						ok = false
						break
					}
					lo = lo<<4 | rune(d)
				}
				if ok && lo >= 0xDC00 && lo < 0xE000 {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					i += 6
				}
			}
			b.WriteRune(r)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// ParseSetFlag splits one -X argument, "name=value", into a Property with
// Origin "-X". Blanks around the name are trimmed; the value is kept as
// given.
func ParseSetFlag(arg string) (Property, error) {
	name, value, ok := strings.Cut(arg, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return Property{}, &PropertyError{Name: arg, Origin: "-X", Kind: Malformed,
			Err: fmt.Errorf("want name=value, for example -X acks=all")}
	}
	return Property{Name: name, Value: value, Origin: "-X"}, nil
}
