package io.isula.core.util.conmon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * conmon's sync pipe (fd 3, {@code _OCI_SYNCPIPE}) as a FIFO the daemon reads. The JDK cannot hand a child an extra
 * descriptor, so a shell opens the FIFO as fd 3 and then becomes conmon ({@link #shellCommand}); the daemon opens the
 * read end first, so the shell's open never waits. ProcessBuilder closes every other descriptor, so conmon holds none
 * of the JVM's files or sockets.
 */
public final class SyncFifo implements AutoCloseable {
    private static final String OPEN_AND_EXEC = "exec \"$@\" 3>\"$0\"";
    /** Variables that would make conmon or the runtime talk to the daemon's own service manager or pipes. */
    private static final List<String> UNSAFE_ENV = List.of("NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
            "_OCI_STARTPIPE");

    private final Path path;
    private final FifoReader reader;

    private SyncFifo(Path path, FifoReader reader) {
        this.path = path;
        this.reader = reader;
    }

    /** Makes the FIFO at {@code path} (replacing a leftover) and opens its read end. */
    public static SyncFifo open(Path path) throws IOException {
        Files.deleteIfExists(path);
        Fifos.make(path);
        try {
            return new SyncFifo(path, FifoReader.open(path));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** {@code /bin/sh -c 'exec "$@" 3>"$0"' FIFO CONMON ARGS…}: conmon with this FIFO as its sync pipe. */
    List<String> shellCommand(List<String> conmonCommand) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", OPEN_AND_EXEC, path.toString()));
        cmd.addAll(conmonCommand);
        return cmd;
    }

    /**
     * The process that starts conmon ({@code conmonCommand}) with this FIFO as its sync pipe: in {@code workDir}
     * (conmon drops files such as "oom" in it), stdin from /dev/null, stdout discarded, stderr appended to
     * {@code conmonLog}, without the service manager's variables. The caller may add to its environment.
     */
    public ProcessBuilder conmon(List<String> conmonCommand, Path workDir, Path conmonLog) {
        ProcessBuilder pb = new ProcessBuilder(shellCommand(conmonCommand)).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(conmonLog.toFile()));
        Map<String, String> env = pb.environment();
        UNSAFE_ENV.forEach(env::remove);
        env.put("_OCI_SYNCPIPE", "3");
        return pb;
    }

    /**
     * conmon's first report, waited for until {@code deadline} (a {@link System#nanoTime()}); with a terminal from
     * the engine, conmon gets it first ({@link EngineTerminal#handOver}). Null when conmon closed the pipe without a
     * word or the deadline passed: {@link #closedByConmon} tells which.
     */
    public String firstLine(EngineTerminal terminal, long deadline) throws IOException {
        return firstLine(reader, terminal, deadline);
    }

    /** {@link #firstLine(EngineTerminal, long)} on a sync FIFO opened elsewhere. */
    public static String firstLine(FifoReader sync, EngineTerminal terminal, long deadline) throws IOException {
        String line = terminal == null ? null : terminal.handOver(sync, deadline);
        if (line == null) {
            line = sync.readLine(Math.max(0, (deadline - System.nanoTime()) / 1_000_000L));
        }
        return line;
    }

    /** True once every writer closed the FIFO: conmon ended, or never opened it. */
    public boolean closedByConmon() {
        return reader.atEof();
    }

    /** Closes the read end and removes the FIFO. */
    @Override
    public void close() throws IOException {
        reader.close();
        Files.deleteIfExists(path);
    }
}
