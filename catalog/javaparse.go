package catalog

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// This file reproduces the few java.lang parsing routines that decide whether
// Kafka and ZooKeeper accept a value: String.trim, Integer/Short/Long.parseInt
// and Double.parseDouble. Go's strconv differs from them in small but visible
// ways (Go accepts "inf", "1_000" and "0x10" in places Java does not, Java
// accepts "1.5d" and non-ASCII decimal digits), and a validator that claims to
// answer "would Kafka accept this?" has to follow Java, not Go.

// javaTrim mirrors String.trim: it strips every leading and trailing char
// whose code is at most U+0020 (space and all ASCII control characters), and
// nothing else (not U+00A0, not U+3000).
func javaTrim(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] <= ' ' {
		i++
	}
	for j > i && s[j-1] <= ' ' {
		j--
	}
	return s[i:j]
}

// javaDigit mirrors Character.digit(ch, 10) for chars of the Basic
// Multilingual Plane: ASCII digits and every other Unicode decimal digit
// (Arabic-Indic, fullwidth, ...) count; Java parses strings as UTF-16, so a
// supplementary-plane digit arrives as two surrogates and never counts.
func javaDigit(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r > 0xFFFF || !unicode.Is(unicode.Nd, r) {
		return -1
	}
	// Decimal digits come in contiguous runs of ten starting at zero; walk
	// back to the start of the run.
	z := r
	for z > 0 && unicode.Is(unicode.Nd, z-1) && r-(z-1) <= 9 {
		z--
	}
	return int(r-z) % 10
}

// intParseError says why parseJavaInt refused a string.
type intParseError int

const (
	intNotNumber intParseError = iota + 1
	intOutOfRange
)

// parseJavaInt mirrors Integer.parseInt / Long.parseLong / Short.parseShort
// (radix 10) for a value of the given bit size (16, 32 or 64): an optional
// '+' or '-', then at least one decimal digit, nothing else, no overflow.
func parseJavaInt(s string, bits int) (int64, intParseError) {
	if s == "" {
		return 0, intNotNumber
	}
	neg := false
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		neg = true
		s = s[1:]
	}
	if s == "" {
		return 0, intNotNumber
	}
	for _, r := range s {
		if javaDigit(r) < 0 {
			return 0, intNotNumber
		}
	}
	// Accumulate negatively, as Java does, so that the minimum value of
	// each type parses without overflow.
	var minV, maxV int64 = math.MinInt64, math.MaxInt64
	if bits < 64 {
		minV, maxV = -(int64(1) << (bits - 1)), int64(1)<<(bits-1)-1
	}
	limit := -maxV
	if neg {
		limit = minV
	}
	multmin := limit / 10
	var acc int64
	for _, r := range s {
		d := int64(javaDigit(r))
		if acc < multmin {
			return 0, intOutOfRange
		}
		acc *= 10
		if acc < limit+d {
			return 0, intOutOfRange
		}
		acc -= d
	}
	if neg {
		return acc, 0
	}
	return -acc, 0
}

// javaIntRange describes the range of a Java integer type for messages.
func javaIntRange(bits int) string {
	switch bits {
	case 16:
		return "a 16-bit short (-32768..32767)"
	case 32:
		return "a 32-bit int (-2147483648..2147483647)"
	}
	return "a 64-bit long (-9223372036854775808..9223372036854775807)"
}

// parseJavaDouble mirrors Double.parseDouble: optional sign, then "NaN",
// "Infinity", a decimal literal with optional exponent, or a hexadecimal
// literal with a mandatory binary exponent; decimal and hexadecimal literals
// may end with one of fFdD. Overflow is not an error in Java (it gives
// Infinity), so it is not one here either.
func parseJavaDouble(s string) (float64, bool) {
	s = javaTrim(s)
	if s == "" {
		return 0, false
	}
	body := s
	sign := ""
	if body[0] == '+' || body[0] == '-' {
		sign, body = body[:1], body[1:]
	}
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		if sign == "-" {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if n := len(body); n > 0 && strings.IndexByte("fFdD", body[n-1]) >= 0 {
		body = body[:n-1]
	}
	var ok bool
	if len(body) > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X') {
		ok = hexFloatSyntax(body[2:])
	} else {
		ok = decFloatSyntax(body)
	}
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(sign+body, 64)
	if err != nil {
		// Only ErrRange can happen after the syntax check: Java rounds
		// to infinity or zero, and strconv has already done the same.
		if ne, isNum := err.(*strconv.NumError); !isNum || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return f, true
}

func isASCIIDigit(b byte) bool { return b >= '0' && b <= '9' }

func isHexDigit(b byte) bool {
	return isASCIIDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')
}

// decFloatSyntax accepts digits[.digits][e[+-]digits] and .digits[e...].
func decFloatSyntax(s string) bool {
	i, n := 0, len(s)
	intDigits := 0
	for i < n && isASCIIDigit(s[i]) {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < n && s[i] == '.' {
		i++
		for i < n && isASCIIDigit(s[i]) {
			i++
			fracDigits++
		}
	}
	if intDigits+fracDigits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := 0
		for i < n && isASCIIDigit(s[i]) {
			i++
			expDigits++
		}
		if expDigits == 0 {
			return false
		}
	}
	return i == n
}

// hexFloatSyntax accepts what follows "0x": hexdigits[.hexdigits] or
// .hexdigits, then a mandatory p[+-]digits.
func hexFloatSyntax(s string) bool {
	i, n := 0, len(s)
	digits := 0
	for i < n && isHexDigit(s[i]) {
		i++
		digits++
	}
	if i < n && s[i] == '.' {
		i++
		for i < n && isHexDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 || i >= n || (s[i] != 'p' && s[i] != 'P') {
		return false
	}
	i++
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	exp := 0
	for i < n && isASCIIDigit(s[i]) {
		i++
		exp++
	}
	return exp > 0 && i == n
}

// javaClassName reports whether s is syntactically a binary class name as a
// ClassLoader accepts it: Java identifiers separated by dots, '$' allowed
// (nested classes). Whether the class exists depends on the classpath, which
// only the running broker or client knows.
func javaClassName(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if i == 0 && !javaIdentStart(r) || i > 0 && !javaIdentPart(r) {
				return false
			}
		}
	}
	return true
}

// javaIdentStart approximates Character.isJavaIdentifierStart: letters,
// letter numbers, currency symbols and connector punctuation.
func javaIdentStart(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Sc, r) || unicode.Is(unicode.Pc, r)
}

// javaIdentPart approximates Character.isJavaIdentifierPart: the start
// characters plus digits and combining marks.
func javaIdentPart(r rune) bool {
	return javaIdentStart(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}
