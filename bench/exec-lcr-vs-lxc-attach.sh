#!/usr/bin/env bash
# isula exec C true on an lcr container vs bare lxc-attach into the same container (what the exec runs, under conmon);
# interleaved runs, medians, ratio. BENCH_DIST=<other isulad tree> measures another build.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
id=$(isula run -d --runtime lcr --external-rootfs "$rootfs" none sleep 100000)
lxcpath=$WORK/state/lcr/.lxc
bare_exec() { lxc-attach -P "$lxcpath" -n "$id" --clear-env -- true; }
read -r ours bare < <(compare isula exec "$id" true -- bare_exec)
echo "isula exec C true (lcr) median ${ours} ms, lxc-attach C true median ${bare} ms, ratio $(ratio "$ours" "$bare") (target <= 3)"
