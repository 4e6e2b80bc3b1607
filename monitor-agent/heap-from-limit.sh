#!/bin/sh
# Prints the agent's -Xmx from its container's memory limit: a quarter of it, at least 32 MiB, so the
# heap follows what the pod is given (the chart's limit) rather than one -Xmx for every node. Without a
# limit it prints nothing and jvm.options' -Xmx stands. An -Xmx in KUBEMON_JAVA_OPTIONS, later on the
# command line, still wins. The committed heap below that ceiling follows the live set (jvm.options'
# heap free ratios), which grows with the containers and processes the agent sees.
#   heap-from-limit.sh [cgroup mount]   (default /sys/fs/cgroup: the container's own, cgroup v2 or v1)
root=${1:-/sys/fs/cgroup}
limit=""
for f in "$root/memory.max" "$root/memory/memory.limit_in_bytes"; do
  if [ -r "$f" ]; then limit=$(cat "$f"); break; fi
done
case "$limit" in
  "" | max | *[!0-9]*) exit 0 ;;
esac
# cgroup v1 writes "no limit" as a number near 2^63: 14 digits or more (10^13 bytes) is taken as none.
[ "${#limit}" -gt 13 ] && exit 0
mib=$((limit / 1048576 / 4))
[ "$mib" -lt 32 ] && mib=32
echo "-Xmx${mib}m"
