package javaconf

import "strings"

// Arg is one argument of a JVM argument file and the line it starts on.
type Arg struct {
	Value string
	Line  int
}

// ReadArgFile splits the text of a JVM argument file (java @file) into
// arguments as the java launcher does:
//
//   - spaces, tabs, form feeds and line ends separate arguments;
//   - outside quotes, "#" starts a comment that runs to the end of the
//     line, also in the middle of an argument, whose characters since its
//     start or its last quote are then lost: "-Dx=a#b" gives nothing;
//   - single or double quotes group characters, blanks included, and may
//     start anywhere in an argument ("-Dk=a b" written -Dk="a b");
//   - inside quotes a backslash escapes the next character, with \n \r \t
//     \f standing for those control characters; a backslash at the end of
//     a line continues the argument on the next line, whose leading
//     blanks are dropped;
//   - outside quotes a backslash is an ordinary character (Windows paths);
//   - an empty pair of quotes gives an empty argument.
func ReadArgFile(text string) []Arg {
	const (
		findNext = iota
		inToken
		inQuote
		inComment
	)
	var out []Arg
	var cur strings.Builder
	// lineAt is the line of every byte.
	lineAt := make([]int, len(text))
	line := 1
	for i := 0; i < len(text); i++ {
		lineAt[i] = line
		if text[i] == '\n' || (text[i] == '\r' && (i+1 >= len(text) || text[i+1] != '\n')) {
			line++
		}
	}
	state, startLine := findNext, 1
	var quote byte
	emit := func() {
		out = append(out, Arg{Value: cur.String(), Line: startLine})
		cur.Reset()
		state = findNext
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch state {
		case inComment:
			if c == '\n' || c == '\r' {
				state = findNext
			}
		case inQuote:
			switch {
			case c == quote:
				state = inToken
			case c == '\n' || c == '\r':
				// An open quote ends with the line.
				emit()
			case c == '\\' && i+1 < len(text):
				i++
				switch e := text[i]; e {
				case 'n':
					cur.WriteByte('\n')
				case 'r':
					cur.WriteByte('\r')
				case 't':
					cur.WriteByte('\t')
				case 'f':
					cur.WriteByte('\f')
				case '\n', '\r':
					// A continuation: skip the line end and the next
					// line's leading blanks.
					for i+1 < len(text) && strings.IndexByte(" \t\f\r\n", text[i+1]) >= 0 {
						i++
					}
				default:
					cur.WriteByte(e)
				}
			default:
				cur.WriteByte(c)
			}
		default:
			switch c {
			case ' ', '\t', '\f', '\n', '\r':
				if state == inToken {
					emit()
				}
			case '#':
				cur.Reset()
				state = inComment
			case '"', '\'':
				if state == findNext {
					startLine = lineAt[i]
				}
				quote, state = c, inQuote
			default:
				if state == findNext {
					startLine = lineAt[i]
				}
				cur.WriteByte(c)
				state = inToken
			}
		}
	}
	if state == inToken || state == inQuote {
		emit()
	}
	return out
}

// ArgValues returns the values of args.
func ArgValues(args []Arg) []string {
	if args == nil {
		return nil
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}
