#!/usr/bin/env bash
# Makes a Docker engine and the busybox test image available for the container tests, and
# docker-compose for validating docker-compose.yml, and headless Chromium for the browser tests.
# As root on Debian/Ubuntu it installs docker.io and busybox-static and starts dockerd in the
# background (vfs storage, no iptables, no bridge: works in a sandbox without registry access).
# Elsewhere it only says what is missing; the Docker tests then skip with the same message
# (in CI, where CI=true, they fail instead).
set -uo pipefail
IMAGE=kubemon-test-busybox:latest

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
# Headless Chromium opens the HTML report and the collector's live page in the browser tests.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if can_install; then
    echo "docker-for-tests: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null || { echo "docker-for-tests: apt-get failed"; exit 0; }
  else
    echo "docker-for-tests: missing ${missing[*]} and not root: Docker tests will skip"; exit 0
  fi
fi

if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "docker-for-tests: no running Docker engine: Docker tests will skip"; exit 0; fi
  # A dockerd that was killed can leave its pid file behind, and a new one then refuses to start.
  if ! pgrep -x dockerd >/dev/null 2>&1; then rm -f /var/run/docker.pid; fi
  echo "docker-for-tests: starting dockerd (log: /tmp/kubemon-dockerd.log)"
  nohup dockerd --storage-driver=vfs --iptables=false --bridge=none >/tmp/kubemon-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "docker-for-tests: dockerd did not come up; see /tmp/kubemon-dockerd.log"; tail -20 /tmp/kubemon-dockerd.log; exit 0; }
fi

if [ -z "$(docker images -q "$IMAGE")" ]; then
  dir=$(mktemp -d)
  chmod 755 "$dir" # the image's root: a non-root user in a container must be able to enter it
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/dev/shm"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in sh sleep cat dd yes head ls true; do ln -s busybox "$dir/bin/$applet"; done
  tar -C "$dir" -c . | docker import - "$IMAGE" >/dev/null && echo "docker-for-tests: built $IMAGE"
  rm -rf "$dir"
fi
echo "docker-for-tests: Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null) ready"
