package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkit/kafkit/catalog"
	"github.com/kafkit/kafkit/compose"
	"github.com/kafkit/kafkit/stackmodel"
)

type composeOptions struct {
	IO          *IO
	Mode        string
	Brokers     int
	ZooKeepers  int
	Controllers int
	Explicit    bool
	Minimal     bool
	Output      string
	Security    string
	NewCA       bool
	Kafka       string
	// Changed are the flags the user typed (RunE fills it), for the
	// checks that depend on the mode.
	Changed changed
}

func init() { register(newComposeCmd) }

func newComposeCmd(ios *IO) *cobra.Command {
	opts := &composeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "compose",
		Short: "Generate a docker-compose.yml with every Kafka 3.9 and ZooKeeper 3.8 parameter",
		Long: `Generate a docker-compose.yml for a local Kafka 3.9 stack on Confluent's 7.9.7 images,
with every parameter of the catalogue written out, grouped and commented.

The default is one ZooKeeper and one broker in ZooKeeper mode, the repository's
docker-compose.yml. Each server gets its complete configuration as a file
(server.properties, zoo.cfg, and a Java argument file for the ZooKeeper
parameters only a system property can set), carried inline as compose configs;
the lines the stack needs are active, every other parameter is present with its
default behind a "#". The stack has healthchecks, depends_on service_healthy,
named volumes, an INTERNAL listener for containers and an EXTERNAL one for the
host (localhost:9092, 9093, ... published on 127.0.0.1), and replication
factors that fit the broker count.

--kafka 4.x writes a KRaft stack of Kafka 4.4 (the 4.x line, no ZooKeeper) on
Apache's apache/kafka:4.4.0 image instead, with every 4.x broker parameter;
--mode kraft is then implied, and --controllers N gives dedicated controllers.

--explicit makes every parameter that has a default active with it; --minimal
writes only the active ones. "kafkit compose config SERVICE" prints what one
service of a compose file receives.

--security sasl-scram|tls|sasl-tls|mtls makes a secured stack (ZooKeeper mode,
or KRaft with combined nodes or dedicated controllers): SCRAM-SHA-512 users
and/or TLS with certificates made by kafkit, ACLs on, an admin user and an application user allowed
conversas only, ZooKeeper behind a SASL login (KRaft: users stored at storage
format). It needs -o: next to the compose file it writes .env (the passwords,
which the compose file only refers to), secrets/ (the CA, kept on regeneration
unless --new-ca, and the keys, readable by their owner only) and
client.properties, admin.properties and client-librdkafka.properties.

Exit codes: 0 written, 1 a file could not be written, 2 bad flags.`,
		Example: `  kafkit compose > docker-compose.yml          # the repository's stack
  kafkit compose --brokers 3 --zookeepers 3 -o cluster.yml
  kafkit compose --mode kraft                       # one combined broker+controller
  kafkit compose --mode kraft --brokers 3 --controllers 3
  kafkit compose --minimal                          # only what the stack sets
  kafkit compose --security sasl-scram -o secure/docker-compose.yml
  kafkit compose --kafka 4.x                        # Kafka 4.4, one combined node
  kafkit compose --kafka 4.x --brokers 3 --controllers 3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Changed = changedFlags(cmd)
			return runCompose(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Mode, "mode", "zk", "broker mode: zk (ZooKeeper) or kraft")
	f.IntVar(&opts.Brokers, "brokers", 1, "number of brokers, 1 to 9")
	f.IntVar(&opts.ZooKeepers, "zookeepers", 1, "ZooKeeper ensemble size, 1, 3 or 5 (zk mode)")
	f.IntVar(&opts.Controllers, "controllers", 0, "dedicated KRaft controllers, 1, 3 or 5; 0 makes every broker a controller too (kraft mode)")
	f.BoolVar(&opts.Explicit, "explicit", false, "write every parameter that has a default active with it")
	f.BoolVar(&opts.Minimal, "minimal", false, "write only the parameters the stack sets")
	f.StringVarP(&opts.Output, "output", "o", "", "write to FILE instead of stdout")
	f.StringVar(&opts.Security, "security", "none", "none, sasl-scram, tls, sasl-tls or mtls (needs -o: writes .env, secrets/ and client files next to FILE)")
	f.BoolVar(&opts.NewCA, "new-ca", false, "with --security: replace the CA kept in secrets/ instead of reusing it")
	f.StringVar(&opts.Kafka, "kafka", "3.9", "Kafka line: 3.9 (Confluent 7.9 images, ZooKeeper or KRaft) or 4.x (apache/kafka 4.4.0, KRaft only)")
	cmd.AddCommand(newComposeConfigCmd(ios))
	return cmd
}

func runCompose(_ context.Context, opts *composeOptions) error {
	changed := opts.Changed.has
	version := catalog.V39
	if opts.Kafka != "" {
		v, err := catalog.ParseVersion(opts.Kafka)
		if err != nil {
			return AsUsage(fmt.Errorf("--kafka: %w", err))
		}
		version = v
	}
	if version == catalog.V4 && !changed("mode") {
		opts.Mode = "kraft"
	}
	mode, err := catalog.ParseMode(opts.Mode)
	if err != nil || mode == catalog.ModeBoth {
		return UsageErrorf("invalid --mode %q: use zk or kraft", opts.Mode)
	}
	if version == catalog.V4 && mode != catalog.ModeKRaft {
		return UsageErrorf("--mode %s with --kafka 4.x: Kafka 4.x has no ZooKeeper mode (leave --mode out, or use --kafka 3.9)", opts.Mode)
	}
	if opts.Explicit && opts.Minimal {
		return UsageErrorf("--explicit and --minimal contradict each other: choose one")
	}
	if mode == catalog.ModeKRaft && changed("zookeepers") {
		return UsageErrorf("--zookeepers has no meaning with --mode kraft: KRaft brokers need no ZooKeeper")
	}
	sec, err := compose.ParseSecurity(opts.Security)
	if err != nil {
		return AsUsage(err)
	}
	if sec != compose.SecurityNone && (opts.Output == "" || opts.Output == "-") {
		return UsageErrorf("--security %s writes .env, secrets/ and client files next to the compose file: add -o FILE", sec)
	}
	if opts.NewCA && sec == compose.SecurityNone {
		return UsageErrorf("--new-ca only applies with --security")
	}
	so := compose.StackOptions{Mode: mode, Brokers: opts.Brokers, ZooKeepers: opts.ZooKeepers, Controllers: opts.Controllers, Security: sec}
	if version == catalog.V4 {
		so.Kafka = catalog.V4
	}
	switch {
	case opts.Explicit:
		so.Style = compose.StyleExplicit
	case opts.Minimal:
		so.Style = compose.StyleMinimal
	}
	if err := so.Validate(); err != nil {
		return AsUsage(err)
	}
	if sec != compose.SecurityNone {
		return writeSecuredCompose(opts, so)
	}
	data, err := compose.Generate(so)
	if err != nil {
		return err
	}
	if opts.Output == "" || opts.Output == "-" {
		_, err := opts.IO.Out.Write(data)
		return err
	}
	if err := writeFileAtomic(opts.Output, data); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Err, "wrote %s (%d lines); start it with: docker compose -f %s up -d\n", opts.Output, strings.Count(string(data), "\n"), opts.Output)
	return nil
}

// writeFileAtomic writes data to a temporary file next to path and renames
// it over path, so that an interrupted run never leaves half a compose file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

type composeConfigOptions struct {
	IO      *IO
	File    string
	Service string
	Raw     bool
}

func newComposeConfigCmd(ios *IO) *cobra.Command {
	opts := &composeConfigOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "config SERVICE",
		Short: "Print the server.properties or zoo.cfg one service of a compose file receives",
		Long: `Print the effective configuration that a service of a compose file hands to its
Kafka broker or ZooKeeper server, as the server reads it.

For a service that starts its server from a file (as kafkit's stacks do), that
is the file mounted from a compose config or a bind mount, with any
--override of the command applied; for Confluent's, Apache's, Bitnami's and
ZooKeeper's images started as they come, it is the file their start-up script
writes from the environment, so variables the image ignores do not appear.
JVM system properties from KAFKA_OPTS (argument files expanded) follow as
comments. The compose file is loaded like docker compose does, variables from
the environment substituted.

--raw prints the mounted file(s) as they are, comments included.`,
		Example: `  kafkit compose config kafka
  kafkit compose config zookeeper --raw
  kafkit compose config kafka-2 -f examples/compose/cluster/docker-compose.yml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Service = args[0]
			return runComposeConfig(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.File, "file", "f", "docker-compose.yml", "compose file to read")
	cmd.Flags().BoolVar(&opts.Raw, "raw", false, "print the mounted file(s) verbatim, comments included")
	return cmd
}

func runComposeConfig(ctx context.Context, opts *composeConfigOptions) error {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	p, err := stackmodel.LoadComposeFile(ctx, opts.File, env)
	if err != nil {
		return err
	}
	c, err := stackmodel.EffectiveConfig(p, opts.Service)
	if errors.Is(err, stackmodel.ErrUnknownService) {
		return AsUsage(err)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(opts.IO.Out, c.Format(opts.Raw))
	return err
}
