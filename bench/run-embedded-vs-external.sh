#!/usr/bin/env bash
# isula run --rm of an embedded image (busybox ext4 rootfs on a loop device, 2 squashfs layers) vs the same command on
# an external rootfs (the same busybox tree), interleaved in one run. Target: ratio <= 1.3.
source "$(dirname "$0")/lib.sh"
LOOP=""
cleanup() {
  stop_daemon
  # detach only the loop device this script attached
  if [ -n "$LOOP" ]; then losetup -d "$LOOP" || true; fi
}
trap cleanup EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
img=$WORK/img
mkdir -p "$img" "$WORK/src/platform/app" "$WORK/src/app"
echo platform > "$WORK/src/platform/platform.txt"
echo app > "$WORK/src/app/app.txt"
mksquashfs "$WORK/src/platform" "$img/platform.img" -quiet -noappend >/dev/null
mksquashfs "$WORK/src/app" "$img/app.img" -quiet -noappend >/dev/null
truncate -s 32M "$WORK/rootfs.ext4"
mkfs.ext4 -q -F -d "$rootfs" "$WORK/rootfs.ext4"
LOOP=$(losetup -f --show -r "$WORK/rootfs.ext4")
layer() { printf '{"mediaType":"%s","size":%s,"digest":"%s","pathInHost":"%s","pathInContainer":"%s"}' "$@"; }
sq=application/squashfs.image.rootfs.diff.img
cat > "$img/bench.manifest" <<JSON
{"schemaVersion":1,"mediaType":"application/embedded.manifest+json","imageName":"bench:v1",
 "created":"2021-01-01T00:00:00Z","config":{"ENV":["BENCH=1"],"ENTRYPOINT":[],"WORKDIR":"/"},
 "layers":[$(layer $sq 0 "" "$LOOP" ""),
  $(layer $sq "$(stat -c %s "$img/platform.img")" "sha256:$(sha256sum "$img/platform.img" | cut -d' ' -f1)" platform.img /opt/platform),
  $(layer $sq "$(stat -c %s "$img/app.img")" "" app.img /opt/platform/app)]}
JSON
printf 'sha256:%s' "$(sha256sum "$img/bench.manifest" | cut -d' ' -f1)" > "$img/bench.sgn"
isula load -i "$img/bench.manifest" -t embedded >/dev/null
isula run --rm bench:v1 cat /opt/platform/app/app.txt | grep -qx app || { echo "the embedded run does not see its layers" >&2; exit 1; }

read -r emb ext < <(compare isula run --rm bench:v1 true -- isula run --rm --external-rootfs "$rootfs" none true)
echo "isula run --rm: embedded (2 squashfs layers) median ${emb} ms, external rootfs median ${ext} ms, ratio $(ratio "$emb" "$ext") (target <= 1.3)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
left=$(losetup -a | grep -c -e "$img/platform.img" -e "$img/app.img" || true)
echo "loop devices left on the layer files: $left"
