#!/usr/bin/env bash
# Regenerates catalog/data/configdef/<version>.tsv, the ConfigDef dump of each
# pinned Kafka version (every broker, topic, producer, consumer and admin
# config with type, default, valid values, importance and the broker's dynamic
# update mode), by running testenv/configdump/ConfigDump.java with Java's
# single-file source launcher against that version's jars (fetched into the
# cache by scripts/fetch-kafka.sh when missing). The catalogue's tests compare
# catalog/data against these files.
#
# With --docs, Kafka's own config descriptions are written too, but only into
# the cache (${KAFKIT_CACHE:-~/.cache/kafkit}/configdef-docs-<version>.tsv),
# never into the repository: TestDescriptionsOwnWords reads them to make sure
# no description of kafkit's copies a run of Kafka's words.
#
# Usage: scripts/configdump.sh [--docs] [VERSION...]   (default: 3.9.2 4.4.0)
set -euo pipefail
cd "$(dirname "$0")/.."

docs=0
if [ "${1:-}" = "--docs" ]; then
  docs=1
  shift
fi
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.9.2 4.4.0)
cache="${KAFKIT_CACHE:-$HOME/.cache/kafkit}"
mkdir -p catalog/data/configdef
for v in "${versions[@]}"; do
  scripts/fetch-kafka.sh "$v"
  args=()
  [ "$docs" = 1 ] && args=(--docs "$cache/configdef-docs-$v.tsv")
  out="catalog/data/configdef/$v.tsv"
  java -cp "$cache/kafka-$v/libs/*" testenv/configdump/ConfigDump.java "${args[@]}" >"$out.tmp"
  mv "$out.tmp" "$out"
  echo "configdump: $out ($(grep -vc '^#' "$out") lines)" >&2
done
