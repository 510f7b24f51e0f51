package client

import (
	"fmt"
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// verdict is what kafkit does with a property name for a role.
type verdict int

const (
	vApply       verdict = iota // a supported setting of this role
	vOtherRole                  // a real property of the other role: noted, not applied
	vUnsupported                // a real property of this role kafkit does not apply
	vWrongComp                  // a broker, topic or ZooKeeper setting
	vUnknown                    // no client has it
)

func component(role Role) catalog.Component {
	if role == Producer {
		return catalog.Producer
	}
	return catalog.Consumer
}

func other(role Role) Role {
	if role == Producer {
		return Consumer
	}
	return Producer
}

// rdkScopes returns the librdkafka scopes ("P", "C", "*") of name, across
// both the global and the topic level.
func rdkScopes(name string) []string {
	var out []string
	for _, p := range catalog.Of(catalog.Librdkafka) {
		if p.Name == name {
			out = append(out, p.Scope)
		}
	}
	return out
}

// knownFor reports whether a real client (Java or librdkafka) has a
// property called name for role; for Admin, one both roles have.
func knownFor(name string, role Role) bool {
	if role == Admin {
		return knownFor(name, Producer) && knownFor(name, Consumer)
	}
	// A property of either Kafka line's Java client counts: 4.x added some
	// (share.acquire.mode, client.rack for producers, ...).
	for _, v := range catalog.Versions {
		if _, ok := catalog.Kafka(v).Lookup(component(role), name); ok {
			return true
		}
	}
	letter := "P"
	if role == Consumer {
		letter = "C"
	}
	for _, s := range rdkScopes(name) {
		if s == "*" || s == letter {
			return true
		}
	}
	return false
}

// classify decides what happens to a property name given to a client of
// role. For vWrongComp, detail names the component.
func classify(name string, role Role) (v verdict, detail string) {
	if s, ok := byName[name]; ok {
		if s.rolesOf(name).has(role) {
			return vApply, ""
		}
		return vOtherRole, ""
	}
	if knownFor(name, role) {
		return vUnsupported, ""
	}
	if knownFor(name, other(role)) || role == Admin && knownFor(name, Consumer) {
		return vOtherRole, ""
	}
	for _, c := range []catalog.Component{catalog.Broker, catalog.Topic, catalog.ZooKeeper} {
		for _, v := range catalog.Versions {
			if _, ok := catalog.Kafka(v).Lookup(c, name); ok {
				return vWrongComp, string(c)
			}
		}
	}
	return vUnknown, ""
}

// suggest returns the client property name nearest to name, or "" when
// nothing is close enough to be a plausible typo. It asks the catalogue, in
// the order a user of role most likely meant: the Java client's names for
// the role, librdkafka's, then the other role's.
func suggest(name string, role Role) string {
	for _, c := range []catalog.Component{component(role), catalog.Librdkafka, component(other(role))} {
		for _, v := range catalog.Versions {
			if s := catalog.Kafka(v).Suggest(c, name); len(s) > 0 {
				return s[0]
			}
		}
	}
	// A missing unit suffix ("linger" for linger.ms) is a common slip that
	// edit distance scores too far.
	lname := strings.ToLower(name)
	for _, n := range SupportedNames(role) {
		if strings.HasPrefix(n, lname+".") {
			return n
		}
	}
	return ""
}

// otherRoleNote is the note for a property of the other role (for Admin,
// of a producer or a consumer).
func otherRoleNote(p Property, role Role) string {
	var cmd string
	owner := other(role)
	switch role {
	case Producer:
		cmd = "kafkit produce"
	case Consumer:
		cmd = "kafkit consume"
	case Admin:
		cmd = "kafkit topic"
		owner = Consumer
		if s, ok := byName[p.Name]; ok && s.rolesOf(p.Name).has(Producer) || !ok && knownFor(p.Name, Producer) {
			owner = Producer
		}
	}
	return fmt.Sprintf("%s (from %s) is a %s property; %s does not use it", p.Name, p.Origin, owner, cmd)
}
