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
//     line, also in the middle of an argument: the argument's characters
//     since its start or its last quote are lost ("-Dx=a#b" gives
//     nothing), and what it held up to that quote is kept and starts the
//     next argument (a"b"#c, a new line, then d gives "abd");
//   - single or double quotes group characters, blanks included, and may
//     start anywhere in an argument ("-Dk=a b" written -Dk="a b"); a quote
//     left open ends with the line;
//   - inside quotes a backslash escapes the next character, with \n \r \t
//     \f standing for those control characters; a backslash at the end of
//     a line continues the argument on the next line, dropping the blanks
//     and empty lines before the next character;
//   - outside quotes a backslash is an ordinary character (Windows paths);
//   - an empty pair of quotes gives an empty argument, except at the very
//     end of the text, where an argument counts only when it holds
//     something; a text ending in a backslash inside quotes, or in a
//     continuation, loses its last argument.
func ReadArgFile(text string) []Arg {
	const (
		findNext = iota
		inToken
		inQuote
		inComment
	)
	// lineAt is the line of every byte.
	lineAt := make([]int, len(text))
	line := 1
	for i := 0; i < len(text); i++ {
		lineAt[i] = line
		if text[i] == '\n' || (text[i] == '\r' && (i+1 >= len(text) || text[i+1] != '\n')) {
			line++
		}
	}
	var out []Arg
	// parts is what the argument holds up to its last quote; seg what
	// came since, which a "#" throws away. parts outlives the comment and
	// starts the next argument, as in the launcher.
	var parts, seg strings.Builder
	state, startLine, started := findNext, 1, false
	var quote byte
	begin := func(i int) {
		if !started {
			startLine, started = lineAt[i], true
		}
	}
	emit := func() {
		out = append(out, Arg{Value: parts.String() + seg.String(), Line: startLine})
		parts.Reset()
		seg.Reset()
		state, started = findNext, false
	}
	commit := func() {
		parts.WriteString(seg.String())
		seg.Reset()
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
				commit()
				state = inToken
			case c == '\n' || c == '\r':
				// An open quote ends with the line.
				emit()
			case c == '\\':
				if i+1 >= len(text) {
					// A backslash at the very end loses the argument.
					return out
				}
				i++
				switch e := text[i]; e {
				case 'n':
					seg.WriteByte('\n')
				case 'r':
					seg.WriteByte('\r')
				case 't':
					seg.WriteByte('\t')
				case 'f':
					seg.WriteByte('\f')
				case '\n', '\r':
					// A continuation: skip the line end and the next
					// line's leading blanks; nothing after them loses
					// the argument.
					for i+1 < len(text) && strings.IndexByte(" \t\f\r\n", text[i+1]) >= 0 {
						i++
					}
					if i+1 >= len(text) {
						return out
					}
				default:
					seg.WriteByte(e)
				}
			default:
				seg.WriteByte(c)
			}
		default:
			switch c {
			case ' ', '\t', '\f', '\n', '\r':
				if state == inToken {
					emit()
				}
			case '#':
				seg.Reset()
				state = inComment
			case '"', '\'':
				begin(i)
				commit()
				quote, state = c, inQuote
			default:
				begin(i)
				seg.WriteByte(c)
				state = inToken
			}
		}
	}
	// At the end of the text an argument that is still open counts only
	// when it holds something.
	if (state == inToken || state == inQuote) && parts.Len()+seg.Len() > 0 {
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
