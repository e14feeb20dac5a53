#!/usr/bin/env bash
# The daemon's own share of a pull and of a load, without the isula client's JVM: the same image and archive as
# pull-vs-skopeo.sh and load-vs-skopeo.sh, sent to the daemon's API with curl (POST /images/create?fromImage=…,
# POST /images/load with the archive as body), alternated with the same skopeo copies. Also prints the daemon's CPU
# time per operation (user + system, from /proc). Each run starts from an empty store (the removal is not timed).
source "$(dirname "$0")/lib.sh"
cleanup() { stop_registry; stop_daemon; }
trap cleanup EXIT
start_daemon
start_registry
make_bench_image
skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout:latest" "docker://$REGISTRY/bench/img:latest"
skopeo copy -q "oci:$WORK/layout:latest" "docker-archive:$WORK/img.tar:bench/img:latest"
image=$REGISTRY/bench/img

api() { curl -sf --unix-socket "$SOCK" "$@"; }
remove() { api -X DELETE "http://d/images/$1?force=1" >/dev/null 2>&1 || true; }
# a progress stream that ends with an error object is a failure too
pull_api() { api -X POST "http://d/images/create?fromImage=$image&tag=latest" -o "$WORK/out" && ! grep -q '"error"' "$WORK/out"; }
load_api() { api -X POST -H 'Content-Type: application/x-tar' --data-binary "@$WORK/img.tar" http://d/images/load -o "$WORK/out" \
    && ! grep -q '"error"' "$WORK/out"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$DAEMON_PID/stat"; }
ticks_ms=$((1000 / $(getconf CLK_TCK)))

for op in pull load; do
  walls=() cpus=() skopeos=()
  remove "$image:latest"; remove bench/img:latest; ${op}_api || true # warm-up
  for ((i = 0; i < ${RUNS:-15}; i++)); do
    remove "$image:latest"; remove bench/img:latest
    c0=$(cpu_ticks); t0=$(date +%s%N)
    ${op}_api || echo "run $i of $op failed: $(head -c 300 "$WORK/out")" >&2
    t1=$(date +%s%N); c1=$(cpu_ticks)
    walls+=($(( (t1 - t0) / 1000 ))); cpus+=($(( (c1 - c0) * ticks_ms * 1000 )))
    rm -rf "$WORK/skopeo-out"; t0=$(date +%s%N)
    if [ $op = pull ]; then
      skopeo copy -q --src-tls-verify=false "docker://$image:latest" "oci:$WORK/skopeo-out:latest"
    else
      skopeo copy -q "docker-archive:$WORK/img.tar" "oci:$WORK/skopeo-out:latest"
    fi
    skopeos+=($(( ($(date +%s%N) - t0) / 1000 )))
  done
  wall=$(printf '%s\n' "${walls[@]}" | median); cpu=$(printf '%s\n' "${cpus[@]}" | median)
  theirs=$(printf '%s\n' "${skopeos[@]}" | median)
  echo "$op (daemon side): median ${wall} ms (daemon CPU ${cpu} ms), skopeo copy median ${theirs} ms, ratio $(ratio "$wall" "$theirs")"
done
