# conmon's "runtime" for lcr containers, run as one of
#   sh lcr-runtime.sh LXCPATH create --bundle B --pid-file P ID
#   sh lcr-runtime.sh LXCPATH exec --pid-file P --process SPEC --detach [--console-socket S] ID
# create puts lxc-execute in the background, held until the engine writes "start" to the container's start FIFO; its
# pid goes to P, so conmon (a subreaper) waits for lxc-execute, whose exit code is the command's, and keeps its stdio.
# exec puts the lxc-attach command line the engine wrote beside SPEC (a file of shell words: no JSON is read here) in
# the background the same way: conmon waits for lxc-attach, whose exit code is the process's.
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
if [ "$verb" = exec ]; then
  dir=${process%/*}
  fail() {
    echo "lcr: $*" >&2
    [ -d "$dir" ] && echo "lcr: $*" > "$dir/runtime.err"
    exit 1
  }
  if [ -z "$pidfile" ] || [ -z "$process" ] || [ ! -f "$dir/argv" ]; then
    fail "exec in container $id has no command line beside '$process'"
  fi
  # a terminal needs the pty master sent to conmon's console socket, which is not done yet
  [ -n "$console" ] && fail "exec in container $id asked for a terminal (console socket $console): not supported"
  # an asynchronous list reads /dev/null: the real stdin (conmon's pipe with -i) goes on fd 3
  exec 3<&0
  . "$dir/argv"
  "$@" 0<&3 3<&- &
  echo $! > "$pidfile"
  exit 0
fi
dir=$lxcpath/$id
if [ -z "$pidfile" ] || [ ! -f "$dir/argv" ] || [ ! -p "$dir/start" ]; then
  echo "lcr: container $id is not prepared in $lxcpath" >&2
  exit 1
fi
# the start FIFO is open (read-write: no waiting for a writer) before the pid is reported, so the engine's first
# write finds its reader; an asynchronous list reads /dev/null: the real stdin (conmon's pipe with -i) goes on fd 3
exec 3<&0 4<>"$dir/start"
(
  exec 0<&3 3<&-
  IFS= read -r go <&4 || exit 125
  exec 4<&-
  [ "$go" = start ] || exit 125
  . "$dir/argv"
  exec "$lxc_execute" -P "$lxcpath" -n "$id" -o "$dir/lxc.log" -l ERROR -- "$@"
) &
echo $! > "$pidfile"
