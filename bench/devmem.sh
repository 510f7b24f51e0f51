#!/usr/bin/env bash
# bench/devmem.sh — does `kafkit dev` give memory back once its data is gone?
#
# Starts `kafkit dev` (in memory) on a free loopback port and, ROUNDS times,
# produces RECORDS records of SIZE bytes to a fresh topic with
# `kafkit perf produce` (uncompressed, so the broker holds RECORDS x SIZE
# bytes and more), deletes the topic, waits SETTLE seconds and reads the
# broker's resident memory (VmRSS in /proc). It prints the RSS at start, after
# each round holding the data and after each deletion, and the peak (VmHWM).
# With no data left, what stays after the last deletion is what the broker
# holds for nothing.
#
# Environment: ROUNDS (default 10), RECORDS (1000000), SIZE (100), SETTLE (3),
# KAFKIT (bin/kafkit, built if missing).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-10}
RECORDS=${RECORDS:-1000000}
SIZE=${SIZE:-100}
SETTLE=${SETTLE:-3}
KAFKIT=${KAFKIT:-bin/kafkit}

die() { echo "devmem: $*" >&2; exit 1; }
[ -x "$KAFKIT" ] || go build -o "$KAFKIT" ./cmd/kafkit || die "cannot build $KAFKIT"
[ -d /proc/self ] || die "needs /proc (Linux)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
addr=127.0.0.1:$port
log=$(mktemp)
"$KAFKIT" dev --listen "$addr" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q bootstrap "$log" && break; sleep 0.1; done
grep -q bootstrap "$log" || die "kafkit dev did not start: $(cat "$log")"

rss() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status; }
hwm() { awk '/^VmHWM/ {printf "%.0f", $2/1024}' /proc/$pid/status; }

echo "kafkit dev memory: $ROUNDS rounds of $RECORDS x $SIZE B produced then deleted ($("$KAFKIT" --version 2>/dev/null || echo kafkit))"
echo "start: RSS $(rss) MiB"
for r in $(seq "$ROUNDS"); do
	topic=devmem-$r
	"$KAFKIT" perf produce "$topic" -b "$addr" --records "$RECORDS" --record-size "$SIZE" -X compression.type=none --format json >/dev/null
	full=$(rss)
	"$KAFKIT" topic delete "$topic" -b "$addr" >/dev/null
	sleep "$SETTLE"
	echo "round $r: RSS $full MiB holding the data, $(rss) MiB ${SETTLE}s after deleting it"
done
echo "end: RSS $(rss) MiB with no data, peak (VmHWM) $(hwm) MiB"
