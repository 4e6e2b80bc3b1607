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
./mvnw -q -B -DskipTests package
exec java -cp cli/target/kubemon-cli.jar io.kubemon.cli.LocalRun "$@"
