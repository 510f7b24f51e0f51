#!/usr/bin/env bash
# bench/run.sh — kafkit beside kcat on `kafkit dev`, run by `make bench-dev`
# (`make bench` runs bench/kafka.sh, on a real Apache Kafka broker).
#
# Starts `kafkit dev` on a free loopback port, writes one stdin file of
# RECORDS lines of SIZE bytes, then, after WARMUP untimed produce rounds,
# alternates kafkit and kcat RUNS times at each of (all produce rounds first,
# then all consume rounds):
#
#   produce  the file from stdin into a fresh topic
#            kcat -P -b B -t T -l FILE          kafkit produce T < FILE
#   consume  every record of one topic holding RECORDS records, printed to
#            /dev/null, exiting at the end
#            kcat -C -e -q -b B -t T            kafkit consume T -e
#
# and prints the median wall time of each, records per second and the speed
# ratio (kcat's median divided by kafkit's: above 1 means kafkit is faster),
# and per_round, the median of each round's own ratio, which a machine that
# slows down for a few seconds (a shared one) disturbs less.
# The order within a round alternates so that neither tool always runs on a
# warmer broker, and each produced topic is deleted after its run (run 1's
# two are kept for the checks), so that the broker's data does not grow from
# run to run. It also reports the resident memory of `kafkit dev` holding
# RECORDS records, and checks (untimed) that every record made it through.
#
# Environment: RUNS (default 7), WARMUP (untimed rounds first, 2), RECORDS
# (1000000), SIZE (100, bytes per value), INPUT (random or text, see below),
# KAFKIT (bin/kafkit), KCAT (kcat from PATH, else /usr/bin/kcat).
# Results are also written to bench/results/ (ignored by git).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-2}
RECORDS=${RECORDS:-1000000}
SIZE=${SIZE:-100}
KAFKIT=${KAFKIT:-bin/kafkit}
KCAT=${KCAT:-$(command -v kcat || echo /usr/bin/kcat)}

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$KAFKIT" ] || die "no kafkit binary at $KAFKIT (run \"make build\" first, or use \"make bench-dev\")"
if [ ! -x "$KCAT" ]; then
  bash scripts/install-peers.sh
  KCAT=$(command -v kcat || echo /usr/bin/kcat)
  [ -x "$KCAT" ] || die "kcat is not installed and could not be installed (apt-get install kcat)"
fi
[ "$SIZE" -ge 9 ] || die "SIZE must be at least 9 bytes (an 8-digit sequence number and some text)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kafkit-bench.XXXXXX")
DEV_PID=""
cleanup() {
  if [ -n "$DEV_PID" ] && kill -0 "$DEV_PID" 2>/dev/null; then
    kill -TERM "$DEV_PID" 2>/dev/null || true
    wait "$DEV_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# now prints the time in microseconds (bash 5's EPOCHREALTIME).
now() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }

# rss_kb prints the resident set size of a process in KiB.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# --- the broker -------------------------------------------------------------
"$KAFKIT" dev --listen 127.0.0.1:0 >"$WORK/dev.out" 2>"$WORK/dev.err" &
DEV_PID=$!
BROKER=""
for _ in $(seq 1 100); do
  BROKER=$(sed -n 's/^bootstrap: //p' "$WORK/dev.out")
  [ -n "$BROKER" ] && break
  kill -0 "$DEV_PID" 2>/dev/null || die "kafkit dev exited: $(cat "$WORK/dev.err")"
  sleep 0.1
done
[ -n "$BROKER" ] || die "kafkit dev did not print its bootstrap address within 10 s"

# --- the input --------------------------------------------------------------
# Each line is one record of SIZE bytes (the newline is not part of it),
# starting with an 8-digit sequence number.
#   INPUT=random (default): then random base64 text. It does not compress,
#     so kafkit's default compression (snappy) only costs CPU while kcat
#     sends it as is: the comparison does not flatter kafkit.
#   INPUT=text: log-like lines (timestamp, level, service, ids, a random
#     trace id), which compress about as well as real logs do.
INPUT_KIND=${INPUT:-random}
INPUT="$WORK/input.txt"
case "$INPUT_KIND" in
  random)
    # (pipefail off: head -n closing the pipe early is expected)
    ( set +o pipefail
      head -c $(( (RECORDS + 1) * (SIZE - 8) * 3 / 4 + 3 )) /dev/urandom |
        base64 -w $((SIZE - 8)) | head -n "$RECORDS" |
        awk '{printf "%08d%s\n", NR - 1, $0}' ) >"$INPUT" ;;
  text)
    awk -v n="$RECORDS" -v size="$SIZE" 'BEGIN {
      srand(7); split("INFO WARN DEBUG ERROR", lv, " "); split("orders payments users carts search", sv, " ")
      hex = "0123456789abcdef"
      for (i = 0; i < n; i++) {
        l = sprintf("%08d 2026-11-23T10:%02d:%02d.%03dZ %-5s %s user=u%05d item=i%05d qty=%d trace=",
          i, int(i / 60000) % 60, int(i / 1000) % 60, i % 1000, lv[1 + int(rand() * 4)], sv[1 + int(rand() * 5)],
          int(rand() * 100000), int(rand() * 100000), 1 + int(rand() * 9))
        while (length(l) < size) l = l substr(hex, 1 + int(rand() * 16), 1)
        print substr(l, 1, size)
      }
    }' >"$INPUT" ;;
  *) die "unknown INPUT=$INPUT_KIND (random or text)" ;;
esac
[ "$(wc -l <"$INPUT")" -eq "$RECORDS" ] || die "could not generate $RECORDS input lines"

# The topic both consumers read, written once (untimed) by kcat.
"$KCAT" -P -b "$BROKER" -t bench-consume -l "$INPUT"
RSS_1M=$(rss_kb "$DEV_PID")

# --- the runs ---------------------------------------------------------------
declare -A TIMES
# timed NAME CMD... runs CMD and appends its wall time (µs) to TIMES[NAME].
timed() {
  local name=$1; shift
  local t0 t1
  t0=$(now)
  if ! "$@"; then
    die "$name failed (run $run): $*"
  fi
  t1=$(now)
  TIMES[$name]+="$((t1 - t0)) "
}

kcat_produce()   { "$KCAT" -P -b "$BROKER" -t "bench-kcat-$run" -l "$INPUT"; }
kafkit_produce() { "$KAFKIT" produce -b "$BROKER" "bench-kafkit-$run" <"$INPUT" 2>"$WORK/produce.err"; }
# Each produce run's topic is deleted (untimed) once the run is over, except
# run 1's, which the checks below read: otherwise the broker's heap would
# grow by RECORDS records a run and its garbage collector would tax the
# later runs, whichever tool they belong to.
drop() { [ "$run" -eq 1 ] || "$KAFKIT" topic delete -b "$BROKER" "$@" >/dev/null; }
kcat_consume()   { "$KCAT" -C -e -q -b "$BROKER" -t bench-consume >/dev/null; }
kafkit_consume() { "$KAFKIT" consume -b "$BROKER" -g "bench-$run" -e bench-consume >/dev/null 2>"$WORK/consume.err"; }

echo "bench: kafkit dev at $BROKER, $RECORDS records of $SIZE bytes, $WARMUP warm-up and $RUNS alternating runs" >&2
# Warm-up (untimed): a fresh broker's heap grows for the first few produce
# runs, and whichever tool runs then pays for it; the timed runs measure the
# steady state both tools meet.
for w in $(seq 1 "$WARMUP"); do
  "$KCAT" -P -b "$BROKER" -t "bench-warmup-$w" -l "$INPUT"
  "$KAFKIT" produce -b "$BROKER" "bench-warmup-$w" <"$INPUT" 2>/dev/null
  "$KAFKIT" topic delete -b "$BROKER" "bench-warmup-$w" >/dev/null
done
# The produce rounds run first, then the consume rounds: a consume run
# leaves the broker a heap of fetch garbage to collect, and the produce run
# after it would pay for that (kafkit, which sends twice as fast, far more
# than kcat).
for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) -eq 1 ]; then
    timed kcat_produce kcat_produce;     drop "bench-kcat-$run"
    timed kafkit_produce kafkit_produce; drop "bench-kafkit-$run"
  else
    timed kafkit_produce kafkit_produce; drop "bench-kafkit-$run"
    timed kcat_produce kcat_produce;     drop "bench-kcat-$run"
  fi
  echo "bench: produce run $run/$RUNS done" >&2
done
for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) -eq 1 ]; then
    timed kcat_consume kcat_consume;     timed kafkit_consume kafkit_consume
  else
    timed kafkit_consume kafkit_consume; timed kcat_consume kcat_consume
  fi
  echo "bench: consume run $run/$RUNS done" >&2
done

# --- checks (untimed) -------------------------------------------------------
# What kafkit produced is read back whole by kcat, and what kcat produced by
# kafkit; a tool that drops records must not look fast.
n=$("$KCAT" -C -e -q -b "$BROKER" -t bench-kafkit-1 | wc -l)
[ "$n" -eq "$RECORDS" ] || die "kcat read $n records from what kafkit produced, want $RECORDS"
n=$("$KAFKIT" consume -b "$BROKER" -g bench-check -e bench-kcat-1 2>/dev/null | wc -l)
[ "$n" -eq "$RECORDS" ] || die "kafkit read $n records from what kcat produced, want $RECORDS"
cmp -s <("$KAFKIT" consume -b "$BROKER" -g bench-check-2 -e bench-kafkit-1 2>/dev/null) "$INPUT" ||
  die "kafkit's round trip of the input file is not byte for byte the input"
run=0 drop bench-kafkit-1 bench-kcat-1
RSS_END=$(rss_kb "$DEV_PID")

# --- report -----------------------------------------------------------------
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
secs() { awk -v us="$1" 'BEGIN {printf "%.3f", us/1e6}'; }
rate() { awk -v us="$1" -v n="$RECORDS" 'BEGIN {printf "%.0f", n/(us/1e6)}'; }
ratio() { awk -v k="$1" -v c="$2" 'BEGIN {printf "%.2f", c/k}'; }
# paired prints the median of the rounds' own ratios (kcat's time over
# kafkit's in the same round). The two ran seconds apart, so a slow spell of
# the machine, which moves both, mostly cancels out of each ratio.
paired() {
  awk -v k="$1" -v c="$2" 'BEGIN {
    n = split(k, ks, " "); split(c, cs, " ")
    for (i = 1; i <= n; i++) r[i] = cs[i] / ks[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
    printf "%.2f", (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
  }'
}

OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "kafkit vs kcat: $RECORDS records x $SIZE B ($INPUT_KIND input), kafkit dev (1 partition), median of $RUNS alternating runs after $WARMUP warm-up rounds"
  echo "machine: $(nproc) CPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr)"
  echo "kcat: $("$KCAT" -V 2>&1 | sed -n 's/^Version \([^ ]*\) .*\(librdkafka [^ ]*\).*/\1 (\2)/p')"
  echo "kafkit: $("$KAFKIT" --version 2>&1)"
  printf '%-8s %12s %14s %12s %14s %16s %12s\n' op kafkit_s kafkit_rec/s kcat_s kcat_rec/s kcat/kafkit per_round
  for op in produce consume; do
    k=$(echo "${TIMES[kafkit_$op]}" | median)
    c=$(echo "${TIMES[kcat_$op]}" | median)
    printf '%-8s %12s %14s %12s %14s %15sx %11sx\n' "$op" "$(secs "$k")" "$(rate "$k")" "$(secs "$c")" "$(rate "$c")" "$(ratio "$k" "$c")" \
      "$(paired "${TIMES[kafkit_$op]}" "${TIMES[kcat_$op]}")"
  done
  echo "all runs (s):"
  for name in kafkit_produce kcat_produce kafkit_consume kcat_consume; do
    printf '  %-15s' "$name"
    for us in ${TIMES[$name]}; do printf ' %s' "$(secs "$us")"; done
    echo
  done
  echo "kafkit dev RSS: $((RSS_1M / 1024)) MiB holding $RECORDS records; $((RSS_END / 1024)) MiB at the end, holding them again after $((2 * (RUNS + WARMUP))) x $RECORDS more were produced and deleted"
  echo "checks: round trips complete and byte for byte"
} | tee "$OUT"
