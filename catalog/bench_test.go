package catalog

import "testing"

// The validators run once per line of every generated and linted compose
// file, so their cost matters more than their allocation-free elegance.

func benchParam(b *testing.B, c Component, name string) *Param {
	b.Helper()
	p, ok := Lookup(c, name)
	if !ok {
		b.Fatalf("no %s %s", c, name)
	}
	return p
}

func BenchmarkValidateInt(b *testing.B) {
	p := benchParam(b, Broker, "num.partitions")
	for b.Loop() {
		if p.Validate("12") != nil {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkValidateEnum(b *testing.B) {
	p := benchParam(b, Topic, "compression.type")
	for b.Loop() {
		if p.Validate("zstd") != nil {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkValidateListeners(b *testing.B) {
	p := benchParam(b, Broker, "listeners")
	for b.Loop() {
		if p.Validate("INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9092,CONTROLLER://[::1]:9093") != nil {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkValidateRejected(b *testing.B) {
	p := benchParam(b, Broker, "num.partitions")
	for b.Loop() {
		if p.Validate("0") == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkValidateAllDefaults validates the documented default of every
// parameter of the catalogue once per iteration.
func BenchmarkValidateAllDefaults(b *testing.B) {
	var ps []*Param
	for _, p := range All() {
		if p.HasDefault {
			ps = append(ps, p)
		}
	}
	b.ReportMetric(float64(len(ps)), "params/op")
	for b.Loop() {
		for _, p := range ps {
			_ = p.Validate(p.Default)
		}
	}
}

func BenchmarkCheckKnown(b *testing.B) {
	for b.Loop() {
		if Check(Broker, "log.retention.hours", "168", ModeZK) != nil {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkCheckPerListenerKey(b *testing.B) {
	for b.Loop() {
		if Check(Broker, "listener.name.internal.ssl.keystore.location", "/etc/kafka/k.jks", ModeZK) != nil {
			b.Fatal("rejected")
		}
	}
}

// BenchmarkCheckUnknown includes the cost of computing suggestions, the
// slow path a typo takes.
func BenchmarkCheckUnknown(b *testing.B) {
	for b.Loop() {
		if Check(Broker, "log.retension.hours", "168", ModeZK) == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkClassifyEnv(b *testing.B) {
	for b.Loop() {
		if ClassifyEnv(CPKafka, "KAFKA_LOG_RETENTION_HOURS").Param == nil {
			b.Fatal("unresolved")
		}
	}
}
