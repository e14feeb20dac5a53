#!/usr/bin/env bash
# isula run --rm --runtime lcr (external rootfs) vs bare lxc-execute of the same rootfs: serial medians, 20 in
# parallel, and the memory each running lcr container adds (conmon, lxc-execute as lxc's monitor, lxc's init, and
# the daemon's growth).
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
rootfs=$WORK/rootfs
"$ROOT/scripts/busybox-rootfs.sh" "$rootfs"
lxcpath=$WORK/lxc
# the bare side: the minimal lxc config of a container with its own namespaces and /proc, /sys, /dev
bare_config() {
  mkdir -p "$lxcpath/$1"
  cat >"$lxcpath/$1/config" <<CFG
lxc.rootfs.path = dir:$rootfs
lxc.uts.name = $1
lxc.net.0.type = empty
lxc.mount.auto = proc:mixed sys:ro
lxc.autodev = 1
lxc.console.path = none
lxc.environment = PATH=/bin
CFG
}
bare_config bare
for i in $(seq 1 20); do bare_config "bare-$i"; done
bare_run() { lxc-execute -P "$lxcpath" -n bare -- true; }
read -r ours bare < <(compare isula run --rm --runtime lcr --external-rootfs "$rootfs" none true -- bare_run)
echo "serial: isula run --rm --runtime lcr median ${ours} ms, lxc-execute median ${bare} ms, ratio $(ratio "$ours" "$bare") (target <= 3)"
# the client's own share: a JVM start and one request (isula version), timed in the same minutes
read -r ver bare2 < <(compare isula version -- bare_run)
echo "client alone: isula version median ${ver} ms; the rest of a run (daemon, conmon, lxc) ~$(awk -v a="$ours" -v b="$ver" 'BEGIN {printf "%.0f", a - b}') ms, $(ratio "$(awk -v a="$ours" -v b="$ver" 'BEGIN {print a - b}')" "$bare2")x lxc-execute"
# the daemon side without a JVM client: the same create, start, wait and delete through the API with curl, less
# curl's own starts (four pings)
api() { curl -sf --unix-socket "$SOCK" "$@"; }
run_body="{\"Image\":\"none\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Runtime\":\"lcr\",\"ExternalRootfs\":\"$rootfs\"}}"
api_run() {
  local id
  id=$(api -X POST -H 'Content-Type: application/json' -d "$run_body" http://d/containers/create | sed 's/.*"Id":"\([^"]*\)".*/\1/')
  api -X POST "http://d/containers/$id/start" >/dev/null && api -X POST "http://d/containers/$id/wait" >/dev/null \
    && api -X DELETE "http://d/containers/$id?force=1" >/dev/null
}
four_pings() { for _ in 1 2 3 4; do api http://d/_ping >/dev/null; done; }
read -r api_ms bare3 < <(compare api_run -- bare_run)
read -r ping_ms bare4 < <(compare four_pings -- bare_run)
daemon_ms=$(awk -v a="$api_ms" -v b="$ping_ms" 'BEGIN {printf "%.1f", a - b}')
echo "daemon side: create+start+wait+delete by curl ${api_ms} ms, four curl pings ${ping_ms} ms: ${daemon_ms} ms, $(ratio "$daemon_ms" "$bare3")x lxc-execute (${bare3} ms)"
# the same requests one by one (each with its curl start), and the daemon's CPU per run
phase_ms() { local t0=$1 t1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000 )); }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$(cat "$WORK/isulad.pid")/stat"; }
pc=(); ps_=(); pw=(); pd=()
ticks0=$(cpu_ticks)
for ((i = 0; i < ${RUNS:-15}; i++)); do
  t=$(date +%s%N)
  id=$(api -X POST -H 'Content-Type: application/json' -d "$run_body" http://d/containers/create | sed 's/.*"Id":"\([^"]*\)".*/\1/')
  pc+=($(phase_ms "$t")); t=$(date +%s%N)
  api -X POST "http://d/containers/$id/start" >/dev/null; ps_+=($(phase_ms "$t")); t=$(date +%s%N)
  api -X POST "http://d/containers/$id/wait" >/dev/null; pw+=($(phase_ms "$t")); t=$(date +%s%N)
  api -X DELETE "http://d/containers/$id?force=1" >/dev/null; pd+=($(phase_ms "$t"))
done
ticks1=$(cpu_ticks)
echo "daemon side by request (medians, each with one curl start): create $(printf '%s\n' "${pc[@]}" | median) start $(printf '%s\n' "${ps_[@]}" | median) wait $(printf '%s\n' "${pw[@]}" | median) delete $(printf '%s\n' "${pd[@]}" | median) ms; daemon CPU $(( (ticks1 - ticks0) * 1000 / $(getconf CLK_TCK) / ${RUNS:-15} )) ms per run"
# bare lxc-execute with the config lcr generates (default seccomp profile, capabilities, devices cgroup, masked
# paths): the same work inside lxc as an lcr container, without the engine
gen=$(isula run -d --runtime lcr --external-rootfs "$rootfs" none sleep 1000)
mkdir -p "$lxcpath/lcr-config"
cp "$WORK/state/lcr/.lxc/$gen/seccomp" "$lxcpath/lcr-config/seccomp"
sed -e "s#^lxc.seccomp.profile = .*#lxc.seccomp.profile = $lxcpath/lcr-config/seccomp#" \
    -e "/^lxc.cgroup.dir/s#$gen#lcr-config#" "$WORK/state/lcr/.lxc/$gen/config" >"$lxcpath/lcr-config/config"
gen_run() { lxc-execute -P "$lxcpath" -n lcr-config -- true; }
read -r gen_ms bare5 < <(compare gen_run -- bare_run)
echo "lxc-execute with lcr's generated config ${gen_ms} ms vs the minimal config ${bare5} ms; the daemon side is $(ratio "$daemon_ms" "$gen_ms")x the former"
isula rm -f "$gen" >/dev/null

parallel_ours() {
  local pids=() i
  for i in $(seq 1 20); do isula run --rm --runtime lcr --external-rootfs "$rootfs" none true & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}
parallel_bare() {
  local pids=() i
  for i in $(seq 1 20); do lxc-execute -P "$lxcpath" -n "bare-$i" -- true & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}
read -r p_ours p_bare < <(RUNS=${PAR_RUNS:-3} compare parallel_ours -- parallel_bare)
echo "parallel x20: isula ${p_ours} ms, lxc-execute ${p_bare} ms, ratio $(ratio "$p_ours" "$p_bare") (target <= 3)"
echo "containers left after the runs: $(isula ps -aq | wc -l)"

# memory: RSS and PSS (shared pages split between their users) of what each running container adds
pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup"; }
java_pid=$(cat "$WORK/isulad.pid")
sleep 2
idle=$(rss_kib "$java_pid")
count=${CONTAINERS:-10}
for i in $(seq 1 "$count"); do isula run -d --runtime lcr --external-rootfs "$rootfs" none sleep 1000 >/dev/null; done
sleep 2
after=$(rss_kib "$java_pid")
rss=0; pss=0; n=0
for pid in $(pgrep -f "conmon .*$WORK"); do
  rss=$((rss + $(rss_kib "$pid"))); pss=$((pss + $(pss_kib "$pid"))); n=$((n + 1))
done
for pid in $(pgrep -f "lxc-execute -P $WORK/state/lcr/.lxc"); do
  rss=$((rss + $(rss_kib "$pid"))); pss=$((pss + $(pss_kib "$pid"))); n=$((n + 1))
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    # lxc's init under lxc-execute (the container's sleep is the user's, not the runtime's)
    if [ "$(cat /proc/"$child"/comm)" != sleep ]; then
      rss=$((rss + $(rss_kib "$child"))); pss=$((pss + $(pss_kib "$child"))); n=$((n + 1))
    fi
  done
done
grown=$((after - idle))
echo "$count lcr containers: $n runtime processes (conmon, lxc-execute, lxc init); their RSS $((rss / 1024)) MiB, PSS $((pss / 1024)) MiB; daemon grew $((grown / 1024)) MiB"
echo "per container: RSS $(( (rss + grown) / count )) KiB, PSS $(( (pss + grown) / count )) KiB (target <= 3072 KiB)"
