package lint

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// position is a 1-based position in the linted file; zero means unknown and
// is reported as line 1.
type position struct {
	line, col int
	// file is set for a position in another file than the compose file
	// (an env_file).
	file string
}

func posOf(n *yaml.Node) position {
	if n == nil {
		return position{}
	}
	return position{line: n.Line, col: n.Column}
}

// yPair is one key/value entry of a mapping.
type yPair struct{ key, value *yaml.Node }

// yMaxMergeDepth bounds how deep merge keys are followed: compose files use
// one or two levels, and the bound keeps a hostile file from recursing.
const yMaxMergeDepth = 8

// yDeref follows aliases to the node they name.
func yDeref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < yMaxMergeDepth; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// yPairs returns the entries of a mapping in document order with merge
// keys (<<) expanded the way compose expands them: merged entries come
// first and an explicit key overrides a merged one of the same name. It
// returns nil for anything that is not a mapping.
func yPairs(n *yaml.Node) []yPair { return yPairsDepth(n, 0) }

func yPairsDepth(n *yaml.Node, depth int) []yPair {
	n = yDeref(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > yMaxMergeDepth {
		return nil
	}
	var merged, own []yPair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			src := yDeref(v)
			if src == nil {
				continue
			}
			switch src.Kind {
			case yaml.MappingNode:
				merged = append(merged, yPairsDepth(src, depth+1)...)
			case yaml.SequenceNode:
				for _, m := range src.Content {
					merged = append(merged, yPairsDepth(m, depth+1)...)
				}
			}
			continue
		}
		own = append(own, yPair{k, v})
	}
	if len(merged) == 0 {
		return own
	}
	seen := make(map[string]bool, len(own))
	for _, p := range own {
		seen[p.key.Value] = true
	}
	out := make([]yPair, 0, len(merged)+len(own))
	for _, p := range merged {
		if !seen[p.key.Value] {
			seen[p.key.Value] = true
			out = append(out, p)
		}
	}
	return append(out, own...)
}

// yGet returns the key and value nodes of key in a mapping, or nils.
func yGet(n *yaml.Node, key string) (k, v *yaml.Node) {
	for _, p := range yPairs(n) {
		if p.key.Value == key {
			return p.key, yDeref(p.value)
		}
	}
	return nil, nil
}

// ySeq returns the items of a sequence, aliases followed.
func ySeq(n *yaml.Node) []*yaml.Node {
	n = yDeref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = yDeref(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// yScalar returns the text of a scalar node and whether n is one, aliases
// followed. A null (`key:` with nothing after it) is a scalar too, with an
// empty text; yIsNull tells it apart from "".
func yScalar(n *yaml.Node) (s string, ok bool) {
	n = yDeref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

func yIsNull(n *yaml.Node) bool {
	n = yDeref(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// yNodeAtPath finds the node a dotted compose path names, such as
// "services.kafka.ports.0.target" from a compose-go error. "[]" matches any
// sequence item: the first item in which the rest of the path exists wins,
// preferring one whose value is want when want is not empty.
func yNodeAtPath(root *yaml.Node, path []string, want string) *yaml.Node {
	n := yDeref(root)
	for i, part := range path {
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.MappingNode:
			k, v := yGet(n, part)
			if k == nil {
				return n
			}
			if i == len(path)-1 {
				if v != nil && v.Kind == yaml.ScalarNode {
					return v
				}
				return k
			}
			n = v
		case n.Kind == yaml.SequenceNode:
			items := ySeq(n)
			if part == "[]" {
				var first *yaml.Node
				for _, it := range items {
					found := yNodeAtPath(it, path[i+1:], want)
					if found == nil || found == it && i+1 < len(path) {
						continue
					}
					if want == "" || found.Value == want {
						return found
					}
					if first == nil {
						first = found
					}
				}
				if first != nil {
					return first
				}
				return n
			}
			idx, err := strconv.Atoi(strings.Trim(part, "[]"))
			if err != nil || idx < 0 || idx >= len(items) {
				return n
			}
			n = items[idx]
		default:
			return n
		}
	}
	return n
}

// yValueAtPath follows a path of mapping keys and sequence indexes
// ("0" or "[0]") and returns the value node it names, or nil.
func yValueAtPath(root *yaml.Node, path []string) *yaml.Node {
	n := yDeref(root)
	for _, part := range path {
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.MappingNode:
			_, n = yGet(n, part)
		case n.Kind == yaml.SequenceNode:
			idx, err := strconv.Atoi(strings.Trim(part, "[]"))
			items := ySeq(n)
			if err != nil || idx < 0 || idx >= len(items) {
				return nil
			}
			n = items[idx]
		default:
			return nil
		}
	}
	return n
}

// splitPath splits a compose path on dots, keeping service names that
// contain dots whole when the mapping has such a key.
func splitPath(root *yaml.Node, path string) []string {
	parts := strings.Split(path, ".")
	// Service, volume and network names may contain dots; rejoin parts
	// greedily when the joined name exists under the previous key.
	if len(parts) > 2 {
		for _, top := range []string{"services", "volumes", "networks", "configs", "secrets"} {
			if parts[0] != top {
				continue
			}
			_, m := yGet(yDeref(root), top)
			for j := len(parts); j > 2; j-- {
				name := strings.Join(parts[1:j], ".")
				if k, _ := yGet(m, name); k != nil {
					return append([]string{top, name}, parts[j:]...)
				}
			}
		}
	}
	return parts
}

// yDuplicate is a key written twice in one mapping.
type yDuplicate struct{ key, first *yaml.Node }

// yDuplicateKeys finds keys repeated within a mapping anywhere in the tree
// (aliases are not followed: their target is checked where it is written).
func yDuplicateKeys(n *yaml.Node) []yDuplicate {
	var out []yDuplicate
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || n.Kind == yaml.AliasNode || depth > 200 {
			return
		}
		if n.Kind == yaml.MappingNode {
			seen := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind == yaml.ScalarNode {
					if first, dup := seen[k.Value]; dup {
						out = append(out, yDuplicate{k, first})
					} else {
						seen[k.Value] = k
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return out
}
