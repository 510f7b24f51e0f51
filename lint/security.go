package lint

import (
	"regexp"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// What the security rules share: a Kafka service's SASL listeners, its
// JAAS file, and the principal its brokers use between themselves.

// jaasConfig is the JAAS configuration a Kafka service's JVM reads.
type jaasConfig struct {
	path string // -Djava.security.auth.login.config
	// content is the file's text when it is an inline compose config, ""
	// when the linter cannot read it (a bind mount, an image file).
	content string
	known   bool
}

var jaasProp = regexp.MustCompile(`-Djava\.security\.auth\.login\.config=(\S+)`)

// jaas returns the JAAS file named in the service's KAFKA_OPTS, nil when
// there is none.
func (p *project) jaas(s *service) *jaasConfig {
	e := s.envGet("KAFKA_OPTS")
	if e == nil || !e.set {
		return nil
	}
	m := jaasProp.FindStringSubmatch(e.value)
	if m == nil {
		return nil
	}
	j := &jaasConfig{path: strings.Trim(m[1], `"'`)}
	_, cfgs := yGet(s.node, "configs")
	if cfgs == nil {
		return j
	}
	for _, it := range cfgs.Content {
		_, sv := yGet(it, "source")
		_, tv := yGet(it, "target")
		source, _ := yScalar(sv)
		target, _ := yScalar(tv)
		if target != j.path {
			continue
		}
		if def := p.configs[source]; def != nil && def.content != nil {
			j.content, j.known = def.content.Value, true
		}
	}
	return j
}

var jaasSection = regexp.MustCompile(`(?s)(?:^|[\s};])([A-Za-z0-9_.\-]+)\s*\{(.*?)\}\s*;`)

// section returns the body of the named JAAS section.
func (j *jaasConfig) section(name string) (string, bool) {
	for _, m := range jaasSection.FindAllStringSubmatch(j.content, -1) {
		if strings.EqualFold(m[1], name) {
			return m[2], true
		}
	}
	return "", false
}

var jaasUser = regexp.MustCompile(`\busername\s*=\s*"([^"]*)"`)

// jaasUsername returns the username="..." option of a login module.
func jaasUsername(body string) string {
	if m := jaasUser.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// listenerProp returns the listener-prefixed form of a broker property
// (listener.name.<listener>.<name>, the listener name lower-cased), else
// the property itself.
func (s *service) listenerProp(listener, name string) *property {
	if pr := s.props.get("listener.name." + strings.ToLower(listener) + "." + name); pr != nil {
		return pr
	}
	return s.props.get(name)
}

// listenerJAASProps returns the listener.name.<listener>.<mech>.sasl.jaas.config
// properties of a listener (the only spelling a broker reads: see
// catalog.MechanismKey).
func (s *service) listenerJAASProps(listener string) []*property {
	var out []*property
	for _, pr := range s.props.list {
		lk, ok := catalog.SplitListenerKey(pr.name)
		if ok && lk.Listener == strings.ToLower(listener) && lk.Mechanism != "" && lk.Key == "sasl.jaas.config" {
			out = append(out, pr)
		}
	}
	return out
}

// isSASL reports whether a security protocol uses SASL.
func isSASL(proto string) bool { return proto == "SASL_PLAINTEXT" || proto == "SASL_SSL" }

// mechanisms splits a mechanism list.
func mechanisms(v string) []string {
	var out []string
	for _, m := range strings.Split(v, ",") {
		if m = strings.ToUpper(strings.TrimSpace(m)); m != "" {
			out = append(out, m)
		}
	}
	return out
}

// brokerPrincipal works out the principal brokers present to each other
// on the inter-broker listener, when the file says it: User:ANONYMOUS
// on PLAINTEXT (and SSL without client authentication), the SASL user of
// the listener's JAAS configuration. ok is false when it cannot be known
// (certificates, unreadable JAAS files, interpolation).
func (p *project) brokerPrincipal(s *service, ls *listenerDefs) (principal string, ok bool) {
	name, _, known := s.interBrokerName()
	if !known || !ls.mapKnown {
		return "", false
	}
	proto := ls.protoMap[name]
	switch proto {
	case "PLAINTEXT":
		return "User:ANONYMOUS", true
	case "SSL":
		if v, ok := s.valueOf(s.listenerProp(name, "ssl.client.auth")); ok && v != "" && v != "none" {
			return "", false // the certificate's name, which the file does not hold
		}
		if s.listenerProp(name, "ssl.client.auth") == nil {
			return "User:ANONYMOUS", true
		}
		return "", false
	case "SASL_PLAINTEXT", "SASL_SSL":
		mech := "GSSAPI"
		if v, ok := s.valueOf(s.props.get("sasl.mechanism.inter.broker.protocol")); ok && v != "" {
			mech = strings.ToUpper(v)
		}
		if mech == "GSSAPI" {
			return "", false
		}
		if pr := s.props.get("listener.name." + strings.ToLower(name) + "." + strings.ToLower(mech) + ".sasl.jaas.config"); pr != nil {
			if u := jaasUsername(pr.value); u != "" && !isDynamic(u) {
				return "User:" + u, true
			}
			return "", false
		}
		j := p.jaas(s)
		if j == nil || !j.known {
			return "", false
		}
		for _, sec := range []string{strings.ToLower(name) + ".KafkaServer", "KafkaServer"} {
			if body, ok := j.section(sec); ok {
				if u := jaasUsername(body); u != "" && !isDynamic(u) {
					return "User:" + u, true
				}
				return "", false
			}
		}
	}
	return "", false
}

// valueOf returns a property's value when it is set and readable.
func (s *service) valueOf(pr *property) (string, bool) {
	if pr == nil || pr.dynamic() {
		return "", false
	}
	return strings.TrimSpace(pr.value), true
}
