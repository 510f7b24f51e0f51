#!/usr/bin/env bash
# Runs every Go fuzz target in the module for FUZZTIME each (default 3s),
# one at a time (go test -fuzz accepts a single target per run). The seed
# corpora under testdata/fuzz run in every plain `go test` too; this adds
# fresh inputs. A crash fails the run and leaves the input in testdata/fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-3s}
n=0
while IFS=: read -r file name; do
  pkg="./$(dirname "$file")"
  echo "fuzz: $pkg $name ($fuzztime)"
  go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" >/tmp/kafkit-fuzz.log 2>&1 || {
    cat /tmp/kafkit-fuzz.log
    echo "fuzz: $name failed" >&2
    exit 1
  }
  n=$((n + 1))
done < <(grep -rhoE --include='*_test.go' -H '^func (Fuzz[A-Za-z0-9_]+)' . | sed -E 's/^\.\///; s/:func /:/' | sort)
echo "fuzz: $n targets ran for $fuzztime each, no failures"
