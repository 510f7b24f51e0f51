package catalog

import (
	"fmt"
	"sort"
)

// Diff is what changed in the configuration from one Kafka line to
// another: a migration checklist (kafkit params diff 3.9 4.x).
type Diff struct {
	From        Version       `json:"from"`
	To          Version       `json:"to"`
	FromRelease string        `json:"from_release"`
	ToRelease   string        `json:"to_release"`
	Removed     []DiffRemoved `json:"removed"`
	Renamed     []DiffRemoved `json:"renamed"`
	Added       []DiffAdded   `json:"added"`
	Changed     []DiffChanged `json:"changed"`
	Counts      DiffCounts    `json:"counts"`
}

// DiffCounts are the sizes of the lists.
type DiffCounts struct {
	Removed int `json:"removed"`
	Renamed int `json:"renamed"`
	Added   int `json:"added"`
	Changed int `json:"changed"`
}

// DiffRemoved is a config of From that To no longer has, with what takes
// its place when the upgrade notes name something.
type DiffRemoved struct {
	Component Component `json:"component"`
	Name      string    `json:"name"`
	Successor
}

// DiffAdded is a config To has and From had not.
type DiffAdded struct {
	Component Component `json:"component"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	Default   *string   `json:"default"`
	Required  bool      `json:"required,omitempty"`
}

// DiffChanged is a config both lines have whose facts differ.
type DiffChanged struct {
	Component Component    `json:"component"`
	Name      string       `json:"name"`
	Changes   []DiffChange `json:"changes"`
}

// DiffChange is one fact that differs: default, type, valid_values,
// importance, update_mode (read-only, per-broker, cluster-wide) or mode
// (zk, kraft, both).
type DiffChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// DiffComponents are the components a diff compares: the ones both lines
// have in their own rows (ZooKeeper is 3.9 only; librdkafka is shared).
var DiffComponents = []Component{Broker, Topic, Producer, Consumer, Admin}

// Compare lists what changed from line from to line to, component by
// component in catalogue order.
func Compare(from, to Version) *Diff {
	a, b := Kafka(from), Kafka(to)
	d := &Diff{From: from, To: to, FromRelease: from.Release(), ToRelease: to.Release(),
		Removed: []DiffRemoved{}, Renamed: []DiffRemoved{}, Added: []DiffAdded{}, Changed: []DiffChanged{}}
	for _, c := range DiffComponents {
		for _, p := range a.Of(c) {
			q, ok := b.Lookup(c, p.Name)
			if !ok {
				r := DiffRemoved{Component: c, Name: p.Name}
				if from == V39 && to == V4 {
					r.Successor, _ = RemovedIn4(c, p.Name)
				}
				if r.Renamed {
					d.Renamed = append(d.Renamed, r)
				} else {
					d.Removed = append(d.Removed, r)
				}
				continue
			}
			if ch := changes(p, q); len(ch) > 0 {
				d.Changed = append(d.Changed, DiffChanged{Component: c, Name: p.Name, Changes: ch})
			}
		}
		for _, q := range b.Of(c) {
			if _, ok := a.Lookup(c, q.Name); ok {
				continue
			}
			ad := DiffAdded{Component: c, Name: q.Name, Type: q.Type, Required: q.Required}
			if q.HasDefault {
				def := q.Default
				ad.Default = &def
			}
			d.Added = append(d.Added, ad)
		}
	}
	// New configs by name within each component, easier to scan than the
	// docs' order.
	sort.SliceStable(d.Added, func(i, j int) bool {
		if d.Added[i].Component != d.Added[j].Component {
			return false
		}
		return d.Added[i].Name < d.Added[j].Name
	})
	d.Counts = DiffCounts{Removed: len(d.Removed), Renamed: len(d.Renamed), Added: len(d.Added), Changed: len(d.Changed)}
	return d
}

// changes lists the facts of p (older line) that q (newer line) changes.
// The broker mode is reported only where it changes what a broker does: a
// 3.9 row marked both, or kraft, is simply KRaft in 4.x, which runs nothing
// else; a ZooKeeper-only 3.9 row that 4.x keeps now acts on KRaft brokers.
func changes(p, q *Param) []DiffChange {
	var out []DiffChange
	add := func(field, from, to string) {
		if from != to {
			out = append(out, DiffChange{Field: field, From: from, To: to})
		}
	}
	add("type", p.Type, q.Type)
	add("default", p.DefaultString(), q.DefaultString())
	add("valid_values", p.ValidValues, q.ValidValues)
	add("importance", p.Importance, q.Importance)
	if p.Component == Broker {
		add("update_mode", p.UpdateMode, q.UpdateMode)
		if p.Mode == ModeZK && q.Mode != ModeZK || p.Mode != ModeZK && q.Mode == ModeZK {
			add("mode", string(p.Mode), string(q.Mode))
		}
	}
	if p.Component == Topic {
		add("server_default", p.ServerDefault, q.ServerDefault)
	}
	return out
}

// String is a one-line summary of the counts.
func (c DiffCounts) String() string {
	return fmt.Sprintf("%d removed, %d renamed, %d added, %d changed", c.Removed, c.Renamed, c.Added, c.Changed)
}
