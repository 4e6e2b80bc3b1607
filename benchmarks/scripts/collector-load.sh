#!/usr/bin/env bash
# Collector throughput: a load driver with N simulated agents POSTing container batches to a real
# collector on loopback, then, in the same run, the in-process ceiling of the same CSV writer.
#   benchmarks/scripts/collector-load.sh [--agents 8] [--rows 500] [--duration 30] [--warmup 30] [--fsync batch|interval|none]
#                           [--max-concurrent N]   (collector's max-concurrent-batches; small values show 503s)
#                           [--collector-jvm "..."] (the collector's JVM options; default -XX:+UseSerialGC -XX:NewRatio=1 -Xmx256m, as its image but with a fixed heap)
#                           [--repeat N]           (N end-to-end + ceiling pairs, alternating; medians reported:
#                                                   on this 2-core VM either figure moves by ±20 % run to run)
#                           [--collectors N]       (a collector group of N on loopback, each with its own data
#                                                   directory; the driver's agents follow the registration to
#                                                   their node's owner, as real agents do. Default 1)
#                           [--no-ceiling]         (end to end only)
set -euo pipefail
cd "$(dirname "$0")/../.."
AGENTS=8; ROWS=500; DURATION=30; WARMUP=30; FSYNC=batch; CONCURRENT=8; REPEAT=1; COLLECTORS=1; CEILING=yes
COLLECTOR_JVM="-XX:+UseSerialGC -XX:NewRatio=1 -Xmx256m"
while [ $# -gt 0 ]; do
  case "$1" in
    --agents) AGENTS=$2; shift 2;; --rows) ROWS=$2; shift 2;;
    --duration) DURATION=$2; shift 2;; --warmup) WARMUP=$2; shift 2;; --fsync) FSYNC=$2; shift 2;; --max-concurrent) CONCURRENT=$2; shift 2;;
    --collector-jvm) COLLECTOR_JVM=$2; shift 2;; --repeat) REPEAT=$2; shift 2;; --collectors) COLLECTORS=$2; shift 2;; --no-ceiling) CEILING=no; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ -f benchmarks/target/benchmarks.jar ] || ./mvnw -q -B -DskipTests package
WORK=$(mktemp -d /tmp/kubemon-load.XXXX)
COLLECTOR=
trap '[ -n "$COLLECTOR" ] && kill $COLLECTOR 2>/dev/null; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rate() { grep -o 'rows/s=[0-9]*' "$1" | cut -d= -f2; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

for run in $(seq 1 "$REPEAT"); do
  [ "$REPEAT" -gt 1 ] && echo "--- run $run of $REPEAT"
  PORTS=(); for i in $(seq 1 "$COLLECTORS"); do PORTS+=("$(free_port)"); done
  PEERS=$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}"); PEERS=${PEERS%,}
  COLLECTOR=
  for i in "${!PORTS[@]}"; do
    GROUP_ARGS=()
    [ "$COLLECTORS" -gt 1 ] && GROUP_ARGS=(--kubemon.collector.peers="$PEERS" --kubemon.collector.self="http://127.0.0.1:${PORTS[$i]}")
    # shellcheck disable=SC2086
    java $COLLECTOR_JVM -jar collector-service/target/collector-service.jar --server.port="${PORTS[$i]}" \
      --kubemon.collector.data-dir="$WORK/data-$run-$i" --kubemon.collector.fsync="$FSYNC" \
      --kubemon.collector.max-concurrent-batches="$CONCURRENT" "${GROUP_ARGS[@]}" >"$WORK/collector-$i.log" 2>&1 &
    COLLECTOR="$COLLECTOR $!"
  done
  for p in "${PORTS[@]}"; do
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$p/actuator/health/readiness" >/dev/null && break; sleep 1; done
  done
  java -cp benchmarks/target/benchmarks.jar io.kubemon.bench.CollectorLoad --url "http://127.0.0.1:${PORTS[0]}" \
    --agents "$AGENTS" --rows "$ROWS" --duration "$DURATION" --warmup "$WARMUP" | tee "$WORK/e2e.txt"
  for c in $COLLECTOR; do echo "collector $c peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$c/status)"; done
  # shellcheck disable=SC2086
  kill $COLLECTOR; for c in $COLLECTOR; do wait "$c" 2>/dev/null || true; done; COLLECTOR=
  rm -rf "$WORK"/data-"$run"-*
  e=$(rate "$WORK/e2e.txt"); echo "$e" >>"$WORK/e2e.all"
  [ "$CEILING" = yes ] || continue
  # The ceiling: same JVM options, same fsync policy, same length as the end-to-end run.
  # shellcheck disable=SC2086
  java $COLLECTOR_JVM -cp benchmarks/target/benchmarks.jar io.kubemon.bench.WriterCeiling --agents "$AGENTS" \
    --rows "$ROWS" --duration "$DURATION" --warmup "$WARMUP" --fsync "$FSYNC" | tee "$WORK/ceiling.txt"
  c=$(rate "$WORK/ceiling.txt"); echo "$c" >>"$WORK/ceiling.all"
  echo "end-to-end / ceiling = $(awk -v e="$e" -v c="$c" 'BEGIN {printf "%.2f", e / c}')"
done
if [ "$REPEAT" -gt 1 ] && [ "$CEILING" = no ]; then
  echo "median of $REPEAT: end to end $(median <"$WORK/e2e.all") rows/s ($COLLECTORS collector(s))"
elif [ "$REPEAT" -gt 1 ]; then
  e=$(median <"$WORK/e2e.all"); c=$(median <"$WORK/ceiling.all")
  echo "median of $REPEAT: end to end $e rows/s, ceiling $c rows/s, ratio of medians $(awk -v e="$e" -v c="$c" 'BEGIN {printf "%.2f", e / c}')"
fi
