#!/usr/bin/env bash
# isula run --rm --runtime io.containerd.runc.v2 busybox true vs ctr run --rm of the same image with containerd's
# own shim (containerd started here in a temporary root, state dir and socket; stopped by pid at the end); then the
# memory per running container on each side (shim RSS, plus the daemon's growth for isula).
source "$(dirname "$0")/lib.sh"
CTRD_PID=
cleanup() {
  if [ -n "$CTRD_PID" ]; then
    for c in $(ctr -a "$CTRD_SOCK" -n bench tasks ls -q 2>/dev/null); do ctr -a "$CTRD_SOCK" -n bench tasks kill -s KILL "$c" >/dev/null 2>&1 || true; done
    sleep 0.5
    for c in $(ctr -a "$CTRD_SOCK" -n bench containers ls -q 2>/dev/null); do
      ctr -a "$CTRD_SOCK" -n bench tasks delete -f "$c" >/dev/null 2>&1 || true
      ctr -a "$CTRD_SOCK" -n bench containers delete "$c" >/dev/null 2>&1 || true
    done
    kill "$CTRD_PID" 2>/dev/null || true
    wait "$CTRD_PID" 2>/dev/null || true
    umount -R "$WORK/ctrd" 2>/dev/null || true
  fi
  stop_daemon
}
trap cleanup EXIT
start_daemon
"$ROOT/scripts/busybox-rootfs.sh" "$WORK/rootfs"
tar --numeric-owner -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
isula import "$WORK/rootfs.tar" bench/busybox:latest >/dev/null

# containerd in its own root, state and sockets
CTRD=$WORK/ctrd
CTRD_SOCK=$CTRD/c.sock
mkdir -p "$CTRD/root" "$CTRD/state"
cat >"$CTRD/config.toml" <<TOML
version = 2
root = "$CTRD/root"
state = "$CTRD/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTRD_SOCK"
[ttrpc]
  address = "$CTRD/c.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
TOML
containerd --config "$CTRD/config.toml" >"$CTRD/log" 2>&1 &
CTRD_PID=$!
for _ in $(seq 1 100); do ctr -a "$CTRD_SOCK" version >/dev/null 2>&1 && break; sleep 0.1; done
ctr -a "$CTRD_SOCK" version >/dev/null || { echo "containerd did not start: $(tail -5 "$CTRD/log")" >&2; exit 1; }
make_oci_layout "$WORK/layout" "$WORK/rootfs"
tar -C "$WORK/layout" -cf "$WORK/image.tar" .
ctr -a "$CTRD_SOCK" -n bench images import --base-name docker.io/bench/busybox "$WORK/image.tar" >/dev/null
IMAGE=docker.io/bench/busybox:latest

n=0
ctr_run() { n=$((n + 1)); ctr -a "$CTRD_SOCK" -n bench run --rm "$IMAGE" "bench-$$-$n" true; }
read -r ours bare < <(compare isula run --rm --runtime io.containerd.runc.v2 bench/busybox true -- ctr_run)
echo "run --rm on shim v2: isula median ${ours} ms, ctr run median ${bare} ms, ratio $(ratio "$ours" "$bare") (target <= 1.2)"
# the JVM client's own start is most of the gap: time it alone and show the daemon side's share
client=$(RUNS=${RUNS:-15} median_ms isula version)
daemon_side=$(awk -v a="$ours" -v c="$client" 'BEGIN { printf "%.1f", a - c }')
echo "client start alone (isula version): ${client} ms; run minus client start: ${daemon_side} ms, ratio to ctr run $(ratio "$daemon_side" "$bare")"

# memory per running container
count=${CONTAINERS:-5}
java_pid=$(cat "$WORK/isulad.pid")
sleep 2
idle=$(rss_kib "$java_pid")
for i in $(seq 1 "$count"); do isula run -d --runtime io.containerd.runc.v2 bench/busybox sleep 1000 >/dev/null; done
for i in $(seq 1 "$count"); do ctr -a "$CTRD_SOCK" -n bench run -d "$IMAGE" "mem-$$-$i" sleep 1000 >/dev/null; done
sleep 2
after=$(rss_kib "$java_pid")
shim_total() {
  local total=0 pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*$1" || true); do total=$((total + $(rss_kib "$pid"))); done
  echo "$total"
}
ours_shims=$(shim_total "-namespace isula-")
ctr_shims=$(shim_total "-namespace bench ")
daemon_growth=$(( after - idle ))
echo "$count containers each: isula shims $((ours_shims / count)) KiB per container, daemon grew $((daemon_growth / count)) KiB per container; ctr shims $((ctr_shims / count)) KiB per container"
echo "per container: isula $(( (ours_shims + daemon_growth) / count )) KiB (shim + daemon growth), ctr $((ctr_shims / count)) KiB (shim)"
