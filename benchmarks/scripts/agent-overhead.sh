#!/usr/bin/env bash
# Measures the agent's overhead beside collectd's, on the same host and the same containers:
# CPU time (utime+stime of the process) per 1-s sample and peak RSS (VmHWM).
#   benchmarks/scripts/agent-overhead.sh [--containers 10] [--processes 4] [--warmup 30] [--duration 60]
#                           [--interval-ms 1000] [--no-collectd] [--jvm-options "..."]  (default: monitor-agent/jvm.options)
#                           [--nmt]  (Native Memory Tracking: the agent's committed memory by category at the end)
#                           [--agent-args "..."]  (more agent options: --kubemon.agent.sources.perf=true)
#                           [--keep-containers]  (leave the containers running at the end, and reuse running ones:
#                                                 several measurements on the same 110 without 2 minutes of starting)
#                           [--deployed]  (the agent image run as the DaemonSet runs it: host PID, host /proc and /sys
#                                          read-only, private cgroup namespace, every capability dropped but the chart's,
#                                          read-only root, the chart's memory limit; its pod watch against fabric8's mock
#                                          API server (MockApiServer) that holds one pod per container)
#                           [--memory-limit 256m]  (with --deployed: the container's limit; default the chart's)
#                           [--collectd-duration S]  (collectd's measured window; default --duration)
#                           [--rss-every S]   (the agent's RSS every S seconds from the run's start, printed at the end
#                                              with its growth after the warm-up: is memory flat over a long run?)
# --processes N: the container's shell, a loop that forks a short-lived sleep every second, and
# N-2 long sleeps (N >= 3; the default 4 is what earlier figures used).
# It also prints the agent's CPU per thread over the measured window, to show where the time goes.
# Needs root on Debian (installs docker.io, busybox-static and collectd-core when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
CONTAINERS=10; PROCESSES=4; WARMUP=30; DURATION=60; INTERVAL=1000; WITH_COLLECTD=yes; JVM_OPTIONS=$(cat monitor-agent/jvm.options); RSS_EVERY=0; KEEP=no; AGENT_ARGS=""; NMT=no
DEPLOYED=no; MEMORY_LIMIT=""; COLLECTD_DURATION=""
while [ $# -gt 0 ]; do
  case "$1" in
    --containers) CONTAINERS=$2; shift 2;; --processes) PROCESSES=$2; shift 2;; --warmup) WARMUP=$2; shift 2;;
    --duration) DURATION=$2; shift 2;; --interval-ms) INTERVAL=$2; shift 2;;
    --no-collectd) WITH_COLLECTD=no; shift;; --jvm-options) JVM_OPTIONS=$2; shift 2;; --rss-every) RSS_EVERY=$2; shift 2;; --keep-containers) KEEP=yes; shift;; --agent-args) AGENT_ARGS=$2; shift 2;; --nmt) NMT=yes; shift;;
    --deployed) DEPLOYED=yes; shift;; --memory-limit) MEMORY_LIMIT=$2; shift 2;; --collectd-duration) COLLECTD_DURATION=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
HZ=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/kubemon-overhead.XXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  docker rm -f kubemon-deployed-agent >/dev/null 2>&1 || true
  [ "$KEEP" = yes ] || docker ps -aq --filter name=kubemon-overhead- | xargs -r docker rm -f >/dev/null 2>&1 || true
}
trap cleanup EXIT

bash scripts/docker-for-tests.sh >/dev/null
command -v collectd >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -q collectd-core >/dev/null; }
[ -f monitor-agent/target/monitor-agent.jar ] && [ -f collector-service/target/collector-service.jar ] \
  || ./mvnw -q -B -DskipTests package

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# "user kernel" ticks of the whole process, exited threads included (the per-thread sums miss those).
user_kernel() { awk '{print $14, $15}' "/proc/$1/stat"; }
# "tid name ticks" for every thread of a process (the name may contain spaces: cut at the last ')').
thread_ticks() {
  for t in /proc/"$1"/task/*/stat; do
    awk -v tid="${t//[^0-9]/}" '{ s=$0; o=index(s,"("); c=0; for (i=length(s); i>0; i--) if (substr(s,i,1)==")") { c=i; break }
      name=substr(s,o+1,c-o-1); gsub(/ /,"_",name); split(substr(s,c+2),f," "); print name, f[12], f[13] }' "$t" 2>/dev/null \
      || true # the thread exited between the listing and the read (JIT compiler threads come and go)
  done | sort
}
hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 120); do curl -sf "$1" >/dev/null && return 0; sleep 1; done; echo "no answer from $1" >&2; exit 1; }

[ "$PROCESSES" -ge 3 ] || { echo "--processes must be at least 3" >&2; exit 2; }
SLEEPS=""; for _ in $(seq 3 "$PROCESSES"); do SLEEPS="${SLEEPS}sleep 1000000 & "; done
echo "starting $CONTAINERS containers with $PROCESSES processes each"
for i in $(seq 1 "$CONTAINERS"); do
  [ "$KEEP" = yes ] && [ "$(docker inspect -f '{{.State.Running}}' "kubemon-overhead-$i" 2>/dev/null)" = true ] && continue
  docker rm -f "kubemon-overhead-$i" >/dev/null 2>&1 || true
  docker run -d --name "kubemon-overhead-$i" kubemon-test-busybox:latest \
    sh -c "${SLEEPS}(while :; do sleep 1; done) & wait" >/dev/null
done

# --- kubemon ---
CPORT=$(free_port); APORT=$(free_port)
java -XX:+UseSerialGC -Xmx128m -jar collector-service/target/collector-service.jar --server.port="$CPORT" \
  --kubemon.collector.data-dir="$WORK/data" >"$WORK/collector.log" 2>&1 &
PIDS+=($!)
if [ "$DEPLOYED" = no ]; then
  [ "$NMT" = yes ] && JVM_OPTIONS="$JVM_OPTIONS -XX:NativeMemoryTracking=summary"
  # shellcheck disable=SC2046
  java $JVM_OPTIONS -jar monitor-agent/target/monitor-agent.jar --server.port="$APORT" \
    --kubemon.agent.collector-url="http://127.0.0.1:$CPORT" --kubemon.agent.spool-dir="$WORK/spool" $AGENT_ARGS \
    >"$WORK/agent.log" 2>&1 &
  AGENT=$!; PIDS+=("$AGENT")
else
  bash scripts/build-images.sh >/dev/null
  [ -f benchmarks/target/benchmarks.jar ] || ./mvnw -q -B -DskipTests install -pl benchmarks -am
  VERSION=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' helm/kubemon/Chart.yaml)
  # The chart's memory limit for the agent, unless given.
  [ -n "$MEMORY_LIMIT" ] || MEMORY_LIMIT=$(python3 -c "
import re; s = open('helm/kubemon/values.yaml').read(); a = s[s.index('\nagent:'):]
print(re.search(r'limits: \{[^}]*memory: (\w+)', a).group(1).replace('Mi', 'm').replace('Gi', 'g'))")
  for i in $(seq 1 "$CONTAINERS"); do echo "overhead-$i $(docker inspect -f '{{.Id}}' "kubemon-overhead-$i")"; done >"$WORK/pods.txt"
  KPORT=$(free_port)
  java -Xmx256m -cp benchmarks/target/benchmarks.jar io.kubemon.bench.MockApiServer --port "$KPORT" --node bench-node \
    --containers "$WORK/pods.txt" >"$WORK/mock-api.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do grep -q '^mock API server' "$WORK/mock-api.log" && break; sleep 1; done
  grep '^mock API server' "$WORK/mock-api.log" || { echo "the mock API server did not start: $WORK/mock-api.log" >&2; exit 1; }
  CAPS=$(python3 -c "
import re; s = open('helm/kubemon/values.yaml').read()
print(' '.join('--cap-add ' + c.strip() for c in re.search(r'\n  capabilities: \[([^]]*)\]', s).group(1).split(',')))")
  TOOL_OPTIONS=""; [ "$NMT" = yes ] && TOOL_OPTIONS="-XX:NativeMemoryTracking=summary"
  [ "$JVM_OPTIONS" = "$(cat monitor-agent/jvm.options)" ] || TOOL_OPTIONS="$TOOL_OPTIONS $JVM_OPTIONS"
  mkdir -p "$WORK/spool"
  # jcmd on the host looks for the agent's attach socket in the host's /tmp when the agent shares the host's
  # PID namespace (as the DaemonSet's does), so with --nmt the container's /tmp is the host's, not a tmpfs.
  TMP_MOUNT="--tmpfs /tmp"; [ "$NMT" = yes ] && TMP_MOUNT="-v /tmp:/tmp"
  # shellcheck disable=SC2086
  docker run -d --name kubemon-deployed-agent --pid host --network host --cgroupns private --cap-drop ALL $CAPS \
    --read-only $TMP_MOUNT --memory "$MEMORY_LIMIT" -v /proc:/host/proc:ro -v /sys:/host/sys:ro \
    -v "$WORK/spool:/var/lib/kubemon/spool" -v /var/run/docker.sock:/host/docker.sock:ro \
    -e KUBEMON_AGENT_DOCKER_HOST=unix:///host/docker.sock -e KUBEMON_AGENT_COLLECTOR_URL="http://127.0.0.1:$CPORT" \
    -e KUBEMON_AGENT_NODE_NAME=bench-node -e SERVER_PORT="$APORT" -e KUBEMON_AGENT_KUBERNETES_ENABLED=true \
    -e KUBEMON_AGENT_KUBERNETES_API_URL="http://127.0.0.1:$KPORT" -e KUBEMON_JAVA_OPTIONS="$TOOL_OPTIONS" \
    "kubemon/monitor-agent:$VERSION" $AGENT_ARGS >/dev/null
  AGENT=$(docker inspect -f '{{.State.Pid}}' kubemon-deployed-agent)
  JVM_OPTIONS="image's monitor-agent/jvm.options + ${TOOL_OPTIONS:-nothing}, container memory limit $MEMORY_LIMIT"
fi
wait_http "http://127.0.0.1:$CPORT/actuator/health/readiness"
wait_http "http://127.0.0.1:$APORT/actuator/health"
if [ "$DEPLOYED" = yes ] && [[ "$AGENT_ARGS" != *kubernetes.enabled=false* ]]; then
  # grep -c, not -q: -q stops reading early, docker logs then dies of SIGPIPE and pipefail fails the test.
  for _ in $(seq 1 60); do docker logs kubemon-deployed-agent 2>&1 | grep -c 'watching the pods of node' >/dev/null && break; sleep 1; done
  docker logs kubemon-deployed-agent 2>&1 | grep -c 'watching the pods of node' >/dev/null \
    || { echo "the agent's pod watch is not watching the mock API server" >&2; docker logs kubemon-deployed-agent | tail -20 >&2; exit 1; }
fi
for _ in $(seq 1 60); do curl -s -H 'Accept: text/plain' "http://127.0.0.1:$CPORT/instances" | grep -q 'instances: 1' && break; sleep 1; done
curl -sf -XPOST "http://127.0.0.1:$CPORT/start" -H 'Content-Type: application/json' \
  -d "{\"outputDir\":\"overhead\",\"intervalMs\":$INTERVAL}" >/dev/null
health() { curl -s "http://127.0.0.1:$APORT/actuator/health" | python3 -c "import sys,json; d=json.load(sys.stdin)['components']['kubemon']['details']; print(d['$1'])"; }
echo "kubemon: warm-up ${WARMUP}s, then ${DURATION}s measured"
if [ "$RSS_EVERY" -gt 0 ]; then
  ( s=0; while kill -0 "$AGENT" 2>/dev/null; do echo "$s $(awk '/VmRSS/ {print $2}' /proc/$AGENT/status 2>/dev/null)"; sleep "$RSS_EVERY"; s=$((s + RSS_EVERY)); done ) >"$WORK/rss.log" &
  PIDS+=($!)
fi
sleep "$WARMUP"
c0=$(cpu_ticks "$AGENT"); uk0=$(user_kernel "$AGENT"); t0=$(health ticks); m0=$(health missedTicks); thread_ticks "$AGENT" >"$WORK/threads0"
sleep "$DURATION"
c1=$(cpu_ticks "$AGENT"); uk1=$(user_kernel "$AGENT"); t1=$(health ticks); m1=$(health missedTicks); thread_ticks "$AGENT" >"$WORK/threads1"
FDS=$(ls "/proc/$AGENT/fd" 2>/dev/null | wc -l)
# Per thread name (pooled threads summed), ms of CPU per tick over the window; exited threads are not seen.
THREADS=$(python3 - "$WORK/threads0" "$WORK/threads1" "$HZ" "$((t1 - t0))" "$uk0" "$uk1" <<'PY'
import sys, collections
def load(p):
    d = collections.Counter()
    for line in open(p):
        name, user, system = line.rsplit(" ", 2)
        d[name.rstrip("-0123456789")] += int(user) + int(system)
    return d
a, b, hz, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = sorted(((b[k] - a.get(k, 0)) * 1000 / hz / max(n, 1), k) for k in b if not k.startswith("("))
uk0, uk1 = (list(map(int, v.split())) for v in sys.argv[5:7])
print("of which user %.1f, kernel %.1f; " % tuple((uk1[i] - uk0[i]) * 1000 / hz / max(n, 1) for i in (0, 1)), end="")
print(", ".join(f"{k} {v:.1f}" for v, k in reversed(rows) if v > 0))
PY
)
AGENT_HWM=$(hwm_kib "$AGENT"); P99=$(health tickLateP99Ms); P50=$(health tickLateP50Ms)
ROWS=$(curl -s "http://127.0.0.1:$CPORT/status" | python3 -c 'import sys,json; print(json.load(sys.stdin)["rows"])')
curl -sf -XPOST "http://127.0.0.1:$CPORT/stop" >/dev/null
AGENT_MS=$(python3 -c "print(round(($c1-$c0)*1000/$HZ/($t1-$t0), 2))")
if [ "$NMT" = yes ]; then
  # committed KiB per category, largest first (NMT's own tracking costs are in "Native Memory Tracking")
  jcmd "$AGENT" VM.native_memory summary | python3 -c '
import re, sys
rows = re.findall(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", sys.stdin.read(), re.M)
total = sum(int(c) for _, c in rows)
print("NMT committed %d KiB: " % total + ", ".join("%s %d" % (n.strip(), int(c)) for n, c in sorted(rows, key=lambda r: -int(r[1])) if int(c) >= 256))
'
fi
if [ "$DEPLOYED" = yes ]; then docker logs kubemon-deployed-agent >"$WORK/agent.log" 2>&1; docker rm -f kubemon-deployed-agent >/dev/null; else kill "$AGENT"; fi
if [ "$RSS_EVERY" -gt 0 ]; then
  cp "$WORK/rss.log" /tmp/kubemon-agent-rss.log
  python3 - "$WORK/rss.log" "$WARMUP" <<'PY'
import sys
pts = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 2]
warm = int(sys.argv[2])
after = [r for s, r in pts if s >= warm]
if after:
    print("RSS (MiB): at %d s %.1f, end %.1f, min %.1f, max %.1f after the warm-up; growth after the warm-up %.1f MiB (end - first), "
          "max - first %.1f; every %s s in /tmp/kubemon-agent-rss.log" % (warm, after[0] / 1024, after[-1] / 1024, min(after) / 1024,
          max(after) / 1024, (after[-1] - after[0]) / 1024, (max(after) - after[0]) / 1024, pts[1][0] - pts[0][0] if len(pts) > 1 else 0))
PY
fi

if [ "$WITH_COLLECTD" = no ]; then
  echo "kubemon: $AGENT_MS ms CPU per sample, peak RSS $(python3 -c "print(round($AGENT_HWM/1024, 1))") MiB, $((t1 - t0)) ticks, $((m1 - m0)) missed, lateness p50 ${P50} / p99 ${P99} ms"
  echo "per thread, ms per sample: $THREADS"
  echo "agent open descriptors: $FDS"
  exit 0
fi
# --- collectd, same coverage ---
mkdir -p "$WORK/collectd-csv"
cat >"$WORK/collectd.conf" <<CONF
Interval $(python3 -c "print($INTERVAL/1000)")
BaseDir "$WORK"
PIDFile "$WORK/collectd.pid"
PluginDir "/usr/lib/collectd"
TypesDB "/usr/share/collectd/types.db"
LoadPlugin cpu
LoadPlugin memory
LoadPlugin swap
LoadPlugin vmem
LoadPlugin load
LoadPlugin disk
LoadPlugin interface
LoadPlugin processes
LoadPlugin cgroups
LoadPlugin csv
<Plugin processes>
  CollectContextSwitch true
  CollectFileDescriptor true
  ProcessMatch "sleep" "sleep"
  ProcessMatch "sh" "^sh"
</Plugin>
<Plugin csv>
  DataDir "$WORK/collectd-csv"
  StoreRates true
</Plugin>
CONF
collectd -f -C "$WORK/collectd.conf" >"$WORK/collectd.log" 2>&1 &
COLLECTD=$!; PIDS+=("$COLLECTD")
echo "collectd: warm-up ${WARMUP}s, then ${COLLECTD_DURATION:-$DURATION}s measured"
sleep "$WARMUP"
d0=$(cpu_ticks "$COLLECTD"); sleep "${COLLECTD_DURATION:-$DURATION}"; d1=$(cpu_ticks "$COLLECTD")
COLLECTD_HWM=$(hwm_kib "$COLLECTD")
SAMPLES=$(python3 -c "print(${COLLECTD_DURATION:-$DURATION}*1000/$INTERVAL)")
COLLECTD_MS=$(python3 -c "print(round(($d1-$d0)*1000/$HZ/$SAMPLES, 2))")

cat <<OUT

| agent | CPU per sample (ms) | peak RSS (MiB) | notes |
|---|---|---|---|
| kubemon monitor-agent | $AGENT_MS | $(python3 -c "print(round($AGENT_HWM/1024, 1))") | $((t1 - t0)) ticks, $((m1 - m0)) missed, tick lateness p50 ${P50} ms / p99 ${P99} ms, $ROWS rows written |
| collectd $(dpkg-query -W -f='${Version}' collectd-core 2>/dev/null) | $COLLECTD_MS | $(python3 -c "print(round($COLLECTD_HWM/1024, 1))") | cpu memory swap vmem load disk interface processes cgroups csv |

kubemon CPU per thread, ms per sample: $THREADS
agent open descriptors: $FDS
agent options: ${AGENT_ARGS:-none}
ratio kubemon/collectd (CPU per sample): $(python3 -c "print(round($AGENT_MS/$COLLECTD_MS, 2))")
form: $([ "$DEPLOYED" = yes ] && echo "deployed (the image as the DaemonSet runs it, informer on $(grep -c . "$WORK/pods.txt") pods)" || echo "a process on the host, no informer")
host: $(nproc) CPUs, $(uname -r), $CONTAINERS containers x $PROCESSES processes, interval ${INTERVAL} ms, warm-up ${WARMUP}s, measured ${DURATION}s
JVM options: $JVM_OPTIONS
OUT
