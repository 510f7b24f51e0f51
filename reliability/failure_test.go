package reliability

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/devbroker"
	"github.com/kafkit/kafkit/internal/cli"
	"github.com/kafkit/kafkit/internal/harness"
)

// These failure paths run kafkit in-process (cli.Run with buffers), so that
// TestMain's goroutine-leak check covers them: a command that gives up on a
// broker must not leave a client behind.

// runKafkit runs a kafkit command line in-process. The context bounds it well
// beyond its own --timeout, so a hang fails the test instead of the suite.
func runKafkit(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string, took time.Duration) {
	t.Helper()
	t.Setenv("KAFKIT_BROKERS", "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	start := time.Now()
	code = cli.Run(ctx, args, &cli.IO{In: stdin, Out: &out, Err: &errb})
	took = time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("kafkit %s did not return within 2 minutes", strings.Join(args, " "))
	}
	return code, out.String(), errb.String(), took
}

// closedAddr is a loopback address nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func inProcessBroker(t *testing.T, opts ...devbroker.Opt) *devbroker.Broker {
	t.Helper()
	b, err := devbroker.New(append([]devbroker.Opt{devbroker.Listen("127.0.0.1:0")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// assertFailure checks exit code 1, that stderr names what failed, and that
// the command gave up within its timeout plus a grace for closing.
func assertFailure(t *testing.T, code int, stderr string, took, timeout time.Duration, names ...string) {
	t.Helper()
	if code != cli.ExitFailure {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, cli.ExitFailure, stderr)
	}
	for _, n := range names {
		if !strings.Contains(stderr, n) {
			t.Errorf("stderr does not name %q:\n%s", n, stderr)
		}
	}
	// Not a performance assertion: the bound is the command's contract
	// ("exit 1 within --timeout, never a hang"), with generous slack
	// for a loaded machine.
	if limit := 2*timeout + 10*time.Second; took > limit {
		t.Errorf("took %s to fail, beyond --timeout %s (limit %s)", took, timeout, limit)
	}
}

func TestBrokerUnreachable(t *testing.T) {
	addr := closedAddr(t)
	const timeout = 3 * time.Second
	tests := []struct {
		name  string
		args  []string
		stdin string
	}{
		{"produce argument", []string{"produce", "t", "v", "-b", addr, "--timeout", "3s"}, ""},
		{"produce stdin", []string{"produce", "t", "-b", addr, "--timeout", "3s"}, "a\nb\n"},
		{"consume", []string{"consume", "t", "-b", addr, "--timeout", "3s"}, ""},
		{"consume -e", []string{"consume", "t", "-e", "-b", addr, "--timeout", "3s"}, ""},
		{"perf produce", []string{"perf", "produce", "t", "-b", addr, "--timeout", "3s"}, ""},
		{"perf consume", []string{"perf", "consume", "t", "-b", addr, "--timeout", "3s"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr, took := runKafkit(t, strings.NewReader(tt.stdin), tt.args...)
			assertFailure(t, code, stderr, took, timeout, addr)
		})
	}
}

// killingReader yields lines and closes the broker after a given number of
// them, while kafkit produce is still sending and flushing.
type killingReader struct {
	mu     sync.Mutex
	n, at  int
	total  int
	buf    bytes.Buffer
	kill   func()
	killed bool
}

func (r *killingReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.buf.Len() < len(p) && r.n < r.total {
		fmt.Fprintf(&r.buf, "%s\n", recordValue(r.n))
		r.n++
		if r.n == r.at && !r.killed {
			r.killed = true
			r.kill()
		}
	}
	if r.buf.Len() == 0 {
		return 0, io.EOF
	}
	return r.buf.Read(p)
}

// TestBrokerKilledDuringFlush: the broker goes away (kfake closed, Apache
// Kafka killed with SIGKILL) while kafkit produce is still sending: exit 1
// within the timeout, naming the topic and the broker.
func TestBrokerKilledDuringFlush(t *testing.T) {
	t.Run("kfake", func(t *testing.T) {
		b := inProcessBroker(t)
		brokerKilledDuringFlush(t, b.Addr(), func() { b.Close() })
	})
	t.Run("kafka-"+harness.DefaultVersion, func(t *testing.T) {
		c := harness.StartCluster(t, harness.Kafka(t, harness.DefaultVersion), harness.ClusterSpec{})
		harness.CreateTopic(t, c.Bootstrap, "flush", 1, 1, nil)
		brokerKilledDuringFlush(t, c.Bootstrap, func() {
			if err := c.Brokers[0].Kill(); err != nil {
				t.Error(err)
			}
		})
	})
}

func brokerKilledDuringFlush(t *testing.T, addr string, kill func()) {
	// The kill comes once kafkit has read (and sent) its first megabyte of
	// input, and the timeout is long enough that a broker slowed down by
	// a loaded machine (a JVM that has just started, the race detector)
	// is not taken for a dead one before it.
	const timeout = 10 * time.Second
	r := &killingReader{at: 100_000, total: 200_000, kill: kill}
	code, _, stderr, took := runKafkit(t, r, "produce", "flush", "-b", addr, "--timeout", "10s")
	r.mu.Lock()
	killed := r.killed
	r.mu.Unlock()
	if !killed {
		t.Fatalf("kafkit gave up before the broker was killed (exit %d):\n%s", code, stderr)
	}
	// The error names the records (their topic) that were not delivered and
	// the broker they were sent to: "N records for topic flush to ADDR
	// failed" or "record N (topic flush) to ADDR failed".
	assertFailure(t, code, stderr, took, timeout, "topic flush", "to "+addr+" failed")
	if m := regexp.MustCompile(`produced (\d+) of`).FindStringSubmatch(stderr); m == nil || m[1] == "0" {
		t.Fatalf("no record was delivered before the broker went away:\n%s", tail(stderr, 2000))
	}
	t.Logf("exit %d after %s: %s", code, took.Round(time.Millisecond), tail(strings.TrimSpace(stderr), 400))
}

// TestRecordTooLarge: a record over the broker's limit (kfake's
// message.max.bytes, the topic's max.message.bytes on Apache Kafka) is
// refused by the broker: exit 1, naming the record, the broker's error and
// the limits.
func TestRecordTooLarge(t *testing.T) {
	t.Run("kfake", func(t *testing.T) {
		b := inProcessBroker(t, devbroker.BrokerConfig("message.max.bytes", "1000"))
		recordTooLarge(t, b.Addr(), "big")
	})
	t.Run("kafka-"+harness.DefaultVersion, func(t *testing.T) {
		b := harness.Real(t)
		topic := harness.TopicName(t)
		limit := "1000"
		harness.CreateTopic(t, b.Addr, topic, 1, 1, map[string]*string{"max.message.bytes": &limit})
		recordTooLarge(t, b.Addr, topic)
	})
}

func recordTooLarge(t *testing.T, addr, topic string) {
	big := strings.Repeat("x", 5000)
	code, _, stderr, took := runKafkit(t, nil, "produce", topic, big, "-b", addr, "--timeout", "5s", "-X", "compression.type=none")
	assertFailure(t, code, stderr, took, 5*time.Second, "record 1 (topic "+topic+")", "MESSAGE_TOO_LARGE", "max.message.bytes")
	t.Logf("exit %d after %s: %s", code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
}

// TestTopicErrors: a topic that is missing, one whose name is invalid, and
// one the broker cannot create: exit 1 naming the topic and the cause.
func TestTopicErrors(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		t.Run("consume -e of a missing topic", func(t *testing.T) {
			missing := harness.TopicName(t)
			code, _, stderr, took := runKafkit(t, nil, "consume", missing, "-e", "-b", b.Addr, "--timeout", "5s")
			assertFailure(t, code, stderr, took, 5*time.Second, "topic "+missing)
		})
		t.Run("invalid topic name", func(t *testing.T) {
			name := strings.Repeat("n", 300) // Kafka topic names stop at 249 characters
			code, _, stderr, took := runKafkit(t, nil, "produce", name, "v", "-b", b.Addr, "--timeout", "5s")
			assertFailure(t, code, stderr, took, 5*time.Second, "record 1 (topic "+name)
		})
		t.Run("replication factor above the brokers", func(t *testing.T) {
			name := harness.TopicName(t)
			code, _, stderr, took := runKafkit(t, nil, "topic", "create", name, "-r", "3", "-b", b.Addr, "--timeout", "5s")
			assertFailure(t, code, stderr, took, 5*time.Second, name, "INVALID_REPLICATION_FACTOR")
			t.Logf("%s", strings.TrimSpace(stderr))
		})
		t.Run("topic that exists", func(t *testing.T) {
			name := harness.TopicName(t)
			harness.CreateTopic(t, b.Addr, name, 1, 1, nil)
			code, _, stderr, took := runKafkit(t, nil, "topic", "create", name, "-b", b.Addr, "--timeout", "5s")
			assertFailure(t, code, stderr, took, 5*time.Second, name, "TOPIC_ALREADY_EXISTS")
		})
	})
}

// TestTopicAuthorization: a user allowed nothing on a topic but to see it
// gets a clear failure, not a retry loop, from kfake with SASL and ACLs and
// from an Apache Kafka broker with the ZooKeeper-mode ACL authorizer
// (allow.everyone.if.no.acl.found=false, a super user).
func TestTopicAuthorization(t *testing.T) {
	t.Run("kfake", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		c, err := kfake.NewCluster(
			kfake.NumBrokers(1),
			kfake.ListenFn(func(string, string) (net.Listener, error) { return ln, nil }),
			kfake.EnableSASL(),
			kfake.EnableACLs(),
			kfake.Superuser("PLAIN", "admin", "admin"),
			// Allowed to see the cluster and the topic, not to write or read.
			kfake.User("PLAIN", "guest", "guest",
				kfake.ACL{Resource: kmsg.ACLResourceTypeCluster, Name: "kafka-cluster", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationDescribe, Allow: true},
				kfake.ACL{Resource: kmsg.ACLResourceTypeCluster, Name: "kafka-cluster", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationIdempotentWrite, Allow: true},
				kfake.ACL{Resource: kmsg.ACLResourceTypeTopic, Name: "secret", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationDescribe, Allow: true},
				kfake.ACL{Resource: kmsg.ACLResourceTypeGroup, Name: "*", Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: kmsg.ACLOperationAll, Allow: true},
			),
			kfake.SeedTopics(1, "secret"),
		)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		topicAuthorization(t, ln.Addr().String())
	})
	t.Run("kafka-"+harness.DefaultVersion, func(t *testing.T) {
		d := harness.Kafka(t, harness.DefaultVersion)
		plain, sasl := harness.FreePort(t, "127.0.0.1"), harness.FreePort(t, "127.0.0.1")
		c := harness.StartCluster(t, d, harness.ClusterSpec{Props: map[string]string{
			// PLAINTEXT (the harness's own checks, the broker itself)
			// is ANONYMOUS, a super user; SASL/PLAIN is admin or guest.
			"listeners":               fmt.Sprintf("PLAINTEXT://127.0.0.1:%d,SASL_PLAINTEXT://127.0.0.1:%d", plain, sasl),
			"sasl.enabled.mechanisms": "PLAIN",
			"listener.name.sasl_plaintext.plain.sasl.jaas.config": `org.apache.kafka.common.security.plain.PlainLoginModule required ` +
				`username="admin" password="admin" user_admin="admin" user_guest="guest";`,
			"authorizer.class.name":          "kafka.security.authorizer.AclAuthorizer",
			"allow.everyone.if.no.acl.found": "false",
			"super.users":                    "User:ANONYMOUS;User:admin",
		}})
		harness.CreateTopic(t, c.Bootstrap, "secret", 1, 1, nil)
		adm := harness.Admin(t, c.Bootstrap)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, acl := range []*kadm.ACLBuilder{
			kadm.NewACLs().Allow("User:guest").AllowHosts("*").Clusters().Operations(kadm.OpDescribe, kadm.OpIdempotentWrite).ResourcePatternType(kadm.ACLPatternLiteral),
			kadm.NewACLs().Allow("User:guest").AllowHosts("*").Topics("secret").Operations(kadm.OpDescribe).ResourcePatternType(kadm.ACLPatternLiteral),
			kadm.NewACLs().Allow("User:guest").AllowHosts("*").Groups("*").Operations(kadm.OpAll).ResourcePatternType(kadm.ACLPatternLiteral),
		} {
			res, err := adm.CreateACLs(ctx, acl)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if r.Err != nil {
					t.Fatalf("creating ACL %+v: %v", r, r.Err)
				}
			}
		}
		topicAuthorization(t, fmt.Sprintf("127.0.0.1:%d", sasl))
	})
}

func topicAuthorization(t *testing.T, addr string) {
	sasl := []string{"-b", addr, "--timeout", "5s",
		"-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanism=PLAIN",
		"-X", "sasl.username=guest", "-X", "sasl.password=guest"}

	t.Run("produce", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, append([]string{"produce", "secret", "v"}, sasl...)...)
		assertFailure(t, code, stderr, took, 5*time.Second, "topic secret", "TOPIC_AUTHORIZATION_FAILED")
		t.Logf("exit %d after %s: %s", code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
	})
	t.Run("consume", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, append([]string{"consume", "secret", "-g", "g"}, sasl...)...)
		assertFailure(t, code, stderr, took, 5*time.Second, "secret", "TOPIC_AUTHORIZATION_FAILED")
		t.Logf("exit %d after %s: %s", code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
	})
	t.Run("consume -e", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, append([]string{"consume", "secret", "-e", "-g", "g"}, sasl...)...)
		assertFailure(t, code, stderr, took, 5*time.Second, "secret", "TOPIC_AUTHORIZATION_FAILED")
	})
	t.Run("topic create", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, append([]string{"topic", "create", "forbidden"}, sasl...)...)
		assertFailure(t, code, stderr, took, 5*time.Second, "forbidden", "AUTHORIZATION_FAILED")
		t.Logf("exit %d after %s: %s", code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
	})
}
