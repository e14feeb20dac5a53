#!/usr/bin/env bash
# isula run --rm with 3 bind mounts, a memory limit and a CPU limit vs the same run without them (same daemon,
# same rootfs, interleaved), then the cost of the default seccomp profile and capability set alone.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
mkdir -p "$WORK/m1" "$WORK/m2" "$WORK/m3"
plain() { isula run --rm --external-rootfs "$rootfs" none true; }
configured() {
  isula run --rm -v "$WORK/m1:/m1" -v "$WORK/m2:/m2:ro" -v "$WORK/m3:/m3" -m 64m --cpus 0.5 \
    --external-rootfs "$rootfs" none true
}
read -r ours base < <(compare configured -- plain)
echo "run --rm with 3 binds, -m 64m, --cpus 0.5: ${ours} ms vs plain ${base} ms, ratio $(ratio "$ours" "$base") (target <= 1.2)"
unconfined() { isula run --rm --security-opt seccomp=unconfined --external-rootfs "$rootfs" none true; }
read -r def unc < <(compare plain -- unconfined)
echo "default seccomp profile: ${def} ms vs seccomp=unconfined ${unc} ms, ratio $(ratio "$def" "$unc")"
