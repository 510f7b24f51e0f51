package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestComposeSecurityFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "docker-compose.yml")
	if err := os.Mkdir(filepath.Join(dir, "controllers"), 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"compose", "--security", "sasl-scram"}, 2, "add -o FILE"},
		{[]string{"compose", "--security", "sasl-scram", "-o", "-"}, 2, "add -o FILE"},
		{[]string{"compose", "--security", "kerberos", "-o", out}, 2, `invalid security mode "kerberos"`},
		{[]string{"compose", "--new-ca"}, 2, "--new-ca only applies with --security"},
		{[]string{"compose", "--mode", "kraft", "--controllers", "3", "--security", "tls", "-o", filepath.Join(dir, "controllers", "docker-compose.yml")}, 0, "secrets/controller-3.pem (0600)"},
		{[]string{"compose", "--security", "mtls", "-o", filepath.Join(dir, "missing", "x.yml")}, 1, "missing"},
		{[]string{"compose", "--security", "mtls", "-o", out}, 0, "secrets/app.pem (0600)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errs, code := runComposeArgs(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errs, tt.code, tt.want)
			}
		})
	}
	for _, f := range []string{"docker-compose.yml", ".env", "client.properties", "admin.properties", "client-librdkafka.properties", "secrets/ca.crt", "secrets/kafka.pem", "secrets/admin.pem"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("compose --security mtls did not write %s: %v", f, err)
		}
	}
}
