package catalog

import (
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
