package client

import (
	"errors"
	"fmt"
	"strings"
)

// jaasLogin is what kafkit takes from a Java sasl.jaas.config value.
type jaasLogin struct {
	mechanism string // "PLAIN" or "SCRAM" (the hash comes from sasl.mechanism)
	username  string
	password  string
}

// parseJAAS reads the one-entry JAAS configuration the Java client accepts
// in sasl.jaas.config:
//
//	org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";
//
// Only the PLAIN and SCRAM login modules are understood, and only their
// username and password options; any other option is an error rather than
// something quietly dropped.
func parseJAAS(v string) (*jaasLogin, error) {
	toks, err := jaasTokens(v)
	if err != nil {
		return nil, err
	}
	if len(toks) < 2 {
		return nil, errors.New(`want "<LoginModule> required username=\"...\" password=\"...\";"`)
	}
	j := &jaasLogin{}
	switch toks[0].text {
	case "org.apache.kafka.common.security.plain.PlainLoginModule":
		j.mechanism = "PLAIN"
	case "org.apache.kafka.common.security.scram.ScramLoginModule":
		j.mechanism = "SCRAM"
	default:
		return nil, fmt.Errorf("login module %s is not supported; kafkit understands PlainLoginModule and ScramLoginModule", toks[0].text)
	}
	switch strings.ToLower(toks[1].text) {
	case "required", "requisite", "sufficient", "optional":
	default:
		return nil, fmt.Errorf("want a control flag (required) after the login module, got %q", toks[1].text)
	}
	rest := toks[2:]
	ended := false
	for len(rest) > 0 {
		if rest[0].text == ";" && !rest[0].quoted {
			ended = true
			rest = rest[1:]
			if len(rest) > 0 {
				return nil, errors.New("kafkit reads one login module; found text after the first ';'")
			}
			break
		}
		if len(rest) < 3 || rest[1].text != "=" || rest[1].quoted {
			return nil, fmt.Errorf("want option=value, got %q", rest[0].text)
		}
		key, val := rest[0].text, rest[2].text
		switch key {
		case "username":
			j.username = val
		case "password":
			j.password = val
		default:
			return nil, fmt.Errorf("login module option %q is not supported (kafkit reads username and password)", key)
		}
		rest = rest[3:]
	}
	if !ended {
		return nil, errors.New("missing the final ';'")
	}
	if j.username == "" || j.password == "" {
		return nil, errors.New("want both username and password options")
	}
	return j, nil
}

type jaasToken struct {
	text   string
	quoted bool
}

// jaasTokens splits a JAAS entry into words, quoted strings (with backslash
// escapes), '=' and ';'.
func jaasTokens(s string) ([]jaasToken, error) {
	var out []jaasToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '=' || c == ';':
			out = append(out, jaasToken{text: string(c)})
			i++
		case c == '"':
			var b strings.Builder
			i++
			closed := false
			for i < len(s) {
				if s[i] == '\\' && i+1 < len(s) {
					b.WriteByte(s[i+1])
					i += 2
					continue
				}
				if s[i] == '"' {
					closed = true
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			if !closed {
				return nil, errors.New("unterminated quoted string")
			}
			out = append(out, jaasToken{text: b.String(), quoted: true})
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r=;\"", rune(s[j])) {
				j++
			}
			out = append(out, jaasToken{text: s[i:j]})
			i = j
		}
	}
	return out, nil
}
