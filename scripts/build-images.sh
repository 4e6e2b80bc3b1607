#!/usr/bin/env bash
# Builds the two images on the local Docker engine, tagged with the chart's appVersion:
#   kubemon/collector-service:<appVersion> and kubemon/monitor-agent:<appVersion>
# With a registry, the Dockerfiles' default base (eclipse-temurin:17-jre) is pulled as usual:
#   scripts/build-images.sh --base eclipse-temurin:17-jre
# Without one (an air-gapped host, this project's CI), the default: a base image made here as
# kubemon/jre-base:17-jlink, once, then reused: a Java runtime made with jlink from the host's JDK
# holding only the modules the two services use (JRE_MODULES), on a root of five Debian packages
# (glibc, zlib, libstdc++, libgcc, busybox for the shell; mmdebstrap --variant=extract) — about
# 70 MB against 388 MB for Debian with a whole headless JRE. Where the host has no jlink, the
# earlier base (mmdebstrap with openjdk-17-jre-headless, kubemon/jre-base:17) is made instead.
# Needs a running Docker engine; as root on Debian it installs mmdebstrap if missing.
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

# What the services use (jdeps --print-module-deps over both fat jars' classes and libraries, plus
# what they reach by reflection or service loading: logging, JMX, TLS's elliptic curves, DNS, zip file
# systems, the charsets), checked by the compose and agent-in-container tests on the images.
JRE_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,\
java.net.http,java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,\
jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs,jdk.charsets

if [ ! -f collector-service/target/collector-service.jar ] || [ ! -f monitor-agent/target/monitor-agent.jar ] \
  || [ ! -d monitor-agent/target/jna ]; then
  echo "build-images: building the jars"
  ./mvnw -q -B -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl collector-service,monitor-agent -am
fi

# One build of the images at a time on this engine (two clones building at once would both make
# the base, and tag over each other); the jars above are each clone's own and build beside.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/kubemon-build-images.lock"
  flock 9
fi

need_mmdebstrap() {
  command -v mmdebstrap >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || { echo "build-images: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
  echo "build-images: installing mmdebstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q mmdebstrap >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q mmdebstrap >/dev/null; }
}

if [ -z "$BASE" ]; then
  # The mirror the host's own apt uses (the only one that may be reachable).
  MIRROR=$( (grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true) \
    | head -1 | tr -d ' ')
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
  JLINK=$(command -v jlink || true)
  if [ -n "$JLINK" ]; then
    BASE=kubemon/jre-base:17-jlink
    if [ -z "$(docker images -q "$BASE")" ]; then
      need_mmdebstrap
      root=$(mktemp -d)
      trap 'rm -rf "$root"' EXIT
      echo "build-images: making $BASE: jlink (modules of the services) on libc6, zlib1g, libstdc++6, libgcc-s1, busybox-static from $MIRROR"
      mmdebstrap --quiet --variant=extract --include=libc6,zlib1g,libstdc++6,libgcc-s1,busybox-static bookworm "$root/fs" "$MIRROR"
      for applet in $("$root/fs/bin/busybox" --list); do
        [ -e "$root/fs/bin/$applet" ] || ln -s busybox "$root/fs/bin/$applet"
      done
      mkdir -p "$root/fs/tmp" "$root/fs/opt" && chmod 1777 "$root/fs/tmp"
      rm -rf "$root/fs/usr/share/doc" "$root/fs/usr/share/man" "$root/fs/usr/share/locale" "$root/fs/usr/share/info"
      "$JLINK" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
        --output "$root/fs/opt/java"
      # The class-data sharing archive the JDK's own runtime ships (jlink leaves it out): the JDK's
      # classes mapped from one file, shared, instead of parsed at every start.
      "$root/fs/opt/java/bin/java" -Xshare:dump >/dev/null
      tar -C "$root/fs" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'ENV JAVA_HOME=/opt/java' \
        -c 'ENV PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin' - "$BASE" >/dev/null
    fi
  else
    BASE=kubemon/jre-base:17
    if [ -z "$(docker images -q "$BASE")" ]; then
      need_mmdebstrap
      tar=$(mktemp --suffix=.tar)
      trap 'rm -f "$tar"' EXIT
      echo "build-images: no jlink on this host: making $BASE from Debian packages (bookworm, openjdk-17-jre-headless) from $MIRROR"
      mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,ca-certificates bookworm "$tar" "$MIRROR"
      docker import -c 'ENV LANG=C.UTF-8' "$tar" "$BASE" >/dev/null
    fi
  fi
fi

for module in collector-service monitor-agent; do
  echo "build-images: kubemon/$module:$VERSION on $BASE"
  docker build -q --build-arg BASE_IMAGE="$BASE" -t "kubemon/$module:$VERSION" "$module" >/dev/null
done
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^kubemon/(collector-service|monitor-agent):$VERSION "
