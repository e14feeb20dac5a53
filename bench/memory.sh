#!/usr/bin/env bash
# Idle daemon RSS after boot, and the added memory per running container (daemon growth + conmon).
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
java_pid=$(cat "$WORK/isulad.pid")
sleep 3
idle=$(rss_kib "$java_pid")
echo "idle daemon RSS: $((idle / 1024)) MiB ($idle KiB) (target <= 60 MiB)"
count=${CONTAINERS:-10}
for i in $(seq 1 "$count"); do isula run -d --external-rootfs "$rootfs" none sleep 1000 >/dev/null; done
sleep 2
after=$(rss_kib "$java_pid")
conmon_total=0
for pid in $(pgrep -f "conmon .*$WORK" || true); do conmon_total=$((conmon_total + $(rss_kib "$pid"))); done
per=$(( (after - idle + conmon_total) / count ))
echo "$count containers: daemon grew $(( (after - idle) / 1024 )) MiB, conmon total $((conmon_total / 1024)) MiB; per container $per KiB (target <= 3072 KiB)"
