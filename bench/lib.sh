# Shared helpers for the bench scripts: a private daemon, timing, medians.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=${BENCH_DIST:-$ROOT/distribution/target/isulad}
ISULA=$DIST/bin/isula

# median_ms CMD...: runs CMD $RUNS times (after one warm-up), prints the median wall time in ms
median_ms() {
  local runs=${RUNS:-15} t0 t1 i
  "$@" >/dev/null 2>&1 || true
  local times=()
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    if ! "$@" >/dev/null 2>"${WORK:-/tmp}/bench-err"; then
      echo "run $i of '$*' failed: $(cat "${WORK:-/tmp}/bench-err")" >&2
      FAILURES=$((${FAILURES:-0} + 1))
    fi
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f\n", m/1000}'
}

# compare A_CMD -- B_CMD: runs both alternately $RUNS times (after a warm-up of each), so that machine noise
# hits both alike; prints "medianA medianB" in ms
compare() {
  local a=() b=() sep i t0 t1 ta=() tb=()
  while [ "$1" != "--" ]; do a+=("$1"); shift; done; shift; b=("$@")
  "${a[@]}" >/dev/null 2>&1 || true; "${b[@]}" >/dev/null 2>&1 || true
  for ((i = 0; i < ${RUNS:-15}; i++)); do
    t0=$(date +%s%N); "${a[@]}" >/dev/null 2>&1 || echo "run $i of '${a[*]}' failed" >&2; t1=$(date +%s%N)
    ta+=($(( (t1 - t0) / 1000 )))
    t0=$(date +%s%N); "${b[@]}" >/dev/null 2>&1 || echo "run $i of '${b[*]}' failed" >&2; t1=$(date +%s%N)
    tb+=($(( (t1 - t0) / 1000 )))
  done
  echo "$(printf '%s\n' "${ta[@]}" | median) $(printf '%s\n' "${tb[@]}" | median)"
}

median() {
  sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f\n", m/1000}'
}

# wall_ms CMD...: one run, wall time in ms
wall_ms() {
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

start_daemon() {
  WORK=$(mktemp -d /tmp/isula-bench-XXXXXX)
  SOCK=$WORK/s.sock
  mkdir -p "$WORK/graph" "$WORK/state"
  "$DIST/bin/isulad" -H "unix://$SOCK" -g "$WORK/graph" -S "$WORK/state" -p "$WORK/isulad.pid" "$@" >"$WORK/isulad.log" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 1 200); do
    "$ISULA" -H "unix://$SOCK" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "daemon did not start; log:" >&2; cat "$WORK/isulad.log" >&2; return 1
}

stop_daemon() {
  if [ -n "${DAEMON_PID:-}" ]; then
    for id in $("$ISULA" -H "unix://$SOCK" ps -aq 2>/dev/null); do "$ISULA" -H "unix://$SOCK" rm -f "$id" >/dev/null 2>&1 || true; done
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
  fi
  [ -n "${WORK:-}" ] && rm -rf "$WORK"
}

isula() { "$ISULA" -H "unix://$SOCK" "$@"; }

# make_runc_bundle DIR ROOTFS: an OCI bundle for bare `runc run` (no tty, runc's default spec)
make_runc_bundle() {
  local dir=$1 rootfs=$2
  mkdir -p "$dir"
  (cd "$dir" && runc spec --rootless=false >/dev/null 2>&1 || runc spec)
  sed -i -e "s#\"terminal\": true#\"terminal\": false#" -e "s#\"path\": \"rootfs\"#\"path\": \"$rootfs\"#" \
      -e 's#"sh"#"true"#' "$dir/config.json"
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# make_oci_layout DIR ROOTFS [RANDOM_MIB...]: an OCI image layout (ref "latest") whose first layer is ROOTFS and
# each further layer one file of RANDOM_MIB MiB of incompressible bytes; gzip layers, config with Cmd ["sh"]
make_oci_layout() {
  local dir=$1 rootfs=$2; shift 2
  local blobs=$dir/blobs/sha256 tmp=$dir/.tmp layers="" diffs="" i=0
  mkdir -p "$blobs" "$tmp"
  add_layer() {
    local tarfile=$1 diff gz size
    diff=$(sha256sum "$tarfile" | cut -d' ' -f1)
    gzip -n -c "$tarfile" >"$tmp/layer.gz"
    gz=$(sha256sum "$tmp/layer.gz" | cut -d' ' -f1); size=$(stat -c %s "$tmp/layer.gz")
    mv "$tmp/layer.gz" "$blobs/$gz"
    layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$gz\",\"size\":$size}"
    diffs="$diffs${diffs:+,}\"sha256:$diff\""
  }
  tar --numeric-owner -C "$rootfs" -cf "$tmp/base.tar" .
  add_layer "$tmp/base.tar"
  for mib in "$@"; do
    i=$((i + 1)); mkdir -p "$tmp/l$i/data"
    head -c "$((mib * 1024 * 1024))" /dev/urandom >"$tmp/l$i/data/blob$i"
    tar --numeric-owner -C "$tmp/l$i" -cf "$tmp/l$i.tar" .
    add_layer "$tmp/l$i.tar"
  done
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"],"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$diffs" >"$tmp/config.json"
  local cfg cfgsize man mansize
  cfg=$(sha256sum "$tmp/config.json" | cut -d' ' -f1); cfgsize=$(stat -c %s "$tmp/config.json"); mv "$tmp/config.json" "$blobs/$cfg"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' "$cfg" "$cfgsize" "$layers" >"$tmp/manifest.json"
  man=$(sha256sum "$tmp/manifest.json" | cut -d' ' -f1); mansize=$(stat -c %s "$tmp/manifest.json"); mv "$tmp/manifest.json" "$blobs/$man"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' "$man" "$mansize" >"$dir/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  rm -rf "$tmp"
}

# make_bench_image: the pull and load benchmarks' image as an OCI layout in $WORK/layout (the busybox rootfs and
# two layers of 4 MiB of random bytes, ~10 MiB of gzip blobs)
make_bench_image() {
  "$ROOT/scripts/busybox-rootfs.sh" "$WORK/rootfs"
  make_oci_layout "$WORK/layout" "$WORK/rootfs" 4 4
}

# start_registry: Debian's docker-registry on a free 127.0.0.1 port (plain HTTP), storage under $WORK; sets REGISTRY
start_registry() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p "$WORK/registry"
  cat >"$WORK/registry/config.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $WORK/registry/data}}
http: {addr: 127.0.0.1:$port}
YML
  docker-registry serve "$WORK/registry/config.yml" >"$WORK/registry/log" 2>&1 &
  REGISTRY_PID=$!
  REGISTRY=127.0.0.1:$port
  for _ in $(seq 1 100); do curl -sf "http://$REGISTRY/v2/" >/dev/null && return 0; sleep 0.1; done
  echo "registry did not start: $(cat "$WORK/registry/log")" >&2; return 1
}

stop_registry() {
  [ -n "${REGISTRY_PID:-}" ] && { kill "$REGISTRY_PID" 2>/dev/null || true; wait "$REGISTRY_PID" 2>/dev/null || true; }
}

# timed_pair PREP_A A_CMD PREP_B B_CMD: $RUNS alternating runs; the PREP steps (cleanup) are not timed.
# Prints "medianA medianB" in ms.
timed_pair() {
  local prep_a=$1 run_a=$2 prep_b=$3 run_b=$4 i t0 t1 ta=() tb=()
  $prep_a; $run_a >/dev/null 2>&1 || true; $prep_b; $run_b >/dev/null 2>&1 || true
  for ((i = 0; i < ${RUNS:-9}; i++)); do
    $prep_a
    t0=$(date +%s%N); $run_a >/dev/null 2>"$WORK/a-err" || echo "run $i of $run_a failed: $(tail -3 "$WORK/a-err")" >&2; t1=$(date +%s%N)
    ta+=($(( (t1 - t0) / 1000 )))
    $prep_b
    t0=$(date +%s%N); $run_b >/dev/null 2>"$WORK/b-err" || echo "run $i of $run_b failed: $(tail -3 "$WORK/b-err")" >&2; t1=$(date +%s%N)
    tb+=($(( (t1 - t0) / 1000 )))
  done
  echo "$(printf '%s\n' "${ta[@]}" | median) $(printf '%s\n' "${tb[@]}" | median)"
}
