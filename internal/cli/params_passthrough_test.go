package cli

import (
	"strings"
	"testing"
)

// TestParamsCheckKeysOutsideTheLists checks the keys the catalogue holds
// beyond the documented lists (issue 15, which lint accepted while params
// check called them unknown): the zoo.cfg keys ZooKeeper's QuorumPeerConfig
// reads beyond the admin guide, and a broker's keys for its tiered-storage
// plugins, whose values params check says it does not check.
func TestParamsCheckKeysOutsideTheLists(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--component", "zookeeper", "quorum.auth.enableSasl=true"}, ExitOK, "ok     quorum.auth.enableSasl=true (zookeeper)"},
		{[]string{"--component", "zookeeper", "quorum.auth.enableSasl=yes"}, ExitFailure, "must be true or false"},
		{[]string{"--component", "zookeeper", "quorum.auth.kerberos.servicePrincipal=zkquorum/_HOST"}, ExitOK, "ok"},
		{[]string{"--component", "zookeeper", "peerType=OBSERVER"}, ExitOK, "ok     peerType=OBSERVER"},
		{[]string{"--component", "zookeeper", "peerType=leader"}, ExitFailure, "must be one of: participant, observer"},
		{[]string{"--component", "zookeeper", "quorum.cnxn.threads.size=5"}, ExitOK, "warn   quorum.cnxn.threads.size=5: below 20, so QuorumPeer keeps its own pool size of 20"},
		{[]string{"--component", "zookeeper", "secureClientPortAddress=0.0.0.0:2182"}, ExitFailure, "without a port"},
		{[]string{"dynamicConfigFile=/conf/zoo.cfg.dynamic"}, ExitOK, "(zookeeper)"},
		{[]string{"rsm.config.foo=1"}, ExitOK, "ok     rsm.config.foo=1 (broker: passed to the tiered-storage RemoteStorageManager plugin under rsm.config., the default of remote.log.storage.manager.impl.prefix; value not checked)"},
		{[]string{"--kafka", "4.x", "rlmm.config.remote.log.metadata.topic.num.partitions=x"}, ExitOK, "RemoteLogMetadataManager plugin under rlmm.config."},
		{[]string{"rsm.config.=1"}, ExitFailure, `unknown broker parameter "rsm.config."`},
		{[]string{"--component", "zookeeper", "rsm.config.foo=1"}, ExitFailure, "unknown zookeeper parameter"},
	}
	for _, tc := range cases {
		args := append([]string{"params", "check"}, tc.args...)
		code, out, errs := runParams(t, args...)
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("%v: exit %d, want %d; output %q, want it to contain %q (stderr %q)", args, code, tc.code, out, tc.want, errs)
		}
	}
	// Documented rows only, unless --all.
	_, out, _ := runParams(t, "params", "list", "--component", "zookeeper")
	if strings.Contains(out, "quorum.auth.enableSasl") {
		t.Error("params list shows quorum.auth.enableSasl without --all; the admin guide's list leaves it out")
	}
	_, out, _ = runParams(t, "params", "list", "--component", "zookeeper", "--all")
	if !strings.Contains(out, "quorum.auth.enableSasl") {
		t.Error("params list --all does not show quorum.auth.enableSasl")
	}
}
