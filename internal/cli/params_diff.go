package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/catalog"
)

type paramsDiffOptions struct {
	Out       io.Writer
	From, To  string
	Component string
	Format    string
}

func newParamsDiffCmd(ios *IO) *cobra.Command {
	o := &paramsDiffOptions{Out: ios.Out}
	cmd := &cobra.Command{
		Use:   "diff FROM TO",
		Short: "What changed in the configuration between two Kafka lines (3.9, 4.x)",
		Long: `List what changed between two Kafka lines, a migration checklist: the broker,
topic, producer and consumer configs FROM has and TO removed (with what replaces
each when the upgrade notes name something), those renamed, those TO added, and
those whose type, default, valid values, importance, update mode (read-only,
per-broker, cluster-wide) or broker mode changed. Every fact comes from the two
releases' own ConfigDefs (3.9 is Kafka 3.9.2, 4.x is 4.4.0).

Exit codes: 0 listed, 2 bad usage.`,
		Example: `  kafkit params diff 3.9 4.x
  kafkit params diff 3.9 4.x --component broker --format json | jq '.removed[] | select(.replacement)'
  kafkit params diff 4.x 3.9                 # the other way round`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			o.From, o.To = args[0], args[1]
			return runParamsDiff(c.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Component, "component", "", "only broker, topic, producer or consumer")
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return cmd
}

func runParamsDiff(_ context.Context, o *paramsDiffOptions) error {
	if err := checkParamsFormat(o.Format); err != nil {
		return err
	}
	from, err := catalog.ParseVersion(o.From)
	if err != nil {
		return AsUsage(fmt.Errorf("FROM: %w", err))
	}
	to, err := catalog.ParseVersion(o.To)
	if err != nil {
		return AsUsage(fmt.Errorf("TO: %w", err))
	}
	if from == to {
		return UsageErrorf("FROM and TO are both Kafka %s; name two lines (3.9 and 4.x)", from)
	}
	d := catalog.Compare(from, to)
	if o.Component != "" {
		c, err := catalog.ParseComponent(o.Component)
		if err != nil {
			return AsUsage(fmt.Errorf("--component: %w", err))
		}
		ok := false
		for _, dc := range catalog.DiffComponents {
			ok = ok || dc == c
		}
		if !ok {
			return UsageErrorf("--component %s: diff compares broker, topic, producer and consumer configs", c)
		}
		d = filterDiff(d, c)
	}
	if o.Format == "json" {
		return writeParamsJSON(o.Out, d)
	}
	return writeParamsDiff(o.Out, d)
}

// filterDiff keeps one component's entries.
func filterDiff(d *catalog.Diff, c catalog.Component) *catalog.Diff {
	out := *d
	out.Removed, out.Renamed = []catalog.DiffRemoved{}, []catalog.DiffRemoved{}
	out.Added, out.Changed = []catalog.DiffAdded{}, []catalog.DiffChanged{}
	for _, r := range d.Removed {
		if r.Component == c {
			out.Removed = append(out.Removed, r)
		}
	}
	for _, r := range d.Renamed {
		if r.Component == c {
			out.Renamed = append(out.Renamed, r)
		}
	}
	for _, a := range d.Added {
		if a.Component == c {
			out.Added = append(out.Added, a)
		}
	}
	for _, ch := range d.Changed {
		if ch.Component == c {
			out.Changed = append(out.Changed, ch)
		}
	}
	out.Counts = catalog.DiffCounts{Removed: len(out.Removed), Renamed: len(out.Renamed), Added: len(out.Added), Changed: len(out.Changed)}
	return &out
}

func writeParamsDiff(w io.Writer, d *catalog.Diff) error {
	fmt.Fprintf(w, "Kafka %s (%s) -> %s (%s): %s\n", d.From, d.FromRelease, d.To, d.ToRelease, d.Counts)
	if len(d.Removed) > 0 {
		fmt.Fprintf(w, "\nRemoved (%d): delete these lines; the note says what to do instead\n", len(d.Removed))
		for _, r := range d.Removed {
			fmt.Fprintf(w, "  %s %s\n", r.Component, r.Name)
			note := r.Note
			if r.Successor.Name != "" {
				note = "replacement: " + r.Successor.Name + "; " + note
			}
			for _, l := range paramsWrap(note, 72) {
				fmt.Fprintf(w, "      %s\n", l)
			}
		}
	}
	if len(d.Renamed) > 0 {
		fmt.Fprintf(w, "\nRenamed (%d): move the value to the new name\n", len(d.Renamed))
		for _, r := range d.Renamed {
			fmt.Fprintf(w, "  %s %s -> %s\n", r.Component, r.Name, r.Successor.Name)
		}
	}
	if len(d.Added) > 0 {
		fmt.Fprintf(w, "\nAdded (%d)\n", len(d.Added))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, a := range d.Added {
			def := "no default"
			switch {
			case a.Required:
				def = "required"
			case a.Default != nil && *a.Default == "":
				def = `""`
			case a.Default != nil:
				def = paramsCell(*a.Default, 48)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.Component, a.Name, a.Type, def)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(d.Changed) > 0 {
		fmt.Fprintf(w, "\nChanged (%d)\n", len(d.Changed))
		for _, ch := range d.Changed {
			parts := make([]string, len(ch.Changes))
			for i, c := range ch.Changes {
				parts[i] = fmt.Sprintf("%s %s -> %s", strings.ReplaceAll(c.Field, "_", " "), diffValue(c.Field, c.From), diffValue(c.Field, c.To))
			}
			fmt.Fprintf(w, "  %s %s\n", ch.Component, ch.Name)
			for _, p := range parts {
				fmt.Fprintf(w, "      %s\n", p)
			}
		}
	}
	return nil
}

// diffValue shows an empty value so that a change to or from nothing is
// visible: "any" for valid values, "" otherwise.
func diffValue(field, s string) string {
	switch {
	case s == "" && field == "valid_values":
		return "any"
	case s == "":
		return `""`
	}
	return paramsCell(s, 96)
}
