#!/usr/bin/env bash
# isula run --rm busybox true from the OCI store (overlay mount included) vs bare runc run of the same rootfs.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
"$ROOT/scripts/busybox-rootfs.sh" "$WORK/rootfs"
tar --numeric-owner -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
isula import "$WORK/rootfs.tar" bench/busybox:latest >/dev/null
make_runc_bundle "$WORK/bundle" "$WORK/rootfs"
runc_root=$WORK/runc-root
n=0
bare_run() { n=$((n + 1)); runc --root "$runc_root" run --bundle "$WORK/bundle" "bench-$$-$n-$RANDOM"; }
read -r ours bare < <(compare isula run --rm bench/busybox true -- bare_run)
echo "run --rm from an image: isula median ${ours} ms, runc run median ${bare} ms, ratio $(ratio "$ours" "$bare") (target <= 5)"
