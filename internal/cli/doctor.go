package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/client"
	"github.com/kafkit/kafkit/doctor"
)

func init() { register(newDoctorCmd) }

type doctorOptions struct {
	IO      *IO
	Props   propFlags
	Format  string
	Timeout time.Duration
	Topic   string
	Keep    bool
	// Changed are the flags the user typed (RunE fills it).
	Changed changed
}

func newDoctorCmd(ios *IO) *cobra.Command {
	o := &doctorOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check that a running cluster serves clients from this machine, and say how to fix what does not",
		Long: `Check a running Kafka cluster the way a client on this machine sees it. Each
check is ok, warning or error, with what was seen and, when something is wrong,
the likely cause and the fix:

  bootstrap          each bootstrap address: name resolution, TCP, TLS, SASL,
                     Kafka requests (a failure names the step)
  advertised         each broker's advertised address (what clients get after
                     bootstrapping) resolves, connects and answers for the same
                     cluster; when not, which listener advertises it and why
  versions           each broker's Kafka version, from its API versions
  features           what the client settings need (group.protocol=consumer,
                     transactions, zstd, ...) against what the brokers offer
  coordinator        a group coordinator answers (for group.id, if set)
  consumer-offsets   __consumer_offsets exists or can be created
  transaction-state  __transaction_state likewise (an error only when
                     transactional.id is set)
  partitions         no partition offline or under-replicated
  round-trip         one record produced with acks=all to a short-lived topic,
                     read back by a consumer group, with timings; the topic and
                     the group are removed afterwards

` + propHelp + ` Give the properties your application
uses: group.protocol and transactional.id are read to check the cluster for
them; the doctor's own round trip uses the classic group protocol and no
transaction.

Every check is bounded by --timeout. Data goes to stdout (--format json for
scripts).

Exit codes: 0 no check failed (warnings allowed), 1 at least one check failed,
2 usage error, 130 interrupted.`,
		Example: `  kafkit doctor                                  # the broker on localhost:9092
  kafkit doctor -b kafka.example:9093 -F client.properties
  kafkit doctor -X security.protocol=SASL_PLAINTEXT -X sasl.mechanism=PLAIN -X sasl.username=alice -X sasl.password=secret
  kafkit doctor --topic conversas --format json  # round trip on an existing topic`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Changed = changedFlags(cmd)
			return runDoctor(cmd.Context(), o)
		},
	}
	addPropFlags(cmd, &o.Props)
	completeProperties(cmd, client.Consumer)
	f := cmd.Flags()
	f.StringVar(&o.Format, "format", "text", "output format: text or json")
	fixedCompletion(cmd, "format", "text", "json")
	f.DurationVar(&o.Timeout, "timeout", 10*time.Second, "how long each check may take")
	f.StringVar(&o.Topic, "topic", "", "topic for the round trip (default: a new kafkit-doctor-* topic, removed afterwards)")
	f.BoolVar(&o.Keep, "keep", false, "keep the round trip's topic")
	return cmd
}

// applicationOnly are properties the doctor reads, and keeps from its own
// clients: they say what the application will ask of the cluster, which the
// features and transaction-state checks try; the round trip stays on the
// classic protocol and out of transactions.
var applicationOnly = map[string]bool{"group.protocol": true, "transactional.id": true}

func runDoctor(ctx context.Context, o *doctorOptions) error {
	switch o.Format {
	case "text", "json":
	default:
		return UsageErrorf("invalid --format %q (text or json)", o.Format)
	}
	if o.Timeout <= 0 {
		return UsageErrorf("invalid --timeout %s: must be positive", o.Timeout)
	}
	if o.Topic != "" {
		if err := checkTopicName(o.Topic); err != nil {
			return err
		}
	}
	layers, err := o.Props.layers(o.Changed, nil).Resolve()
	if err != nil {
		return asUserError(err)
	}
	// The application's own settings are taken out before kafkit's
	// clients are built: they are checked, not applied. Later layers win,
	// as for every property.
	var uses doctor.Uses
	for i, layer := range layers {
		var kept []client.Property
		for _, p := range layer {
			v := strings.TrimSpace(p.Value)
			switch p.Name {
			case "group.protocol":
				if lv := strings.ToLower(v); lv != "classic" && lv != "consumer" {
					return UsageErrorf("invalid value %q for group.protocol (from %s): want classic or consumer", p.Value, p.Origin)
				}
				uses.GroupProtocol = strings.ToLower(v)
			case "transactional.id":
				uses.TransactionalID = v
			case "group.id":
				uses.GroupID = v
			}
			if !applicationOnly[p.Name] {
				kept = append(kept, p)
			}
		}
		layers[i] = kept
	}
	load := func(role client.Role, top ...client.Property) (*client.Config, error) {
		cfg, err := client.Load(role, append(layers, top)...)
		if err != nil {
			return nil, asUserError(err)
		}
		return cfg, nil
	}
	// Notes about properties of the other role are left out: the doctor
	// runs both a producer and a consumer, so each property is used by
	// one of them.
	admin, err := load(client.Admin)
	if err != nil {
		return err
	}
	producer, err := load(client.Producer)
	if err != nil {
		return err
	}
	// The round trip's group is the doctor's own, so that it never moves
	// the offsets of a real group.
	group := "kafkit-doctor-" + randomSuffix()
	consumer, err := load(client.Consumer, client.Property{Name: "group.id", Value: group, Origin: "kafkit doctor"})
	if err != nil {
		return err
	}

	opts := doctor.Options{Admin: admin, Producer: producer, Consumer: consumer, Uses: uses,
		Timeout: o.Timeout, Topic: o.Topic, Keep: o.Keep}
	if o.Format == "text" {
		fmt.Fprintf(o.IO.Out, "kafkit doctor: checking %s from this machine\n", strings.Join(admin.Brokers, ","))
		opts.OnResult = func(r doctor.Result) { printResult(o.IO.Out, r) }
	}
	report, err := doctor.Run(ctx, opts)
	if err != nil {
		return err
	}
	if o.Format == "json" {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else {
		printSummary(o.IO.Out, report)
	}
	if report.Failed {
		n := 0
		for _, r := range report.Results {
			if r.Status == doctor.Error {
				n++
			}
		}
		return ExitWith(ExitFailure, errors.New(plural(int64(n), "1 check failed", fmt.Sprintf("%d checks failed", n))))
	}
	return nil
}

func randomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// printResult writes one check as text: status, check, target and what was
// seen on the first line, then the fix and the timings, indented.
func printResult(w io.Writer, r doctor.Result) {
	head := r.Check
	if r.Target != "" {
		head += " " + r.Target
	}
	if r.Step != "" {
		head += " [" + r.Step + "]"
	}
	fmt.Fprintf(w, "%-8s %s: %s\n", strings.ToUpper(string(r.Status)), head, r.Seen)
	if r.Fix != "" {
		fmt.Fprintf(w, "         fix: %s\n", r.Fix)
	}
	if len(r.Timings) > 0 {
		parts := make([]string, len(r.Timings))
		for i, t := range r.Timings {
			parts[i] = fmt.Sprintf("%s %.1fms", t.Name, t.Millis)
		}
		fmt.Fprintf(w, "         timings: %s\n", strings.Join(parts, ", "))
	}
}

func printSummary(w io.Writer, rep *doctor.Report) {
	counts := map[doctor.Status]int{}
	for _, r := range rep.Results {
		counts[r.Status]++
	}
	fmt.Fprintf(w, "%d checks: %d ok, %d %s, %d %s, %d skipped\n", len(rep.Results), counts[doctor.OK],
		counts[doctor.Warning], plural(int64(counts[doctor.Warning]), "warning", "warnings"),
		counts[doctor.Error], plural(int64(counts[doctor.Error]), "error", "errors"), counts[doctor.Skipped])
}
