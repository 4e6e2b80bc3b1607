#!/usr/bin/env bash
# The slowest test classes of the last build, from the surefire and failsafe reports: a Markdown
# table of the N slowest (default 15), with each module's total. docs/testing.md keeps the table of
# a clean-clone CI run. Usage: scripts/slowest-tests.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-15}
rows=$(for f in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml examples/*/target/surefire-reports/TEST-*.xml; do
  [ -f "$f" ] || continue
  head -c 2000 "$f" | tr '\n' ' ' | sed -n 's/.*<testsuite[^>]* name="\([^"]*\)"[^>]* time="\([0-9.,]*\)".*/\2 \1/p' \
    | tr -d ',' | awk -v m="${f%%/target/*}" '{print $1, m, $2}'
done)
[ -n "$rows" ] || { echo "slowest-tests: no test reports under */target (run the suite first)" >&2; exit 1; }
echo "| test class | module | seconds |"
echo "|---|---|---|"
echo "$rows" | sort -rn | head -"$N" | awk '{n=split($3,p,"."); printf "| `%s` | %s | %.1f |\n", p[n], $2, $1}'
echo
echo "| module | seconds in tests |"
echo "|---|---|"
echo "$rows" | awk '{s[$2]+=$1} END {for (m in s) printf "%.1f %s\n", s[m], m}' | sort -rn | awk '{printf "| %s | %.1f |\n", $2, $1}'
