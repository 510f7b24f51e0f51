package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/devbroker"
)

type devOptions struct {
	IO         *IO
	Listen     string
	Partitions int
	DataDir    string
	Sync       bool
	Configs    []string
	LogLevel   string
}

func init() { register(newDevCmd) }

func newDevCmd(ios *IO) *cobra.Command {
	opts := &devOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run the embedded development broker (Kafka protocol, no Docker needed)",
		Long: `Run a single-node development broker that speaks the Kafka protocol.

It is franz-go's kfake, not Apache Kafka: one node, no replication, no ZooKeeper
or KRaft quorum. Any Kafka client (kcat, confluent-kafka, the Java client,
kafkit itself) can produce to it and consume from it, with consumer groups,
idempotence and transactions. Topics are created on first use.

When it accepts connections it prints one line "bootstrap: HOST:PORT" on
stdout, then runs until SIGINT or SIGTERM and shuts down cleanly (exit 0).
With --data-dir, topics, records and committed offsets survive restarts;
without it everything lives in memory.

Broker configs it honours (-c name=value): ` + strings.Join(devbroker.HonouredConfigs(), ", ") + `
(default.replication.factor only as 1: one node). Others
are refused: kfake would store them without acting on them.

Retention works as on Kafka: every log.retention.check.interval.ms (5 minutes
by default) whole segments are deleted once their newest record is older than
retention.ms, or while the partition is over retention.bytes; segments roll
by segment.bytes and segment.ms (log.segment.bytes, log.roll.ms), so the log
start offset moves by whole segments. Compaction (cleanup.policy=compact) is
refused: kfake cannot compact as Kafka does. A topic config that any client
sets and it stores without acting on it is noted on stderr (and by "kafkit
topic create" and "alter-config").`,
		Example: `  kafkit dev                                  # 127.0.0.1:9092, in memory
  kafkit dev --data-dir ./kafka-data          # keep data across restarts
  kafkit dev --listen 127.0.0.1:19092 --partitions 3
  kafkit dev -c log.retention.ms=3600000
  kafkit dev -c log.retention.ms=60000 -c log.roll.ms=10000 -c log.retention.check.interval.ms=1000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDev(cmd.Context(), opts) },
	}
	f := cmd.Flags()
	f.StringVar(&opts.Listen, "listen", devbroker.DefaultListen, "host:port to listen on and advertise")
	f.IntVar(&opts.Partitions, "partitions", 1, "partitions of auto-created topics")
	f.StringVar(&opts.DataDir, "data-dir", "", "directory that keeps topics and offsets across restarts (in memory when empty)")
	f.BoolVar(&opts.Sync, "sync", false, "fsync every produced batch before acknowledging it")
	f.StringArrayVarP(&opts.Configs, "config", "c", nil, "broker config name=value (repeatable)")
	f.StringVar(&opts.LogLevel, "log-level", "none", "broker log level on stderr: none, error, warn, info, debug")
	return cmd
}

func runDev(ctx context.Context, opts *devOptions) error {
	bopts := []devbroker.Opt{
		devbroker.Listen(opts.Listen),
		devbroker.Partitions(opts.Partitions),
		devbroker.Log(opts.IO.Err, opts.LogLevel),
		devbroker.Notes(opts.IO.Err),
	}
	switch opts.LogLevel {
	case "none", "error", "warn", "info", "debug":
	default:
		return UsageErrorf("invalid --log-level %q (one of none, error, warn, info, debug)", opts.LogLevel)
	}
	if opts.Partitions < 1 {
		return UsageErrorf("invalid --partitions %d: must be at least 1", opts.Partitions)
	}
	for _, kv := range opts.Configs {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return UsageErrorf("invalid --config %q: want name=value", kv)
		}
		if err := checkDevConfig(name, value); err != nil {
			return AsUsage(err)
		}
		bopts = append(bopts, devbroker.BrokerConfig(name, value))
	}
	if opts.DataDir != "" {
		bopts = append(bopts, devbroker.DataDir(opts.DataDir))
	}
	if opts.Sync {
		bopts = append(bopts, devbroker.SyncWrites())
	}
	b, err := devbroker.New(bopts...)
	if err != nil {
		return err
	}
	storage := "in memory (gone when it stops)"
	if opts.DataDir != "" {
		storage = "data dir " + opts.DataDir
	}
	fmt.Fprintf(opts.IO.Err, "kafkit dev: single-node development broker speaking the Kafka protocol (kfake, not Apache Kafka; no replication)\n")
	fmt.Fprintf(opts.IO.Err, "kafkit dev: listening on %s, %s, auto-created topics get %d partition(s); Ctrl-C to stop\n", b.Addr(), storage, opts.Partitions)
	fmt.Fprintf(opts.IO.Out, "bootstrap: %s\n", b.Addr())
	if f, ok := opts.IO.Out.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
	<-ctx.Done()
	fmt.Fprintln(opts.IO.Err, "kafkit dev: stopping")
	if err := b.Close(); err != nil {
		return fmt.Errorf("stopping the broker: %w", err)
	}
	fmt.Fprintln(opts.IO.Err, "kafkit dev: stopped")
	return nil
}
