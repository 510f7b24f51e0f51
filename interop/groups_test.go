package interop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/internal/harness"
)

// member is a `kafkit consume --format json` process of a group, its
// records collected as they are printed.
type member struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	recs []groupRec
	errb strings.Builder
	done chan struct{} // closed when stdout is read to the end
	code int
}

type groupRec struct {
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Value     string `json:"value"`
}

func startMember(t *testing.T, ctx context.Context, args ...string) *member {
	t.Helper()
	m := &member{done: make(chan struct{})}
	m.cmd = exec.CommandContext(ctx, kafkitBin, append([]string{"consume", "--format", "json"}, args...)...)
	stdout, err := m.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := m.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		b, _ := io.ReadAll(stderr)
		m.mu.Lock()
		m.errb.Write(b)
		m.mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var r groupRec
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				continue // a line cut by a kill
			}
			m.mu.Lock()
			m.recs = append(m.recs, r)
			m.mu.Unlock()
		}
	}()
	go func() {
		wg.Wait()
		err := m.cmd.Wait()
		m.code = exitCode(err)
		close(m.done)
	}()
	t.Cleanup(func() {
		_ = m.cmd.Process.Kill()
		<-m.done
	})
	return m
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return -1
}

// stop interrupts the member (it commits and leaves the group) and waits
// for it.
func (m *member) stop(t *testing.T) {
	t.Helper()
	_ = m.cmd.Process.Signal(os.Interrupt)
	select {
	case <-m.done:
	case <-time.After(45 * time.Second):
		t.Fatalf("member %v did not exit after SIGINT", m.cmd.Args)
	}
	if m.code != 130 {
		t.Fatalf("member exited %d after SIGINT, want 130; stderr %s", m.code, m.stderr())
	}
}

func (m *member) records() []groupRec {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]groupRec(nil), m.recs...)
}

func (m *member) stderr() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.errb.String()
}

func (m *member) partitions() []int32 {
	var ps []int32
	for _, r := range m.records() {
		if !slices.Contains(ps, r.Partition) {
			ps = append(ps, r.Partition)
		}
	}
	slices.Sort(ps)
	return ps
}

// describeGroup returns the group's state, protocol and member count.
func describeGroup(adm *kadm.Client, group string) (state, protocol string, members int) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	gs, err := adm.DescribeGroups(ctx, group)
	if err != nil {
		return "", "", 0
	}
	g := gs[group]
	return g.State, g.Protocol, len(g.Members)
}

// waitStable waits until group is stable with n members.
func waitStable(t *testing.T, addr, group string, n int) string {
	t.Helper()
	adm := harness.Admin(t, addr)
	deadline := time.Now().Add(60 * time.Second)
	for {
		state, protocol, members := describeGroup(adm, group)
		if state == "Stable" && members == n {
			return protocol
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s is %s with %d members after 60 s, want Stable with %d", group, state, members, n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitSplit waits until group is stable with n members that together own
// all of the topic's partitions, each some and none twice: the end of a
// cooperative rebalance, whose first round leaves partitions unowned.
func waitSplit(t *testing.T, addr, group string, n, partitions int) {
	t.Helper()
	adm := harness.Admin(t, addr)
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		gs, err := adm.DescribeGroups(ctx, group)
		cancel()
		owned, ok := 0, err == nil && gs[group].State == "Stable" && len(gs[group].Members) == n
		if ok {
			for _, m := range gs[group].Members {
				a, isConsumer := m.Assigned.AsConsumer()
				mine := 0
				if isConsumer {
					for _, tp := range a.Topics {
						mine += len(tp.Partitions)
					}
				}
				ok = ok && mine > 0
				owned += mine
			}
		}
		if ok && owned == partitions {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s did not settle on %d members owning %d partitions within 60 s", group, n, partitions)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// countRecords tallies values "r<N>" for N below n across the members.
func countRecords(t *testing.T, n int, ms ...*member) (distinct, dups int, seen []int) {
	t.Helper()
	seen = make([]int, n)
	for _, m := range ms {
		for _, r := range m.records() {
			var i int
			if _, err := fmt.Sscanf(r.Value, "r%d", &i); err != nil || i < 0 || i >= n {
				t.Fatalf("unexpected record %+v", r)
			}
			seen[i]++
		}
	}
	for _, c := range seen {
		if c > 0 {
			distinct++
			dups += c - 1
		}
	}
	return distinct, dups, seen
}

func waitAllRead(t *testing.T, n int, ms ...*member) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		distinct, _, _ := countRecords(t, n, ms...)
		if distinct == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the group read %d of %d records within 90 s", distinct, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func recordLines(from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, "k%d:r%d\n", i, i)
	}
	return b.String()
}

// TestGroupSplitsPartitions: two, then three kafkit consume members of one
// group split a 6-partition topic among them, each partition read by one
// member, every record once.
func TestGroupSplitsPartitions(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		for _, n := range []int{2, 3} {
			t.Run(fmt.Sprint(n, "-members"), func(t *testing.T) {
				ctx := testCtx(t, 3*time.Minute)
				topic, group := topicOn(t, b, 6, nil), harness.TopicName(t)
				var ms []*member
				for range n {
					ms = append(ms, startMember(t, ctx, topic, "-b", b.Addr, "-g", group))
				}
				protocol := waitStable(t, b.Addr, group, n)
				waitSplit(t, b.Addr, group, n, 6)
				const records = 12000
				mustKafkit(ctx, t, recordLines(0, records), "produce", topic, "-b", b.Addr, "--key-delimiter", ":")
				waitAllRead(t, records, ms...)
				owner := map[int32]int{}
				var split []string
				for i, m := range ms {
					ps := m.partitions()
					if len(ps) == 0 {
						t.Fatalf("member %d read nothing", i)
					}
					for _, p := range ps {
						if o, ok := owner[p]; ok {
							t.Fatalf("partition %d read by members %d and %d in a stable group", p, o, i)
						}
						owner[p] = i
					}
					split = append(split, fmt.Sprint(ps))
				}
				for _, m := range ms {
					m.stop(t)
				}
				distinct, dups, _ := countRecords(t, records, ms...)
				t.Logf("%s: %d members (protocol %s) split the partitions %s; produced %d, read %d, lost %d, duplicates %d",
					b.Name, n, protocol, strings.Join(split, " "), records, distinct, records-distinct, dups)
				if len(owner) != 6 || dups != 0 {
					t.Fatalf("%d partitions read, %d duplicates", len(owner), dups)
				}
			})
		}
	})
}

// TestGroupRebalanceNoLoss: while records are written, a third member joins
// a group of two, then one leaves (Ctrl-C) and another is killed; the group
// rebalances each time and, in the end, every record was read: none lost,
// duplicates counted.
func TestGroupRebalanceNoLoss(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, 4*time.Minute)
		topic, group := topicOn(t, b, 6, nil), harness.TopicName(t)
		args := []string{topic, "-b", b.Addr, "-g", group, "-X", "session.timeout.ms=6000", "-X", "auto.commit.interval.ms=200"}
		m1, m2 := startMember(t, ctx, args...), startMember(t, ctx, args...)
		waitStable(t, b.Addr, group, 2)

		// Records are written in chunks of 250 every 100 ms from before
		// the first change to after the last, so that they flow through
		// every rebalance.
		pr, pw := io.Pipe()
		prod := startKafkitWith(ctx, t, pr, "produce", topic, "-b", b.Addr, "--key-delimiter", ":")
		stopFeed := make(chan struct{})
		fed := make(chan int, 1)
		go func() {
			n := 0
			var err error
			for err == nil {
				select {
				case <-stopFeed:
					pw.Close()
					fed <- n
					return
				case <-time.After(100 * time.Millisecond):
				}
				_, err = io.WriteString(pw, recordLines(n, n+250))
				n += 250
			}
			pw.CloseWithError(err)
			fed <- -1
		}()
		time.Sleep(time.Second)
		m3 := startMember(t, ctx, args...)
		waitStable(t, b.Addr, group, 3)
		time.Sleep(time.Second)
		m1.stop(t) // leaves the group: a rebalance
		waitStable(t, b.Addr, group, 2)
		time.Sleep(time.Second)
		m4 := startMember(t, ctx, args...)
		waitStable(t, b.Addr, group, 3)
		time.Sleep(time.Second)
		close(stopFeed)
		records := <-fed
		if records < 0 {
			t.Fatalf("feeding the producer failed; stderr %s", prod.stderr)
		}
		if code := prod.wait(t); code != 0 {
			t.Fatalf("producer exit %d: %s", code, prod.stderr)
		}
		all := []*member{m1, m2, m3, m4}
		waitAllRead(t, records, all...)
		for i, m := range all[2:] {
			if len(m.records()) == 0 {
				t.Errorf("member %d, which joined mid-stream, read nothing", i+3)
			}
		}
		for _, m := range all[1:] {
			m.stop(t)
		}
		distinct, dups, _ := countRecords(t, records, all...)
		read := 0
		for i, m := range all {
			read += len(m.records())
			t.Logf("member %d read %d records from partitions %v", i+1, len(m.records()), m.partitions())
		}
		t.Logf("%s: produced %d, read %d (%d distinct), lost %d, duplicates %d", b.Name, records, read, distinct, records-distinct, dups)
		if distinct != records {
			t.Fatalf("%d records lost", records-distinct)
		}
	})
}

// startKafkitWith runs kafkit with stdin from r.
func startKafkitWith(ctx context.Context, t *testing.T, r io.Reader, args ...string) *started {
	t.Helper()
	cmd := exec.CommandContext(ctx, kafkitBin, args...)
	cmd.Stdin = r
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &started{cmd: cmd, stdout: bufio.NewReader(stdout), stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if p.done == nil {
			_ = cmd.Wait()
		} else {
			<-p.done
		}
	})
	return p
}

// TestGroupProtocols: kafkit consume -X group.protocol=consumer joins with
// KIP-848 where the broker serves it (kfake does) and is refused, naming the
// cause, where it does not. A ZooKeeper-mode Kafka 3.9 broker lists
// ConsumerGroupHeartbeat in ApiVersions but does not serve it (the new
// protocol needs a KRaft cluster, and Kafka 4.0 to be on by default); a
// group kafkit joins by default uses the classic protocol on both.
func TestGroupProtocols(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, time.Minute)
		req := kmsg.NewPtrApiVersionsRequest()
		req.ClientSoftwareName, req.ClientSoftwareVersion = "kafkit-test", "0"
		cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		resp, err := req.RequestWith(ctx, cl)
		if err != nil {
			t.Fatal(err)
		}
		advertised := false
		for _, k := range resp.ApiKeys {
			if k.ApiKey == kmsg.ConsumerGroupHeartbeat.Int16() {
				advertised = true
			}
		}
		// Kafka 3.9 lists the API even in ZooKeeper mode; asking to join
		// a group with it tells whether the broker serves it.
		hb := kmsg.NewPtrConsumerGroupHeartbeatRequest()
		hb.Group, hb.MemberEpoch, hb.RebalanceTimeoutMillis = harness.TopicName(t), 0, 30000
		hb.SubscribedTopicNames = []string{"t"}
		hb.Topics = []kmsg.ConsumerGroupHeartbeatRequestTopic{}
		var served error
		hbResp, err := hb.RequestWith(ctx, cl)
		switch {
		case err != nil:
			served = err
		case hbResp.ErrorCode != 0:
			served = kerr.ErrorForCode(hbResp.ErrorCode)
		}
		t.Logf("%s: ConsumerGroupHeartbeat (KIP-848) advertised: %v; a heartbeat joining a group: %v", b.Name, advertised, served)
		if b.Real && served == nil {
			t.Fatalf("the ZooKeeper-mode Kafka %s broker served a KIP-848 heartbeat", harness.DefaultVersion)
		}
		// kafkit consume -X group.protocol=consumer: served where the broker
		// serves KIP-848 (kfake), refused with the cause where it does not
		// (a ZooKeeper-mode 3.9 broker), never silently downgraded.
		ptopic := topicOn(t, b, 2, nil)
		mustKafkit(ctx, t, "a\nb\n", "produce", ptopic, "-b", b.Addr)
		code, out, errs := kafkit(ctx, t, "", "consume", ptopic, "-b", b.Addr, "-g", harness.TopicName(t), "-e", "-X", "group.protocol=consumer")
		if served == nil {
			if code != 0 || out != "a\nb\n" {
				t.Fatalf("group.protocol=consumer on a broker serving KIP-848: exit %d, stdout %q, stderr %q", code, out, errs)
			}
		} else if code != 1 || !strings.Contains(errs, "group.protocol=consumer") || !strings.Contains(errs, "group.protocol=classic") {
			t.Fatalf("group.protocol=consumer on a broker without KIP-848: exit %d, stderr %q", code, errs)
		}
		topic, group := topicOn(t, b, 2, nil), harness.TopicName(t)
		mustKafkit(ctx, t, "a\nb\n", "produce", topic, "-b", b.Addr)
		mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-g", group, "-e")
		gs, err := harness.Admin(t, b.Addr).DescribeGroups(ctx, group)
		if err != nil {
			t.Fatal(err)
		}
		if pt := gs[group].ProtocolType; pt != "consumer" && pt != "" {
			t.Fatalf("group %s has protocol type %q", group, pt)
		}
	})
}

// TestGroupCommitsLikeKafkaTools: what kafkit consume -n commits is what
// Kafka's kafka-consumer-groups reports for the group: the offset after the
// last record printed, and the lag behind the end.
func TestGroupCommitsLikeKafkaTools(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t, 2*time.Minute)
		topic, group := topicOn(t, b, 1, nil), harness.TopicName(t)
		mustKafkit(ctx, t, recordLines(0, 10), "produce", topic, "-b", b.Addr)
		if out := mustKafkit(ctx, t, "", "consume", topic, "-b", b.Addr, "-g", group, "-n", "4"); strings.Count(out, "\n") != 4 {
			t.Fatalf("consume -n 4 printed %q", out)
		}
		out := javaTool(ctx, t, d, "", "kafka-consumer-groups", "--bootstrap-server", b.Addr, "--describe", "--group", group)
		// GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
		var row []string
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) >= 6 && f[0] == group && f[1] == topic {
				row = f
			}
		}
		if row == nil || row[2] != "0" || row[3] != "4" || row[4] != "10" || row[5] != "6" {
			t.Fatalf("kafka-consumer-groups --describe:\n%s\nwant partition 0 at offset 4 of 10, lag 6", out)
		}
		t.Logf("%s: kafka-consumer-groups: %s", b.Name, strings.Join(row[:6], " "))
	})
}
