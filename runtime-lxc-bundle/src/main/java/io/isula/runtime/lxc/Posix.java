package io.isula.runtime.lxc;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** kill(2), which the JDK offers only for SIGTERM and SIGKILL, and eventfd(2) for cgroup v1 OOM notifications. */
interface Posix extends Library {
    int EFD_CLOEXEC = 0x80000;

    Posix C = Native.load("c", Posix.class);

    int kill(int pid, int signal);

    int eventfd(int initval, int flags);
}
