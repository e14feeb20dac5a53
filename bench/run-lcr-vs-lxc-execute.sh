#!/usr/bin/env bash
# isula run --rm --runtime lcr (external rootfs) vs bare lxc-execute of the same rootfs: serial medians, 20 in
# parallel, and the memory each running lcr container adds (conmon, lxc-execute as lxc's monitor, lxc's init, and
# the daemon's growth).
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
lxcpath=$WORK/lxc
# the bare side: the minimal lxc config of a container with its own namespaces and /proc, /sys, /dev
bare_config() {
  mkdir -p "$lxcpath/$1"
  cat >"$lxcpath/$1/config" <<CFG
lxc.rootfs.path = dir:$rootfs
lxc.uts.name = $1
lxc.net.0.type = empty
lxc.mount.auto = proc:mixed sys:ro
lxc.autodev = 1
lxc.console.path = none
lxc.environment = PATH=/bin
CFG
}
bare_config bare
for i in $(seq 1 20); do bare_config "bare-$i"; done
bare_run() { lxc-execute -P "$lxcpath" -n bare -- true; }
read -r ours bare < <(compare isula run --rm --runtime lcr --external-rootfs "$rootfs" none true -- bare_run)
echo "serial: isula run --rm --runtime lcr median ${ours} ms, lxc-execute median ${bare} ms, ratio $(ratio "$ours" "$bare") (target <= 3)"
# the client's own share: a JVM start and one request (isula version), timed in the same minutes
read -r ver bare2 < <(compare isula version -- bare_run)
echo "client alone: isula version median ${ver} ms; the rest of a run (daemon, conmon, lxc) ~$(awk -v a="$ours" -v b="$ver" 'BEGIN {printf "%.0f", a - b}') ms, $(ratio "$(awk -v a="$ours" -v b="$ver" 'BEGIN {print a - b}')" "$bare2")x lxc-execute"

parallel_ours() {
  local pids=() i
  for i in $(seq 1 20); do isula run --rm --runtime lcr --external-rootfs "$rootfs" none true & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}
parallel_bare() {
  local pids=() i
  for i in $(seq 1 20); do lxc-execute -P "$lxcpath" -n "bare-$i" -- true & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}
read -r p_ours p_bare < <(RUNS=${PAR_RUNS:-3} compare parallel_ours -- parallel_bare)
echo "parallel x20: isula ${p_ours} ms, lxc-execute ${p_bare} ms, ratio $(ratio "$p_ours" "$p_bare") (target <= 3)"
echo "containers left after the runs: $(isula ps -aq | wc -l)"

# memory: RSS and PSS (shared pages split between their users) of what each running container adds
pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup"; }
java_pid=$(cat "$WORK/isulad.pid")
sleep 2
idle=$(rss_kib "$java_pid")
count=${CONTAINERS:-10}
for i in $(seq 1 "$count"); do isula run -d --runtime lcr --external-rootfs "$rootfs" none sleep 1000 >/dev/null; done
sleep 2
after=$(rss_kib "$java_pid")
rss=0; pss=0; n=0
for pid in $(pgrep -f "conmon .*$WORK"); do
  rss=$((rss + $(rss_kib "$pid"))); pss=$((pss + $(pss_kib "$pid"))); n=$((n + 1))
done
for pid in $(pgrep -f "lxc-execute -P $WORK/state/lcr/.lxc"); do
  rss=$((rss + $(rss_kib "$pid"))); pss=$((pss + $(pss_kib "$pid"))); n=$((n + 1))
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    # lxc's init under lxc-execute (the container's sleep is the user's, not the runtime's)
    if [ "$(cat /proc/"$child"/comm)" != sleep ]; then
      rss=$((rss + $(rss_kib "$child"))); pss=$((pss + $(pss_kib "$child"))); n=$((n + 1))
    fi
  done
done
grown=$((after - idle))
echo "$count lcr containers: $n runtime processes (conmon, lxc-execute, lxc init); their RSS $((rss / 1024)) MiB, PSS $((pss / 1024)) MiB; daemon grew $((grown / 1024)) MiB"
echo "per container: RSS $(( (rss + grown) / count )) KiB, PSS $(( (pss + grown) / count )) KiB (target <= 3072 KiB)"
