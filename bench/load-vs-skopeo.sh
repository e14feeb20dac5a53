#!/usr/bin/env bash
# isula load of a docker-archive (~10 MiB, 3 layers) vs `skopeo copy docker-archive:… oci:DIR` of the same file.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
make_bench_image
archive=$WORK/img.tar
skopeo copy -q "oci:$WORK/layout:latest" "docker-archive:$archive:bench/img:latest"
echo "archive: $(du -sh "$archive" | cut -f1)"

ours_prep() { isula rmi -f bench/img:latest >/dev/null 2>&1 || true; }
ours_run() { isula load -i "$archive"; }
skopeo_prep() { rm -rf "$WORK/skopeo-out"; }
skopeo_run() { skopeo copy -q "docker-archive:$archive" "oci:$WORK/skopeo-out:latest"; }
read -r ours theirs < <(timed_pair ours_prep ours_run skopeo_prep skopeo_run)
echo "load: isula load median ${ours} ms, skopeo copy median ${theirs} ms, ratio $(ratio "$ours" "$theirs") (target <= 1.5)"
