package stackrun

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestClusterStack boots examples/compose/cluster (three ZooKeeper servers
// and three brokers) and kills a broker with SIGKILL in the middle of a
// `kafkit produce` with acks=all: every acknowledged record must be read
// back, and the broker must rejoin the in-sync replicas.
func TestClusterStack(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	st := Load(t, d, repoFile(t, "examples/compose/cluster/docker-compose.yml"))
	st.Start(t)
	ctx := context.Background()
	modes := map[string]int{}
	for _, z := range st.Of("zookeeper") {
		m, err := harness.ZooKeeperMode(ctx, z.Server.Addr)
		if err != nil {
			t.Fatal(err)
		}
		modes[m]++
		if err := st.Healthcheck(ctx, t, z); err != nil {
			t.Error(err)
		}
		checkLogClean(t, z)
	}
	if modes["leader"] != 1 || modes["follower"] != 2 {
		t.Fatalf("ZooKeeper modes %v, want one leader and two followers", modes)
	}
	brokers := st.Brokers()
	for _, b := range brokers {
		t.Logf("%s started in %s", b.Name, b.Server.StartedIn.Round(time.Millisecond))
		checkListeners(t, st, b, 3)
		eq, n := checkLoggedConfig(t, b)
		t.Logf("%s confirmed %d of %d active lines", b.Name, eq, n)
		checkLogClean(t, b)
	}
	if err := st.Healthcheck(ctx, t, brokers[0]); err != nil {
		t.Error(err)
	}
	seedFlow(t, st.HostBootstrap(t))
	if t.Failed() {
		return
	}
	killDuringProduce(t, st)
}

var deliveredRE = regexp.MustCompile(`^record (\d+) delivered: topic \S+, partition (\d+), offset (\d+)$`)

func killDuringProduce(t *testing.T, st *Stack) {
	t.Helper()
	const records = 60000
	bootstrap := st.HostBootstrap(t)
	topic := "kill-test"
	// Three replicas, two of which must acknowledge: one broker may go.
	harness.CreateTopic(t, bootstrap, topic, 3, 3, map[string]*string{"min.insync.replicas": ptr("2")})
	adm := harness.Admin(t, bootstrap)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	md, err := adm.Metadata(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	leader := md.Topics[topic].Partitions[0].Leader
	victim := st.Brokers()[0]
	for _, b := range st.Brokers() {
		if id, _ := b.Config.Get("broker.id"); id == strconv.Itoa(int(leader)) {
			victim = b
		}
	}

	cmd := exec.CommandContext(ctx, filepath.Join(bin, "kafkit"), "produce", topic, "-b", bootstrap, "--report", "each", "-X", "acks=all", "--timeout", "60s")
	cmd.Env = append(os.Environ(), "KAFKIT_BROKERS=")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked atomic.Int64
	ackedSeq := map[int]bool{}
	done := make(chan []string)
	go func() {
		var other []string
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := deliveredRE.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[1])
				ackedSeq[n] = true
				acked.Add(1)
				continue
			}
			other = append(other, sc.Text())
		}
		done <- other
	}()
	// Feed the records at a pace that leaves the kill in the middle: the
	// victim goes when a third of them are acknowledged.
	killed := make(chan struct{})
	go func() {
		for acked.Load() < records/3 {
			time.Sleep(5 * time.Millisecond)
		}
		_ = victim.Server.Kill()
		close(killed)
	}()
	w := bufio.NewWriter(stdin)
	for i := 0; i < records; i++ {
		fmt.Fprintf(w, "rec-%06d\n", i)
		if i%500 == 499 {
			w.Flush()
			time.Sleep(10 * time.Millisecond)
		}
	}
	w.Flush()
	stdin.Close()
	other := <-done
	err = cmd.Wait()
	<-killed
	t.Logf("kafkit produce: %v; %s", err, strings.Join(other, " | "))
	if err != nil {
		t.Errorf("kafkit produce failed with a broker down and min.insync.replicas=2 of 3: %v", err)
	}

	// Every acknowledged record is there, on the two remaining brokers.
	// The victim's partitions get a new leader only once the controller
	// learns of its death: when its ZooKeeper session expires
	// (zookeeper.session.timeout.ms, 18 s in the stack), and later still
	// when the victim was the controller itself. When the kill lands after
	// the last record of partition 0 was acknowledged, the producer never
	// waits for that failover, and the read-back does: it reads until every
	// record is back or a deadline well past the failover, never stopping
	// at the first quiet poll.
	seen := map[string]int{}
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	total := 0
	readStart := time.Now()
	rctx, rcancel := context.WithTimeout(ctx, 2*time.Minute)
	defer rcancel()
	for total < records && rctx.Err() == nil {
		pctx, pcancel := context.WithTimeout(rctx, 10*time.Second)
		fs := cl.PollFetches(pctx)
		pcancel()
		fs.EachRecord(func(r *kgo.Record) { seen[string(r.Value)]++; total++ })
	}
	t.Logf("read back %d records in %s", total, time.Since(readStart).Round(time.Millisecond))
	lost, dups := 0, 0
	base := 1
	if ackedSeq[0] {
		base = 0 // sequence numbers start at 0
	}
	for seq := range ackedSeq {
		if seen[fmt.Sprintf("rec-%06d", seq-base)] == 0 {
			lost++
		}
	}
	for _, n := range seen {
		if n > 1 {
			dups += n - 1
		}
	}
	t.Logf("kill test: %d produced, %d acknowledged, %d read back (%d distinct), %d lost, %d duplicates; killed %s (leader of partition 0)",
		records, len(ackedSeq), total, len(seen), lost, dups, victim.Name)
	if lost != 0 {
		t.Errorf("%d acknowledged records lost", lost)
	}
	if len(ackedSeq) != records {
		t.Errorf("%d of %d records acknowledged", len(ackedSeq), records)
	}

	// The killed broker comes back (as its service would, restart:
	// unless-stopped) and rejoins every partition's ISR.
	if err := victim.Server.StartRestarting(); err != nil {
		t.Fatal(err)
	}
	vid, _ := victim.Config.Get("broker.id")
	deadline := time.Now().Add(90 * time.Second)
	for {
		md, err := adm.Metadata(ctx, topic)
		inAll := err == nil
		if err == nil {
			for _, p := range md.Topics[topic].Partitions {
				if !containsID(p.ISR, vid) {
					inAll = false
				}
			}
		}
		if inAll {
			t.Logf("%s rejoined the ISR of all 3 partitions %s after its restart", victim.Name, victim.Server.StartedIn.Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not rejoin the ISR within 90 s: %v %v", victim.Name, md.Topics[topic].Partitions, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func containsID(ids []int32, id string) bool {
	for _, i := range ids {
		if strconv.Itoa(int(i)) == id {
			return true
		}
	}
	return false
}

func ptr(s string) *string { return &s }

// TestKRaftStacks boots the KRaft examples, combined and with dedicated
// controllers: storage formatted with the file's cluster id, the quorum
// formed with the file's voters, the seed's flow through the host listener.
func TestKRaftStacks(t *testing.T) {
	d := harness.Kafka(t, harness.DefaultVersion)
	for _, name := range []string{"kraft", "kraft-cluster"} {
		t.Run(name, func(t *testing.T) {
			st := Load(t, d, repoFile(t, "examples/compose/"+name+"/docker-compose.yml"))
			st.Start(t)
			checkKRaftStack(t, st)
		})
	}
}

// checkKRaftStack checks a started KRaft stack: every node runs the stack's
// Kafka version and formatted its storage with the file's cluster id, every
// active line is confirmed by the server (in its KafkaConfig values, or, for
// a dedicated controller that does not log them, through kafka-configs
// --bootstrap-controller), no warning in any log, the brokers' healthchecks
// pass, the quorum has the file's voters, the seed's flow goes through the
// host listener, and the brokers report the file's cluster id.
func checkKRaftStack(t *testing.T, st *Stack) {
	t.Helper()
	ctx := context.Background()
	var clusterID string
	for _, k := range st.Of("kafka") {
		if !strings.Contains(k.Server.Log(), "Kafka version: "+st.Dist.Version) {
			t.Fatalf("%s does not log Kafka version %s", k.Name, st.Dist.Version)
		}
		t.Logf("%s (%s) started in %s", k.Name, k.roles(), k.Server.StartedIn.Round(time.Millisecond))
		m := clusterIDRE.FindStringSubmatch(strings.Join(k.svc.Command, " "))
		if m == nil {
			t.Fatalf("%s does not format its storage", k.Name)
		}
		clusterID = m[1]
		dirs, _ := k.Config.Get("log.dirs")
		local, _ := k.localPath(strings.Split(dirs, ",")[0])
		meta, err := os.ReadFile(filepath.Join(local, "meta.properties"))
		if err != nil || !strings.Contains(string(meta), "cluster.id="+clusterID) {
			t.Errorf("%s: meta.properties does not hold cluster.id=%s: %v\n%s", k.Name, clusterID, err, meta)
		}
		var eq, n int
		if k.roles() == "controller" && LoggedConfig(k.Server.Log()) == nil {
			eq, n = checkControllerConfig(t, st, k)
		} else {
			eq, n = checkLoggedConfig(t, k)
		}
		t.Logf("%s confirmed %d of %d active lines", k.Name, eq, n)
		checkLogClean(t, k)
		if k.roles() != "controller" {
			if err := st.Healthcheck(ctx, t, k); err != nil {
				t.Error(err)
			}
		}
	}
	bootstrap := st.HostBootstrap(t)
	checkQuorum(t, st, bootstrap)
	seedFlow(t, bootstrap)
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	md, err := kadm.NewClient(cl).BrokerMetadata(ctx)
	if err != nil || md.Cluster != clusterID {
		t.Errorf("cluster id %q (%v), want the file's %s", md.Cluster, err, clusterID)
	}
}

var (
	leaderRE = regexp.MustCompile(`(?m)^LeaderId:\s+(\d+)`)
	votersRE = regexp.MustCompile(`(?m)^CurrentVoters:\s+(.*)$`)
)

// checkQuorum asks Kafka's own kafka-metadata-quorum for the quorum's
// state: a leader among the voters controller.quorum.voters names.
func checkQuorum(t *testing.T, st *Stack, bootstrap string) {
	t.Helper()
	voters, _ := st.Of("kafka")[0].Config.Get("controller.quorum.voters")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := st.Dist.Tool(t, ctx, "kafka-metadata-quorum", "--bootstrap-server", strings.Split(bootstrap, ",")[0], "describe", "--status").CombinedOutput()
	if err != nil {
		t.Fatalf("kafka-metadata-quorum describe --status: %v\n%s", err, out)
	}
	lm, vm := leaderRE.FindSubmatch(out), votersRE.FindSubmatch(out)
	if lm == nil || vm == nil {
		t.Fatalf("kafka-metadata-quorum printed no leader or voters:\n%s", out)
	}
	var want []string
	for _, v := range strings.Split(voters, ",") {
		id, _, _ := strings.Cut(strings.TrimSpace(v), "@")
		want = append(want, id)
		if !strings.Contains(string(vm[1]), id) {
			t.Errorf("voter %s of controller.quorum.voters is not among CurrentVoters %s", id, vm[1])
		}
	}
	found := false
	for _, id := range want {
		found = found || id == string(lm[1])
	}
	if !found {
		t.Errorf("quorum leader %s is not one of the file's voters %v", lm[1], want)
	}
	t.Logf("quorum: leader %s, voters %s", lm[1], vm[1])
}

// checkControllerConfig compares a dedicated controller's configuration,
// as Kafka's kafka-configs --bootstrap-controller describes it, with every
// active line of its file.
func checkControllerConfig(t *testing.T, st *Stack, k *Service) (equal, active int) {
	t.Helper()
	id, _ := k.Config.Get("node.id")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	listeners, _ := k.Config.Get("listeners")
	_, hp, _ := strings.Cut(strings.Split(listeners, ",")[0], "://")
	addr, err := st.RewriteAddrs(k, hp)
	if err != nil {
		t.Fatal(err)
	}
	// A controller answers direct requests only once the quorum has
	// committed the metadata version (until then: "Direct-to-controller
	// communication is not supported with the current MetadataVersion"),
	// which a loaded machine delays past the controller's start.
	var out []byte
	for {
		out, err = st.Dist.Tool(t, ctx, "kafka-configs", "--bootstrap-controller", addr, "--describe",
			"--entity-type", "brokers", "--entity-name", id, "--all").CombinedOutput()
		if err == nil {
			break
		}
		if ctx.Err() != nil || !strings.Contains(string(out), "Direct-to-controller communication is not supported") {
			t.Fatalf("kafka-configs --bootstrap-controller %s: %v\n%s", addr, err, out)
		}
		time.Sleep(2 * time.Second)
	}
	described := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		kv, _, _ := strings.Cut(l, " sensitive=")
		if key, v, ok := strings.Cut(kv, "="); ok {
			described[key] = v
		}
	}
	changed := map[string]string{}
	for _, c := range k.Changes {
		changed[c.Key] = c.To
	}
	for _, e := range k.Config.Entries {
		v := e.Value
		if to, ok := changed[e.Key]; ok {
			v = to
		}
		active++
		got, ok := described[e.Key]
		if !ok {
			t.Errorf("%s: %s is not in what the controller describes", k.Name, e.Key)
			continue
		}
		if !SameValue(got, v) {
			t.Errorf("%s: the file sets %s=%s, the controller describes %s", k.Name, e.Key, v, got)
			continue
		}
		equal++
	}
	return equal, active
}
