// Package archtest holds the rules of the house as tests (see
// docs/ARCHITECTURE.md): the domain packages never import cobra or
// internal/cli, only cmd/kafkit imports internal/cli, catalog and javaconf
// import no other kafkit package, stackmodel imports none but those two,
// and the generator (compose) and the linter (lint) never import each
// other; inside internal/cli, cobra stays in the command constructors (no
// options struct holds a cobra type, no run function takes one, and only
// changedFlags asks cobra which flags were typed). It has no code of its
// own.
package archtest
