package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kafkit/kafkit/catalog"
)

// This file renders the views the catalogue builds; nothing here knows
// Kafka, it only lays text out.

func writeParamsJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// paramsCell shortens a table cell so that one long default (librdkafka's
// builtin.features, say) does not push every other row off the screen.
func paramsCell(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return s[:max-3] + "..."
}

func writeParamsTable(w io.Writer, ps []*catalog.Param, withComponent bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if withComponent {
		fmt.Fprintln(tw, "COMPONENT\tNAME\tTYPE\tDEFAULT\tIMPORTANCE")
	} else {
		fmt.Fprintln(tw, "NAME\tTYPE\tDEFAULT\tIMPORTANCE")
	}
	for _, p := range ps {
		imp := p.Importance
		if imp == "" {
			imp = "-"
		}
		row := []string{p.Name, p.Type, paramsCell(p.DefaultString(), 48), imp}
		if withComponent {
			row = append([]string{string(p.Component)}, row...)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// paramsWrap breaks text into lines of at most width columns.
func paramsWrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func writeParamsShow(w io.Writer, views []catalog.ShowView) error {
	for i, v := range views {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeParamsShowOne(w, v)
	}
	return nil
}

func writeParamsShowOne(w io.Writer, v catalog.ShowView) {
	if v.Level != "" {
		fmt.Fprintf(w, "%s (%s, %s level)\n", v.Name, v.Component, v.Level)
	} else {
		fmt.Fprintf(w, "%s (%s)\n", v.Name, v.Component)
	}
	if v.Description != "" {
		fmt.Fprintln(w)
		for _, l := range paramsWrap(v.Description, 76) {
			fmt.Fprintln(w, "  "+l)
		}
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field := func(k, val string) {
		if val != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", k, val)
		}
	}
	def := "none (no default)"
	switch {
	case v.Required:
		def = "none: required"
	case v.Default != nil && *v.Default == "":
		def = `"" (empty)`
	case v.Default != nil:
		def = *v.Default
	}
	if v.Kafka != "" {
		field("kafka", fmt.Sprintf("%s (checked against %s)", v.Kafka, v.Kafka.Release()))
	}
	field("type", v.Type)
	field("default", def)
	valid := v.ValidValues
	if valid == "" {
		valid = "any " + v.Type
	}
	if v.ValidHint != "" {
		if v.ValidValues == "" || v.ValidValues == "non-null string" || v.ValidValues == "non-empty list" {
			valid = v.ValidHint
		} else {
			field("valid values", valid)
			valid = v.ValidHint
		}
		field("format", valid)
	} else {
		field("valid values", valid)
	}
	field("importance", v.Importance)
	switch v.UpdateMode {
	case "read-only":
		field("update mode", "read-only (restart the broker to change it)")
	case "per-broker", "cluster-wide":
		field("update mode", v.UpdateMode+" (dynamic, no restart)")
	}
	if v.Component == catalog.Broker {
		field("broker mode", map[catalog.Mode]string{catalog.ModeZK: "zk (ZooKeeper mode only)",
			catalog.ModeKRaft: "kraft (KRaft mode only)", catalog.ModeBoth: "both (ZooKeeper and KRaft)"}[v.Mode])
	}
	if v.Deprecated {
		field("deprecated", "yes")
	}
	switch {
	case v.Source == catalog.SourceKafkaConfigInternal:
		field("defined by", "KafkaConfig, as an internal config (Kafka's documentation leaves it out)")
	case v.Source == catalog.SourceQuorumPeerConfig:
		field("defined by", "QuorumPeerConfig, which reads it from zoo.cfg (the admin guide's list leaves it out)")
	case v.Component == catalog.Broker && v.Source != "" && v.Source != catalog.SourceKafkaConfig:
		field("defined by", strings.ReplaceAll(v.Source, ",", ", ")+" (read by the authorizer named in authorizer.class.name, not by KafkaConfig)")
	}
	field("server default", v.ServerDefault)
	field("system property", v.SystemProperty)
	field("zoo.cfg line", map[string]string{"native": "read by ZooKeeper", "sysprop": "becomes system property " + v.SystemProperty,
		"sysprop-mismatch": "no effect (use the system property)", "jvm-only": "not read: JVM flag only"}[v.ZooCfg])
	field("librdkafka", strings.TrimSpace(v.Level+" "+scopeWord(v.Scope)))
	if len(v.Flags) > 0 {
		field("flags", strings.Join(v.Flags, ", "))
	}
	if v.Component == catalog.Producer || v.Component == catalog.Consumer || v.Component == catalog.Librdkafka {
		k := "not applied by kafkit's clients"
		if v.Kafkit != "" {
			k = "applied by kafkit produce/consume (-X)"
		}
		field("kafkit", k)
	}
	tw.Flush()

	fmt.Fprintln(w)
	fmt.Fprintln(w, "Set it")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\t%s\n", v.File, v.FileLine)
	for _, s := range v.Settings {
		line := s.Line
		if line == "" {
			line = "(cannot)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", s.Image, line)
	}
	tw.Flush()
	var first *catalog.Setting
	for i := range v.Settings {
		s := &v.Settings[i]
		if s.Note != "" {
			fmt.Fprintf(w, "  %s: %s\n", s.Image, s.Note)
		}
		if first == nil && s.Line != "" {
			first = s
		}
	}
	if first != nil {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "In docker-compose.yml (%s):\n", first.Image)
		fmt.Fprintf(w, "  services:\n    %s:\n      environment:\n        %s\n", serviceName(v.Component), first.Line)
	}
	if len(v.Related) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Related")
		for _, r := range v.Related {
			fmt.Fprintln(w, "  "+r)
		}
	}
	if len(v.Notes) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Notes")
		for _, n := range v.Notes {
			fmt.Fprintln(w, "  - "+n)
		}
	}
}

func serviceName(c catalog.Component) string {
	if c == catalog.ZooKeeper {
		return "zookeeper"
	}
	return "kafka"
}

func scopeWord(s string) string {
	switch s {
	case "P":
		return "producer"
	case "C":
		return "consumer"
	case "*":
		return "producer and consumer"
	}
	return s
}

func writeParamsSearch(w io.Writer, rs []catalog.SearchResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCOMPONENT\tTYPE\tDESCRIPTION")
	for _, r := range rs {
		p := r.Param
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name, p.Component, p.Type, paramsCell(p.Description, 60))
	}
	return tw.Flush()
}

// writeParamsCheck prints one line per result and returns how many were
// rejected.
func writeParamsCheck(w io.Writer, results []catalog.CheckResult) int {
	rejected := 0
	for _, r := range results {
		switch {
		case r.Err == nil && r.Warning != "":
			// Accepted, but not taken as written: not a rejection.
			fmt.Fprintln(w, "warn   "+r.Name+"="+r.Value+": "+r.Warning)
		case r.Err == nil && r.Param != nil && r.Param.PluginPrefix != "":
			// A key the broker hands to a plugin: known by its prefix
			// only, so its value goes unchecked, and the line says so.
			fmt.Fprintf(w, "ok     %s=%s (broker: passed to the tiered-storage %s plugin under %s, the default of %s; value not checked)\n",
				r.Name, r.Value, r.Param.Plugin, r.Param.PluginPrefix, r.Param.PluginOf)
		case r.Err == nil:
			line := "ok     " + r.Name + "=" + r.Value
			if r.Param != nil && r.Param.Name != r.Name {
				if r.Via != "" {
					line += " (" + r.Via + ")"
				} else {
					line += " (" + string(r.Param.Component) + " " + r.Param.Name + ")"
				}
			} else if r.Param != nil {
				line += " (" + string(r.Param.Component) + ")"
			}
			fmt.Fprintln(w, line)
		default:
			rejected++
			msg := r.Err.Error()
			if r.Via != "" {
				msg += " (" + r.Via + ")"
			}
			fmt.Fprintln(w, "error  "+msg)
		}
	}
	return rejected
}
