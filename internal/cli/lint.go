package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	composecli "github.com/compose-spec/compose-go/v2/cli"
	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/lint"
	"github.com/kafkit/kafkit/stackmodel"
)

func init() { register(newLintCmd) }

const lintLongFormat = `Check Kafka and ZooKeeper compose files for the mistakes that otherwise show up
only after "docker compose up": advertised listeners that work from one side
only, replication factors above the number of brokers, misspelt or ignored
variables, KRaft settings on a ZooKeeper-mode broker, data without a volume, and
more (see --rules).

It understands the environment conventions of the images below (and of the
same repositories on other registries), environment as a map or a list, and
configuration carried inline in a top-level configs: content: block (the form
"kafkit compose" writes). ${VAR} interpolation is left as written: values that
use it are not judged.

%s

A Kafka service is judged by the catalogue of the Kafka line its image tag runs:
cp-kafka 8.x and apache/kafka 4.x by Kafka 4.x's (a 3.9 setting that 4.x removed
is an error whose hint names what replaces it), cp-kafka 7.9.x, apache/kafka
3.9.x and tags that say nothing by Kafka 3.9's.

Each finding is printed as file:line:col: severity: message [rule], followed by
an indented hint with the fix. Severities are error, warning and info.

Exit codes:
  0  no errors (warnings and infos allowed, unless --strict)
  1  at least one error, or a warning with --strict
  2  usage error, or a file that cannot be read`

// lintLong is the command's help, its list of images taken from the image
// table the linter and "kafkit compose config" share.
func lintLong() string {
	var b strings.Builder
	for _, im := range stackmodel.Images() {
		role := "Kafka"
		if im.Role == stackmodel.RoleZooKeeper {
			role = "ZooKeeper"
		}
		fmt.Fprintf(&b, "  %-10s %s\n", role, strings.Join(im.Repos, ", "))
	}
	return fmt.Sprintf(lintLongFormat, strings.TrimRight(b.String(), "\n"))
}

type lintOptions struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Files  []string
	Format string
	Strict bool
	Rules  bool
}

func newLintCmd(ios *IO) *cobra.Command {
	o := &lintOptions{In: ios.In, Out: ios.Out, Err: ios.Err}
	cmd := &cobra.Command{
		Use:   "lint [FILE...]",
		Short: "Find Kafka-in-Docker mistakes in compose files before docker compose up",
		Long:  lintLong(),
		Example: `  kafkit lint                              # the file docker compose starts from here (compose.yaml, ..., docker-compose.yml)
  kafkit lint stack.yml other.yml
  cat docker-compose.yml | kafkit lint -   # standard input
  kafkit lint --format json | jq '.[] | select(.severity == "error")'
  kafkit lint --strict                     # warnings fail too (CI)
  kafkit lint --rules                      # what is checked`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Files = args
			return runLint(c.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Format, "format", "text", "output format: text or json")
	f.BoolVar(&o.Strict, "strict", false, "exit 1 on warnings too")
	f.BoolVar(&o.Rules, "rules", false, "list the rules and exit")
	return cmd
}

func runLint(ctx context.Context, o *lintOptions) error {
	if o.Format != "text" && o.Format != "json" {
		return UsageErrorf("invalid --format %q: use text or json", o.Format)
	}
	if o.Rules {
		return writeLintRules(o.Out, o.Format)
	}
	files := o.Files
	if len(files) == 0 {
		f, err := lintDefaultFile()
		if err != nil {
			return err
		}
		files = []string{f}
	}
	stdin := 0
	for _, f := range files {
		if f == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return UsageErrorf("standard input (-) can be read only once")
	}
	findings := []lint.Finding{}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		fs, err := lint.CheckFile(f, o.In)
		if err != nil {
			return AsUsage(fmt.Errorf("%w (pass the compose file to check, or - for standard input)", err))
		}
		findings = append(findings, fs...)
	}
	switch o.Format {
	case "json":
		b, err := json.MarshalIndent(findings, "", "  ")
		if err != nil {
			return err
		}
		if _, err := o.Out.Write(append(b, '\n')); err != nil {
			return err
		}
	default:
		if err := lint.WriteFindingsText(o.Out, findings); err != nil {
			return err
		}
	}
	errs, warns, infos := lint.CountFindings(findings)
	if o.Format == "text" {
		fmt.Fprintln(o.Err, lintSummary(len(files), errs, warns, infos))
	}
	if errs > 0 || o.Strict && warns > 0 {
		return ExitWith(ExitFailure, nil)
	}
	return nil
}

// lintDefaultFile is the file to check when none is named: the one
// `docker compose up` would start from here, the first that exists of the
// names it looks for, in its order of preference (compose.yaml first).
// docker compose would also merge a compose.override.yaml beside it and
// look in parent directories; kafkit lint checks only what is named or
// found here.
func lintDefaultFile() (string, error) {
	for _, name := range composecli.DefaultFileNames {
		if _, err := os.Stat(name); err == nil {
			return name, nil
		}
	}
	return "", UsageErrorf("no compose file in this directory (looked for %s); name one, or - for standard input",
		strings.Join(composecli.DefaultFileNames, ", "))
}

func lintSummary(files, errs, warns, infos int) string {
	plural := func(n int, word string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, word)
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	if errs+warns+infos == 0 {
		return fmt.Sprintf("%s checked: no findings", plural(files, "file"))
	}
	return fmt.Sprintf("%s checked: %s, %s, %s", plural(files, "file"), plural(errs, "error"), plural(warns, "warning"), plural(infos, "info"))
}

// lintRuleView is one rule as --rules prints it.
type lintRuleView struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

func writeLintRules(w io.Writer, format string) error {
	var views []lintRuleView
	for _, r := range lint.Rules() {
		views = append(views, lintRuleView{r.Name, r.Summary})
	}
	if format == "json" {
		b, err := json.MarshalIndent(views, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range views {
		fmt.Fprintf(tw, "%s\t%s\n", v.Name, strings.TrimSpace(v.Summary))
	}
	return tw.Flush()
}
