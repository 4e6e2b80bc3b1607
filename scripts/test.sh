#!/usr/bin/env bash
# Runs the whole test suite: unit, fixture, live /proc, real-HTTP collector tests and the
# end-to-end test that starts the real jars. Needs only a JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B verify "$@"
