package lint

import (
	"errors"
	"strconv"

	"github.com/kafkit/kafkit/catalog"
)

// ruleInvalidValue checks every value against its parameter's type and
// documented range, the way Kafka and ZooKeeper parse it. Values that use
// ${VAR} interpolation are skipped: the linter does not know them.
var ruleInvalidValue = Rule{
	Name:    "invalid-value",
	Summary: "a value the parameter's type or range does not allow",
	check: func(p *project, r *reporter) {
		for _, s := range p.services {
			comp, _ := componentOf(s.role)
			if comp == "" {
				continue
			}
			for _, pr := range s.props.list {
				if !pr.verbatim || pr.dynamic() {
					continue
				}
				param, ok := catalogFor(s).LookupKey(comp, pr.name)
				if !ok {
					continue
				}
				err := param.Validate(pr.value)
				var ve *catalog.ValueError
				if !errors.As(err, &ve) {
					if advice := param.Advise(pr.value); advice != "" {
						r.warnf(pr.pos, "write the value the program will use, so that the file says what runs",
							"%s=%s is not taken as written: %s", pr.written, quoteValue(pr.value), advice)
					}
					continue
				}
				of := ""
				if pr.written != pr.name {
					of = " for " + pr.name
				}
				hint := "see the parameter's documentation: kafkit params " + paramsFlag(s) + param.Name
				switch {
				case pr.env != nil && pr.env.list && quoted(pr.value):
					hint = "in the list form of environment the quotes are part of the value: write - " + pr.env.name + "=" + pr.value[1:len(pr.value)-1]
				case ve.Valid != "":
					hint = "valid: " + ve.Valid
				case param.Type == "boolean":
					hint = "valid: true or false"
				}
				r.errorf(pr.pos, hint, "%s=%s is invalid%s: %s", pr.written, quoteValue(pr.value), of, ve.Reason)
			}
		}
	},
}

// quoted reports whether v is wrapped in a pair of quotes.
func quoted(v string) bool {
	return len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'')
}

// quoteValue quotes a value that would be hard to read bare.
func quoteValue(v string) string {
	if quoted(v) {
		return v
	}
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
