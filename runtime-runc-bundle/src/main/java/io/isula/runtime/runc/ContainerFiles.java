package io.isula.runtime.runc;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.util.FileTrees;
import io.isula.core.util.conmon.ExecFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The files conmon and runc keep for one container.
 *
 * @param stateDir   the handle's state dir: pidfile, conmon.pid, conmon.log
 * @param bundleDir  the OCI bundle; conmon also puts its {@code ctl} and {@code winsz} FIFOs and {@code attach} socket here
 * @param exitFile   {@code <exitDir>/<id>}
 * @param socketLink {@code <socketDir>/<id>}: conmon's symlink to the bundle, which it never removes
 */
record ContainerFiles(Path stateDir, Path bundleDir, Path exitFile, Path socketLink) {
    private static final List<String> CONMON_BUNDLE_FILES = List.of("attach", "ctl", "winsz", "oom");

    static ContainerFiles of(ContainerHandle c, RuntimeLayout rt) {
        return new ContainerFiles(c.stateDir().toAbsolutePath(), c.bundleDir().toAbsolutePath(),
                rt.exitDir().resolve(c.id()), rt.socketDir().resolve(c.id()));
    }

    Path pidFile() { return stateDir.resolve("pidfile"); }

    Path conmonPidFile() { return stateDir.resolve("conmon.pid"); }

    /** conmon's sync pipe while it starts the container ({@link io.isula.core.util.conmon.SyncFifo}). */
    Path syncFifo() { return stateDir.resolve("sync"); }

    /** conmon's own stderr (warnings, early failures). */
    Path conmonLog() { return stateDir.resolve("conmon.log"); }

    /** runc's own log of the calls conmon makes (create), JSON lines: the error when conmon could not relay it. */
    Path runcLog() { return stateDir.resolve("runc.log"); }

    OptionalInt initPid() { return readPid(pidFile()); }

    OptionalInt conmonPid() { return readPid(conmonPidFile()); }

    /** Removes everything but the bundle's own files; what is already gone is fine. */
    void removeLeftovers() throws IOException {
        Files.deleteIfExists(socketLink);
        Files.deleteIfExists(exitFile);
        for (String name : CONMON_BUNDLE_FILES) {
            Files.deleteIfExists(bundleDir.resolve(name));
        }
        ExecFiles.removeAll(stateDir, socketLink.getParent());
        FileTrees.delete(stateDir);
    }

    static OptionalInt readPid(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
            int pid = Integer.parseInt(s);
            return pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
