package compose

import (
	"errors"
	"strconv"

	"github.com/kafkit/kafkit/catalog"
)

// ruleInvalidValue checks every value against its parameter's type and
// documented range, the way Kafka and ZooKeeper parse it. Values that use
// ${VAR} interpolation are skipped: the linter does not know them.
var ruleInvalidValue = LintRule{
	Name:    "invalid-value",
	Summary: "a value the parameter's type or range does not allow",
	check: func(p *lintProject, r *lintReporter) {
		for _, s := range p.services {
			comp, _ := lintComponent(s.role)
			if comp == "" {
				continue
			}
			for _, pr := range s.props.list {
				if !pr.verbatim || pr.dynamic() {
					continue
				}
				param, ok := catalog.LookupKey(comp, pr.name)
				if !ok {
					continue
				}
				err := param.Validate(pr.value)
				var ve *catalog.ValueError
				if !errors.As(err, &ve) {
					continue
				}
				what := pr.written
				if pr.written != pr.name {
					what = pr.written + " (" + pr.name + ")"
				}
				hint := "see the parameter's documentation: kafkit params " + param.Name
				if ve.Valid != "" {
					hint = "valid: " + ve.Valid
				}
				r.errorf(pr.pos, hint, "%s=%s: %s", what, lintQuoteValue(pr.value), ve.Reason)
			}
		}
	},
}

// lintQuoteValue quotes a value that would be hard to read bare.
func lintQuoteValue(v string) string {
	for _, c := range v {
		if c == ' ' || c == '\t' || c == '"' || c < 0x20 {
			return strconv.Quote(v)
		}
	}
	if v == "" {
		return `""`
	}
	return v
}
