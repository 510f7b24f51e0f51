package reliability

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/devbroker"
	"github.com/kafkit/kafkit/internal/cli"
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

func TestBrokerKilledDuringFlush(t *testing.T) {
	b := inProcessBroker(t)
	addr := b.Addr()
	const timeout = 3 * time.Second
	r := &killingReader{at: 150_000, total: 200_000, kill: func() { b.Close() }}
	code, _, stderr, took := runKafkit(t, r, "produce", "flush", "-b", addr, "--timeout", "3s")
	// The error names the records (their topic) that were not delivered and
	// the broker they were sent to.
	assertFailure(t, code, stderr, took, timeout, "topic flush to "+addr, "failed")
}

func TestRecordTooLarge(t *testing.T) {
	b := inProcessBroker(t, devbroker.BrokerConfig("message.max.bytes", "1000"))
	big := strings.Repeat("x", 5000)
	code, _, stderr, took := runKafkit(t, nil, "produce", "big", big, "-b", b.Addr(), "--timeout", "5s", "-X", "compression.type=none")
	assertFailure(t, code, stderr, took, 5*time.Second, "record 1 (topic big)", "MESSAGE_TOO_LARGE")
}

func TestTopicErrors(t *testing.T) {
	b := inProcessBroker(t)
	t.Run("consume -e of a missing topic", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, "consume", "nowhere", "-e", "-b", b.Addr(), "--timeout", "5s")
		assertFailure(t, code, stderr, took, 5*time.Second, "topic nowhere")
	})
	t.Run("invalid topic name", func(t *testing.T) {
		name := strings.Repeat("n", 300) // Kafka topic names stop at 249 characters
		code, _, stderr, took := runKafkit(t, nil, "produce", name, "v", "-b", b.Addr(), "--timeout", "5s")
		assertFailure(t, code, stderr, took, 5*time.Second, "record 1 (topic "+name)
	})
}

// TestTopicAuthorization runs against a kfake cluster with SASL and ACLs (the
// development broker has neither): a user allowed nothing on a topic gets a
// clear failure, not a retry loop.
func TestTopicAuthorization(t *testing.T) {
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
	addr := ln.Addr().String()
	sasl := []string{"-b", addr, "--timeout", "5s",
		"-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanism=PLAIN",
		"-X", "sasl.username=guest", "-X", "sasl.password=guest"}

	t.Run("produce", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, append([]string{"produce", "secret", "v"}, sasl...)...)
		assertFailure(t, code, stderr, took, 5*time.Second, "topic secret", "TOPIC_AUTHORIZATION_FAILED")
	})
	t.Run("consume", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, append([]string{"consume", "secret", "-g", "g"}, sasl...)...)
		assertFailure(t, code, stderr, took, 5*time.Second, "secret", "TOPIC_AUTHORIZATION_FAILED")
	})
	t.Run("consume -e", func(t *testing.T) {
		code, _, stderr, took := runKafkit(t, nil, append([]string{"consume", "secret", "-e", "-g", "g"}, sasl...)...)
		assertFailure(t, code, stderr, took, 5*time.Second, "secret", "TOPIC_AUTHORIZATION_FAILED")
	})
}
