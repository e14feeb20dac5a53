package io.isula.cli.terminal;

import io.isula.cli.ClientLibrary;

/**
 * Whether the client's output goes to a terminal. {@code isatty(1)} through the client's library: the JDK's own
 * answer, {@code System.console()}, searches every module for console providers on JDK 22 and later, which costs a
 * short command 20–60 ms when its output is redirected.
 */
public final class Tty {
    private static final int STDOUT = 1;

    private Tty() {
    }

    public static boolean stdout() {
        if (ClientLibrary.load()) {
            return isatty0(STDOUT);
        }
        return System.console() != null;
    }

    private static native boolean isatty0(int fd);
}
