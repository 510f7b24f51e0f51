package lint

import (
	"strings"

	"github.com/kafkit/kafkit/catalog"
)

// ruleDependsOn reports depends_on entries that name no service. compose-go
// stops at the first one; this rule lists them all, each at its entry.
var ruleDependsOn = Rule{
	Name:    "depends-on",
	Summary: "depends_on names a service that is not in the file",
	check: func(p *project, r *reporter) {
		names := make([]string, 0, len(p.services))
		for _, s := range p.services {
			names = append(names, s.name)
		}
		for _, s := range p.services {
			for _, d := range s.dependsOn {
				if p.byName[d.name] != nil {
					continue
				}
				hint := "define a service named " + d.name + " or remove the entry"
				if near := nearest(d.name, names); near != "" {
					hint = "did you mean " + near + "?"
				}
				r.errorf(d.pos, hint, "service %s depends on %s, which is not a service of this file", s.name, d.name)
			}
		}
	},
}

// nearest returns the candidate closest to name when it is close
// enough to be a typo, or "".
func nearest(name string, cands []string) string {
	best, bestD := "", 1+len(name)/3
	if bestD > 3 {
		bestD = 3
	}
	bestD++
	for _, c := range cands {
		if strings.EqualFold(c, name) {
			return c
		}
		if d := catalog.EditDistance(strings.ToLower(name), strings.ToLower(c), bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
