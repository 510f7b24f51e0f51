package cli

import (
	"testing"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestMain stops the Apache Kafka broker the tests share (harness.Real).
func TestMain(m *testing.M) { harness.Main(m) }
