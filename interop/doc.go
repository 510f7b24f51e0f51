// Package interop holds kafkit's process-level tests: the kafkit binary
// against real clients nobody here wrote (kcat, and the seed's own
// confluent-kafka Python programs in testdata), exit codes, signals, and
// no-loss across a SIGKILLed consumer. It has no code of its own.
//
// A test whose peer is missing is skipped, unless CI=true, where it fails.
package interop
