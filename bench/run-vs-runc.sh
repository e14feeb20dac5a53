#!/usr/bin/env bash
# isula run --rm (external rootfs) vs bare runc run of the same rootfs, serial medians and 20 in parallel.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
make_runc_bundle "$WORK/bundle" "$rootfs"
runc_root=$WORK/runc-root
n=0
bare_run() { n=$((n + 1)); runc --root "$runc_root" run --bundle "$WORK/bundle" "bench-$$-$n-$RANDOM"; }
read -r ours bare < <(compare isula run --rm --external-rootfs "$rootfs" none true -- bare_run)
echo "serial: isula run --rm median ${ours} ms, runc run median ${bare} ms, ratio $(ratio "$ours" "$bare") (target <= 5)"

parallel_ours() {
  local pids=() i
  for i in $(seq 1 20); do isula run --rm --external-rootfs "$rootfs" none true & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}
parallel_bare() {
  local pids=() i
  for i in $(seq 1 20); do runc --root "$runc_root" run --bundle "$WORK/bundle" "benchp-$$-$i-$RANDOM" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}
read -r p_ours p_bare < <(RUNS=${PAR_RUNS:-3} compare parallel_ours -- parallel_bare)
echo "parallel x20: isula ${p_ours} ms, runc ${p_bare} ms, ratio $(ratio "$p_ours" "$p_bare") (target <= 3)"
left=$(isula ps -aq | wc -l)
echo "containers left after the runs: $left"
