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
java_bin=$("$DIST/bin/isula" --print-java 2>/dev/null || command -v java)
"$(dirname "$java_bin")/javac" -d "$work" "$work/Hello.java" 2>/dev/null || javac -d "$work" "$work/Hello.java"
flags=$("$DIST/bin/isula" --print-jvm-flags 2>/dev/null || true)
trivial() { "$java_bin" $flags -cp "$work" Hello; }
read -r ours base < <(compare isula version -- trivial)
echo "isula version median ${ours} ms, trivial java main median ${base} ms (java: $java_bin, flags: $flags), ratio $(ratio "$ours" "$base") (target <= 1.5)"
