package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestParamsCheckAndLintAgree runs the same broker keys through `kafkit
// params check` and `kafkit lint` (as an apache/kafka variable added to a
// clean file) for both Kafka lines, and requires one answer: both accept
// the key and value, or both reject them. Both read the catalogue (issue
// 15: before, params check called super.users unknown while lint accepted
// KAFKA_SUPER_USERS).
func TestParamsCheckAndLintAgree(t *testing.T) {
	const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret";`
	cases := []struct {
		key, env, value string
		ok              bool
	}{
		{"super.users", "KAFKA_SUPER_USERS", "User:admin", true},
		{"super.users", "KAFKA_SUPER_USERS", "admin", false}, // not Type:name
		{"allow.everyone.if.no.acl.found", "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false", true},
		{"allow.everyone.if.no.acl.found", "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "maybe", false},
		{"listener.name.plaintext.ssl.keystore.location", "KAFKA_LISTENER_NAME_PLAINTEXT_SSL_KEYSTORE_LOCATION", "/etc/kafka/secrets/kafka.keystore.p12", true},
		{"listener.name.plaintext.max.connections", "KAFKA_LISTENER_NAME_PLAINTEXT_MAX_CONNECTIONS", "many", false}, // validated by max.connections' row
		{"listener.name.plaintext.plain.sasl.jaas.config", "KAFKA_LISTENER_NAME_PLAINTEXT_PLAIN_SASL_JAAS_CONFIG", jaas, true},
		{"listener.name.plaintext.scram-sha-256.sasl.jaas.config", "KAFKA_LISTENER_NAME_PLAINTEXT_SCRAM___SHA___256_SASL_JAAS_CONFIG", jaas, true},
		{"listener.name.plaintext.sasl.jaas.config", "KAFKA_LISTENER_NAME_PLAINTEXT_SASL_JAAS_CONFIG", jaas, false}, // a broker reads it only per mechanism
		{"listener.name.plaintext.num.partitions", "KAFKA_LISTENER_NAME_PLAINTEXT_NUM_PARTITIONS", "3", false},      // not a listener's setting
		{"unstable.api.versions.enable", "KAFKA_UNSTABLE_API_VERSIONS_ENABLE", "false", true},                       // internal, but KafkaConfig's
		{"no.such.broker.setting", "KAFKA_NO_SUCH_BROKER_SETTING", "1", false},
		// Keys the broker hands to a tiered-storage plugin: any value.
		{"rsm.config.foo", "KAFKA_RSM_CONFIG_FOO", "1", true},
		{"rlmm.config.remote.log.metadata.topic.replication.factor", "KAFKA_RLMM_CONFIG_REMOTE_LOG_METADATA_TOPIC_REPLICATION_FACTOR", "", true},
	}
	lines := []struct{ kafka, image string }{{"3.9", "apache/kafka:3.9.1"}, {"4.x", "apache/kafka:4.4.0"}}
	for _, l := range lines {
		for _, c := range cases {
			t.Run(l.kafka+"/"+c.key+"="+c.value, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				var out, errb bytes.Buffer
				code := Run(ctx, []string{"params", "check", "--component", "broker", "--kafka", l.kafka, c.key + "=" + c.value}, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
				checkOK := code == ExitOK
				if code != ExitOK && code != ExitFailure {
					t.Fatalf("params check exit %d: %s%s", code, out.String(), errb.String())
				}

				file := strings.Replace(lintCleanFile, "image: apache/kafka:3.9.1", "image: "+l.image, 1)
				file = strings.Replace(file, "      KAFKA_LOG_DIRS:", "      "+c.env+": '"+c.value+"'\n      KAFKA_LOG_DIRS:", 1)
				stdout, stderr, lcode := runLintArgs(t, "", file, "--format", "json", "-")
				if lcode != ExitOK && lcode != ExitFailure {
					t.Fatalf("lint exit %d: %s", lcode, stderr)
				}
				var findings []struct {
					Severity, Rule, Message string
				}
				if err := json.Unmarshal([]byte(stdout), &findings); err != nil {
					t.Fatalf("lint output: %v\n%s", err, stdout)
				}
				lintOK := true
				var said []string
				for _, f := range findings {
					said = append(said, f.Severity+" "+f.Rule+": "+f.Message)
					if f.Severity == "error" && strings.Contains(f.Message, c.env) {
						lintOK = false
					}
				}
				if checkOK != c.ok || lintOK != c.ok {
					t.Errorf("want accepted=%v; params check accepted=%v (%s), lint accepted=%v (%v)", c.ok, checkOK, strings.TrimSpace(out.String()), lintOK, said)
				}
			})
		}
	}
}
