#!/usr/bin/env bash
# The main job: install dependencies, build, start isulad, run a container. Run as root from the repo root.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B -q -DskipTests install
dist=distribution/target/isulad
demo=${ISULA_DEMO_DIR:-/var/lib/isula-demo}
mkdir -p "$demo"
[ -x "$demo/rootfs/bin/busybox" ] || scripts/busybox-rootfs.sh "$demo/rootfs"
sock=unix:///var/run/isulad.sock
if ! "$dist/bin/isula" -H "$sock" version >/dev/null 2>&1; then
  nohup "$dist/bin/isulad" -H "$sock" >"$demo/isulad.log" 2>&1 &
  echo "isulad started (pid $!), log in $demo/isulad.log"
  for _ in $(seq 1 120); do
    "$dist/bin/isula" -H "$sock" version >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
isula() { "$dist/bin/isula" -H "$sock" "$@"; }
isula info
# a busybox image with no network: Debian's busybox-static as a rootfs tarball, imported
if ! isula images -q -f reference=busybox:latest | grep -q .; then
  tar --numeric-owner -C "$demo/rootfs" -cf "$demo/busybox.tar" .
  isula import "$demo/busybox.tar" busybox:latest
fi
isula images
isula run --rm busybox echo "hello from a container"
