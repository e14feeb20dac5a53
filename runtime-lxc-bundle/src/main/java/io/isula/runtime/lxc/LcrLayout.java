package io.isula.runtime.lxc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the lcr runtime keeps its files, all under {@code <state>/lcr/} so that each daemon has its own lxc path:
 * lxc's container dirs ({@code .lxc/<id>/}: config, argv, seccomp policy, start FIFO, lxc log), conmon's exit dir and
 * attach-socket dir, and the script conmon runs as its runtime.
 */
record LcrLayout(Path dir, Path lxcPath, Path exitDir, Path socketDir, Path runtimeScript) {
    /** sun_path holds 107 bytes and a NUL; conmon binds {@code <socketDir>/<64 hex id>/attach}. */
    private static final int SOCKET_BUDGET = 107 - "/".length() - 64 - "/attach".length();

    static LcrLayout under(Path stateRoot) {
        Path dir = stateRoot.toAbsolutePath().normalize().resolve(LxcRuntimeProvider.NAME);
        Path sockets = dir.resolve(".sock");
        if (sockets.toString().getBytes(StandardCharsets.UTF_8).length > SOCKET_BUDGET) {
            sockets = Path.of("/run/isula-lcr", digest(dir.toString()));
        }
        return new LcrLayout(dir, dir.resolve(".lxc"), dir.resolve(".exits"), sockets, dir.resolve(".lcr-runtime.sh"));
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
