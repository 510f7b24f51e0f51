// Package archtest holds the import rules of the house as a test (see
// docs/ARCHITECTURE.md): the domain packages never import cobra or
// internal/cli, only cmd/kafkit imports internal/cli, and catalog and javaconf
// import no other kafkit package. It has no code of its own.
package archtest
