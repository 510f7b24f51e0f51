package cli

import (
	"encoding/json"
	"net"
	"strings"
	"testing"

	"github.com/kafkit/kafkit/doctor"
)

func TestDoctorHealthy(t *testing.T) {
	addr := devBroker(t)
	code, out, errs := kit(t, "", "doctor", "-b", addr, "--timeout", "10s")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	for _, want := range []string{
		"kafkit doctor: checking " + addr + " from this machine\n",
		"OK       bootstrap " + addr + ": resolves to 127.0.0.1",
		"OK       advertised broker 0 (controller): broker 0 advertises " + addr,
		"OK       round-trip kafkit-doctor-",
		"fix:", // absent, checked below
	} {
		if want == "fix:" {
			if strings.Contains(out, want) {
				t.Errorf("a healthy broker got a fix:\n%s", out)
			}
			continue
		}
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "9 checks: 9 ok, 0 warnings, 0 errors, 0 skipped\n") {
		t.Errorf("summary line wrong:\n%s", out)
	}

	// JSON: the same report, for scripts; the application's settings are
	// checked, not refused.
	code, out, errs = kit(t, "", "doctor", "-b", addr, "--format", "json",
		"-X", "group.protocol=consumer", "-X", "transactional.id=app-1", "-X", "group.id=app")
	if code != ExitOK {
		t.Fatalf("json: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	var rep doctor.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if rep.Failed || len(rep.Results) == 0 || rep.Bootstrap[0] != addr {
		t.Fatalf("json report: %+v", rep)
	}
	seen := map[string]string{}
	for _, r := range rep.Results {
		seen[r.Check+" "+r.Target] = string(r.Status)
	}
	for _, k := range []string{"coordinator group app", "features group.protocol=consumer", "transaction-state __transaction_state"} {
		if seen[k] != "ok" {
			t.Errorf("json: %q is %q, want ok (all: %v)", k, seen[k], seen)
		}
	}
}

func TestDoctorFailsOnUnreachableBroker(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, out, errs := kit(t, "", "doctor", "-b", addr, "--timeout", "2s")
	if code != ExitFailure {
		t.Fatalf("exit %d, want 1; stderr %q", code, errs)
	}
	if !strings.Contains(out, "ERROR    bootstrap "+addr+" [tcp]: "+addr+": 127.0.0.1 resolves to 127.0.0.1, but nothing accepts connections") ||
		!strings.Contains(out, "fix: start the broker") || !strings.Contains(out, "SKIPPED  round-trip: no bootstrap address answered") {
		t.Errorf("stdout:\n%s", out)
	}
	if errs != "kafkit: 1 check failed\n" {
		t.Errorf("stderr %q", errs)
	}
}

func TestDoctorUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, `invalid --format "xml"`},
		{[]string{"--timeout", "0s"}, "invalid --timeout 0s"},
		{[]string{"--topic", "bad name"}, `invalid topic name "bad name"`},
		{[]string{"-X", "group.protocol=new"}, `invalid value "new" for group.protocol (from -X): want classic or consumer`},
		{[]string{"-X", "security.protocol=SSL", "-X", "ssl.truststore.location=/x.jks"}, "ssl.truststore.location: open /x.jks"},
		{[]string{"-X", "acks=2"}, "acks"},
		{[]string{"extra"}, "unknown command"},
	} {
		code, _, errs := kit(t, "", append([]string{"doctor", "-b", "127.0.0.1:1"}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}
