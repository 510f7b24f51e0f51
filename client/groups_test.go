package client

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
)

func TestParseTopicPartitions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want TopicPartitions
		err  string
	}{
		{in: "conversas", want: TopicPartitions{Topic: "conversas"}},
		{in: "conversas:0", want: TopicPartitions{Topic: "conversas", Partitions: []int32{0}}},
		{in: "conversas:2, 0,1", want: TopicPartitions{Topic: "conversas", Partitions: []int32{2, 0, 1}}},
		{in: ":1", err: "want TOPIC or TOPIC:P"},
		{in: "t:", err: `invalid partition ""`},
		{in: "t:x", err: `invalid partition "x"`},
		{in: "t:-1", err: `invalid partition "-1"`},
		{in: "t:1.5", err: `invalid partition "1.5"`},
	} {
		got, err := ParseTopicPartitions(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestCoordinatorHint(t *testing.T) {
	for _, tc := range []struct {
		err  error
		hint bool
	}{
		{fmt.Errorf("describing groups: %w", kerr.CoordinatorNotAvailable), true},
		{errors.Join(errors.New("x"), kerr.CoordinatorLoadInProgress), true},
		{kerr.GroupIDNotFound, false},
	} {
		got := coordinatorHint(tc.err)
		if strings.Contains(got.Error(), "not ready yet") != tc.hint || !errors.Is(got, tc.err) {
			t.Errorf("%v: %v", tc.err, got)
		}
	}
}
