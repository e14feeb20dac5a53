package io.isula.runtime.lxc;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** kill(2), which the JDK offers only for SIGTERM and SIGKILL. */
interface Posix extends Library {
    Posix C = Native.load("c", Posix.class);

    int kill(int pid, int signal);
}
