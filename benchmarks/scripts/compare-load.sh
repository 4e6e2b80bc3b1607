#!/usr/bin/env bash
# compare at the size of issue 42's goal: 2 x 5 runs of 10 minutes of a full node (110 containers x 5
# processes) at 1 s, made with the collector's writer (ReportLoad --make-only), then
# `kubemon compare A... --vs B...` as a person runs it (a new JVM), over the CSV files and again over
# each run's Parquet export. Prints each wall time and peak RSS (the lines BENCHMARKS.md takes).
#   benchmarks/scripts/compare-load.sh [--dir /tmp/kubemon-compare-load] [--seconds 600] [--containers 110] [--processes 5]
# Needs the jars built (./mvnw -q -DskipTests install).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=/tmp/kubemon-compare-load seconds=600 containers=110 processes=5
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --containers) containers=$2; shift 2;;
    --processes) processes=$2; shift 2;;
    -h|--help) sed -n '2,7p' "$0"; exit 0;;
    *) echo "compare-load: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
runs=()
for i in 1 2 3 4 5 6 7 8 9 10; do
  if [ ! -d "$dir/r$i/run" ]; then
    java -XX:+UseSerialGC -Xmx2g -cp benchmarks/target/benchmarks.jar io.kubemon.bench.ReportLoad --dir "$dir/r$i" \
      --nodes 1 --containers "$containers" --processes "$processes" --seconds "$seconds" --make-only | sed "s/^/r$i: /"
  fi
  runs+=("$dir/r$i/run")
done
a=("${runs[@]:0:5}") b=("${runs[@]:5:5}")
timed() { /usr/bin/time -f "compare-load: $1: wall %e s, max RSS %M KiB" java -jar cli/target/kubemon-cli.jar "${@:2}" >/dev/null; }
echo "compare-load: 2 x 5 runs of $seconds s, $containers containers x $processes processes at 1 s"
for rep in 1 2 3; do timed "over CSV, $rep" compare "${a[@]}" --vs "${b[@]}" --csv; done
for r in "${runs[@]}"; do [ -f "$r/parquet/export.json" ] || java -jar cli/target/kubemon-cli.jar export "$r" >/dev/null 2>&1; done
for rep in 1 2 3; do timed "over Parquet, $rep" compare "${a[@]}" --vs "${b[@]}" --csv; done
