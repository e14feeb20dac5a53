#!/usr/bin/env bash
# isula pause + isula unpause of a running container vs runc pause + runc resume of a bare runc container
# (interleaved, medians, ratio printed).
source "$(dirname "$0")/lib.sh"
trap 'runc --root "$WORK/runc-root" delete --force bench-pause-$$ >/dev/null 2>&1; stop_daemon' EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
isula run -d -n bench-pause --external-rootfs "$rootfs" none sleep 100000 >/dev/null
make_runc_bundle "$WORK/bundle" "$rootfs"
sed -i 's#"true"#"sleep", "100000"#' "$WORK/bundle/config.json"
runc --root "$WORK/runc-root" run -d --bundle "$WORK/bundle" "bench-pause-$$" </dev/null >/dev/null 2>&1
ours() { isula pause bench-pause && isula unpause bench-pause; }
bare() { runc --root "$WORK/runc-root" pause "bench-pause-$$" && runc --root "$WORK/runc-root" resume "bench-pause-$$"; }
read -r o b < <(compare ours -- bare)
echo "pause+unpause: isula ${o} ms, runc pause+resume ${b} ms, ratio $(ratio "$o" "$b") (target <= 3)"
[ "$(isula inspect -f '{{.State.Status}}' bench-pause)" = running ] || echo "the container is not running after the runs" >&2
# the daemon's share: the same through the API with curl (no JVM start on the client side)
if command -v curl >/dev/null; then
  api() { curl -sf --unix-socket "$SOCK" -X POST "http://d/containers/bench-pause/$1" >/dev/null; }
  api_ours() { api pause && api unpause; }
  pings() { curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null && curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null; }
  read -r a b2 < <(compare api_ours -- bare)
  echo "pause+unpause through the API (curl): ${a} ms, runc pause+resume ${b2} ms, ratio $(ratio "$a" "$b2")"
  read -r a2 p < <(compare api_ours -- pings)
  echo "  the same vs two GET /_ping with curl: ${a2} ms vs ${p} ms (the daemon's own share: the difference)"
fi
