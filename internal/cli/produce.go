package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"
	"golang.org/x/term"

	"github.com/kafkit/kafkit/client"
)

type produceOptions struct {
	IO           *IO
	Topic        string
	Values       []string
	Key          string
	KeySet       bool
	Headers      []string
	KeyDelimiter string
	Report       string // auto, each or summary
	Timeout      time.Duration
	Props        propFlags
	Partition    int32 // when the flag is set
	Format       string
	KeepParts    bool
	ValueFile    string
	// Changed are the flags the user typed (RunE fills it).
	Changed changed

	// interactive says whether stdin is a terminal; tests replace it.
	interactive func() bool
}

func init() { register(newProduceCmd) }

func newProduceCmd(ios *IO) *cobra.Command {
	opts := &produceOptions{IO: ios, interactive: stdinIsTerminal(ios.In)}
	cmd := &cobra.Command{
		Use:   "produce TOPIC [VALUE...]",
		Short: "Send records to a topic (the seed's producer)",
		Long: `Send records to a topic: one per VALUE argument or, without values, one per line
of stdin. The broker creates a missing topic (when it allows auto-creation).

Defaults keep data: acks=all and idempotence, like the Java client. Without
compression.type, record batches that snappy shrinks by at least 1/8 are sent
compressed and the others as they are (decided batch by batch). Each delivery
(partition and offset) is reported on stderr when values come from arguments or
a terminal; for piped input, only failures and a summary are, which keeps a
million-line pipe fast (--report each|summary to choose). On Ctrl-C, kafkit stops
reading, waits for what it already sent (bounded like any delivery) and exits 130.

--format json reads records in the shape kafkit consume --format json prints,
one JSON object each (from stdin, or one per VALUE argument): key and value
(null for none; "key_encoding"/"value_encoding": "base64" for bytes that are not
text), headers, and timestamp (ms since the epoch; now when absent). topic and
offset are ignored: TOPIC is the destination. Records go to partitions by key,
unless --keep-partitions sends each to the partition it names. So
"kafkit consume A -e --format json | kafkit produce B --format json" copies
A's records into B with their keys, values, headers and timestamps.

--value-file FILE sends the file's bytes, unchanged, as one record (- for
stdin), with -k and -H as usual.

A broker that cannot be reached within --timeout, or a record that is not
delivered within delivery.timeout.ms (--timeout unless -X/-F set it), ends kafkit
with exit code 1 and an error naming the broker or the record; it never hangs.

` + propHelp + `

Exit codes: 0 every record delivered, 1 a broker or record failed, 2 usage
error (bad flag, unknown property, invalid value), 130 interrupted.`,
		Example: `  kafkit produce conversas -k chave "faco o que eu posso com o que tenho no momento"
  seq 1000 | kafkit produce numbers
  seq 10 | kafkit produce numbers -p 2        # every record to partition 2
  printf 'k1:v1\nk2:v2\n' | kafkit produce conversas --key-delimiter :
  kafkit produce conversas -H origin=cli -X compression.type=zstd hello
  kafkit produce conversas -F client.properties -b broker:9092 hello
  kafkit consume conversas -e --format json | kafkit produce copia --format json
  kafkit produce images -k logo.png --value-file logo.png`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Topic, opts.Values = args[0], args[1:]
			opts.Changed = changedFlags(cmd)
			opts.KeySet = opts.Changed.has("key")
			return runProduce(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Key, "key", "k", "", "key of every record")
	f.StringArrayVarP(&opts.Headers, "header", "H", nil, "record header key=value (repeatable)")
	f.StringVar(&opts.KeyDelimiter, "key-delimiter", "", `split each stdin line at the first DELIM into key and value (\t for a tab)`)
	f.Int32VarP(&opts.Partition, "partition", "p", 0, "send every record to this partition (default: by key, like the Java client)")
	f.StringVar(&opts.Format, "format", "text", "input format: text (a value per argument or line) or json (records as consume --format json prints them)")
	f.BoolVar(&opts.KeepParts, "keep-partitions", false, "with --format json, send each record to the partition it names")
	f.StringVar(&opts.ValueFile, "value-file", "", "send this file's bytes as one record (- for stdin)")
	_ = cmd.MarkFlagFilename("value-file")
	fixedCompletion(cmd, "format", "text", "json")
	f.StringVar(&opts.Report, "report", "auto", "delivery reports on stderr: each, summary, or auto (each for arguments and terminals)")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "how long to wait for the broker, and for each record's delivery (sets delivery.timeout.ms unless -X/-F do)")
	addPropFlags(cmd, &opts.Props)
	completeProperties(cmd, client.Producer)
	fixedCompletion(cmd, "report", "auto", "each", "summary")
	return cmd
}

func stdinIsTerminal(in io.Reader) func() bool {
	return func() bool {
		f, ok := in.(*os.File)
		return ok && term.IsTerminal(int(f.Fd()))
	}
}

// unescapeDelim turns the two characters \t (and \n, \\) typed on a shell
// into the byte they name, since a literal tab is awkward to pass.
func unescapeDelim(s string) string {
	return strings.NewReplacer(`\t`, "\t", `\n`, "\n", `\\`, `\`).Replace(s)
}

func parseHeaders(hs []string) ([]kgo.RecordHeader, error) {
	out := make([]kgo.RecordHeader, 0, len(hs))
	for _, h := range hs {
		k, v, ok := strings.Cut(h, "=")
		if !ok || k == "" {
			return nil, UsageErrorf("invalid --header %q: want key=value", h)
		}
		out = append(out, kgo.RecordHeader{Key: k, Value: []byte(v)})
	}
	return out, nil
}

func runProduce(ctx context.Context, opts *produceOptions) error {
	if opts.Topic == "" {
		return UsageErrorf("empty topic name")
	}
	headers, err := parseHeaders(opts.Headers)
	if err != nil {
		return err
	}
	changed := opts.Changed.has
	asJSON := false
	switch opts.Format {
	case "", "text":
	case "json":
		asJSON = true
		for _, flag := range []string{"key", "header", "key-delimiter", "value-file"} {
			if changed(flag) {
				return UsageErrorf("--%s: with --format json, each record gives its own key, headers and value", flag)
			}
		}
	default:
		return UsageErrorf("invalid --format %q (one of text, json)", opts.Format)
	}
	if opts.KeepParts && !asJSON {
		return UsageErrorf("--keep-partitions takes the partitions from --format json records")
	}
	if opts.KeepParts && changed("partition") {
		return UsageErrorf("-p and --keep-partitions both choose the partition; use one")
	}
	if changed("value-file") {
		switch {
		case len(opts.Values) > 0:
			return UsageErrorf("--value-file and VALUE arguments both give values; use one")
		case changed("key-delimiter"):
			return UsageErrorf("--value-file sends the file as one record; --key-delimiter splits lines")
		case opts.ValueFile == "":
			return UsageErrorf("empty --value-file")
		}
	}
	delim := unescapeDelim(opts.KeyDelimiter)
	if changed("key-delimiter") && delim == "" {
		return UsageErrorf("empty --key-delimiter")
	}
	if delim != "" && len(opts.Values) > 0 {
		return UsageErrorf("--key-delimiter splits stdin lines; with VALUE arguments use -k")
	}
	if delim != "" && opts.KeySet {
		return UsageErrorf("-k and --key-delimiter both set the key; use one")
	}
	switch opts.Report {
	case "auto", "each", "summary":
	default:
		return UsageErrorf("invalid --report %q (one of auto, each, summary)", opts.Report)
	}
	if opts.Timeout <= 0 {
		return UsageErrorf("invalid --timeout %s: must be positive", opts.Timeout)
	}

	// --timeout is also the default delivery.timeout.ms (franz-go's default
	// is no limit, which a command-line tool cannot afford); -X or -F may
	// set another, and an explicit --timeout wins over both.
	cfg, err := loadClientConfig(client.Producer,
		opts.Props.layers(opts.Changed, nil, flagProp(opts.Changed, "timeout", "delivery.timeout.ms", millis(opts.Timeout))),
		opts.IO.Err)
	if err != nil {
		return err
	}
	var extra []kgo.Opt
	var partition *int32
	if opts.KeepParts {
		extra = append(extra, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	}
	if asJSON {
		// franz-go measures a record's delivery timeout from its
		// timestamp; a copied record keeps its original one, often long
		// past, and would fail at once. delivery.timeout.ms still
		// bounds the delivery: kafkit's own stall bound (StallTimeout
		// below) applies it.
		extra = append(extra, kgo.RecordDeliveryTimeout(0))
	}
	if changed("partition") {
		if opts.Partition < 0 {
			return UsageErrorf("invalid --partition %d: partitions are numbered from 0", opts.Partition)
		}
		partition = &opts.Partition
		extra = append(extra, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	}
	s, err := connect(ctx, cfg, opts.Timeout, extra...)
	if err != nil {
		return err
	}
	defer s.Close()

	in := client.ProduceInput{Topic: opts.Topic, Headers: headers, Partition: partition}
	if opts.KeySet {
		in.Key = []byte(opts.Key)
	}
	fromArgs := len(opts.Values) > 0
	switch {
	case asJSON && fromArgs:
		in.Records = argRecords(opts.Values, opts.KeepParts)
	case asJSON:
		in.Records = jsonRecords(opts.IO.In, opts.KeepParts)
	case changed("value-file"):
		data, err := readValueFile(opts.ValueFile, opts.IO.In)
		if err != nil {
			return err
		}
		in.Values = [][]byte{data}
		fromArgs = true
	case fromArgs:
		in.Values = make([][]byte, len(opts.Values))
		for i, v := range opts.Values {
			in.Values[i] = []byte(v)
		}
	default:
		in.Lines = opts.IO.In
		in.KeyDelimiter = []byte(delim)
	}
	each := opts.Report == "each" || (opts.Report == "auto" && (fromArgs || opts.interactive()))
	rep := newDeliveryReporter(opts.IO.Err, opts.Topic, each)

	// delivery.timeout.ms bounds every wait for the broker, the final
	// flush included; see client.ProduceOptions.
	st, err := client.Produce(ctx, s.Client, in, client.ProduceOptions{StallTimeout: cfg.DeliveryTimeout, OnDelivery: rep.report})
	rep.finish(st)
	if err != nil {
		return ExitWith(ExitFailure, err)
	}
	if st.Interrupted {
		return ctx.Err()
	}
	return nil
}

// readValueFile reads a --value-file: a file, or stdin for "-".
func readValueFile(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("reading --value-file from stdin: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, AsUsage(fmt.Errorf("--value-file: %w", err))
	}
	return data, nil
}

// deliveryReporter writes delivery reports on stderr: a line per record in
// "each" mode, otherwise only the first few failures; always a summary.
type deliveryReporter struct {
	w        *bufio.Writer
	topic    string
	each     bool
	failures int
}

// maxFailureLines bounds the failure lines in summary mode: when a broker
// goes away, every buffered record fails, and one line each would drown the
// cause.
const maxFailureLines = 5

func newDeliveryReporter(w io.Writer, topic string, each bool) *deliveryReporter {
	return &deliveryReporter{w: bufio.NewWriter(w), topic: topic, each: each}
}

func (d *deliveryReporter) report(dl client.Delivery) {
	if dl.Err != nil {
		d.failures++
		if d.each || d.failures <= maxFailureLines {
			fmt.Fprintf(d.w, "record %d failed: %v\n", dl.Seq, dl.Err)
			d.w.Flush()
		}
		return
	}
	if d.each {
		fmt.Fprintf(d.w, "record %d delivered: topic %s, partition %d, offset %d\n", dl.Seq, dl.Record.Topic, dl.Record.Partition, dl.Record.Offset)
		// Flushed per line: in each mode the records are few or typed
		// by hand, and the report should appear as the ack arrives.
		d.w.Flush()
	}
}

func (d *deliveryReporter) finish(st client.ProduceStats) {
	if !d.each && d.failures > maxFailureLines {
		fmt.Fprintf(d.w, "... and %d more failed records\n", d.failures-maxFailureLines)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "produced %d of %d %s to %s in %s", st.Delivered, st.Sent, plural(st.Sent, "record", "records"), d.topic, st.Elapsed.Round(time.Millisecond))
	if secs := st.Elapsed.Seconds(); st.Delivered >= 1000 && secs > 0 {
		fmt.Fprintf(&b, " (%.0f records/s)", float64(st.Delivered)/secs)
	}
	for i, p := range st.Partitions {
		if i == 4 {
			fmt.Fprintf(&b, ", and %d more partitions", len(st.Partitions)-4)
			break
		}
		sep := "; "
		if i > 0 {
			sep = ", "
		}
		if p.First == p.Last {
			fmt.Fprintf(&b, "%spartition %d offset %d", sep, p.Partition, p.First)
		} else {
			fmt.Fprintf(&b, "%spartition %d offsets %d-%d", sep, p.Partition, p.First, p.Last)
		}
	}
	switch {
	case st.Interrupted:
		b.WriteString("; interrupted, stopped reading input")
	case st.StoppedOnError:
		b.WriteString("; stopped reading input at the first failure")
	}
	fmt.Fprintln(d.w, b.String())
	d.w.Flush()
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
