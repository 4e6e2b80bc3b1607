#!/usr/bin/env bash
# Runs a real local collection: builds kubemon, starts the collector and an agent on this host,
# samples for --duration seconds (default 30), stops, and prints where the CSV files are.
# Needs only a JDK 17+; the Maven wrapper fetches Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  echo "run-local: a JDK 17 or newer is needed (e.g. apt-get install -y openjdk-17-jdk-headless)" >&2
  exit 2
fi
echo "building the collector and agent jars (first time: Maven downloads dependencies)..."
# The three jars it runs and only those: no test classes, no format check (a build to run, not to commit).
./mvnw -q -B -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl cli,collector-service,monitor-agent -am
exec java -cp cli/target/kubemon-cli.jar io.kubemon.cli.LocalRun "$@"
