#!/usr/bin/env bash
# Idle daemon RSS after boot, and the added memory per running container (daemon growth + conmon).
# For scale, measured in the same run with the daemon's JVM and flags: a trivial Java main, idle, and the framework
# stack alone (Felix, SCR, fileinstall, gogo and the libraries, without any of the project's bundles).
source "$(dirname "$0")/lib.sh"
trap 'stop_floor; stop_daemon' EXIT
FLOOR_PID=
stop_floor() { if [ -n "$FLOOR_PID" ]; then kill "$FLOOR_PID" 2>/dev/null || true; wait "$FLOOR_PID" 2>/dev/null || true; fi; FLOOR_PID=; }
# rss_when_settled PID: the RSS once it stopped changing for a second (the process booted), after the daemon's 3 s
rss_when_settled() {
  local last=-1 now i
  for i in $(seq 1 30); do
    now=$(rss_kib "$1"); [ "$now" = "$last" ] && break
    last=$now; sleep 1
  done
  sleep 3; rss_kib "$1"
}

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

read -r java_bin flags < <(ISULAD_PRINT_JVM=1 "$DIST/bin/isulad")
mkdir -p "$WORK/idle"
printf 'public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }\n' >"$WORK/idle/Idle.java"
javac --release 17 -d "$WORK/idle" "$WORK/idle/Idle.java"
# shellcheck disable=SC2086
"$java_bin" $flags -cp "$WORK/idle" Idle & FLOOR_PID=$!
jvm=$(rss_when_settled "$FLOOR_PID"); stop_floor
framework=$WORK/framework-only
cp -r "$DIST" "$framework"; rm -f "$framework"/bundle/3-app/*.jar
mkdir -p "$WORK/fw-graph" "$WORK/fw-state"
"$framework/bin/isulad" -H "unix://$WORK/fw.sock" -g "$WORK/fw-graph" -S "$WORK/fw-state" >"$WORK/fw.log" 2>&1 & FLOOR_PID=$!
stack=$(rss_when_settled "$FLOOR_PID"); stop_floor
echo "for scale: a trivial Java main idle $((jvm / 1024)) MiB; the framework stack without the project's bundles $((stack / 1024)) MiB; the daemon adds $(( (idle - stack) / 1024 )) MiB to it"
