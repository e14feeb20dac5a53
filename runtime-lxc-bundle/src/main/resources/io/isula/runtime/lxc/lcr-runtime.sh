# conmon's "runtime" for lcr containers, run as one of
#   sh lcr-runtime.sh LXCPATH create --bundle B --pid-file P [--console-socket S] ID
#   sh lcr-runtime.sh LXCPATH exec --pid-file P --process SPEC --detach [--console-socket S] ID
# create puts lxc-execute in the background, held until the engine writes "start" to the container's start FIFO; its
# pid goes to P, so conmon (a subreaper) waits for lxc-execute, whose exit code is the command's, and keeps its stdio.
# exec puts the lxc-attach command line the engine wrote beside SPEC (a file of shell words: no JSON is read here) in
# the background the same way: conmon waits for lxc-attach, whose exit code is the process's.
# With a terminal (conmon -t passes --console-socket S), the engine made it: its slave, named in ISULA_TTY, becomes
# the process's stdio, and S goes to the engine on the FIFO "console" beside the command line, for the engine to send
# conmon the master before this script ends.
lxcpath=$1
shift
verb=$1
case "$verb" in
  create|exec) shift ;;
  *) echo "lcr: conmon asked for '$verb', which lcr does not do" >&2; exit 1 ;;
esac
pidfile=
process=
console=
id=
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) shift 2 ;;
    --pid-file) pidfile=$2; shift 2 ;;
    --process) process=$2; shift 2 ;;
    --console-socket) console=$2; shift 2 ;;
    --*) shift ;;
    *) id=$1; shift ;;
  esac
done
fail() {
  echo "lcr: $*" >&2
  [ "$verb" = exec ] && [ -d "$dir" ] && echo "lcr: $*" > "$dir/runtime.err"
  exit 1
}
# names conmon's console socket to the engine; conmon stops listening once this script ends, and removes the socket
# once it accepted the engine's connection
hand_over_terminal() {
  [ -n "$ISULA_TTY" ] && [ -p "$dir/console" ] || fail "$verb in container $id has no terminal prepared"
  printf '%s\n' "$console" 5<>"$dir/console" >&5 || fail "cannot name the console socket to the engine"
  waited=0
  while [ -S "$console" ]; do
    [ "$waited" -lt 1000 ] || fail "the engine sent no terminal for $verb in container $id"
    sleep 0.01
    waited=$((waited + 1))
  done
}
if [ "$verb" = exec ]; then
  dir=${process%/*}
  if [ -z "$pidfile" ] || [ -z "$process" ] || [ ! -f "$dir/argv" ]; then
    fail "exec in container $id has no command line beside '$process'"
  fi
  [ -z "$console" ] || hand_over_terminal
  # an asynchronous list reads /dev/null: the real stdin (conmon's pipe with -i) goes on fd 3
  exec 3<&0
  . "$dir/argv"
  if [ -n "$console" ]; then
    # lxc-attach relays its own terminal in the container only from its controlling terminal; a background job is
    # no process group leader, so setsid does not fork and the pid stays lxc-attach's
    setsid -c "$@" 0<>"$ISULA_TTY" 1>&0 2>&0 3<&- &
  else
    "$@" 0<&3 3<&- &
  fi
  echo $! > "$pidfile"
  exit 0
fi
dir=$lxcpath/$id
if [ -z "$pidfile" ] || [ ! -f "$dir/argv" ] || [ ! -p "$dir/start" ]; then
  fail "container $id is not prepared in $lxcpath"
fi
[ -z "$console" ] || hand_over_terminal
# the start FIFO is open (read-write: no waiting for a writer) before the pid is reported, so the engine's first
# write finds its reader; an asynchronous list reads /dev/null: the real stdin (conmon's pipe with -i) goes on fd 3
exec 3<&0 4<>"$dir/start"
(
  if [ -n "$console" ]; then
    exec 0<>"$ISULA_TTY" 1>&0 2>&0 3<&-
  else
    exec 0<&3 3<&-
  fi
  IFS= read -r go <&4 || exit 125
  exec 4<&-
  [ "$go" = start ] || exit 125
  . "$dir/argv"
  exec "$lxc_execute" -P "$lxcpath" -n "$id" -o "$dir/lxc.log" -l ERROR -- "$@"
) &
echo $! > "$pidfile"
