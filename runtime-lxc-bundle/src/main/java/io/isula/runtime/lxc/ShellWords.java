package io.isula.runtime.lxc;

import java.util.List;

/** Single-quoted shell words: the runtime script sources the argv file, so quoting must be exact. */
final class ShellWords {
    private ShellWords() {
    }

    static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an argument holds a NUL byte");
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code set -- 'a' 'b' …}. */
    static String setArgs(List<String> argv) {
        StringBuilder sb = new StringBuilder("set --");
        for (String a : argv) {
            sb.append(' ').append(quote(a));
        }
        return sb.append('\n').toString();
    }
}
