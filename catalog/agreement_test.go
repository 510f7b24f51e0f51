package catalog

import (
	"errors"
	"testing"
)

// TestAgreesWithKafkaCode holds the catalogue to Kafka 3.9's and ZooKeeper
// 3.8's code where the layers on top of the data rows disagreed with it
// (issue 17). Items 1, 4 and 6 are also confirmed on a real Kafka 3.9.2
// broker by TestRealKafkaIssue17 (lint/real_issue17_test.go).
func TestAgreesWithKafkaCode(t *testing.T) {
	modes := []struct {
		name string
		mode Mode
	}{
		{"telemetry.max.bytes", ModeKRaft},                 // 2: only BrokerServer creates the client-metrics manager
		{"leader.imbalance.per.broker.percentage", ModeZK}, // 3: only the ZooKeeper-mode controller reads it
		{"node.id", ModeBoth},                              // 4: broker.id's alias in ZooKeeper mode
		{"zookeeper.metadata.migration.enable", ModeBoth},  // 5: KRaft controllers read it while migrating
		{"remote.log.manager.copier.thread.pool.size", ModeBoth},
	}
	for _, m := range modes {
		p, ok := Lookup(Broker, m.name)
		if !ok || p.Mode != m.mode {
			t.Errorf("%s: mode %v, want %s", m.name, p, m.mode)
		}
	}

	// 1. RemoteLogManagerConfig's validator: -1 or above 0.
	for _, name := range []string{"remote.log.manager.copier.thread.pool.size", "remote.log.manager.expiration.thread.pool.size"} {
		for v, ok := range map[string]bool{"-1": true, "1": true, "64": true, "0": false, "-2": false, "-100": false} {
			err := Check(Broker, name, v, ModeBoth)
			if (err == nil) != ok {
				t.Errorf("%s=%s: %v, want accepted=%v", name, v, err, ok)
			}
		}
	}

	// 4. node.id in a ZooKeeper-mode broker; the pair must agree.
	if err := Check(Broker, "node.id", "1", ModeZK); err != nil {
		t.Errorf("node.id=1 in ZooKeeper mode: %v", err)
	}
	if errs := CrossCheck(map[string]string{"zookeeper.connect": "zk:2181", "broker.id": "1", "node.id": "1"}, ModeZK); len(errs) != 0 {
		t.Errorf("equal broker.id and node.id: %v", errs)
	}
	if errs := CrossCheck(map[string]string{"zookeeper.connect": "zk:2181", "broker.id": "1", "node.id": "2"}, ModeZK); len(errs) != 1 {
		t.Errorf("different broker.id and node.id: %v, want one error", errs)
	}

	// 6. True is refused in ZooKeeper mode only.
	for _, name := range []string{"remote.log.copy.disable", "remote.log.delete.on.disable"} {
		var me *ModeError
		if err := Check(Topic, name, " True ", ModeZK); !errors.As(err, &me) || me.Value == "" {
			t.Errorf("%s=true in ZooKeeper mode: %v, want a *ModeError about the value", name, err)
		}
		for _, c := range []struct {
			v    string
			mode Mode
		}{{"false", ModeZK}, {"true", ModeKRaft}, {"true", ModeBoth}} {
			if err := Check(Topic, name, c.v, c.mode); err != nil {
				t.Errorf("%s=%s in mode %s: %v", name, c.v, c.mode, err)
			}
		}
	}

	// 9. ZooKeeperServer.DEFAULT_TICK_TIME.
	if p, _ := Lookup(ZooKeeper, "tickTime"); !p.HasDefault || p.Default != "3000" {
		t.Errorf("tickTime default %q (has=%v), want 3000", p.Default, p.HasDefault)
	}

	// 10. Below 3 is raised to 3 with a warning, not refused.
	p, _ := Lookup(ZooKeeper, "autopurge.snapRetainCount")
	for v, warn := range map[string]bool{"2": true, "0": true, "-1": true, "3": false, "10": false} {
		if err := p.Validate(v); err != nil {
			t.Errorf("autopurge.snapRetainCount=%s: %v, want accepted", v, err)
		}
		if got := p.Advise(v); (got != "") != warn {
			t.Errorf("autopurge.snapRetainCount=%s: advice %q, want one: %v", v, got, warn)
		}
	}
	if err := p.Validate("two"); err == nil {
		t.Error("autopurge.snapRetainCount=two accepted")
	}
}
