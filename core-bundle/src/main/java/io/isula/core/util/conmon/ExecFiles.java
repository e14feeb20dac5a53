package io.isula.core.util.conmon;

import io.isula.core.api.EngineException;

import io.isula.core.util.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one exec session, in {@code <container state dir>/exec/<exec id>/}: conmon's "bundle" for it (its attach
 * socket and ctl FIFO land here), the process spec, the sync and start FIFOs and the pid files. A runtime keeps its
 * own files (its log, an argv file) beside them.
 *
 * @param socketLink {@code <socketDir>/<exec id>}: conmon's short link to {@code dir}, through which the attach socket
 *                   path fits in sun_path
 */
public record ExecFiles(Path dir, Path socketLink) {
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** The files of exec {@code execId}; an id that is not a plain file name is refused. */
    public static ExecFiles of(Path containerStateDir, Path socketDir, String execId) {
        if (execId == null || !VALID_ID.matcher(execId).matches()) {
            throw EngineException.invalid("invalid exec id '" + execId + "'");
        }
        return new ExecFiles(containerStateDir.toAbsolutePath().resolve("exec").resolve(execId),
                socketDir.toAbsolutePath().resolve(execId));
    }

    /**
     * Removes the files of every exec of a container, with their links in {@code socketDir}: those of execs whose
     * conmon outlived a daemon that would have removed them.
     */
    public static void removeAll(Path containerStateDir, Path socketDir) throws IOException {
        Path execs = containerStateDir.toAbsolutePath().resolve("exec");
        if (!Files.isDirectory(execs, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(execs)) {
            dirs = s.toList();
        }
        for (Path dir : dirs) {
            String id = dir.getFileName().toString();
            Path link = socketDir.toAbsolutePath().resolve(id);
            if (VALID_ID.matcher(id).matches() && Files.isSymbolicLink(link)
                    && Files.readSymbolicLink(link).normalize().equals(dir.normalize())) {
                Files.deleteIfExists(link);
            }
        }
        FileTrees.delete(execs);
    }

    public Path processJson() { return dir.resolve("process.json"); }

    public Path sync() { return dir.resolve("sync"); }

    public Path start() { return dir.resolve("start"); }

    public Path pidFile() { return dir.resolve("pid"); }

    public Path conmonPidFile() { return dir.resolve("conmon.pid"); }

    public Path conmonLog() { return dir.resolve("conmon.log"); }

    public Path ctl() { return dir.resolve("ctl"); }

    /** The FIFO on which a runtime names conmon's console socket for a terminal the engine made. */
    public Path console() { return dir.resolve("console"); }

    public Path attachSocket() { return socketLink.resolve("attach"); }
}
