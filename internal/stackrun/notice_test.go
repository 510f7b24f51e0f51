package stackrun

import "testing"

// TestNotices checks that a known start-up race is forgiven only with the
// cause it is known for: the same ERROR line with another exception fails
// the log check.
func TestNotices(t *testing.T) {
	cases := []struct {
		name    string
		log     string
		notices []notice
		allowed bool
	}{
		{"zookeeper probe during start-up", "[2026-12-04 08:24:08,495] ERROR Error closing a command socket  (org.apache.zookeeper.server.ServerCnxn)\n" +
			"java.lang.NullPointerException: Cannot invoke \"org.apache.zookeeper.server.ZKDatabase.removeCnxn(org.apache.zookeeper.server.ServerCnxn)\" because \"this.zkDb\" is null\n" +
			"\tat org.apache.zookeeper.server.ZooKeeperServer.removeCnxn(ZooKeeperServer.java:319)\n", zooKeeperNotices, true},
		{"zookeeper command socket, other cause", "[2026-12-04 08:24:08,495] ERROR Error closing a command socket  (org.apache.zookeeper.server.ServerCnxn)\n" +
			"java.io.IOException: Broken pipe\n", zooKeeperNotices, false},
		{"controller registration meets a former leader", "[2026-12-04 08:40:33,077] ERROR [ControllerApis nodeId=101] Unexpected error handling request RequestHeader(apiKey=CONTROLLER_REGISTRATION, apiVersion=0, clientId=101, correlationId=0, headerVersion=2) -- ... (kafka.server.ControllerApis)\n" +
			"org.apache.kafka.common.errors.NotControllerException: No controller appears to be active.\n", kafkaNotices, true},
		{"controller registration, other cause", "[2026-12-04 08:40:33,077] ERROR [ControllerApis nodeId=101] Unexpected error handling request RequestHeader(apiKey=CONTROLLER_REGISTRATION, apiVersion=0) -- ... (kafka.server.ControllerApis)\n" +
			"org.apache.kafka.common.errors.InvalidRequestException: bad listener\n", kafkaNotices, false},
		{"a warning with no cause line", "[2026-12-04 08:40:33,077] WARN [Controller 101] Performing controller activation. (org.apache.kafka.controller.QuorumController)\n[2026-12-04 08:40:33,078] INFO next\n", kafkaNotices, true},
		{"an unknown warning", "[2026-12-04 08:40:33,077] WARN something else (kafka.server.KafkaConfig)\n", kafkaNotices, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Problems(c.log)
			if len(ps) != 1 {
				t.Fatalf("Problems found %d entries, want 1: %q", len(ps), ps)
			}
			allowed := false
			for _, n := range c.notices {
				allowed = allowed || n.matches(ps[0])
			}
			if allowed != c.allowed {
				t.Errorf("allowed %v, want %v: %q", allowed, c.allowed, ps[0])
			}
		})
	}
}
