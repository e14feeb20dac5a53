#!/usr/bin/env bash
# isula exec C true vs runc exec C true against the same container (runc with our daemon's runc root); interleaved
# runs, medians, ratio.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
id=$(isula run -d --external-rootfs "$rootfs" none sleep 100000)
runc_root=$WORK/state/runc/.runc-root
bare_exec() { runc --root "$runc_root" exec "$id" true; }
read -r ours bare < <(compare isula exec "$id" true -- bare_exec)
echo "isula exec C true median ${ours} ms, runc exec C true median ${bare} ms, ratio $(ratio "$ours" "$bare") (target <= 3)"
