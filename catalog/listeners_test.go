package catalog

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseListeners(t *testing.T) {
	cases := []struct {
		in      string
		want    []Listener
		wantErr string
	}{
		{"PLAINTEXT://:9092", []Listener{{Name: "PLAINTEXT", Port: 9092}}, ""},
		{" internal://kafka:29092 , EXTERNAL://[::1]:9092,", []Listener{{Name: "INTERNAL", Host: "kafka", Port: 29092}, {Name: "EXTERNAL", Host: "::1", Port: 9092}}, ""},
		{"", nil, ""},
		{"PLAINTEXT://kafka", nil, `entry "PLAINTEXT://kafka" is not NAME://host:port`},
		{"://kafka:9092", nil, "has no listener name"},
		{"A://h:70000", nil, "out of range"},
	}
	for _, c := range cases {
		got, err := ParseListeners(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseListeners(%q) err = %v, want %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseListeners(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

func TestReadListeners(t *testing.T) {
	cases := []struct {
		in   string
		want []Listener
	}{
		{"PLAINTEXT://kafka:9092,bad,PLAINTEXT_HOST://localhost:9093", []Listener{
			{Name: "PLAINTEXT", Host: "kafka", Port: 9092}, {Name: "PLAINTEXT_HOST", Host: "localhost", Port: 9093}}},
		{"INTERNAL://${HOST}:29092", []Listener{{Name: "INTERNAL", Host: "${HOST}", Port: 29092, Dynamic: true}}},
		{"INTERNAL://kafka:${PORT}", []Listener{{Name: "INTERNAL", Host: "kafka", Dynamic: true}}},
		{"INTERNAL://${ADDR}", []Listener{{Name: "INTERNAL", Host: "${ADDR}", Dynamic: true}}},
		{"${NAME}", nil},
		{"PLAINTEXT://kafka:abc", nil},
	}
	for _, c := range cases {
		if got := ReadListeners(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ReadListeners(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

// TestListenerKeyRefusals checks that a listener-prefixed name built from a
// real broker key, which Kafka still never reads, is refused with the
// reason, and that other unknown names keep the plain message.
func TestListenerKeyRefusals(t *testing.T) {
	cases := []struct{ name, want string }{
		{"listener.name.x.num.partitions", "num.partitions is a broker parameter, but Kafka never reads it under a listener prefix"},
		{"listener.name.x.sasl.jaas.config", "only for one SASL mechanism: listener.name.x.<mechanism>.sasl.jaas.config"},
		{"listener.name.SASL_SSL.ssl.keystore.location", "lower case: listener.name.sasl_ssl.ssl.keystore.location"},
		{"listener.name.x.no.such.key", `unknown broker parameter "listener.name.x.no.such.key"`},
	}
	for _, c := range cases {
		err := Check(Broker, c.name, "x", ModeBoth)
		var ue *UnknownError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%s) = %v, want an unknown-parameter error containing %q", c.name, err, c.want)
		}
		if c.name == "listener.name.x.no.such.key" && ue != nil && ue.Reason != "" {
			t.Errorf("Check(%s) gives a reason for a key that is not a broker parameter: %q", c.name, ue.Reason)
		}
	}
	if err := Check(Broker, "listener.name.sasl_ssl.ssl.keystore.location", "/etc/k.jks", ModeBoth); err != nil {
		t.Errorf("a listener-prefixed ssl key is refused: %v", err)
	}
}
