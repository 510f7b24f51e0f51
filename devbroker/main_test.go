package devbroker_test

import (
	"testing"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestMain stops the shared Apache Kafka broker of the two-broker tests.
func TestMain(m *testing.M) { harness.Main(m) }
