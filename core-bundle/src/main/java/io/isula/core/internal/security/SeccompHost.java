package io.isula.core.internal.security;

import java.util.function.Predicate;

/**
 * What a seccomp profile's conditions and architectures depend on: the host's Go architecture ("amd64"), its kernel
 * version ("6.1.0"), and which libseccomp architectures its kernel runs ({@link KernelAbis}).
 */
public record SeccompHost(String goArch, String kernel, Predicate<String> runnableArchitectures) {
    /** This host: its architecture and kernel, x32 as probed. */
    public static SeccompHost of(String kernel) {
        String arch = SeccompProfile.hostArch();
        return new SeccompHost(arch, kernel, new KernelAbis(arch));
    }

    /** A host of {@code goArch} running {@code kernel} and every sub-architecture a profile names. */
    public static SeccompHost running(String goArch, String kernel) {
        return new SeccompHost(goArch, kernel, scmpArch -> true);
    }
}
