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

# For scale: the JVM starts of 20 clients alone, a trivial Java main with the client's JVM and flags, in parallel
read -r java_bin flags < <(ISULA_PRINT_JVM=1 "$ISULA")
mkdir -p "$WORK/trivial"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$WORK/trivial/Hello.java"
javac --release 17 -d "$WORK/trivial" "$WORK/trivial/Hello.java"
parallel_jvm() {
  local pids=() i
  # shellcheck disable=SC2086
  for i in $(seq 1 20); do "$java_bin" $flags -cp "$WORK/trivial" Hello >/dev/null & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}
read -r p_jvm p_bare2 < <(RUNS=${PAR_RUNS:-3} compare parallel_jvm -- parallel_bare)
echo "for scale: 20 trivial Java mains in parallel ${p_jvm} ms = $(ratio "$p_jvm" "$p_bare2") x 20 bare runc run (${p_bare2} ms)"
left=$(isula ps -aq | wc -l)
echo "containers left after the runs: $left"
