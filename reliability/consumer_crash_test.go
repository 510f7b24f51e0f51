package reliability

import (
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashConfig sizes a consumer-crash run. The producer's rate is chosen so
// that it writes for about as long as the kills go on (each restart costs
// about a second and a half).
type crashConfig struct {
	records int
	kills   int
	rate    float64 // records a second written by the producer
}

// TestConsumerCrash: while kafkit produce writes 100k records, the kafkit
// consume process of one group is SIGKILLed and restarted 20 times; a final
// consumer of the group reads to the end. Every record must have been printed
// at least once across all of them (at-least-once); duplicates are expected
// and reported.
func TestConsumerCrash(t *testing.T) {
	consumerCrash(t, crashConfig{records: 100_000, kills: 20, rate: 4_000})
}

// TestSoakConsumerCrash is the long variant: a million records, 100 kills.
func TestSoakConsumerCrash(t *testing.T) {
	soak(t)
	consumerCrash(t, crashConfig{records: 1_000_000, kills: 100, rate: 8_000})
}

func consumerCrash(t *testing.T, cfg crashConfig) {
	// A short session lets a restarted consumer take over the partitions
	// of the one just killed in about a second instead of Kafka's 45;
	// the broker's minimum is lowered to allow it.
	onTargets(t, targetSpec{
		devArgs: []string{"-c", "group.min.session.timeout.ms=500"},
		props:   map[string]string{"group.min.session.timeout.ms": "500"},
	}, func(t *testing.T, d *target) { consumerCrashOn(t, d, cfg) })
}

func consumerCrashOn(t *testing.T, d *target, cfg crashConfig) {
	const topic = "crash"
	group := []string{
		"-b", d.addr, "-g", "crash-group",
		"-X", "session.timeout.ms=1000",
		"-X", "heartbeat.interval.ms=100",
		"-X", "max.poll.interval.ms=5000",
		// Commit often, so that each short-lived consumer moves the
		// group forward before it is killed.
		"-X", "auto.commit.interval.ms=100",
	}

	pr, pw := io.Pipe()
	prod := start(t, pr, hooks{}, "produce", topic, "-b", d.addr, "--report", "summary")
	fed := make(chan error, 1)
	go func() {
		err := feed(pw, 0, cfg.records, cfg.rate)
		pw.CloseWithError(err)
		fed <- err
	}()

	tl := newTally(cfg.records)
	rng := rand.New(rand.NewPCG(1, 2))
	var killedWithOutput int
	for k := 0; k < cfg.kills; k++ {
		c := start(t, nil, hooks{}, append([]string{"consume", topic}, group...)...)
		// Let it print something (or give up after several seconds, when
		// everything is already committed), then kill it at a random
		// moment shortly after. Joining takes about a session timeout,
		// the time the broker needs to drop the member killed before.
		// The bound is generous so that a slow join on a loaded machine
		// is waited for rather than counted as a consumer that printed
		// nothing; a consumer that prints returns at once.
		deadline := time.Now().Add(8 * time.Second)
		for len(c.Lines()) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if len(c.Lines()) > 0 {
			killedWithOutput++
		}
		time.Sleep(time.Duration(20+rng.IntN(300)) * time.Millisecond)
		c.signal(syscall.SIGKILL)
		if code := c.wait(10 * time.Second); code != -1 {
			t.Fatalf("consumer %d exited with %d before it was killed; stderr:\n%s", k, code, c.Stderr())
		}
		tl.add(c.Lines())
	}

	if err := <-fed; err != nil {
		t.Fatalf("feeding the producer: %v", err)
	}
	if code := prod.wait(60 * time.Second); code != 0 {
		t.Fatalf("kafkit produce exited %d; stderr:\n%s", code, prod.Stderr())
	}
	if !strings.Contains(prod.Stderr(), "produced "+strconv.Itoa(cfg.records)+" of "+strconv.Itoa(cfg.records)) {
		t.Fatalf("the producer did not report every record delivered:\n%s", prod.Stderr())
	}

	final := start(t, nil, hooks{}, append([]string{"consume", topic, "-e"}, group...)...)
	if code := final.wait(60 * time.Second); code != 0 {
		t.Fatalf("final consumer exited %d; stderr:\n%s", code, final.Stderr())
	}
	tl.add(final.Lines())

	distinct, lost, dups, firstLost := tl.result()
	t.Logf("%s: consumer crash: produced %d, consumer killed %d times (%d while printing), seen %d distinct, lost %d, duplicates %d (final consumer read %d)",
		d.name, cfg.records, cfg.kills, killedWithOutput, distinct, lost, dups, len(final.Lines()))
	if len(tl.bogus) > 0 {
		t.Errorf("%d lines are not records, first: %q", len(tl.bogus), tl.bogus[0])
	}
	if lost > 0 {
		t.Fatalf("%d records never printed (at-least-once broken), first: %v", lost, firstLost)
	}
	if killedWithOutput < cfg.kills/2 {
		t.Errorf("only %d of %d consumers printed anything before being killed: the test did not exercise crashes mid-stream", killedWithOutput, cfg.kills)
	}
}
