#!/usr/bin/env bash
# Installs the real peers the tests talk to:
# - from Debian: kcat (librdkafka), python3-confluent-kafka 1.7.0 (the seed's
#   own client as Debian ships it), Java 17, Maven, netcat and time;
# - from PyPI: confluent-kafka, pinned below (its current release), in a
#   virtual environment under the cache (~/.cache/kafkit/venv);
# - from Maven Central: Apache Kafka 3.9.2 (with ZooKeeper 3.8.4) and 4.4.0 (fetch-kafka.sh).
# Does nothing for what is present. Debian's packages need root (or sudo) and
# apt-get; on other systems it says what is missing and goes on, and the
# tests that need a peer skip (or fail when CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."

# The seed's library, pinned: confluent-kafka's current release on PyPI.
CONFLUENT_KAFKA_VERSION=2.16.1
cache="${KAFKIT_CACHE:-$HOME/.cache/kafkit}"

install_venv() {
  local venv="$cache/venv"
  if "$venv/bin/python3" -c "import confluent_kafka, sys; sys.exit(confluent_kafka.__version__ != '$CONFLUENT_KAFKA_VERSION')" >/dev/null 2>&1; then
    return 0
  fi
  local py
  py=$(command -v python3 || true)
  if [ -z "$py" ]; then
    echo "install-peers: no python3; the PyPI confluent-kafka tests will skip" >&2
    return 0
  fi
  echo "install-peers: confluent-kafka==$CONFLUENT_KAFKA_VERSION from PyPI into $venv" >&2
  rm -rf "$venv"
  "$py" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "confluent-kafka==$CONFLUENT_KAFKA_VERSION"
}

have_python_ck() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import confluent_kafka' >/dev/null 2>&1; }

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
have_python_ck || missing+=(python3-confluent-kafka)
# Java and Maven run and fetch Apache Kafka (fetch-kafka.sh).
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# /usr/bin/time gives the bench each client's peak memory (bench/kafka.sh).
[ -x /usr/bin/time ] || missing+=(time)
# netcat answers ZooKeeper's four-letter words in tests and healthchecks.
command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)

after_debian() {
  install_venv
  bash scripts/fetch-kafka.sh
}

if [ ${#missing[@]} -eq 0 ]; then
  after_debian
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-peers: missing ${missing[*]} and no apt-get here; interop tests will skip" >&2
  after_debian
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-peers: missing ${missing[*]}; run as root to install them" >&2
    after_debian
    exit 0
  fi
fi
echo "install-peers: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-peers: done" >&2
after_debian
