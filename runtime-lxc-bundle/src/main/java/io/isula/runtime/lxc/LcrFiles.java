package io.isula.runtime.lxc;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.util.FileTrees;
import io.isula.core.util.conmon.ExecFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** The files of one lcr container: lxc's dir, conmon's files beside the handle's state and bundle dirs. */
record LcrFiles(String id, Path lxcDir, Path stateDir, Path bundleDir, Path exitFile, Path socketLink) {
    private static final List<String> CONMON_BUNDLE_FILES = List.of("attach", "ctl", "winsz", "oom");

    static LcrFiles of(ContainerHandle c, LcrLayout layout) {
        return new LcrFiles(c.id(), layout.lxcPath().resolve(c.id()), c.stateDir().toAbsolutePath(),
                c.bundleDir().toAbsolutePath(), layout.exitDir().resolve(c.id()), layout.socketDir().resolve(c.id()));
    }

    Path config() { return lxcDir.resolve("config"); }

    /** The command line, as a shell {@code set --} line the runtime script sources. */
    Path argv() { return lxcDir.resolve("argv"); }

    Path seccomp() { return lxcDir.resolve("seccomp"); }

    /** The FIFO that holds lxc-execute back until start. */
    Path startFifo() { return lxcDir.resolve("start"); }

    /** The FIFO on which the runtime script names conmon's console socket (containers with a terminal). */
    Path consoleFifo() { return lxcDir.resolve("console"); }

    Path lxcLog() { return lxcDir.resolve("lxc.log"); }

    /** lxc-execute's pid: the process conmon waits for. */
    Path pidFile() { return stateDir.resolve("pidfile"); }

    Path conmonPidFile() { return stateDir.resolve("conmon.pid"); }

    Path conmonLog() { return stateDir.resolve("conmon.log"); }

    Path syncFifo() { return stateDir.resolve("sync"); }

    OptionalInt monitoredPid() { return pid(pidFile()); }

    OptionalInt conmonPid() { return pid(conmonPidFile()); }

    void removeAll() throws IOException {
        Files.deleteIfExists(socketLink);
        Files.deleteIfExists(exitFile);
        for (String name : CONMON_BUNDLE_FILES) {
            Files.deleteIfExists(bundleDir.resolve(name));
        }
        FileTrees.delete(lxcDir);
        ExecFiles.removeAll(stateDir, socketLink.getParent());
        FileTrees.delete(stateDir);
    }

    static OptionalInt pid(Path file) {
        try {
            int pid = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
