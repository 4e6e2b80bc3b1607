#!/usr/bin/env bash
# The agent's memory over its framework's floor: the agent (benchmarks/scripts/agent-overhead.sh, the
# image as the DaemonSet runs it, or --jar as a process on the host) and, beside it in the same run,
# the floor: benchmarks/agent-floor, Spring Boot WebFlux + its WebClient + Actuator + the Prometheus
# endpoint doing nothing, started the same way (the same image and Java, the agent's jvm.options,
# the chart's memory limit). Both with Native Memory Tracking; prints both peak RSS figures, NMT's
# committed memory by category for each and the agent's excess per category, and last:
#   agent A MiB, floor F MiB, over O MiB
#   benchmarks/scripts/agent-floor.sh [--containers 10] [--processes 4] [--warmup 60] [--duration 30] [--jar]
# Needs what agent-overhead.sh needs (root, Docker) and the jars built (./mvnw -q -DskipTests install).
set -euo pipefail
cd "$(dirname "$0")/../.."
CONTAINERS=10 PROCESSES=4 WARMUP=60 DURATION=30 FORM=deployed
while [ $# -gt 0 ]; do
  case "$1" in
    --containers) CONTAINERS=$2; shift 2;;
    --processes) PROCESSES=$2; shift 2;;
    --warmup) WARMUP=$2; shift 2;;
    --duration) DURATION=$2; shift 2;;
    --jar) FORM=jar; shift;;
    -h|--help) sed -n '2,10p' "$0"; exit 0;;
    *) echo "agent-floor: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
FLOOR_JAR=$PWD/benchmarks/agent-floor/target/agent-floor.jar
[ -f "$FLOOR_JAR" ] || ./mvnw -q -B -DskipTests -Dspotless.check.skip=true install -pl benchmarks/agent-floor -am
WORK=$(mktemp -d /tmp/kubemon-floor.XXXX)
FLOOR_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  docker rm -f kubemon-agent-floor >/dev/null 2>&1 || true
  [ -n "${FLOOR:-}" ] && kill "$FLOOR" 2>/dev/null || true
}
trap cleanup EXIT
NMT_OPTION=-XX:NativeMemoryTracking=summary

if [ "$FORM" = deployed ]; then
  bash scripts/build-images.sh >/dev/null
  VERSION=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' helm/kubemon/Chart.yaml)
  LIMIT=$(python3 -c "
import re; s = open('helm/kubemon/values.yaml').read(); a = s[s.index('\nagent:'):]
print(re.search(r'limits: \{[^}]*memory: (\w+)', a).group(1).replace('Mi', 'm').replace('Gi', 'g'))")
  # The agent image's own java and options, its ENTRYPOINT's line with the floor's jar in the agent's
  # place; the host's PID namespace and /tmp, as agent-overhead.sh --nmt runs the agent, for jcmd.
  docker run -d --name kubemon-agent-floor --pid host --network host --read-only -v /tmp:/tmp --memory "$LIMIT" \
    -v "$FLOOR_JAR:/app/agent-floor.jar:ro" --entrypoint sh "kubemon/monitor-agent:$VERSION" -c \
    "exec java -Djna.nounpack=true -Dio.netty.transport.noNative=true \$(cat /app/jvm.options) \$(/app/heap-from-limit.sh) $NMT_OPTION -jar /app/agent-floor.jar --server.port=$FLOOR_PORT" \
    >/dev/null
  FLOOR=$(docker inspect -f '{{.State.Pid}}' kubemon-agent-floor)
  AGENT_FORM=--deployed
else
  # shellcheck disable=SC2046
  java $(cat monitor-agent/jvm.options) $NMT_OPTION -jar "$FLOOR_JAR" --server.port="$FLOOR_PORT" >"$WORK/floor.log" 2>&1 &
  FLOOR=$!
  AGENT_FORM=""
fi
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$FLOOR_PORT/actuator/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$FLOOR_PORT/actuator/health" >/dev/null || { echo "agent-floor: the floor did not start" >&2; exit 1; }
curl -sf "http://127.0.0.1:$FLOOR_PORT/actuator/prometheus" >/dev/null

# The agent, measured as agent-overhead.sh measures it, while the floor idles beside it.
bash benchmarks/scripts/agent-overhead.sh $AGENT_FORM --no-collectd --nmt --containers "$CONTAINERS" \
  --processes "$PROCESSES" --warmup "$WARMUP" --duration "$DURATION" | tee "$WORK/agent.txt"
AGENT_MIB=$(sed -n 's/.*peak RSS \([0-9.]*\) MiB.*/\1/p' "$WORK/agent.txt" | tail -1)
FLOOR_MIB=$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$FLOOR/status")
FLOOR_NOW=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$FLOOR/status")
jcmd "$FLOOR" VM.native_memory summary >"$WORK/floor-nmt.txt"
grep '^NMT committed' "$WORK/agent.txt" >"$WORK/agent-nmt.line" || true
python3 - "$WORK/floor-nmt.txt" "$WORK/agent-nmt.line" <<'PY'
import re, sys
floor = {}
for line in open(sys.argv[1]):
    m = re.match(r'-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB', line)
    if m:
        floor[m.group(1).strip()] = int(m.group(2))
print("floor NMT committed %d KiB: %s" % (sum(floor.values()), ", ".join(
    "%s %d" % (k, v) for k, v in sorted(floor.items(), key=lambda kv: -kv[1]) if v >= 256)))
agent = {}
text = open(sys.argv[2]).read()
for name, kib in re.findall(r'([A-Za-z][A-Za-z ]*?) (\d+)(?:,|$)', text.split(':', 1)[1] if ':' in text else ''):
    agent[name.strip()] = int(kib)
if agent:
    over = {k: agent.get(k, 0) - floor.get(k, 0) for k in set(agent) | set(floor)}
    print("agent over floor by NMT category (KiB, the agent's categories of at least 256 KiB): " + ", ".join(
        "%s %+d" % (k, v) for k, v in sorted(over.items(), key=lambda kv: -kv[1]) if k in agent))
PY
echo "floor: peak RSS $FLOOR_MIB MiB, RSS now $FLOOR_NOW MiB ($FORM form, the agent's jvm.options)"
echo "agent $AGENT_MIB MiB, floor $FLOOR_MIB MiB, over $(python3 -c "print(round($AGENT_MIB - $FLOOR_MIB, 1))") MiB"
