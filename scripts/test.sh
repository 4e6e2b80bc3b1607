#!/usr/bin/env bash
# Runs the whole test suite: unit, fixture, live /proc, real-HTTP collector tests, the tests on
# real Docker containers, and the end-to-end test that starts the real jars. Needs a JDK 17+;
# as root it also installs and starts the Docker engine the container tests use.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/docker-for-tests.sh
exec ./mvnw -B verify "$@"
