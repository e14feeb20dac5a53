# conmon's "runtime" for lcr containers, run as: sh lcr-runtime.sh LXCPATH create --bundle B --pid-file P ID
# create puts lxc-execute in the background, held until the engine writes "start" to the container's start FIFO; its
# pid goes to P, so conmon (a subreaper) waits for lxc-execute, whose exit code is the command's, and keeps its stdio.
# With a terminal (conmon -t passes --console-socket S), the engine made it: its slave, named in ISULA_LCR_TTY, becomes
# lxc-execute's stdio, and S goes to the engine on the container's console FIFO, for the engine to send conmon the
# master before this script ends.
lxcpath=$1
shift
if [ "$1" != create ]; then
  echo "lcr: conmon asked for '$1', which lcr does not do" >&2
  exit 1
fi
shift
pidfile=
console=
id=
while [ $# -gt 0 ]; do
  case "$1" in
    --pid-file) pidfile=$2; shift 2 ;;
    --console-socket) console=$2; shift 2 ;;
    --bundle) shift 2 ;;
    --*) shift ;;
    *) id=$1; shift ;;
  esac
done
dir=$lxcpath/$id
if [ -z "$pidfile" ] || [ ! -f "$dir/argv" ] || [ ! -p "$dir/start" ]; then
  echo "lcr: container $id is not prepared in $lxcpath" >&2
  exit 1
fi
if [ -n "$console" ]; then
  if [ -z "$ISULA_LCR_TTY" ] || [ ! -p "$dir/console" ]; then
    echo "lcr: container $id has no terminal prepared" >&2
    exit 1
  fi
  printf '%s\n' "$console" 5<>"$dir/console" >&5 || exit 1
  # conmon stops listening once this script ends, and removes the socket once it accepted the engine's connection
  waited=0
  while [ -S "$console" ]; do
    [ "$waited" -lt 1000 ] || { echo "lcr: the engine sent no terminal for container $id" >&2; exit 1; }
    sleep 0.01
    waited=$((waited + 1))
  done
fi
# the start FIFO is open (read-write: no waiting for a writer) before the pid is reported, so the engine's first
# write finds its reader; an asynchronous list reads /dev/null: the real stdin (conmon's pipe with -i) goes on fd 3
exec 3<&0 4<>"$dir/start"
(
  if [ -n "$console" ]; then
    exec 0<>"$ISULA_LCR_TTY" 1>&0 2>&0 3<&-
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
