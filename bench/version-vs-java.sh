#!/usr/bin/env bash
# isula version (a full client round trip) vs a trivial Java main started with the same JVM and flags.
source "$(dirname "$0")/lib.sh"
trap stop_daemon EXIT
start_daemon
work=$WORK/trivial
mkdir -p "$work"
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
read -r java_bin flags < <(ISULA_PRINT_JVM=1 "$DIST/bin/isula")
javac --release 17 -d "$work" "$work/Hello.java"
# shellcheck disable=SC2086
trivial() { "$java_bin" $flags -cp "$work" Hello; }
read -r ours base < <(compare isula version -- trivial)
echo "isula version median ${ours} ms, trivial java main median ${base} ms (java: $java_bin, flags: $flags), ratio $(ratio "$ours" "$base") (target <= 1.5)"
