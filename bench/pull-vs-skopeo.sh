#!/usr/bin/env bash
# isula pull of a ~10 MiB, 3-layer image from a local registry vs `skopeo copy docker://… oci:DIR` of the same image
# (skopeo does not unpack). Each run starts from an empty store (the rmi / rm -rf between runs is not timed).
source "$(dirname "$0")/lib.sh"
cleanup() { stop_registry; stop_daemon; }
trap cleanup EXIT
start_daemon
start_registry
make_bench_image
skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout:latest" "docker://$REGISTRY/bench/img:latest"
image=$REGISTRY/bench/img:latest
echo "image: $(du -sh "$WORK/layout/blobs" | cut -f1) of blobs in 3 layers"

ours_prep() { isula rmi -f "$image" >/dev/null 2>&1 || true; }
ours_run() { isula pull "$image"; }
skopeo_prep() { rm -rf "$WORK/skopeo-out"; }
skopeo_run() { skopeo copy -q --src-tls-verify=false "docker://$image" "oci:$WORK/skopeo-out:latest"; }
# a daemon is a long-running service: measured once it has pulled a few times (its JIT compiler has done most of its work)
for ((i = 0; i < ${WARMUP:-5}; i++)); do ours_prep; ours_run >/dev/null; done
read -r ours theirs < <(timed_pair ours_prep ours_run skopeo_prep skopeo_run)
echo "pull: isula pull median ${ours} ms, skopeo copy median ${theirs} ms, ratio $(ratio "$ours" "$theirs") (target <= 1.5)"
