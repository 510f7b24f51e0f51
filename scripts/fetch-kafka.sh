#!/usr/bin/env bash
# Fetches Apache Kafka's jars (broker, tools, and for 3.x ZooKeeper) from Maven
# Central with the checked-in build testenv/kafka/pom.xml, into a cache outside
# the repository:
#
#   ${KAFKIT_CACHE:-$HOME/.cache/kafkit}/kafka-<version>/libs/*.jar
#
# Usage: scripts/fetch-kafka.sh [VERSION...]   (default: every pinned version)
# A version already in the cache (a .complete marker beside libs/) is not
# fetched again. Needs Java and Maven (mvn); exits 1 naming what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The pinned versions: 3.9.2 is the stack's (ZooKeeper mode, the seed's);
# 4.4.0 is the newest 4.x release on Maven Central (KRaft only, the
# `--kafka 4.x` catalogue and stack).
PINNED=(3.9.2 4.4.0)
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=("${PINNED[@]}")

cache="${KAFKIT_CACHE:-$HOME/.cache/kafkit}"
mkdir -p "$cache"
# Test binaries running at once may each ask for the same version: one
# fetches, the others wait for it.
exec 9>"$cache/.fetch-lock"
flock 9
for v in "${versions[@]}"; do
  dir="$cache/kafka-$v"
  if [ -f "$dir/.complete" ]; then
    continue
  fi
  for tool in java mvn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "fetch-kafka: $tool is missing; install a JDK 17 and Maven (Debian: openjdk-17-jdk-headless maven)" >&2
      exit 1
    fi
  done
  profile=()
  case "$v" in
    4.*) profile=(-Dkafka4) ;;
  esac
  echo "fetch-kafka: Apache Kafka $v from Maven Central into $dir" >&2
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  if ! mvn -q -B -f testenv/kafka/pom.xml "${profile[@]}" -Dkafka.version="$v" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir.tmp/libs" >"$dir.tmp/mvn.log" 2>&1; then
    cat "$dir.tmp/mvn.log" >&2
    echo "fetch-kafka: Maven could not fetch Apache Kafka $v (log above)" >&2
    exit 1
  fi
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  echo "$v" >"$dir/.complete"
done
