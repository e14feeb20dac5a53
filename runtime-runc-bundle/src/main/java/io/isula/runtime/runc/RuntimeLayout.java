package io.isula.runtime.runc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One runc-compatible runtime name and where its files live. Everything sits under
 * {@code <state>/<name>/} so that daemons with different state roots never share runc state.
 * The dot-prefixed names cannot clash with container ids, which start with a letter or digit.
 *
 * @param name        runtime name, e.g. {@code runc}
 * @param binary      the executable (absolute when it was found on PATH)
 * @param runtimeArgs daemon.json {@code runtimeArgs}: global options put before every call
 * @param dir         {@code <state>/<name>}
 * @param runcRoot    runc's {@code --root}
 * @param exitDir     conmon's {@code --exit-dir}: one file per container, named by id, holding the exit code
 * @param socketDir   conmon's {@code --socket-dir-path}
 */
record RuntimeLayout(String name, String binary, List<String> runtimeArgs, Path dir, Path runcRoot, Path exitDir,
                     Path socketDir) {

    /** sun_path holds 108 bytes with the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;
    /** conmon binds {@code <socketDir>/<uuid>/attach}; our uuid is the container id, 64 hex digits. */
    private static final int ATTACH_SUFFIX = "/".length() + 64 + "/attach".length();
    private static final Path SHORT_SOCKET_ROOT = Path.of("/run/isula-conmon");

    RuntimeLayout {
        runtimeArgs = List.copyOf(runtimeArgs);
    }

    static RuntimeLayout of(String name, String binary, List<String> runtimeArgs, Path stateRoot) {
        Path dir = stateRoot.toAbsolutePath().normalize().resolve(name);
        return new RuntimeLayout(name, binary, runtimeArgs == null ? List.of() : runtimeArgs, dir,
                dir.resolve(".runc-root"), dir.resolve(".exits"), socketDir(dir));
    }

    /** runc's global options: the configured runtime args, then our private state root. */
    List<String> globalArgs() {
        List<String> args = new ArrayList<>(runtimeArgs);
        args.add("--root");
        args.add(runcRoot.toString());
        return args;
    }

    /**
     * runc's own state folder of container {@code id}, when this runtime is runc itself keeping its state under our
     * {@code --root} with cgroupfs (a runtime that merely takes runc's command line may keep its state otherwise):
     * the daemon then does some of runc's work on it directly ({@link ExecFifo}, {@link StoppedRuncState}).
     */
    Optional<Path> ownRuncState(String id) {
        boolean isRunc = Path.of(binary).getFileName().toString().equals("runc");
        boolean plain = runtimeArgs.stream().noneMatch(a -> a.equals("--root") || a.startsWith("--root=")
                || a.startsWith("--systemd-cgroup"));
        return isRunc && plain ? Optional.of(runcRoot.resolve(id)) : Optional.empty();
    }

    /**
     * {@code <dir>/.sock} when attach socket paths under it fit in sun_path, else a short folder in /run named by a
     * hash of {@code dir}, so that daemons with different state roots still never share one.
     */
    static Path socketDir(Path dir) {
        Path preferred = dir.resolve(".sock");
        if (preferred.toString().getBytes(StandardCharsets.UTF_8).length + ATTACH_SUFFIX <= MAX_SOCKET_PATH) {
            return preferred;
        }
        return SHORT_SOCKET_ROOT.resolve(hash(dir.toString()));
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
