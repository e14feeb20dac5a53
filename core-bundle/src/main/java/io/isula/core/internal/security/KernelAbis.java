package io.isula.core.internal.security;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.util.function.Predicate;

/**
 * Which secondary system-call ABIs of the host the kernel runs, for the architectures of a seccomp filter. Each
 * architecture a filter lists costs every container start (runc builds the rules once per architecture: ~15 ms
 * each here), and the rules of an ABI the kernel cannot run filter nothing: its calls fail with ENOSYS before any
 * rule is looked at. Only x32 is probed: most distribution kernels are built without it ({@code CONFIG_X86_X32_ABI}),
 * while 32-bit x86 programs run almost everywhere. The probe is one system call, made when a container first needs
 * the answer (not at boot: it loads JNA).
 */
public final class KernelAbis implements Predicate<String> {
    static final String X32 = "SCMP_ARCH_X32";
    private static final long X32_SYSCALL_BIT = 0x40000000L;
    private static final long GETPID = 39;
    private static final int ENOSYS = 38;

    private final boolean x86_64Host;
    private Boolean x32;

    public KernelAbis(String goArch) {
        this.x86_64Host = "amd64".equals(goArch);
    }

    /** Whether the kernel runs system calls of libseccomp architecture {@code scmpArch}, as far as probed. */
    @Override
    public boolean test(String scmpArch) {
        return !X32.equals(scmpArch) || x32();
    }

    private synchronized boolean x32() {
        if (x32 == null) {
            x32 = x86_64Host && probeX32();
        }
        return x32;
    }

    private interface Syscalls extends Library {
        long syscall(long number);
    }

    /** x32's getpid: the pid where the kernel runs x32, ENOSYS where it does not. */
    private static boolean probeX32() {
        try {
            Syscalls c = Native.load("c", Syscalls.class);
            return c.syscall(X32_SYSCALL_BIT | GETPID) != -1 || Native.getLastError() != ENOSYS;
        } catch (LinkageError e) {
            return true; // cannot tell: keep the architecture, as the profile says
        }
    }
}
