package stackrun

import (
	"regexp"
	"strconv"
	"strings"
)

// LoggedConfig returns the settings a Kafka server printed in the last
// "KafkaConfig values:" block of its log, name -> value as printed.
func LoggedConfig(log string) map[string]string {
	i := strings.LastIndex(log, "KafkaConfig values:")
	if i < 0 {
		return nil
	}
	out := map[string]string{}
	lines := strings.Split(log[i:], "\n")[1:]
	for _, l := range lines {
		if !strings.HasPrefix(l, "\t") {
			break
		}
		k, v, ok := strings.Cut(strings.TrimSpace(l), " = ")
		if !ok {
			k, v = strings.TrimSuffix(strings.TrimSpace(l), " ="), ""
		}
		out[k] = v
	}
	return out
}

// SameValue reports whether a value Kafka printed equals a file's value:
// lists print as [a, b], classes as "class NAME", passwords as [hidden],
// and numbers compare by value (1 and 1.0).
func SameValue(logged, file string) bool {
	file = strings.TrimSpace(file)
	if logged == "[hidden]" {
		return file != ""
	}
	if logged == file {
		return true
	}
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		s = strings.TrimPrefix(s, "class ")
		if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
			s = s[1 : len(s)-1]
		}
		parts := strings.Split(s, ",")
		for i, p := range parts {
			parts[i] = strings.TrimSpace(p)
		}
		return strings.Join(parts, ",")
	}
	if norm(logged) == norm(file) {
		return true
	}
	a, err1 := strconv.ParseFloat(logged, 64)
	b, err2 := strconv.ParseFloat(file, 64)
	return err1 == nil && err2 == nil && a == b
}

// logLevelRE finds WARN and ERROR lines in the layout the stack's log4j
// configuration writes: "[time] LEVEL message (logger)", with the line
// after it when that one starts a stack trace (the exception and its
// message) rather than a new entry.
var logLevelRE = regexp.MustCompile(`(?m)^\[[^\]]+\] (?:WARN|ERROR) .*$(?:\n[^\[\s][^\n]*)?`)

// Problems returns the WARN and ERROR lines of a server's log, each with
// the exception line that follows it, if any, after a newline.
func Problems(log string) []string {
	return logLevelRE.FindAllString(log, -1)
}
