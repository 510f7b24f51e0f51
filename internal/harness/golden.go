package harness

import "flag"

// update is the one -update flag of kafkit's tests (make generate): every
// test binary that imports the harness has it, and no test registers
// another.
var update = flag.Bool("update", false, "rewrite the golden files and the checked-in generated files from what the tests produce")

// Update reports whether the tests run with -update, where a golden test
// rewrites its file instead of comparing with it.
func Update() bool { return *update }
