package catalog

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// FuzzValidate feeds arbitrary values (and names) to every validator: no
// panic, a rejection is always a *ValueError naming the parameter, the
// answer does not change between calls, and Check agrees with Validate.
func FuzzValidate(f *testing.F) {
	for i, v := range []string{"", "0", "-1", "true", "1e309", "NaN", "PLAINTEXT://:9092", "a:b:c;d", "[::1]:1",
		"0x7fffffff", "compact,delete", "\x00", "١٢٣", "zk:2181/a//b", "1@h:1,2@[::1]:2", "*", "0:1,1:2"} {
		f.Add(uint16(i*37), v, "num.partitions")
	}
	all := All()
	f.Fuzz(func(t *testing.T, idx uint16, value, name string) {
		p := all[int(idx)%len(all)]
		err := p.Validate(value)
		if again := p.Validate(value); (err == nil) != (again == nil) || err != nil && err.Error() != again.Error() {
			t.Fatalf("%s=%q: not deterministic: %v then %v", p.Name, value, err, again)
		}
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) || ve.Param != p.Name || ve.Reason == "" || !strings.Contains(err.Error(), p.Name) {
				t.Fatalf("%s=%q: bad error %#v", p.Name, value, err)
			}
		}
		if p.Component != Librdkafka { // librdkafka names can repeat across levels
			cerr := Check(p.Component, p.Name, value, ModeBoth)
			if (cerr == nil) != (err == nil) {
				t.Fatalf("%s=%q: Check says %v, Validate %v", p.Name, value, cerr, err)
			}
		}
		// Arbitrary names: never a panic, unknown names get an UnknownError.
		for _, c := range Components {
			if cerr := Check(c, name, value, ModeZK); cerr != nil {
				var ue *UnknownError
				var me *ModeError
				var ve *ValueError
				if !errors.As(cerr, &ue) && !errors.As(cerr, &me) && !errors.As(cerr, &ve) {
					t.Fatalf("Check(%s, %q): unexpected error type %T", c, name, cerr)
				}
			}
		}
	})
}

var plainName = regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)*$`)

// FuzzEnvMapping checks the name mappings on arbitrary strings: classifying
// a variable never panics; for any property name the forward mapping of
// each Kafka image inverts to that same name (or is "" when the image
// cannot spell it), and cp-kafka and apache/kafka spell every plain name.
func FuzzEnvMapping(f *testing.F) {
	for _, s := range []string{"log.retention.hours", "KAFKA_LOG_RETENTION_HOURS", "listener.name.sasl_ssl.plain.sasl.jaas.config",
		"some-dashed.prop", "a__b", "zookeeper.clientCnxnSocket", "kafka.metrics.reporters", "KAFKA_CFG_X", "ZOO_CFG_EXTRA",
		"ZOOKEEPER_SSL_OCPS", "_", "", ".", "a..b", "A-B", "x_kafka.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, img := range Images {
			ref := ClassifyEnv(img, s)
			if ref.Kind == EnvProperty && ref.Property == "" {
				t.Fatalf("%s %q: property kind without a property", img, s)
			}
			_ = ParseEnvSetting(img, s, s)
		}
		p := &Param{Name: s, Component: Broker}
		for _, img := range []Image{CPKafka, ApacheKafka, BitnamiKafka, Wurstmeister} {
			name := EnvName(p, img)
			if name == "" {
				continue
			}
			if got := ClassifyEnv(img, name).Property; got != s {
				t.Fatalf("%s: %q → %s → %q", img, s, name, got)
			}
		}
		if plainName.MatchString(s) {
			if EnvName(p, CPKafka) == "" {
				t.Fatalf("cp-kafka cannot spell %q", s)
			}
			r := strings.NewReplacer("_", "__", "-", "___", ".", "_")
			if !strings.Contains(strings.ToUpper(r.Replace(s)), "KAFKA_") && EnvName(p, ApacheKafka) == "" {
				t.Fatalf("apache/kafka cannot spell %q", s)
			}
		}
		// Inverse then forward: the property a cp-kafka variable produces
		// maps back to a variable that produces it again.
		if ref := ClassifyEnv(CPKafka, s); ref.Kind == EnvProperty {
			q := &Param{Name: ref.Property, Component: Broker}
			if v := EnvName(q, CPKafka); v != "" && ClassifyEnv(CPKafka, v).Property != ref.Property {
				t.Fatalf("%q → %q → %q", s, ref.Property, v)
			}
		}
	})
}
