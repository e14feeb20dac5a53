#!/usr/bin/env bash
# isula logs of a container that printed 100k lines vs cat of its log file, both through the same pipe into wc -l;
# interleaved runs, medians, ratio.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
LINES=${LINES:-100000}
id=$(isula run -d --log-opt max-size=1g --external-rootfs "$rootfs" none seq 1 "$LINES")
isula wait "$id" >/dev/null
log=$WORK/graph/engines/runc/$id/console.log
got=$(isula logs "$id" | wc -l)
[ "$got" = "$LINES" ] || { echo "isula logs printed $got lines, not $LINES" >&2; exit 1; }
ours() { isula logs "$id" | wc -l; }
bare() { cat "$log" | wc -l; }
read -r o b < <(compare ours -- bare)
echo "isula logs ($LINES lines, $(du -h "$log" | cut -f1) log) median ${o} ms, cat of the log file median ${b} ms, ratio $(ratio "$o" "$b") (target <= 1.5)"
