# conmon's "runtime" for lcr containers, run as: sh lcr-runtime.sh LXCPATH create --bundle B --pid-file P ID
# create puts lxc-execute in the background, held until the engine writes "start" to the container's start FIFO; its
# pid goes to P, so conmon (a subreaper) waits for lxc-execute, whose exit code is the command's, and keeps its stdio.
lxcpath=$1
shift
if [ "$1" != create ]; then
  echo "lcr: conmon asked for '$1', which lcr does not do" >&2
  exit 1
fi
shift
pidfile=
id=
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle|--console-socket|--pid-file) [ "$1" = --pid-file ] && pidfile=$2; shift 2 ;;
    --*) shift ;;
    *) id=$1; shift ;;
  esac
done
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
