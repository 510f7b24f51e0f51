package cli

import (
	"strings"
	"testing"
)

// TestParamsCheckAgreesWithKafka runs `kafkit params check` on the values
// where kafkit disagreed with Kafka 3.9 and ZooKeeper 3.8 as their code
// behaves (issue 17): each row is what the user now sees, and what the
// broker or ZooKeeper really does with the value.
func TestParamsCheckAgreesWithKafka(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string // each must appear
		not    string   // must not appear ("" for none)
	}{
		// 1. RemoteLogManagerConfig accepts -1 or above 0 only.
		{"copier pool 0", []string{"remote.log.manager.copier.thread.pool.size=0"}, 1,
			[]string{"error  remote.log.manager.copier.thread.pool.size=0: must be at least 1, or -1"}, ""},
		{"expiration pool -2", []string{"remote.log.manager.expiration.thread.pool.size=-2"}, 1,
			[]string{"error  remote.log.manager.expiration.thread.pool.size=-2: must be at least 1, or -1"}, ""},
		{"pools -1 and 4", []string{"remote.log.manager.copier.thread.pool.size=-1", "remote.log.manager.expiration.thread.pool.size=4"}, 0,
			[]string{"ok     remote.log.manager.copier.thread.pool.size=-1", "ok     remote.log.manager.expiration.thread.pool.size=4"}, ""},
		// 2 and 3. Only the mode that reads a parameter accepts it.
		{"telemetry in zk", []string{"--mode", "zk", "telemetry.max.bytes=2048"}, 1,
			[]string{"telemetry.max.bytes is a KRaft-only parameter"}, ""},
		{"telemetry in kraft", []string{"--mode", "kraft", "telemetry.max.bytes=2048"}, 0, []string{"ok     telemetry.max.bytes=2048"}, ""},
		{"imbalance in kraft", []string{"--mode", "kraft", "leader.imbalance.per.broker.percentage=20"}, 1,
			[]string{"leader.imbalance.per.broker.percentage is a ZooKeeper-mode parameter"}, ""},
		{"imbalance in zk", []string{"--mode", "zk", "leader.imbalance.per.broker.percentage=20"}, 0, []string{"ok     leader.imbalance.per.broker.percentage=20"}, ""},
		// 4. node.id is broker.id's alias in ZooKeeper mode; they must agree.
		{"node.id in zk", []string{"--mode", "zk", "node.id=1", "broker.id=1"}, 0, []string{"ok     node.id=1"}, "KRaft-only"},
		{"node.id differs", []string{"--mode", "zk", "node.id=2", "broker.id=1"}, 1,
			[]string{"node.id 2 and broker.id 1 differ: Kafka refuses to start"}, ""},
		// 5. KRaft controllers read the migration switch.
		{"migration in kraft", []string{"--mode", "kraft", "zookeeper.metadata.migration.enable=true"}, 0,
			[]string{"ok     zookeeper.metadata.migration.enable=true"}, ""},
		// 6. True is refused in ZooKeeper mode, false and KRaft are fine.
		{"copy.disable in zk", []string{"--mode", "zk", "remote.log.copy.disable=true"}, 1,
			[]string{"error  remote.log.copy.disable=true: a ZooKeeper-mode cluster refuses true"}, ""},
		{"delete.on.disable in zk", []string{"--mode", "zk", "remote.log.delete.on.disable=TRUE"}, 1,
			[]string{"error  remote.log.delete.on.disable=TRUE: a ZooKeeper-mode cluster refuses true"}, ""},
		{"copy.disable false in zk", []string{"--mode", "zk", "remote.log.copy.disable=false"}, 0, []string{"ok     remote.log.copy.disable=false"}, ""},
		{"copy.disable in kraft", []string{"--mode", "kraft", "remote.log.copy.disable=true"}, 0, []string{"ok     remote.log.copy.disable=true"}, ""},
		// 9 and 10. ZooKeeper's tick default and its snapshot floor.
		{"snapRetainCount 2", []string{"autopurge.snapRetainCount=2"}, 0,
			[]string{"warn   autopurge.snapRetainCount=2: below 3, so ZooKeeper logs a warning and uses 3"}, "error"},
		{"snapRetainCount 3", []string{"autopurge.snapRetainCount=3"}, 0, []string{"ok     autopurge.snapRetainCount=3"}, "warn"},
		// Deliberate strictness says what Kafka would do.
		{"listener syntax", []string{"listeners=PLAINTEXT:9092"}, 1, []string{"fails at start-up"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runParams(t, append([]string{"params", "check"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stdout %q, stderr %q", code, tc.code, out, errs)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout %q does not contain %q", out, w)
				}
			}
			if tc.not != "" && strings.Contains(out, tc.not) {
				t.Errorf("stdout %q contains %q", out, tc.not)
			}
		})
	}
}
