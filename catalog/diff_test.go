package catalog

import (
	"sort"
	"strings"
	"testing"
)

// TestRemovedIn4MatchesDumps keeps the successor table equal to what the
// ConfigDefs say 4.x removed: every removed config has an entry, and no
// entry names a config 4.x kept.
func TestRemovedIn4MatchesDumps(t *testing.T) {
	old, cur := readDump(t, V39.Release()), readDump(t, V4.Release())
	removed := map[string]bool{}
	for _, c := range DiffComponents {
		for name := range old[string(c)] {
			if _, kept := cur[string(c)][name]; !kept {
				removed[string(c)+"/"+name] = true
			}
		}
	}
	var missing, stale []string
	for k := range removed {
		if _, ok := removedIn4[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k, s := range removedIn4 {
		if !removed[k] {
			stale = append(stale, k)
		}
		if s.Note == "" {
			t.Errorf("%s: no note", k)
		}
		if s.Name != "" {
			c, _, _ := strings.Cut(k, "/")
			comp := Component(c)
			if _, ok := Kafka(V4).Lookup(comp, s.Name); !ok {
				t.Errorf("%s: replacement %s is not a 4.x %s config", k, s.Name, comp)
			}
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("removed in 4.x without a successor entry: %v", missing)
	}
	if len(stale) > 0 {
		t.Errorf("successor entries for configs 4.x still has: %v", stale)
	}
}

func TestCompare39To4(t *testing.T) {
	d := Compare(V39, V4)
	old, cur := readDump(t, V39.Release()), readDump(t, V4.Release())
	var gone, added int
	for _, c := range DiffComponents {
		for name := range old[string(c)] {
			if _, ok := cur[string(c)][name]; !ok {
				gone++
			}
		}
		for name := range cur[string(c)] {
			if _, ok := old[string(c)][name]; !ok {
				added++
			}
		}
	}
	if d.Counts.Removed+d.Counts.Renamed != gone {
		t.Errorf("removed %d + renamed %d, the dumps differ by %d names", d.Counts.Removed, d.Counts.Renamed, gone)
	}
	if d.Counts.Added != added {
		t.Errorf("added %d, the dumps add %d names", d.Counts.Added, added)
	}
	find := func(c Component, name string) []DiffChange {
		for _, ch := range d.Changed {
			if ch.Component == c && ch.Name == name {
				return ch.Changes
			}
		}
		return nil
	}
	has := func(chs []DiffChange, field, from, to string) bool {
		for _, ch := range chs {
			if ch.Field == field && ch.From == from && ch.To == to {
				return true
			}
		}
		return false
	}
	cases := []struct {
		comp        Component
		name, field string
		from, to    string
	}{
		{Producer, "linger.ms", "default", "0", "5"},
		{Broker, "advertised.listeners", "update_mode", "per-broker", "read-only"},
		{Broker, "advertised.listeners", "type", "string", "list"},
		{Broker, "group.coordinator.threads", "default", "1", "4"},
		{Broker, "node.id", "default", "-1", "required"},
		{Topic, "segment.bytes", "valid_values", "[14,...]", "[1048576,...]"},
		{Consumer, "metadata.recovery.strategy", "default", "none", "rebootstrap"},
	}
	for _, tc := range cases {
		if !has(find(tc.comp, tc.name), tc.field, tc.from, tc.to) {
			t.Errorf("%s/%s: no %s change %s -> %s in %+v", tc.comp, tc.name, tc.field, tc.from, tc.to, find(tc.comp, tc.name))
		}
	}
	var sawFormat, sawRename bool
	for _, r := range d.Removed {
		if r.Component == Broker && r.Name == "log.message.format.version" {
			sawFormat = r.Note != ""
		}
	}
	for _, r := range d.Renamed {
		if r.Component == Broker && r.Name == "delegation.token.master.key" {
			sawRename = r.Successor.Name == "delegation.token.secret.key"
		}
	}
	if !sawFormat || !sawRename {
		t.Errorf("log.message.format.version removed with a note: %v; delegation.token.master.key renamed: %v", sawFormat, sawRename)
	}
	if find(Broker, "num.partitions") != nil {
		t.Errorf("num.partitions did not change, diff says %+v", find(Broker, "num.partitions"))
	}
	// The reverse diff mirrors it.
	r := Compare(V4, V39)
	if r.Counts.Added != d.Counts.Removed+d.Counts.Renamed || r.Counts.Removed != d.Counts.Added || r.Counts.Changed != d.Counts.Changed {
		t.Errorf("4.x -> 3.9 counts %v do not mirror 3.9 -> 4.x %v", r.Counts, d.Counts)
	}
	t.Logf("3.9 -> 4.x: %v", d.Counts)
}
