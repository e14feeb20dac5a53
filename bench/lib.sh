# Shared helpers for the bench scripts: a private daemon, timing, medians.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=$ROOT/distribution/target/isulad
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
