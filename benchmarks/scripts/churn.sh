#!/usr/bin/env bash
# Churn for real: e2e-tests' ChurnTest at benchmark scale. About --alive containers kept running on
# the local Docker engine, each living --min-life to --max-life seconds and then exiting 0, killed,
# OOM-killed or failing once under --restart on-failure:1, for --minutes at --interval-ms, with the
# collector and a full agent as jars. Prints, each minute, the agent's RSS and descriptors, the
# collector's descriptors and the agent's CPU per tick (the table BENCHMARKS.md takes), checks every
# container's rows and events, and holds the long run to its bounds (RSS rise after minute 3 at most
# 4 MiB, CPU per tick at most 10 % above minutes 3-8, the collector's descriptors bounded).
#   benchmarks/scripts/churn.sh [--minutes 20] [--alive 30] [--min-life 5] [--max-life 30] [--interval-ms 500]
# Needs the jars built (./mvnw -q -DskipTests install) and a Docker engine (scripts/docker-for-tests.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=20 alive=30 min_life=5 max_life=30 interval=500
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2;;
    --alive) alive=$2; shift 2;;
    --min-life) min_life=$2; shift 2;;
    --max-life) max_life=$2; shift 2;;
    --interval-ms) interval=$2; shift 2;;
    -h|--help) sed -n '2,10p' "$0"; exit 0;;
    *) echo "churn: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
log=$(mktemp --suffix=.churn.log)
echo "churn: $alive containers alive for $minutes min at $interval ms; the test's output in $log"
status=0
./mvnw -B -o -q -pl e2e-tests verify -Dtest=ChurnTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkubemon.churn.seconds=$((minutes * 60)) -Dkubemon.churn.alive="$alive" \
  -Dkubemon.churn.min-life="$min_life" -Dkubemon.churn.max-life="$max_life" \
  -Dkubemon.churn.interval-ms="$interval" >"$log" 2>&1 || status=$?
grep -E '^(churn:|\| )' "$log" || true
[ "$status" = 0 ] && echo "churn: every container's rows and events held, and the bounds" \
  || echo "churn: FAILED (see $log)"
exit "$status"
