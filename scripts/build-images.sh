#!/usr/bin/env bash
# Builds the two images on the local Docker engine, tagged with the chart's appVersion:
#   kubemon/collector-service:<appVersion> and kubemon/monitor-agent:<appVersion>
# With a registry, the Dockerfiles' default base (eclipse-temurin:17-jre) is pulled as usual:
#   scripts/build-images.sh --base eclipse-temurin:17-jre
# Without one (an air-gapped host, this project's CI), the default: a base image made from Debian's
# own packages (mmdebstrap with a headless JRE 17, then docker import) as kubemon/jre-base:17, made
# once and reused. Needs a running Docker engine; as root on Debian it installs mmdebstrap if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE=$2; shift 2;;
    -h|--help) sed -n '2,8p' "$0"; exit 0;;
    *) echo "build-images: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done

VERSION=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' helm/kubemon/Chart.yaml)
[ -n "$VERSION" ] || { echo "build-images: no appVersion in helm/kubemon/Chart.yaml" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build-images: no Docker engine answers (scripts/docker-for-tests.sh starts one)" >&2; exit 1; }

if [ -z "$BASE" ]; then
  BASE=kubemon/jre-base:17
  if [ -z "$(docker images -q "$BASE")" ]; then
    if ! command -v mmdebstrap >/dev/null 2>&1; then
      [ "$(id -u)" = 0 ] || { echo "build-images: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
      echo "build-images: installing mmdebstrap"
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -q mmdebstrap >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q mmdebstrap >/dev/null; }
    fi
    # The mirror the host's own apt uses (the only one that may be reachable).
    MIRROR=$( (grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true) \
      | head -1 | tr -d ' ')
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
    tar=$(mktemp --suffix=.tar)
    trap 'rm -f "$tar"' EXIT
    echo "build-images: making $BASE from Debian packages (bookworm, openjdk-17-jre-headless) from $MIRROR"
    mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,ca-certificates bookworm "$tar" "$MIRROR"
    docker import -c 'ENV LANG=C.UTF-8' "$tar" "$BASE" >/dev/null
  fi
fi

if [ ! -f collector-service/target/collector-service.jar ] || [ ! -f monitor-agent/target/monitor-agent.jar ]; then
  echo "build-images: building the jars"
  ./mvnw -q -B -DskipTests package -pl collector-service,monitor-agent -am
fi
for module in collector-service monitor-agent; do
  echo "build-images: kubemon/$module:$VERSION on $BASE"
  docker build -q --build-arg BASE_IMAGE="$BASE" -t "kubemon/$module:$VERSION" "$module" >/dev/null
done
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^kubemon/(collector-service|monitor-agent):$VERSION "
