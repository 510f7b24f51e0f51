package cli

import "strings"

// isCobraUsage recognises the errors cobra returns for bad command lines
// (unknown command, wrong argument count) that do not pass through the flag
// error function.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "invalid argument", "unknown flag", "unknown shorthand flag", "flag needs an argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
