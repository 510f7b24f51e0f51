package lint

import "testing"

func TestRuleZooKeeperEnsemble(t *testing.T) {
	runRuleCases(t, "zookeeper-ensemble", []ruleCase{
		{"standalone", `services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    environment: {ZOOKEEPER_CLIENT_PORT: 2181}
`, nil},
		{"good cp ensemble", `services:
  a: {image: "confluentinc/cp-zookeeper:7.9.6", environment: {ZOOKEEPER_SERVER_ID: 1, ZOOKEEPER_SERVERS: "a:2888:3888;b:2888:3888;c:2888:3888"}}
  b: {image: "confluentinc/cp-zookeeper:7.9.6", environment: {ZOOKEEPER_SERVER_ID: 2, ZOOKEEPER_SERVERS: "a:2888:3888;b:2888:3888;c:2888:3888"}}
  c: {image: "confluentinc/cp-zookeeper:7.9.6", environment: {ZOOKEEPER_SERVER_ID: 3, ZOOKEEPER_SERVERS: "a:2888:3888;b:2888:3888;0.0.0.0:2888:3888"}}
`, nil},
		{"two standalone servers", `services:
  a:
    image: confluentinc/cp-zookeeper:7.9.6
    environment: {ZOOKEEPER_CLIENT_PORT: 2181}
  b:
    image: zookeeper:3.8
`, []wantFinding{{4, SeverityError, "service a has no server list"}, {5, SeverityError, "service b has no server list"}}},
		{"even size", `services:
  a: {image: "bitnamilegacy/zookeeper:3.9", environment: [ZOO_SERVER_ID=1, "ZOO_SERVERS=a:2888:3888,b:2888:3888"]}
  b: {image: "bitnamilegacy/zookeeper:3.9", environment: [ZOO_SERVER_ID=2, "ZOO_SERVERS=a:2888:3888,b:2888:3888"]}
`, []wantFinding{{2, SeverityWarning, "the ensemble has 2 servers"}}},
		{"bitnami ids after ::", `services:
  a: {image: "bitnamilegacy/zookeeper:3.9", environment: [ZOO_SERVER_ID=1, "ZOO_SERVERS=a:2888:3888::1 b:2888:3888::2 c:2888:3888::3"]}
  b: {image: "bitnamilegacy/zookeeper:3.9", environment: [ZOO_SERVER_ID=3, "ZOO_SERVERS=a:2888:3888::1 b:2888:3888::2 c:2888:3888::3"]}
  c: {image: "bitnamilegacy/zookeeper:3.9", environment: [ZOO_SERVER_ID=3, "ZOO_SERVERS=a:2888:3888::1 b:2888:3888::2 c:2888:3888::3"]}
`, []wantFinding{{3, SeverityError, "server.3 in ZOO_SERVERS is c, not service b"}, {4, SeverityError, "the same id as service b"}}},
		{"inline server lines and myid from the command", `services:
  zk1:
    image: confluentinc/cp-zookeeper:7.9.6
    command: ["bash", "-c", "echo 1 > /var/lib/zookeeper/data/myid && exec zookeeper-server-start /z/zoo.cfg"]
    configs: [{source: zoo, target: /z/zoo.cfg}]
  zk2:
    image: confluentinc/cp-zookeeper:7.9.6
    command: ["bash", "-c", "echo 1 > /var/lib/zookeeper/data/myid && exec zookeeper-server-start /z/zoo.cfg"]
    configs: [{source: zoo, target: /z/zoo.cfg}]
configs:
  zoo:
    content: |
      server.1=zk1:2888:3888
      server.2=zk2:2888:3888
      server.3=zk3:2888:3888
`, []wantFinding{{8, SeverityError, "the same id as service zk1"}, {13, SeverityError, "names zk3, which is not a service"}}},
		{"official image without client port", `services:
  zoo:
    image: zookeeper:3.8
    environment:
      ZOO_SERVERS: server.1=zoo:2888:3888
`, []wantFinding{{5, SeverityError, "has no client port"}}},
		{"official 3.4 image needs none", `services:
  zoo:
    image: zookeeper:3.4.14
    environment:
      ZOO_SERVERS: server.1=zoo:2888:3888
`, nil},
	})
}
