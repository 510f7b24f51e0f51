package reliability

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// restartConfig sizes a broker-restart run.
type restartConfig struct {
	records int
	rate    float64
	// restarts is how many times the broker is stopped mid-stream.
	restarts int
	// precreate creates the topic with a CreateTopics request instead of
	// letting the producer's metadata request auto-create it (see
	// TestBrokerKillAutoCreatedTopic for why it matters).
	precreate bool
}

// TestBrokerRestart stops `kafkit dev --data-dir` mid-stream, once with
// SIGTERM (a clean shutdown) and once with SIGKILL (a crash), and restarts it
// on the same port and data directory while `kafkit produce` keeps writing.
// The producer must recover and deliver everything; no record it reported as
// delivered may be missing afterwards; offsets a group committed before the
// stop must still be there.
//
// The same runs against an Apache Kafka broker (acks=all, the producer's
// default), stopped with SIGTERM (a controlled shutdown) and killed with
// SIGKILL.
func TestBrokerRestart(t *testing.T) {
	t.Run("SIGTERM", func(t *testing.T) {
		brokerRestart(t, syscall.SIGTERM, restartConfig{records: 20_000, rate: 10_000, restarts: 1})
	})
	t.Run("SIGKILL", func(t *testing.T) {
		brokerRestart(t, syscall.SIGKILL, restartConfig{records: 20_000, rate: 10_000, restarts: 1, precreate: true})
	})
}

// TestBrokerKillAutoCreatedTopic is the SIGKILL case with the topic created
// the way a learner's first "kafkit produce" creates it: by the producer's
// metadata request. kfake writes topics.json when a topic is created by a
// CreateTopics request but, for a topic auto-created by a Metadata request,
// only when the broker closes; after a SIGKILL the topic would be unknown, its
// segments orphaned and the producer's records (acknowledged ones
// included) would be gone. devbroker works around it (it creates auto-created
// topics through kfake's CreateTopic, which persists them); this test is the
// check for it.
func TestBrokerKillAutoCreatedTopic(t *testing.T) {
	brokerRestart(t, syscall.SIGKILL, restartConfig{records: 20_000, rate: 10_000, restarts: 1})
}

// TestSoakBrokerRestart is the long variant: more records, ten restarts with
// each signal.
func TestSoakBrokerRestart(t *testing.T) {
	soak(t)
	t.Run("SIGTERM", func(t *testing.T) {
		brokerRestart(t, syscall.SIGTERM, restartConfig{records: 200_000, rate: 10_000, restarts: 10})
	})
	t.Run("SIGKILL", func(t *testing.T) {
		brokerRestart(t, syscall.SIGKILL, restartConfig{records: 200_000, rate: 10_000, restarts: 10, precreate: true})
	})
}

// acks collects the sequence numbers kafkit produce reported as delivered
// ("record N delivered: topic T, partition P, offset O" with --report each).
type acks struct {
	mu   sync.Mutex
	seqs map[int]bool
}

func (a *acks) line(l string) {
	var seq, part int
	var off int64
	var topic string
	if _, err := fmt.Sscanf(l, "record %d delivered: topic %s partition %d, offset %d", &seq, &topic, &part, &off); err != nil {
		return
	}
	a.mu.Lock()
	a.seqs[seq] = true
	a.mu.Unlock()
}

func (a *acks) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.seqs)
}

func (a *acks) snapshot() []int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]int, 0, len(a.seqs))
	for s := range a.seqs {
		out = append(out, s)
	}
	return out
}

func brokerRestart(t *testing.T, sig syscall.Signal, cfg restartConfig) {
	onTargets(t, targetSpec{}, func(t *testing.T, d *target) { brokerRestartOn(t, d, sig, cfg) })
}

func brokerRestartOn(t *testing.T, d *target, sig syscall.Signal, cfg restartConfig) {
	const topic = "restart"
	const committed = 5000
	if cfg.precreate {
		createTopic(t, d.addr, topic)
	}

	ack := &acks{seqs: map[int]bool{}}
	pr, pw := io.Pipe()
	prod := start(t, pr, hooks{err: ack.line}, "produce", topic, "-b", d.addr, "--report", "each", "--timeout", "60s")

	// The first part of the stream, then a group commits its position.
	first := cfg.records / (cfg.restarts + 2)
	if first < committed {
		t.Fatalf("test sizing: first part %d smaller than the committed position %d", first, committed)
	}
	if err := feed(pw, 0, first, cfg.rate); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the first part to be delivered", func() bool { return ack.count() >= first })
	c := start(t, nil, hooks{}, "consume", topic, "-b", d.addr, "-g", "keep", "-n", strconv.Itoa(committed))
	if code := c.wait(30 * time.Second); code != 0 {
		t.Fatalf("consume -n %d exited %d: %s", committed, code, c.Stderr())
	}

	// The rest is written while the broker is stopped and restarted.
	fed := make(chan error, 1)
	go func() {
		err := feed(pw, first, cfg.records, cfg.rate)
		pw.CloseWithError(err)
		fed <- err
	}()
	var ackedBeforeStop []int
	for r := 0; r < cfg.restarts; r++ {
		time.Sleep(300 * time.Millisecond)
		ackedBeforeStop = ack.snapshot()
		d.restart(t, sig)
	}
	if err := <-fed; err != nil {
		t.Fatalf("feeding the producer: %v", err)
	}
	if code := prod.wait(90 * time.Second); code != 0 {
		t.Fatalf("kafkit produce did not recover from the broker restart: exit %d\n%s", code, tail(prod.Stderr(), 2000))
	}

	// Everything is there, in particular what was acknowledged before the
	// last stop.
	all := start(t, nil, hooks{}, "consume", topic, "-b", d.addr, "-g", "verify", "-e")
	if code := all.wait(60 * time.Second); code != 0 {
		t.Fatalf("reading back exited %d: %s", code, all.Stderr())
	}
	tl := newTally(cfg.records)
	tl.add(all.Lines())
	distinct, lost, dups, firstLost := tl.result()
	var lostAcked []int
	for _, seq := range ackedBeforeStop {
		if tl.seen[seq-1] == 0 {
			lostAcked = append(lostAcked, seq-1)
		}
	}
	t.Logf("%s: broker %v restart x%d: produced %d, acknowledged before the stop %d, acknowledged in all %d, read back %d distinct, lost %d, duplicates %d",
		d.name, sig, cfg.restarts, cfg.records, len(ackedBeforeStop), ack.count(), distinct, lost, dups)
	if len(tl.bogus) > 0 {
		t.Errorf("%d lines are not records, first: %q", len(tl.bogus), tl.bogus[0])
	}
	if len(lostAcked) > 0 {
		t.Fatalf("%d acknowledged records lost across the restart, first: %v", len(lostAcked), lostAcked[:min(10, len(lostAcked))])
	}
	if lost > 0 {
		t.Fatalf("%d records lost although the producer exited 0, first: %v", lost, firstLost)
	}

	// The group's committed offset survived: it resumes right after the
	// records it read before the stop.
	next := start(t, nil, hooks{}, "consume", topic, "-b", d.addr, "-g", "keep", "-n", "1", "--format", "json")
	if code := next.wait(30 * time.Second); code != 0 {
		t.Fatalf("resuming group keep exited %d: %s", code, next.Stderr())
	}
	lines := next.Lines()
	if len(lines) != 1 {
		t.Fatalf("resuming group keep printed %d lines, want 1", len(lines))
	}
	var rec struct {
		Offset int64 `json:"offset"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("%v: %s", err, lines[0])
	}
	if rec.Offset != committed {
		t.Fatalf("group keep resumed at offset %d after the restart, want %d (its committed offset was lost)", rec.Offset, committed)
	}
}

// createTopic creates topic with the broker's default partitions.
func createTopic(t *testing.T, addr, topic string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := testContext(t, 30*time.Second)
	if _, err := kadm.NewClient(cl).CreateTopic(ctx, -1, -1, nil, topic); err != nil {
		t.Fatalf("creating topic %s: %v", topic, err)
	}
}

// waitFor polls cond until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
