package catalog

import "testing"

// TestExamplesUsed holds data/examples.tsv to the catalogue: every row
// names a parameter of some Kafka line, and is shown there (by ExampleValue,
// which `params show` and the compose generator's commented lines share):
// an example only for a parameter without a usable default, a file default
// only for one whose documented default cannot be written back as it is.
func TestExamplesUsed(t *testing.T) {
	rows, err := readTSV("data/examples.tsv")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		c, name := Component(r["component"]), r["name"]
		key := string(c) + "/" + name
		if seen[key] {
			t.Errorf("%s: twice in examples.tsv", key)
		}
		seen[key] = true
		if (r["example"] == "") == (r["file_default"] == "") {
			t.Errorf("%s: give an example or a file default, not both or neither", key)
		}
		if r["file_default_text"] != "" && r["file_default"] == "" {
			t.Errorf("%s: file_default_text without a file default", key)
		}
		found, shown := false, false
		for _, v := range Versions {
			k := Kafka(v)
			p, ok := k.Lookup(c, name)
			if !ok {
				continue
			}
			found = true
			if p.Example != r["example"] || p.FileDefault != r["file_default"] {
				t.Errorf("%s %s: loaded example %q / file default %q, the file says %q / %q", v, key, p.Example, p.FileDefault, r["example"], r["file_default"])
			}
			want := r["example"]
			if want == "" {
				want = r["file_default"]
			}
			shown = shown || ExampleValue(p) == want
			if r["example"] != "" {
				if err := p.Validate(r["example"]); err != nil {
					t.Errorf("%s %s: example %q is invalid: %v", v, key, r["example"], err)
				}
			}
		}
		switch {
		case !found:
			t.Errorf("%s: in no Kafka line's catalogue", key)
		case !shown:
			t.Errorf("%s: never shown: the parameter has a usable default in every line", key)
		}
	}
}
