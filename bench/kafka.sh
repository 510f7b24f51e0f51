#!/usr/bin/env bash
# bench/kafka.sh — kafkit beside the other Kafka clients users run, on a real
# Apache Kafka broker; run by `make bench` (`make bench-dev` runs
# bench/run.sh, the same idea on `kafkit dev`).
#
# Starts one ZooKeeper and one Kafka broker (3.9.2, from the jars
# scripts/fetch-kafka.sh puts in ~/.cache/kafkit) for the whole run, through
# the test harness (bench/broker_test.go), writes one stdin file of RECORDS
# lines of SIZE bytes, and then, after WARMUP untimed rounds of everything,
# RUNS rounds of each of:
#
#   produce   the file from stdin into a fresh one-partition topic:
#               kafkit produce T < FILE
#               kcat -P -b B -t T -l FILE
#               Kafka's console producer (kafka-console-producer) < FILE
#               bench/produtor.py: the seed's confluent-kafka producer, one
#                 produce() per line, flush() at the end
#             and the broker's own ceiling, Kafka's ProducerPerformance
#             (kafka-producer-perf-test) with the same record count, size
#             and acks (all): once with the Java client's defaults, once
#             batching as kafkit does (batch.size=1000012, linger.ms=10,
#             franz-go's defaults)
#   consume   every record of one topic holding RECORDS records, printed to
#             /dev/null, ending at the last record:
#               kafkit consume -g G -e T; kcat -C -e -q -b B -t T;
#               Kafka's console consumer --from-beginning --max-messages N;
#               bench/consumidor.py: the seed's consumer, poll(1.0) a record
#                 at a time, stopping after N
#   latency   produce-to-consume latency at each rate of RATES records/s for
#             LATENCY_SECONDS seconds: kafkit perf e2e --rate R, with
#             kafkit's defaults (franz-go lingers up to 10 ms) and with
#             -X linger.ms=0; beside Kafka's EndToEndLatency tool with
#             E2E_RECORDS records, which cannot pace: it sends one record,
#             waits for its acknowledgement and for the consumer to read it,
#             then sends the next, and prints whole milliseconds. Its like
#             for like is kafkit perf e2e --in-flight 1 --rate 0
#             -X linger.ms=0 with as many records, read from each record's
#             send (kafkit also reports latency from the record's due time,
#             which counts a sender a busy machine woke late; EndToEndLatency
#             stamps a record as it sends it). With one record in flight, a
#             stall of the machine delays one record; at a fixed rate it
#             delays every record due during it, so paced runs have longer
#             tails on a loaded machine.
#
# Within a round the tools run one after the other, and the order rotates
# from round to round, so that no tool always meets a broker just busied by
# the same other tool. Every timed process runs under /usr/bin/time for its
# peak resident memory and CPU time. The report gives, per tool, the median
# wall time of the runs, records per second, the ratio to kafkit (the
# tool's median time over kafkit's: above 1 means kafkit is faster), the
# median of each round's own ratio (a machine slowing down for a few seconds,
# which moves both tools of a round, disturbs it less), the median peak RSS
# and CPU seconds. ProducerPerformance's own figure (records/s from its
# first send to its last acknowledgement, without its JVM's start) is given
# beside its wall time. Every produce run's topic is checked (untimed) to
# hold RECORDS records before it is deleted, and kafkit's round trip of the
# file is checked byte for byte.
#
# Environment: RUNS (default 5), WARMUP (1), RECORDS (1000000), SIZE (100),
# RATES ("1000 10000"), LATENCY_SECONDS (5), E2E_RECORDS (5000),
# KAFKIT (bin/kafkit), KCAT (kcat from PATH), PYTHON (the venv with the
# pinned confluent-kafka, ~/.cache/kafkit/venv/bin/python3), ONLY (a subset
# of "produce consume latency"). Results go to bench/results/ (ignored by git).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
RECORDS=${RECORDS:-1000000}
SIZE=${SIZE:-100}
RATES=${RATES:-1000 10000}
LATENCY_SECONDS=${LATENCY_SECONDS:-5}
E2E_RECORDS=${E2E_RECORDS:-5000}
ONLY=${ONLY:-produce consume latency}
KAFKIT=${KAFKIT:-bin/kafkit}
KCAT=${KCAT:-$(command -v kcat || echo /usr/bin/kcat)}
PYTHON=${PYTHON:-${KAFKIT_CACHE:-$HOME/.cache/kafkit}/venv/bin/python3}
GO=${GO:-go}
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }
wants() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }

[ -x "$KAFKIT" ] || die "no kafkit binary at $KAFKIT (run \"make build\" first, or use \"make bench\")"
[ "$SIZE" -ge 9 ] || die "SIZE must be at least 9 bytes (an 8-digit sequence number and some text)"
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"
peers_ok() {
  [ -x "$KCAT" ] && [ -x "$TIME" ] && command -v java >/dev/null 2>&1 &&
    "$PYTHON" -c 'import confluent_kafka' >/dev/null 2>&1
}
if ! peers_ok; then
  bash scripts/install-peers.sh
  KCAT=$(command -v kcat || echo /usr/bin/kcat)
  peers_ok || die "a peer is missing after scripts/install-peers.sh: kcat ($KCAT), $TIME (Debian: time), java, or confluent-kafka in $PYTHON"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kafkit-bench.XXXXXX")
BROKER_PID=""
cleanup() {
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    note "stopping the broker"
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# now prints the time in microseconds (bash 5's EPOCHREALTIME).
now() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# --- the broker -------------------------------------------------------------
# The harness's TestBroker starts ZooKeeper and the broker, writes what this
# script needs to broker.env, and stops both when it gets SIGTERM (cleanup
# above) or when this script dies (it watches its parent; the JVMs also die
# with it, by the kernel's parent-death signal).
"$GO" test -c -o "$WORK/broker.test" ./bench
LOAD_START=$(cat /proc/loadavg)
(cd bench && KAFKIT_BENCH_BROKER="$WORK/broker.env" exec "$WORK/broker.test" -test.run '^TestBroker$' -test.v -test.timeout 0) \
  >"$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 1800); do
  [ -f "$WORK/broker.env" ] && break
  kill -0 "$BROKER_PID" 2>/dev/null || die "the broker did not start: $(tail -40 "$WORK/broker.log")"
  sleep 0.1
done
[ -f "$WORK/broker.env" ] || die "the broker did not start within 180 s: $(tail -40 "$WORK/broker.log")"
# shellcheck disable=SC1091
. "$WORK/broker.env"
B=$KAFKA_BOOTSTRAP

# jtool HEAP CLASS sets JTOOL to the command running a Kafka tool as
# kafka-run-class runs it: the heap its script sets (KAFKA_HEAP_OPTS), the
# JIT and GC options every tool gets (KAFKA_JVM_PERFORMANCE_OPTS).
jtool() {
  # shellcheck disable=SC2206
  JTOOL=("$KAFKA_JAVA" $1 $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_TOOL_LOG -cp "$KAFKA_CLASSPATH" "$2")
}

# --- the input --------------------------------------------------------------
# Each line is one record of SIZE bytes (the newline is not part of it): an
# 8-digit sequence number, then random base64 text, which does not compress,
# so kafkit's default (snappy only when it shrinks a batch) sends it as is,
# like every other tool here.
INPUT="$WORK/input.txt"
( set +o pipefail
  head -c $(( (RECORDS + 1) * (SIZE - 8) * 3 / 4 + 3 )) /dev/urandom |
    base64 -w $((SIZE - 8)) | head -n "$RECORDS" |
    awk '{printf "%08d%s\n", NR - 1, $0}' ) >"$INPUT"
[ "$(wc -l <"$INPUT")" -eq "$RECORDS" ] || die "could not generate $RECORDS input lines"

create() { "$KAFKIT" topic create -b "$B" -p 1 -r 1 "$1" >/dev/null; }
drop() { "$KAFKIT" topic delete -b "$B" "$@" >/dev/null; }
# ends prints the end offset of partition 0 of a topic.
ends() { "$KCAT" -Q -b "$B" -t "$1:0:-1" | awk '{print $NF}'; }

# --- timing -----------------------------------------------------------------
declare -A TIMES RSS CPU EXTRA
LOADS=""
# timed NAME IN OUT CMD... runs CMD with stdin from IN and stdout to OUT,
# under /usr/bin/time, and appends its wall time (µs), peak RSS (KiB) and
# CPU time (user+system, s) to NAME's lists; warm-up runs are not recorded.
timed() {
  local name=$1 in=$2 out=$3; shift 3
  local t0 t1
  LOADS+="$(load1) "
  t0=$(now)
  if ! "$TIME" -f '%M %U %S' -o "$WORK/rusage" "$@" <"$in" >"$out" 2>"$WORK/$name.err"; then
    die "$name failed (run $run): $*: $(tail -5 "$WORK/$name.err")"
  fi
  t1=$(now)
  [ "$run" -gt 0 ] || return 0
  TIMES[$name]+="$((t1 - t0)) "
  read -r rss user sys <"$WORK/rusage"
  RSS[$name]+="$rss "
  CPU[$name]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}') "
}

# --- produce ----------------------------------------------------------------
PRODUCERS="kafkit kcat java python perftest perftest_batched"
produce() {
  local tool=$1 topic="bench-$1-$run"
  create "$topic"
  case $tool in
    kafkit) timed produce_kafkit "$INPUT" /dev/null "$KAFKIT" produce -b "$B" "$topic" ;;
    kcat) timed produce_kcat /dev/null /dev/null "$KCAT" -P -b "$B" -t "$topic" -l "$INPUT" ;;
    java) jtool -Xmx512M "$CLASS_console_producer"
      timed produce_java "$INPUT" /dev/null "${JTOOL[@]}" --bootstrap-server "$B" --topic "$topic" ;;
    python) timed produce_python "$INPUT" /dev/null "$PYTHON" bench/produtor.py "$B" "$topic" ;;
    perftest | perftest_batched)
      local props=(bootstrap.servers="$B" acks=all)
      [ "$tool" = perftest ] || props+=(batch.size=1000012 linger.ms=10)
      jtool -Xmx512M "$CLASS_producer_perf_test"
      timed "produce_$tool" /dev/null "$WORK/perftest.out" "${JTOOL[@]}" --topic "$topic" --num-records "$RECORDS" --record-size "$SIZE" --throughput -1 --producer-props "${props[@]}"
      # Its last line: "N records sent, R records/sec (...)".
      [ "$run" -eq 0 ] || EXTRA[produce_$tool]+="$(awk '/records sent/ {r = $4} END {print r}' "$WORK/perftest.out") " ;;
  esac
  local n
  n=$(ends "$topic")
  [ "$n" = "$RECORDS" ] || die "$tool produced $n records to $topic, want $RECORDS"
  if [ "$tool" = kafkit ] && [ "$run" -eq 1 ]; then
    # kafkit's round trip of the file, byte for byte, read by kcat.
    cmp -s <("$KCAT" -C -e -q -b "$B" -t "$topic") "$INPUT" ||
      die "what kafkit produced is not, byte for byte, the input file"
  fi
  drop "$topic"
}

# --- consume ----------------------------------------------------------------
CONSUMERS="kafkit kcat java python"
CONSUME_TOPIC=bench-consume
consume() {
  case $1 in
    kafkit) timed consume_kafkit /dev/null /dev/null "$KAFKIT" consume -b "$B" -g "bench-kafkit-$run" -e "$CONSUME_TOPIC" ;;
    kcat) timed consume_kcat /dev/null /dev/null "$KCAT" -C -e -q -b "$B" -t "$CONSUME_TOPIC" ;;
    java) jtool -Xmx512M "$CLASS_console_consumer"
      timed consume_java /dev/null /dev/null "${JTOOL[@]}" --bootstrap-server "$B" --topic "$CONSUME_TOPIC" --group "bench-java-$run" --from-beginning --max-messages "$RECORDS" ;;
    python) timed consume_python /dev/null /dev/null "$PYTHON" bench/consumidor.py "$B" "$CONSUME_TOPIC" "bench-python-$run" "$RECORDS" ;;
  esac
}

# --- latency ----------------------------------------------------------------
LATENCY_TOOLS=""
for r in $RATES; do LATENCY_TOOLS+="kafkit@$r kafkit0@$r "; done
LATENCY_TOOLS+="kafkit1 endtoend"
declare -A P50 P99 P999 ACHIEVED
latency() {
  local tool=$1 rate=${1#*@} p50="" p99 p999 ach
  case $tool in
    kafkit*)
      local args
      case $tool in
        kafkit@*) args=(--rate "$rate" --records $((rate * LATENCY_SECONDS))) ;;
        kafkit0@*) args=(--rate "$rate" --records $((rate * LATENCY_SECONDS)) -X linger.ms=0) ;;
        kafkit1) args=(--rate 0 --in-flight 1 --records "$E2E_RECORDS" -X linger.ms=0) ;;
      esac
      timed "latency_$tool" /dev/null "$WORK/e2e.json" "$KAFKIT" perf e2e -b "$B" e2e-kafkit --format json "${args[@]}"
      [ "$run" -gt 0 ] || return 0
      # The percentiles of the e2e_latency block (from each record's due
      # time) and of e2e_from_send_latency (from its send), and the rate.
      local block
      for block in e2e_latency e2e_from_send_latency; do
        read -r p50 p99 p999 ach < <(awk -F'[:,]' -v block="\"$block\"" '
          /"records_per_s"/ {ach = $2 + 0}
          /^  "[a-z0-9_]+": [{]/ {in_block = index($0, block) > 0}
          in_block && /"p50_ms"/ {p50 = $2 + 0}
          in_block && /"p99_ms"/ {p99 = $2 + 0}
          in_block && /"p99_9_ms"/ {p999 = $2 + 0}
          END {printf "%s %s %s %.0f\n", p50, p99, p999, ach}' "$WORK/e2e.json")
        [ -n "$p50" ] || die "$tool printed no $block percentiles"
        local key=$tool
        [ "$block" = e2e_latency ] || key="$tool/send"
        P50[$key]+="$p50 "; P99[$key]+="$p99 "; P999[$key]+="$p999 "; ACHIEVED[$key]+="$ach "
      done
      return 0 ;;
    endtoend)
      jtool -Xmx256M "$CLASS_e2e_latency"
      timed latency_endtoend /dev/null "$WORK/e2e.out" "${JTOOL[@]}" "$B" e2e-java "$E2E_RECORDS" all "$SIZE"
      [ "$run" -gt 0 ] || return 0
      # "Avg latency: A ms" then "Percentiles: 50th = X, 99th = Y, 99.9th = Z"
      # (whole milliseconds); the rate it reached is records over its
      # average latency, one record being in flight at a time.
      read -r p50 p99 p999 ach < <(awk '
        /^Avg latency:/ {avg = $3}
        /^Percentiles:/ {gsub(",", ""); p50 = $4; p99 = $7; p999 = $10}
        END {printf "%s %s %s %.0f\n", p50, p99, p999, (avg > 0) ? 1000 / avg : 0}' "$WORK/e2e.out") ;;
  esac
  [ -n "$p50" ] || die "$tool printed no latency percentiles"
  P50[$tool]+="$p50 "; P99[$tool]+="$p99 "; P999[$tool]+="$p999 "; ACHIEVED[$tool]+="$ach "
}

# rotate N WORDS... prints the words rotated left by N.
rotate() {
  local n=$1; shift
  local words=("$@") i
  for ((i = 0; i < ${#words[@]}; i++)); do echo "${words[(i + n) % ${#words[@]}]}"; done
}

# --- the runs ---------------------------------------------------------------
note "Kafka $KAFKA_VERSION at $B; $RECORDS records of $SIZE bytes; $WARMUP warm-up and $RUNS timed rounds of: $ONLY"
if wants consume; then
  create "$CONSUME_TOPIC"
  "$KCAT" -P -b "$B" -t "$CONSUME_TOPIC" -l "$INPUT"
  [ "$(ends "$CONSUME_TOPIC")" = "$RECORDS" ] || die "the consume topic does not hold $RECORDS records"
fi
if wants latency; then create e2e-kafkit; create e2e-java; fi
# Run 0 is the warm-up (untimed): the broker's JIT compiles its hot paths and
# its heap grows during the first runs, and whichever tool ran then would
# pay for it.
for ((round = 1 - WARMUP; round <= RUNS; round++)); do
  run=$(( round < 1 ? 0 : round ))
  label=$([ "$run" -eq 0 ] && echo "warm-up" || echo "round $run/$RUNS")
  if wants produce; then
    # shellcheck disable=SC2086
    for tool in $(rotate $((round + WARMUP)) $PRODUCERS); do produce "$tool"; done
    note "$label: produce done"
  fi
  if wants consume; then
    # shellcheck disable=SC2086
    for tool in $(rotate $((round + WARMUP)) $CONSUMERS); do consume "$tool"; done
    note "$label: consume done"
  fi
  if wants latency; then
    # shellcheck disable=SC2086
    for tool in $(rotate $((round + WARMUP)) $LATENCY_TOOLS); do latency "$tool"; done
    note "$label: latency done"
  fi
done
LOAD_END=$(cat /proc/loadavg)

# --- report -----------------------------------------------------------------
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
secs() { awk -v us="$1" 'BEGIN {printf "%.2f", us/1e6}'; }
rate() { awk -v us="$1" -v n="$RECORDS" 'BEGIN {printf "%.0f", n/(us/1e6)}'; }
ratio() { awk -v k="$1" -v c="$2" 'BEGIN {printf "%.2f", c/k}'; }
# paired prints the median of the rounds' own ratios (the other tool's time
# over kafkit's in the same round).
paired() {
  awk -v k="$1" -v c="$2" 'BEGIN {
    n = split(k, ks, " "); split(c, cs, " ")
    for (i = 1; i <= n; i++) r[i] = cs[i] / ks[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
    printf "%.2f", (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
  }'
}
mib() { awk -v kb="$1" 'BEGIN {printf "%.0f", kb/1024}'; }

declare -A LABEL=(
  [kafkit]="kafkit"
  [kcat]="kcat"
  [java]="Kafka console tool"
  [python]="Python confluent-kafka"
  [perftest]="ProducerPerformance, defaults"
  [perftest_batched]="ProducerPerformance, batch 1 MB"
)
table() {
  local op=$1; shift
  printf '%-34s %8s %10s %10s %10s %8s %7s\n' "$op" "median_s" "rec/s" "vs_kafkit" "per_round" "RSS_MiB" "CPU_s"
  local k=${TIMES[${op}_kafkit]} tool
  for tool in "$@"; do
    local ts=${TIMES[${op}_$tool]} m
    m=$(echo "$ts" | median)
    printf '%-34s %8s %10s %9sx %9sx %8s %7s\n' "${LABEL[$tool]}" "$(secs "$m")" "$(rate "$m")" \
      "$(ratio "$(echo "$k" | median)" "$m")" "$(paired "$k" "$ts")" \
      "$(mib "$(echo "${RSS[${op}_$tool]}" | median)")" "$(echo "${CPU[${op}_$tool]}" | median)"
  done
}

OUT="bench/results/kafka-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "kafkit beside other clients on Apache Kafka $KAFKA_VERSION (one broker, ZooKeeper mode, 1 GiB heap, loopback): $RECORDS records x $SIZE B (random text), one partition, acks=all; medians of $RUNS rounds (tools alternating) after $WARMUP warm-up round(s)"
  echo "machine: $(nproc) CPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "load average: $(echo "$LOAD_START" | cut -d' ' -f1-3) at the start, $(echo "$LOAD_END" | cut -d' ' -f1-3) at the end; 1-min load when a timed process started: median $(echo "$LOADS" | median), max $(echo "$LOADS" | tr ' ' '\n' | grep . | sort -g | tail -1)"
  echo "kafkit: $("$KAFKIT" --version 2>&1); kcat: $("$KCAT" -V 2>&1 | sed -n 's/^Version \([^ ]*\) .*\(librdkafka [^ ]*\).*/\1 (\2)/p'); Python confluent-kafka: $("$PYTHON" -c 'import confluent_kafka as c; v = c.version(); print(v[0] if isinstance(v, tuple) else v, "(librdkafka", c.libversion()[0] + ")")'); $("$KAFKA_JAVA" -version 2>&1 | head -1)"
  echo "vs_kafkit: the tool's median time over kafkit's (above 1: kafkit is faster); per_round: the median of each round's own ratio"
  if wants produce; then
    echo
    table produce kafkit kcat java python perftest perftest_batched
    for pt in perftest perftest_batched; do
      own=$(echo "${EXTRA[produce_$pt]}" | median)
      k=$(echo "${TIMES[produce_kafkit]}" | median)
      echo "${LABEL[$pt]}: its own figure $(printf '%.0f' "$own") rec/s (without its JVM's start); kafkit's wall-clock rate is $(awk -v k="$(rate "$k")" -v p="$own" 'BEGIN {printf "%.0f%%", 100 * k / p}') of it"
    done
  fi
  if wants consume; then
    echo
    table consume kafkit kcat java python
  fi
  if wants latency; then
    echo
    echo "produce-to-consume latency, ms (medians of $RUNS runs; RSS and CPU per process)"
    printf '%-70s %8s %8s %8s %10s %8s %7s\n' "" p50 p99 p99.9 "rec/s" RSS_MiB CPU_s
    for tool in $LATENCY_TOOLS; do
      case $tool in
        kafkit@*) l="kafkit perf e2e --rate ${tool#*@} (linger.ms=10, default)" ;;
        kafkit0@*) l="kafkit perf e2e --rate ${tool#*@} -X linger.ms=0" ;;
        kafkit1) l="kafkit perf e2e --in-flight 1 --rate 0 -X linger.ms=0, $E2E_RECORDS" ;;
        endtoend) l="EndToEndLatency, $E2E_RECORDS x 1 in flight (whole ms)" ;;
      esac
      for key in "$tool" "$tool/send"; do
        [ -n "${P50[$key]:-}" ] || continue
        [ "$key" = "$tool" ] || l="  the same, from send"
        [ "$tool" = endtoend ] || [ "$key" != "$tool" ] || l+=", from due"
        printf '%-70s %8s %8s %8s %10s %8s %7s\n' "$l" "$(echo "${P50[$key]}" | median)" "$(echo "${P99[$key]}" | median)" \
          "$(echo "${P999[$key]}" | median)" "$(echo "${ACHIEVED[$key]}" | median)" \
          "$(mib "$(echo "${RSS[latency_$tool]}" | median)")" "$(echo "${CPU[latency_$tool]}" | median)"
      done
    done
  fi
  echo
  echo "all runs (s):"
  for name in $(printf '%s\n' "${!TIMES[@]}" | sort); do
    printf '  %-28s' "$name"
    for us in ${TIMES[$name]}; do printf ' %s' "$(secs "$us")"; done
    echo
  done
  echo "checks: every produce run's topic held $RECORDS records; kafkit's round trip of the input is byte for byte"
} | tee "$OUT"
