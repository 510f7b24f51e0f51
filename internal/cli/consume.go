package cli

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
)

type consumeOptions struct {
	IO        *IO
	Topics    []string
	Group     string
	From      string
	Format    string // text or json
	Fmt       string // -f, a kcat-style format string
	Count     int64
	ExitAtEnd bool
	Timeout   time.Duration
	Props     propFlags
	// Partitions and Offset select direct reading, without a group.
	Partitions []int32
	Offset     string
	// Changed are the flags the user typed (RunE fills it).
	Changed changed
}

func init() { register(newConsumeCmd) }

func newConsumeCmd(ios *IO) *cobra.Command {
	opts := &consumeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "consume TOPIC...",
		Short: "Read records from topics as a consumer group (the seed's consumer)",
		Long: `Read records from one or more topics as a member of a consumer group and print
one record per line on stdout: "key: value" as the seed prints it (a record
without key prints its value alone), or a JSON object with --format json.

It reads until Ctrl-C, until -n records were printed, or with -e until every
assigned partition reached the end it had when it was assigned (librdkafka's
partition EOF). The group starts where it last committed; a new group starts at
--from (earliest by default, like the seed's consumer).

With -p (partitions) or -o (where to start), kafkit reads the partitions
directly, like kcat -p/-o: no group, nothing committed, every partition unless
-p names some. -o takes beginning, end, an offset N, -N (N records before the
end) or @MILLIS (the first record at or after that time, in ms since the epoch).

At-least-once: an offset is committed only after its record was written to
stdout, periodically and on exit; Ctrl-C commits and leaves the group cleanly.
Errors the client recovers from are printed on stderr and reading goes on; a
fatal broker error (authorization, for instance) exits 1.

JSON fields: topic, partition, offset, timestamp (milliseconds since the epoch),
key and value (null when absent), headers ([{"key", "value"}]). A key or value
that is not UTF-8 text is base64-encoded and flagged by "key_encoding":"base64"
or "value_encoding":"base64" (headers likewise, per header).

max.poll.interval.ms maps to franz-go's rebalance timeout: the broker's limit
for a rejoin during a rebalance. The Java client also leaves the group when the
application stops polling that long; franz-go has no such watchdog, and kafkit
polls continuously. enable.auto.commit=false makes kafkit never commit.

-X group.protocol=consumer joins with the consumer group protocol of KIP-848
(the broker assigns partitions; group.remote.assignor=uniform|range picks how)
on brokers that serve it as Kafka 4.0 does. Kafka 3.9 and older do not (3.9 has
only an early-access version kafkit's client does not speak): kafkit then exits
1 saying so, rather than quietly join with the classic protocol.

` + fmtHelp + `

` + propHelp + `

Exit codes: 0 done (-n or -e reached), 1 failure, 2 usage error, 130 interrupted.`,
		Example: `  kafkit consume conversas                    # until Ctrl-C
  kafkit consume conversas -e                 # what is there now, then exit
  kafkit consume conversas -g analytics --from latest
  kafkit consume conversas -n 10 --format json | jq .value
  kafkit consume orders payments -X isolation.level=read_committed
  kafkit consume conversas -p 0 -o -10 -e      # the last 10 records of partition 0, no group
  kafkit consume conversas -o @1764000000000   # from a point in time, all partitions
  kafkit consume conversas -e -f '%t [%p] at offset %o: key %k: %s\n'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Topics = args
			opts.Changed = changedFlags(cmd)
			return runConsume(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Group, "group", "g", "kafkit", "consumer group (same as -X group.id)")
	f.StringVar(&opts.From, "from", "earliest", "where a group without commits starts: earliest or latest (same as -X auto.offset.reset)")
	f.StringVar(&opts.Format, "format", "text", `output format: text ("key: value") or json`)
	f.StringVarP(&opts.Fmt, "fmt", "f", "", `print each record with a kcat-style format string ('%k: %s\n'; see above)`)
	f.Int64VarP(&opts.Count, "count", "n", 0, "exit after printing N records (0: no limit)")
	f.BoolVarP(&opts.ExitAtEnd, "exit-at-end", "e", false, "exit once every assigned partition reached its end (at once if the group assigns this member none)")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "how long to wait for the broker at start, and to commit and leave the group at exit")
	f.Int32SliceVarP(&opts.Partitions, "partition", "p", nil, "read only these partitions, directly, without a group (repeatable or comma-separated)")
	f.StringVarP(&opts.Offset, "offset", "o", "", "read directly, without a group, from: beginning, end, N, -N (N before the end) or @MILLIS")
	addPropFlags(cmd, &opts.Props)
	completeProperties(cmd, client.Consumer)
	fixedCompletion(cmd, "format", "text", "json")
	fixedCompletion(cmd, "from", "earliest", "latest")
	return cmd
}

func runConsume(ctx context.Context, opts *consumeOptions) error {
	for _, t := range opts.Topics {
		if t == "" {
			return UsageErrorf("empty topic name")
		}
	}
	if opts.Format != "text" && opts.Format != "json" {
		return UsageErrorf("invalid --format %q (one of text, json)", opts.Format)
	}
	var tmpl recordFormat
	changed := opts.Changed.has
	if changed("fmt") {
		if changed("format") {
			return UsageErrorf("-f and --format both choose the output; use one")
		}
		var err error
		if tmpl, err = parseRecordFormat(opts.Fmt); err != nil {
			return AsUsage(fmt.Errorf("-f: %w", err))
		}
		if len(tmpl) == 0 {
			return UsageErrorf("empty -f format: it would print nothing")
		}
	}
	if opts.Count < 0 {
		return UsageErrorf("invalid --count %d: must not be negative", opts.Count)
	}
	if opts.Timeout <= 0 {
		return UsageErrorf("invalid --timeout %s: must be positive", opts.Timeout)
	}
	if opts.From != "earliest" && opts.From != "latest" {
		return UsageErrorf("invalid --from %q (one of earliest, latest)", opts.From)
	}
	direct := changed("partition") || changed("offset")
	start, _ := client.ParseStartOffset("beginning")
	if direct {
		for _, p := range opts.Partitions {
			if p < 0 {
				return UsageErrorf("invalid --partition %d: partitions are numbered from 0", p)
			}
		}
		if changed("offset") {
			var err error
			if start, err = client.ParseStartOffset(opts.Offset); err != nil {
				return AsUsage(fmt.Errorf("-o: %w", err))
			}
		}
		for _, flag := range []string{"group", "from"} {
			if changed(flag) {
				return UsageErrorf("--%s is for reading as a group; -p and -o read partitions directly, without one", flag)
			}
		}
	}
	cfg, err := loadClientConfig(client.Consumer, opts.Props.layers(opts.Changed, nil,
		flagProp(opts.Changed, "group", "group.id", opts.Group),
		flagProp(opts.Changed, "from", "auto.offset.reset", opts.From),
	), opts.IO.Err)
	if err != nil {
		return err
	}
	if direct {
		noteGroupOnly(cfg, opts.IO.Err, "-p and -o read partitions directly, without a group")
	}

	out := newRecordWriter(opts.IO.Out, opts.Format)
	out.tmpl = tmpl
	co := client.ConsumeOptions{
		Topics:    opts.Topics,
		Count:     opts.Count,
		ExitAtEnd: opts.ExitAtEnd,
		Timeout:   opts.Timeout,
		Warn:      func(err error) { fmt.Fprintf(opts.IO.Err, "kafkit: warning: %v\n", err) },
	}
	var st client.ConsumeStats
	how := "as group " + cfg.Group
	if direct {
		how = "directly, without a group"
	}
	if direct {
		st, err = client.ConsumePartitions(ctx, cfg, co, opts.Partitions, start, out)
	} else {
		st, err = client.Consume(ctx, cfg, co, out)
	}
	if err != nil {
		if client.IsPropertyError(err) {
			return AsUsage(err)
		}
		// Only a bare interruption exits 130; a failure on the way out
		// (a broken stdout, a failed commit) is the error to report, and
		// its offsets were not committed.
		if st.Interrupted && errors.Is(err, ctx.Err()) {
			committed := ""
			if cfg.AutoCommit && st.Records > 0 && !direct {
				committed = "; offsets committed"
			}
			fmt.Fprintf(opts.IO.Err, "consumed %d %s %s%s\n", st.Records, plural(st.Records, "record", "records"), how, committed)
			return ctx.Err()
		}
		return ExitWith(ExitFailure, err)
	}
	why := ""
	switch {
	case st.NothingAssigned:
		why = ", which gave this member no partition to read (other members hold them all)"
	case st.ReachedEnd:
		why = ", reached the end"
	case opts.Count > 0 && st.Records >= opts.Count:
		why = ", reached --count"
	}
	fmt.Fprintf(opts.IO.Err, "consumed %d %s from %s %s%s\n", st.Records, plural(st.Records, "record", "records"), strings.Join(opts.Topics, ","), how, why)
	return nil
}

// recordWriter prints records; it is the client.Sink of kafkit consume.
type recordWriter struct {
	w    *bufio.Writer
	json bool
	tmpl recordFormat // -f, when set
	buf  []byte
}

func newRecordWriter(w io.Writer, format string) *recordWriter {
	return &recordWriter{w: bufio.NewWriterSize(w, 256<<10), json: format == "json"}
}

func (rw *recordWriter) Write(r *kgo.Record) error {
	switch {
	case rw.tmpl != nil:
		rw.buf = rw.tmpl.append(rw.buf[:0], r)
	case rw.json:
		rw.buf = appendRecordJSON(rw.buf[:0], r)
	default:
		rw.buf = appendRecordText(rw.buf[:0], r)
	}
	_, err := rw.w.Write(rw.buf)
	return err
}

func (rw *recordWriter) Flush() error { return rw.w.Flush() }

// appendRecordText formats a record as the seed's consumer prints it:
// "key: value", or the value alone when the record has no key (an empty key
// counts as none, as Python's `if msg.key()` does).
func appendRecordText(dst []byte, r *kgo.Record) []byte {
	if len(r.Key) > 0 {
		dst = append(dst, r.Key...)
		dst = append(dst, ": "...)
	}
	dst = append(dst, r.Value...)
	return append(dst, '\n')
}

// recordView is the JSON shape of a record; appendRecordJSON writes the same
// thing without reflection, and a test keeps the two in step.
type recordView struct {
	Topic         string       `json:"topic"`
	Partition     int32        `json:"partition"`
	Offset        int64        `json:"offset"`
	Timestamp     int64        `json:"timestamp"`
	Key           *string      `json:"key"`
	KeyEncoding   string       `json:"key_encoding,omitempty"`
	Value         *string      `json:"value"`
	ValueEncoding string       `json:"value_encoding,omitempty"`
	Headers       []headerView `json:"headers"`
}

type headerView struct {
	Key           string  `json:"key"`
	Value         *string `json:"value"`
	ValueEncoding string  `json:"value_encoding,omitempty"`
}

// viewBytes renders bytes for JSON: nil stays null, UTF-8 text stays text,
// anything else becomes base64 with encoding "base64".
func viewBytes(b []byte) (*string, string) {
	if b == nil {
		return nil, ""
	}
	if utf8.Valid(b) {
		s := string(b)
		return &s, ""
	}
	s := base64.StdEncoding.EncodeToString(b)
	return &s, "base64"
}

func newRecordView(r *kgo.Record) recordView {
	v := recordView{
		Topic:     r.Topic,
		Partition: r.Partition,
		Offset:    r.Offset,
		Timestamp: r.Timestamp.UnixMilli(),
		Headers:   make([]headerView, 0, len(r.Headers)),
	}
	v.Key, v.KeyEncoding = viewBytes(r.Key)
	v.Value, v.ValueEncoding = viewBytes(r.Value)
	for _, h := range r.Headers {
		hv := headerView{Key: strings.ToValidUTF8(h.Key, "\uFFFD")}
		hv.Value, hv.ValueEncoding = viewBytes(h.Value)
		v.Headers = append(v.Headers, hv)
	}
	return v
}

func appendRecordJSON(dst []byte, r *kgo.Record) []byte {
	dst = append(dst, `{"topic":`...)
	dst = appendJSONString(dst, r.Topic)
	dst = append(dst, `,"partition":`...)
	dst = strconv.AppendInt(dst, int64(r.Partition), 10)
	dst = append(dst, `,"offset":`...)
	dst = strconv.AppendInt(dst, r.Offset, 10)
	dst = append(dst, `,"timestamp":`...)
	dst = strconv.AppendInt(dst, r.Timestamp.UnixMilli(), 10)
	dst = append(dst, `,"key":`...)
	dst = appendJSONBytes(dst, r.Key, `,"key_encoding":"base64"`)
	dst = append(dst, `,"value":`...)
	dst = appendJSONBytes(dst, r.Value, `,"value_encoding":"base64"`)
	dst = append(dst, `,"headers":[`...)
	for i, h := range r.Headers {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"key":`...)
		// Header keys are strings by protocol; a client that broke the
		// rule gets U+FFFD, as encoding/json does.
		dst = appendJSONString(dst, strings.ToValidUTF8(h.Key, "\uFFFD"))
		dst = append(dst, `,"value":`...)
		dst = appendJSONBytes(dst, h.Value, `,"value_encoding":"base64"`)
		dst = append(dst, '}')
	}
	return append(dst, "]}\n"...)
}

// appendJSONBytes writes b as a JSON string (null for nil); bytes that are
// not UTF-8 are written as base64 followed by flag.
func appendJSONBytes(dst, b []byte, flag string) []byte {
	switch {
	case b == nil:
		return append(dst, "null"...)
	case utf8.Valid(b):
		return appendJSONString(dst, b)
	}
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)
	dst = append(dst, '"')
	return append(dst, flag...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes valid UTF-8 s as a JSON string, escaping only
// what JSON requires.
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
