package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
	"github.com/kafkit/kafkit/internal/harness"
)

// fillTimed writes n records to partition 0 of topic, record i with value
// "v<i>" and timestamp at(i).
func fillTimed(t *testing.T, addr, topic string, n int, at func(i int) time.Time) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var rs []*kgo.Record
	for i := range n {
		rs = append(rs, &kgo.Record{Topic: topic, Partition: 0, Key: []byte("k"), Value: []byte(fmt.Sprint("v", i)), Timestamp: at(i)})
	}
	if err := cl.ProduceSync(ctx, rs...).FirstErr(); err != nil {
		t.Fatalf("producing to %s: %v", topic, err)
	}
}

// holdGroup starts a member of group reading topic and waits until
// `kafkit group describe` shows it owning a partition; the returned
// function makes it leave.
func holdGroup(t *testing.T, addr, group, topic string) (leave func()) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic),
		kgo.ClientID("holder"), kgo.DisableAutoCommit())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			cl.PollFetches(ctx)
		}
	}()
	var once bool
	leave = func() {
		if once {
			return
		}
		once = true
		cancel()
		<-done
		cl.Close() // leaves the group
	}
	t.Cleanup(leave)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		g, ok := describeGroup(t, addr, group)
		if ok && g.State == "Stable" && len(g.Members) == 1 && len(g.Members[0].Assigned) > 0 {
			return leave
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("group %s has no stable member after 60 s", group)
	return nil
}

func describeGroup(t *testing.T, addr, group string) (client.Group, bool) {
	t.Helper()
	code, out, _ := kit(t, "", "group", "describe", group, "-b", addr, "--format", "json")
	var gs []client.Group
	if code != ExitOK || json.Unmarshal([]byte(out), &gs) != nil || len(gs) != 1 {
		return client.Group{}, false
	}
	return gs[0], true
}

func offsetsOf(g client.Group) string {
	var parts []string
	for _, o := range g.Offsets {
		parts = append(parts, fmt.Sprintf("%s/%d:%s/%s/%s", o.Topic, o.Partition, dash(o.Committed), dash(o.End), dash(o.Lag)))
	}
	return strings.Join(parts, " ")
}

// TestGroupLifecycle drives every group subcommand against kfake and Apache
// Kafka: lag after a consumer stops part way, the reset targets as plans
// and executed, the refusal while a member is active, delete-offsets and
// delete.
func TestGroupLifecycle(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		addr := b.Addr
		topic := harness.TopicName(t)
		group := topic + "-g"
		if code, _, errs := kit(t, "", "topic", "create", topic, "-p", "1", "-b", addr); code != ExitOK {
			t.Fatalf("topic create: %s", errs)
		}
		// Records 0-49 are two hours old, 50-99 fresh.
		now := time.Now()
		fillTimed(t, addr, topic, 100, func(i int) time.Time {
			if i < 50 {
				return now.Add(-2 * time.Hour).Add(time.Duration(i) * time.Millisecond)
			}
			return now.Add(time.Duration(i) * time.Millisecond)
		})
		if code, _, errs := kit(t, "", "consume", topic, "-g", group, "-n", "30", "-b", addr); code != ExitOK {
			t.Fatalf("consume: %s", errs)
		}

		g, ok := describeGroup(t, addr, group)
		want := topic + "/0:30/100/70"
		if !ok || g.State != "Empty" || g.Protocol != client.ProtocolClassic || g.Lag != 70 || offsetsOf(g) != want || len(g.Members) != 0 {
			t.Fatalf("describe after 30 of 100: %+v, offsets %q, want %q", g, offsetsOf(g), want)
		}
		code, out, errs := kit(t, "", "group", "describe", group, "-b", addr)
		for _, line := range []string{"STATE        Empty", "LAG          70", "TOPIC", topic + "  0          30              100             70   -"} {
			if code != ExitOK || !strings.Contains(out, line) {
				t.Fatalf("describe text: exit %d, stderr %q, no %q in:\n%s", code, errs, line, out)
			}
		}

		code, out, errs = kit(t, "", "group", "list", "-b", addr, "--format", "json")
		var list []client.GroupSummary
		if code != ExitOK || json.Unmarshal([]byte(out), &list) != nil {
			t.Fatalf("list: exit %d, stderr %q, stdout %q", code, errs, out)
		}
		found := false
		for _, s := range list {
			if s.Name == group {
				found = s.State == "Empty" && s.Lag == 70 && s.Members == 0 && s.Protocol == "classic"
			}
		}
		if !found {
			t.Fatalf("list: %s missing or wrong in %+v", group, list)
		}

		plans := []struct {
			name string
			args []string
			new  string
		}{
			{"earliest", []string{"--to-earliest"}, "0"},
			{"latest", []string{"--to-latest"}, "100"},
			{"offset", []string{"--to-offset", "42"}, "42"},
			{"offset past the end", []string{"--to-offset", "500"}, "100"},
			{"shift back", []string{"--shift-by", "-10"}, "20"},
			{"shift before the start", []string{"--shift-by", "-1000"}, "0"},
			{"by duration", []string{"--by-duration", "1h"}, "50"},
			{"by duration, ISO 8601", []string{"--by-duration", "PT1H"}, "50"},
			{"datetime millis", []string{"--to-datetime", fmt.Sprintf("@%d", now.Add(-3*time.Hour).UnixMilli())}, "0"},
			{"datetime rfc3339", []string{"--to-datetime", now.Add(-time.Hour).Format(time.RFC3339)}, "50"},
			{"datetime in the future", []string{"--to-datetime", now.Add(time.Hour).UTC().Format(time.RFC3339)}, "100"},
			{"current", []string{"--to-current"}, "30"},
		}
		for _, p := range plans {
			args := append([]string{"group", "reset-offsets", group, "--topic", topic, "-b", addr, "--format", "json"}, p.args...)
			code, out, errs := kit(t, "", args...)
			var plan client.ResetPlan
			if code != ExitOK || json.Unmarshal([]byte(out), &plan) != nil || len(plan.Partitions) != 1 {
				t.Fatalf("%s: exit %d, stderr %q, stdout %q", p.name, code, errs, out)
			}
			pp := plan.Partitions[0]
			if got := strconv.FormatInt(pp.New, 10); got != p.new || dash(pp.Old) != "30" || plan.Executed || !strings.Contains(errs, "dry run: nothing changed") {
				t.Fatalf("%s: plan %+v (new %d, want %s), stderr %q", p.name, plan, pp.New, p.new, errs)
			}
		}
		code, out, errs = kit(t, "", "group", "reset-offsets", group, "--all-topics", "--to-latest", "-b", addr)
		if code != ExitOK || !strings.Contains(out, topic+"  0          30          100\n") {
			t.Fatalf("--all-topics: exit %d, stderr %q, stdout:\n%s", code, errs, out)
		}
		if g, _ := describeGroup(t, addr, group); offsetsOf(g) != want {
			t.Fatalf("dry runs changed the group: %q", offsetsOf(g))
		}

		code, out, errs = kit(t, "", "group", "reset-offsets", group, "--topic", topic+":0", "--by-duration", "1h", "--execute", "-b", addr)
		if code != ExitOK || out != fmt.Sprintf("GROUP%sTOPIC%sPARTITION  OLD-OFFSET  NEW-OFFSET\n%s  %s  0          30          50\n",
			strings.Repeat(" ", len(group)-3), strings.Repeat(" ", len(topic)-3), group, topic) || !strings.Contains(errs, "committed new offsets for 1 partition of group "+group) {
			t.Fatalf("execute: exit %d, stderr %q, stdout:\n%s", code, errs, out)
		}
		if g, _ := describeGroup(t, addr, group); offsetsOf(g) != topic+"/0:50/100/50" || g.Lag != 50 {
			t.Fatalf("after the reset: %q, lag %d", offsetsOf(g), g.Lag)
		}

		// A member holds the group: describe names it, reset and delete
		// are refused, the offsets stay.
		leave := holdGroup(t, addr, group, topic)
		g, _ = describeGroup(t, addr, group)
		if len(g.Offsets) != 1 || g.Offsets[0].ClientID != "holder" || g.Offsets[0].MemberID != g.Members[0].ID || g.Members[0].ClientID != "holder" {
			t.Fatalf("describe with a member: %+v", g)
		}
		code, out, errs = kit(t, "", "group", "reset-offsets", group, "--topic", topic, "--to-earliest", "--execute", "-b", addr)
		if code != ExitFailure || !strings.Contains(errs, "the group has active members (state Stable, 1 member)") || !strings.Contains(out, "NEW-OFFSET") {
			t.Fatalf("reset while active: exit %d, stderr %q, stdout %q", code, errs, out)
		}
		code, _, errs = kit(t, "", "group", "delete", group, "-b", addr)
		if code != ExitFailure || !strings.Contains(errs, "NON_EMPTY_GROUP") {
			t.Fatalf("delete while active: exit %d, stderr %q", code, errs)
		}
		leave()
		if g, _ := describeGroup(t, addr, group); offsetsOf(g) != topic+"/0:50/100/50" {
			t.Fatalf("the refused commands changed the offsets: %q", offsetsOf(g))
		}

		// Usage errors exit 2 and name the flag.
		for _, bad := range [][]string{
			{"group", "reset-offsets", group, "--topic", topic},
			{"group", "reset-offsets", group, "--topic", topic, "--to-earliest", "--to-latest"},
			{"group", "reset-offsets", group, "--to-earliest"},
			{"group", "reset-offsets", group, "--topic", topic + ":x", "--to-earliest"},
			{"group", "reset-offsets", group, "--topic", topic, "--to-datetime", "yesterday"},
			{"group", "reset-offsets", group, "--topic", topic, "--by-duration", "-1h"},
			{"group", "delete-offsets", group},
		} {
			if code, _, errs := kit(t, "", append(bad, "-b", addr)...); code != ExitUsage || errs == "" {
				t.Fatalf("%v: exit %d, stderr %q", bad, code, errs)
			}
		}
		if code, _, errs := kit(t, "", "group", "reset-offsets", group, "--topic", topic+":7", "--to-earliest", "-b", addr); code != ExitFailure || !strings.Contains(errs, "no partition 7") {
			t.Fatalf("missing partition: exit %d, stderr %q", code, errs)
		}

		code, out, errs = kit(t, "", "group", "delete-offsets", group, "--topic", topic, "-b", addr)
		if code != ExitOK || out != fmt.Sprintf("deleted the offset of group %s on %s/0\n", group, topic) {
			t.Fatalf("delete-offsets: exit %d, stderr %q, stdout %q", code, errs, out)
		}
		// Kafka removes an empty group whose last offset is deleted; kfake
		// keeps it, empty.
		code, out, errs = kit(t, "", "group", "describe", group, "-b", addr, "--format", "json")
		if b.Real && (code != ExitFailure || !strings.Contains(errs, "no such group")) ||
			!b.Real && (code != ExitOK || !strings.Contains(out, `"offsets": []`)) {
			t.Fatalf("describe after delete-offsets: exit %d, stderr %q, stdout %q", code, errs, out)
		}

		// delete: a group made by a reset goes away with its offsets.
		group = topic + "-g2"
		if code, _, errs := kit(t, "", "group", "reset-offsets", group, "--topic", topic, "--to-offset", "3", "--execute", "-b", addr); code != ExitOK {
			t.Fatalf("reset of a new group: %s", errs)
		}
		if g, _ := describeGroup(t, addr, group); offsetsOf(g) != topic+"/0:3/100/97" || g.ProtocolType != "" {
			t.Fatalf("new group from a reset: %+v", g)
		}
		// A group that does not exist fails alone; the other is deleted.
		code, out, errs = kit(t, "", "group", "delete", group, group+"-nope", "-b", addr)
		if code != ExitFailure || out != "deleted group "+group+"\n" || errs != "kafkit: group "+group+"-nope: no such group (no member, no committed offset)\n" {
			t.Fatalf("delete: exit %d, stderr %q, stdout %q", code, errs, out)
		}
		code, _, errs = kit(t, "", "group", "describe", group, "-b", addr)
		if code != ExitFailure || errs != "kafkit: group "+group+": no such group (no member, no committed offset)\n" {
			t.Fatalf("describe deleted: exit %d, stderr %q", code, errs)
		}
	})
}

// kafkaGroupRows runs Kafka's own kafka-consumer-groups --describe and
// returns its rows as "topic/partition:current/end/lag consumer-id host
// client-id".
func kafkaGroupRows(t *testing.T, d *harness.Dist, addr, group string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := d.Tool(t, ctx, "kafka-consumer-groups", "--bootstrap-server", addr, "--describe", "--group", group).Output()
	if err != nil {
		t.Fatalf("kafka-consumer-groups: %v\n%s", err, out)
	}
	var rows []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 9 || f[0] != group {
			continue
		}
		rows = append(rows, fmt.Sprintf("%s/%s:%s/%s/%s %s %s %s", f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]))
	}
	return rows
}

// TestGroupDescribeMatchesKafka checks that kafkit group describe and
// Kafka's kafka-consumer-groups --describe (and --describe --state) give the
// same numbers for the same group, with no member and with one, on Apache
// Kafka and on kfake (which Kafka's tool reads too; kfake reports a
// member's host with its port, Kafka with a leading slash).
func TestGroupDescribeMatchesKafka(t *testing.T) {
	harness.Brokers(t, testGroupDescribeMatchesKafka)
}

func testGroupDescribeMatchesKafka(t *testing.T, b *harness.Broker) {
	dist := harness.Kafka(t, harness.DefaultVersion)
	topic := harness.TopicName(t)
	group := topic + "-g"
	if code, _, errs := kit(t, "", "topic", "create", topic, "-p", "3", "-b", b.Addr); code != ExitOK {
		t.Fatalf("topic create: %s", errs)
	}
	for p, n := range []int{40, 25, 0} {
		if n == 0 {
			continue
		}
		if code, _, errs := kit(t, strings.Repeat("x\n", n), "produce", topic, "-p", fmt.Sprint(p), "-b", b.Addr); code != ExitOK {
			t.Fatalf("produce: %s", errs)
		}
	}
	// A committed offset on partitions 0 and 1 only; 2 has none.
	if code, _, errs := kit(t, "", "group", "reset-offsets", group, "--topic", topic+":0,1", "--to-offset", "12", "--execute", "-b", b.Addr); code != ExitOK {
		t.Fatalf("reset: %s", errs)
	}
	mine := func() []string {
		g, ok := describeGroup(t, b.Addr, group)
		if !ok {
			t.Fatalf("kafkit group describe %s failed", group)
		}
		var rows []string
		for _, o := range g.Offsets {
			rows = append(rows, fmt.Sprintf("%s/%d:%s/%s/%s %s %s %s", o.Topic, o.Partition, dash(o.Committed), dash(o.End), dash(o.Lag), orDash(o.MemberID), orDash(o.Host), orDash(o.ClientID)))
		}
		return rows
	}
	// --describe --state: coordinator, assignor, state, member count.
	state := func(when string) {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		out, err := dist.Tool(t, ctx, "kafka-consumer-groups", "--bootstrap-server", b.Addr, "--describe", "--state", "--group", group).Output()
		if err != nil {
			t.Fatalf("kafka-consumer-groups --state: %v\n%s", err, out)
		}
		var theirs string
		for _, line := range strings.Split(string(out), "\n") {
			if f := strings.Fields(line); len(f) >= 5 && f[0] == group {
				// The assignor column is blank for an empty group.
				assignor := ""
				if len(f) == 6 {
					assignor = f[3]
				}
				theirs = fmt.Sprintf("%s %s %q %s %s", f[1], f[2], assignor, f[len(f)-2], f[len(f)-1])
			}
		}
		g, _ := describeGroup(t, b.Addr, group)
		mine := fmt.Sprintf("%s:%d (%d) %q %s %d", g.Coordinator.Host, g.Coordinator.Port, g.Coordinator.ID, g.Assignor, g.State, len(g.Members))
		if mine != theirs {
			t.Fatalf("%s: kafkit %s, kafka-consumer-groups --state %s", when, mine, theirs)
		}
		t.Logf("%s, state: %s", when, mine)
	}
	check := func(when string) {
		// kafka-consumer-groups prints an empty group's rows in no
		// particular order; kafkit sorts them.
		theirs := kafkaGroupRows(t, dist, b.Addr, group)
		sort.Strings(theirs)
		got, want := strings.Join(mine(), "\n"), strings.Join(theirs, "\n")
		if got != want || want == "" {
			t.Fatalf("%s: kafkit group describe:\n%s\nkafka-consumer-groups --describe:\n%s", when, got, want)
		}
		t.Logf("%s, both say:\n%s", when, got)
	}
	check("no member")
	state("no member")
	holdGroup(t, b.Addr, group, topic)
	check("one member")
	state("one member")
}

// TestGroupProtocolConsumer consumes with -X group.protocol=consumer
// (KIP-848). kfake serves the protocol, and the group shows as a consumer
// group with its member; Kafka 3.9.2 serves only the early-access version
// 0 (and only in KRaft mode with the protocol enabled), which franz-go does
// not speak, so kafkit refuses with the reason instead of quietly joining
// with the classic protocol.
func TestGroupProtocolConsumer(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		topic := harness.TopicName(t)
		group := topic + "-g"
		harness.CreateTopic(t, b.Addr, topic, 2, 1, nil)
		if code, _, errs := kit(t, "a\nb\nc\n", "produce", topic, "-b", b.Addr); code != ExitOK {
			t.Fatalf("produce: %s", errs)
		}
		code, out, errs := kit(t, "", "consume", topic, "-b", b.Addr, "-g", group, "-e", "-X", "group.protocol=consumer")
		if b.Real {
			if code != ExitFailure || out != "" || !strings.Contains(errs, "does not serve the consumer group protocol (KIP-848)") || !strings.Contains(errs, "use group.protocol=classic") {
				t.Fatalf("consume on Kafka 3.9: exit %d, stdout %q, stderr %q", code, out, errs)
			}
			// On a fresh broker the group coordinator (the
			// __consumer_offsets topic) takes a moment to appear.
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(500 * time.Millisecond) {
				code, _, errs := kit(t, "", "group", "describe", group, "-b", b.Addr)
				if strings.Contains(errs, "COORDINATOR_NOT_AVAILABLE") && time.Now().Before(deadline) {
					continue
				}
				if code != ExitFailure || !strings.Contains(errs, "no such group") {
					t.Fatalf("the refused consumer left a group behind: exit %d, stderr %q", code, errs)
				}
				return
			}
		}
		if code != ExitOK || strings.Count(out, "\n") != 3 {
			t.Fatalf("consume: exit %d, stdout %q, stderr %q", code, out, errs)
		}
		g, ok := describeGroup(t, b.Addr, group)
		committed := int64(0)
		for _, o := range g.Offsets {
			committed += *o.Committed
		}
		if !ok || g.Protocol != client.ProtocolConsumer || g.Lag != 0 || committed != 3 {
			t.Fatalf("describe: %+v (%s)", g, offsetsOf(g))
		}
		// A member of the consumer protocol, described with its
		// assignment.
		cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr), kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic), kgo.ClientID("next"),
			kgo.ServerSideBalancer(), kgo.Balancers(kgo.CooperativeStickyBalancer()))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			for ctx.Err() == nil {
				cl.PollFetches(ctx)
			}
		}()
		leave := func() { cancel(); <-done; cl.Close() }
		defer func() {
			if ctx.Err() == nil {
				leave()
			}
		}()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			g, _ = describeGroup(t, b.Addr, group)
			if len(g.Members) == 1 && len(g.Members[0].Assigned) == 1 && len(g.Members[0].Assigned[0].Partitions) == 2 {
				break
			}
			if time.Now().After(deadline) {
				_, _, errs := kit(t, "", "group", "describe", group, "-b", b.Addr)
				t.Fatalf("no member with both partitions: %+v, %s", g, errs)
			}
		}
		if g.Members[0].ClientID != "next" || g.Offsets[0].MemberID != g.Members[0].ID {
			t.Fatalf("member: %+v", g)
		}
		code, _, errs = kit(t, "", "group", "reset-offsets", group, "--topic", topic, "--to-earliest", "--execute", "-b", b.Addr)
		if code != ExitFailure || !strings.Contains(errs, "active members") {
			t.Fatalf("reset with a member: exit %d, stderr %q", code, errs)
		}
		code, out, _ = kit(t, "", "group", "list", "-b", b.Addr)
		if code != ExitOK || !regexpLine(out, `^`+regexp.QuoteMeta(group)+` +Stable +consumer +1 +0 `) {
			t.Fatalf("list:\n%s", out)
		}
		// Once the member has left, the reset goes through.
		leave()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			code, _, errs = kit(t, "", "group", "reset-offsets", group, "--all-topics", "--to-earliest", "--execute", "-b", b.Addr)
			if code == ExitOK || time.Now().After(deadline) {
				break
			}
		}
		if g, _ := describeGroup(t, b.Addr, group); code != ExitOK || g.Lag != 3 || g.Protocol != client.ProtocolConsumer {
			t.Fatalf("reset after the member left: exit %d, stderr %q, group %+v (%s)", code, errs, g, offsetsOf(g))
		}
	})
	// The classic-only settings are refused with the consumer protocol,
	// as the Java client does.
	addr := devBroker(t)
	if code, _, errs := kit(t, "", "produce", "t", "-b", addr, "x"); code != ExitOK {
		t.Fatal(errs)
	}
	for _, prop := range []string{"partition.assignment.strategy=range", "session.timeout.ms=10000", "heartbeat.interval.ms=1000"} {
		code, _, errs := kit(t, "", "consume", "t", "-b", addr, "-e", "-X", "group.protocol=consumer", "-X", prop)
		if code != ExitUsage || !strings.Contains(errs, "classic-protocol setting") {
			t.Errorf("%s: exit %d, stderr %q", prop, code, errs)
		}
	}
	if code, _, errs := kit(t, "", "consume", "t", "-b", addr, "-e", "-X", "group.remote.assignor=range"); code != ExitOK || !strings.Contains(errs, "only with group.protocol=consumer; it is not used") {
		t.Errorf("remote assignor alone: exit %d, stderr %q", code, errs)
	}
}

func TestParseBackDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"1h": time.Hour, "90m": 90 * time.Minute, "1h30m": 90 * time.Minute,
		"PT1H": time.Hour, "pt15m": 15 * time.Minute, "P2D": 48 * time.Hour, "P1DT12H": 36 * time.Hour,
		"PT0.5S": 500 * time.Millisecond, "PT1H2M3S": time.Hour + 2*time.Minute + 3*time.Second,
	} {
		if got, err := parseBackDuration(in); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0s", "-1h", "P", "PT", "P1DT", "yesterday", "PT-1H", "1 hour"} {
		if _, err := parseBackDuration(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
