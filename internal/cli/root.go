// Package cli holds kafkit's commands. A command parses its flags into an
// options struct, calls one domain package and prints; Kafka logic lives in
// the domain packages, never here.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes, documented in the root help.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// version is set at build time with -ldflags "-X .../internal/cli.version=...".
var version = "0.1.0-dev"

// IO bundles the streams a command reads and writes.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// usageError marks an error caused by how the command was called (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// UsageErrorf returns an error that makes kafkit exit with code 2.
func UsageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// AsUsage wraps err so that kafkit exits with code 2.
func AsUsage(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{err}
}

// exitError carries a specific exit code with an optional message (an empty
// message prints nothing: the command already said what went wrong).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// ExitWith returns an error that makes kafkit exit with code; err may be nil
// when the command has already printed everything.
func ExitWith(code int, err error) error { return &exitError{code: code, err: err} }

const rootLong = `kafkit is a Kafka toolkit for learners and developers.

It runs an embedded Kafka-protocol broker for machines without Docker, produces
and consumes records, generates and lints a documented docker-compose stack
with every Kafka 3.9 and ZooKeeper 3.8 parameter, and explains each parameter.

Exit codes:
  0    success
  1    failure (a broker, a record, a check or a finding failed)
  2    usage error (bad flag, unknown property, invalid value)
  130  interrupted (SIGINT/SIGTERM)`

// NewRoot builds the command tree. Every subcommand writes to the streams in
// ios, never to os.Stdout directly, so tests can run it with buffers.
func NewRoot(ios *IO) *cobra.Command {
	root := &cobra.Command{
		Use:           "kafkit",
		Short:         "A Kafka toolkit: embedded broker, producer, consumer, compose stack, linter, parameter catalogue",
		Long:          rootLong,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Example: `  kafkit demo                                 # the seed's message, end to end
  kafkit dev                                  # a development broker on 127.0.0.1:9092
  kafkit produce conversas -k chave "hello"   # send one record
  kafkit consume conversas -e                 # read it back, exit at the end`,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return AsUsage(err) })
	for _, add := range commands {
		root.AddCommand(add(ios))
	}
	return root
}

// commands lists the constructors of the top-level commands; each command's
// file appends itself in an init function so that the list stays in one
// place per command.
var commands []func(*IO) *cobra.Command

func register(f func(*IO) *cobra.Command) { commands = append(commands, f) }

// Main runs kafkit with args and returns the process exit code. It owns
// signal handling: the first SIGINT or SIGTERM cancels ctx, so commands can
// stop reading, flush and leave cleanly.
func Main(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, &IO{In: in, Out: out, Err: errw})
}

// Run executes the command line in args and maps its error to an exit code.
func Run(ctx context.Context, args []string, ios *IO) int {
	root := NewRoot(ios)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return report(ctx, ios.Err, err)
}

func report(ctx context.Context, errw io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(errw, "kafkit: %v\n", ee.err)
		}
		return ee.code
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(errw, "kafkit: %v\n", err)
		return ExitUsage
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		fmt.Fprintln(errw, "kafkit: interrupted")
		return ExitInterrupted
	}
	if isCobraUsage(err) {
		fmt.Fprintf(errw, "kafkit: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(errw, "kafkit: %v\n", err)
	return ExitFailure
}
