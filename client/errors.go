package client

import (
	"errors"
	"fmt"
)

// Kind classifies a PropertyError.
type Kind int

// The kinds of property error. Every one of them is the user's to fix, so
// commands report them as usage errors (exit 2).
const (
	// Unknown: no Kafka client (Java or librdkafka) has a property of that
	// name; Suggestion holds the nearest real name when one is close.
	Unknown Kind = iota + 1
	// Unsupported: a real client property that kafkit does not apply yet.
	Unsupported
	// Invalid: a supported property with a value kafkit cannot accept.
	Invalid
	// Conflict: properties that are fine alone but contradict each other.
	Conflict
	// Malformed: a -X argument that is not name=value.
	Malformed
	// WrongComponent: a broker, topic or ZooKeeper setting given to a
	// client.
	WrongComponent
)

// PropertyError reports a property kafkit cannot apply. Its message names
// the property, where it came from and, when known, the fix.
type PropertyError struct {
	Name       string
	Value      string
	Origin     string
	Kind       Kind
	Suggestion string // Unknown: the nearest real property name
	Err        error  // the reason, for Invalid, Unsupported and Conflict
}

func (e *PropertyError) Error() string {
	where := ""
	if e.Origin != "" {
		where = " (from " + e.Origin + ")"
	}
	switch e.Kind {
	case Unknown:
		msg := fmt.Sprintf("unknown client property %q%s", e.Name, where)
		if e.Suggestion != "" {
			msg += fmt.Sprintf(": did you mean %q?", e.Suggestion)
		} else {
			msg += `: no Java client or librdkafka property has this name (see "kafkit params")`
		}
		return msg
	case Unsupported:
		return fmt.Sprintf("kafkit does not support client property %q yet%s: %v", e.Name, where, e.Err)
	case Invalid:
		return fmt.Sprintf("invalid value %q for %s%s: %v", e.Value, e.Name, where, e.Err)
	case Conflict:
		return fmt.Sprintf("conflicting client properties: %v", e.Err)
	case Malformed:
		return fmt.Sprintf("invalid -X %q: %v", e.Name, e.Err)
	case WrongComponent:
		return fmt.Sprintf("%q%s is not a client property: %v", e.Name, where, e.Err)
	}
	return fmt.Sprintf("client property %q%s: %v", e.Name, where, e.Err)
}

func (e *PropertyError) Unwrap() error { return e.Err }

// IsPropertyError reports whether err is, or wraps, at least one
// PropertyError: a problem with the user's properties rather than with the
// broker.
func IsPropertyError(err error) bool {
	var pe *PropertyError
	return errors.As(err, &pe)
}
