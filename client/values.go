package client

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The value parsers below follow the Java client's ConfigDef where the two
// worlds agree (values are trimmed, booleans are true/false in any case) and
// accept librdkafka's spellings where it has its own (fractional linger.ms).

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errors.New("want true or false")
}

func parseInt(v string, lo, hi int64) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, errors.New("want a whole number")
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("want a number from %d to %d", lo, hi)
	}
	return n, nil
}

// parseMillis reads a millisecond count into a Duration within [lo, hi].
// fraction allows librdkafka's float properties such as linger.ms=0.5.
func parseMillis(v string, fraction bool, lo, hi time.Duration) (time.Duration, error) {
	var d time.Duration
	if fraction {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, errors.New("want a number of milliseconds")
		}
		if f > float64(hi/time.Millisecond)+1 || f < -1 {
			return 0, fmt.Errorf("want milliseconds from %s to %s", fmtMillis(lo), fmtMillis(hi))
		}
		d = time.Duration(f * float64(time.Millisecond))
	} else {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, errors.New("want a whole number of milliseconds")
		}
		if n > int64(hi/time.Millisecond) || n < int64(lo/time.Millisecond) {
			return 0, fmt.Errorf("want milliseconds from %s to %s", fmtMillis(lo), fmtMillis(hi))
		}
		d = time.Duration(n) * time.Millisecond
	}
	if d < lo || d > hi {
		return 0, fmt.Errorf("want milliseconds from %s to %s", fmtMillis(lo), fmtMillis(hi))
	}
	return d, nil
}

func fmtMillis(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', -1, 64)
}

// parseEnum returns the canonical spelling of v among choices, compared
// without regard to case.
func parseEnum(v string, choices ...string) (string, error) {
	for _, c := range choices {
		if strings.EqualFold(v, c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("want one of %s", strings.Join(choices, ", "))
}

// maxWire is the largest millisecond timeout the protocol's int32 fields
// carry; franz-go refuses anything longer.
const maxWire = time.Duration(math.MaxInt32) * time.Millisecond
