#!/usr/bin/env bash
# Installs the real peers the interoperability tests talk to, from Debian:
# kcat (librdkafka), python3-confluent-kafka (the seed's own client) and
# ZooKeeper 3.8. Does nothing when they are all present. Needs root (or sudo)
# and apt-get; on other systems it says what is missing and exits 0, and the
# tests that need a peer skip (or fail when CI=true).
set -euo pipefail

have_python_ck() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import confluent_kafka' >/dev/null 2>&1; }
have_zk() { [ -f /usr/share/zookeeper/bin/zkServer.sh ]; }

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
have_python_ck || missing+=(python3-confluent-kafka)
have_zk || missing+=(zookeeper)
# netcat answers ZooKeeper's four-letter words in tests and healthchecks.
command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-peers: missing ${missing[*]} and no apt-get here; interop tests will skip" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-peers: missing ${missing[*]}; run as root to install them" >&2
    exit 0
  fi
fi
echo "install-peers: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-peers: done" >&2
