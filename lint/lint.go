package lint

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Severity says how bad a lint finding is. Errors make `kafkit lint` fail;
// warnings fail it only with --strict; infos never do.
type Severity string

// The severities, from the most to the least severe.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Finding is one problem found in a compose file. Line and Column are
// 1-based and point at the offending entry as it is written in the file.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint"`
}

// String formats a finding the way `kafkit lint` prints it, without the hint.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.File, f.Line, f.Column, f.Severity, f.Message, f.Rule)
}

// Rule describes one check of the linter.
type Rule struct {
	// Name is the identifier printed in brackets after each finding.
	Name string
	// Summary says in one line what the rule looks for.
	Summary string
	check   func(p *project, r *reporter)
}

// Rules returns the rules `kafkit lint` runs, in the order they run.
func Rules() []Rule {
	out := make([]Rule, len(registry))
	copy(out, registry)
	return out
}

// registry is every rule of the linter, each defined in its
// own rule_*.go file. The compose-file checks come first so that a reader
// sees the structural problems before the Kafka ones.
var registry = []Rule{
	ruleComposeYAML,
	ruleComposeInvalid,
	ruleDependsOn,
	ruleUnknownParameter,
	ruleIgnoredVariable,
	ruleUnreadConfigFile,
	ruleRequiredSetting,
	ruleInvalidValue,
	ruleWrongMode,
	ruleListenerUndefined,
	ruleListenerProtocol,
	ruleInterBrokerListener,
	ruleSASLJAAS,
	ruleSASLMechanism,
	ruleSuperUserBroker,
	ruleACLAllowEveryone,
	ruleSSLHostname,
	ruleSASLPlaintextExposed,
	ruleAdvertisedHost,
	rulePublishedPort,
	ruleDuplicatePort,
	ruleReplicationFactor,
	ruleMinInsync,
	ruleDuplicateID,
	ruleZooKeeperConnect,
	ruleZooKeeperEnsemble,
	ruleImageTag,
	ruleImageKafka4,
	ruleImageBitnami,
	ruleDataVolume,
	rulePlaintextExposed,
	ruleHostDockerInternal,
}

// Check checks one compose file. name is what findings report as their file
// ("<stdin>" for standard input); dir is the directory relative paths in the
// file (env files, includes, extends) resolve against. Check never fails: a
// file that cannot be parsed is itself a finding.
func Check(name, dir string, src []byte) []Finding {
	p := newProject(name, dir, src)
	if !p.yamlBroken {
		p.startCompose()
	}
	var out []Finding
	for _, rule := range registry {
		if p.yamlBroken && rule.Name != ruleComposeYAML.Name {
			// Nothing else can be said about a file that is not YAML.
			continue
		}
		r := &reporter{rule: rule.Name, file: name}
		rule.check(p, r)
		out = append(out, r.out...)
	}
	return sortFindings(dedup(out), name)
}

// CheckFile reads and checks path; "-" reads standard input from stdin. The
// error is only about reading the file.
func CheckFile(path string, stdin io.Reader) ([]Finding, error) {
	if path == "-" {
		src, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		wd, _ := os.Getwd()
		return Check("<stdin>", wd, src), nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read compose file: %w", err)
	}
	dir := "."
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		dir = path[:i+1]
	}
	return Check(path, dir, src), nil
}

// CountFindings returns the number of findings of each severity.
func CountFindings(fs []Finding) (errors, warnings, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			errors++
		case SeverityWarning:
			warnings++
		default:
			infos++
		}
	}
	return
}

// WriteFindingsText prints findings as `file:line:col: severity: message
// [rule]`, each followed by its hint indented on the next line.
func WriteFindingsText(w io.Writer, fs []Finding) error {
	var b bytes.Buffer
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
		if f.Hint != "" {
			for _, l := range strings.Split(f.Hint, "\n") {
				b.WriteString("    ")
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// reporter collects the findings of one rule.
type reporter struct {
	rule string
	file string
	out  []Finding
}

func (r *reporter) add(sev Severity, pos position, msg, hint string) {
	line, col := pos.line, pos.col
	if line < 1 {
		line, col = 1, 1
	}
	if col < 1 {
		col = 1
	}
	file := r.file
	if pos.file != "" {
		file = pos.file
	}
	r.out = append(r.out, Finding{File: file, Line: line, Column: col, Severity: sev, Rule: r.rule, Message: msg, Hint: hint})
}

func (r *reporter) errorf(pos position, hint, format string, args ...any) {
	r.add(SeverityError, pos, fmt.Sprintf(format, args...), hint)
}

func (r *reporter) warnf(pos position, hint, format string, args ...any) {
	r.add(SeverityWarning, pos, fmt.Sprintf(format, args...), hint)
}

func (r *reporter) infof(pos position, hint, format string, args ...any) {
	r.add(SeverityInfo, pos, fmt.Sprintf(format, args...), hint)
}

// dedup drops repeated findings. They happen when several services
// share one YAML anchor: the entry is written once, so it is reported once.
func dedup(fs []Finding) []Finding {
	seen := make(map[Finding]bool, len(fs))
	out := fs[:0]
	for _, f := range fs {
		if seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	return out
}

// sortFindings orders findings by position, then severity, then rule, so
// the output reads top to bottom like the file; findings in the compose
// file come before those in the env files it reads.
func sortFindings(fs []Finding, main string) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			if a.File == main || b.File == main {
				return a.File == main
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Severity.rank() != b.Severity.rank() {
			return a.Severity.rank() < b.Severity.rank()
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	return fs
}
