package io.isula.core.util.conmon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A terminal the engine makes for a runtime that cannot make one itself (lcr's runtime script), handed to conmon as
 * runc would hand it: the runtime finds the slave's path in {@link #ENV}, opens it as the process's stdio, and writes
 * the console socket conmon gave it ({@code --console-socket}) as one line to a FIFO the engine reads; the engine
 * sends the master there. conmon listens only while the runtime runs, so the runtime waits for conmon to take the
 * connection. Closing releases the engine's copy of the master and the FIFO.
 */
public final class EngineTerminal implements AutoCloseable {
    /** The environment variable that names the slave to the runtime. */
    public static final String ENV = "ISULA_TTY";
    private static final long LOOK_MILLIS = 20;

    private final Pty pty;
    private final Path fifo;
    private final FifoReader console;

    private EngineTerminal(Pty pty, Path fifo, FifoReader console) {
        this.pty = pty;
        this.fifo = fifo;
        this.console = console;
    }

    /** A new terminal, with {@code consoleFifo} made and opened for the runtime's line. */
    public static EngineTerminal open(Path consoleFifo) throws IOException {
        Pty pty = Pty.open();
        try {
            Files.deleteIfExists(consoleFifo);
            Fifos.make(consoleFifo);
            return new EngineTerminal(pty, consoleFifo, FifoReader.open(consoleFifo));
        } catch (IOException | RuntimeException e) {
            pty.close();
            Files.deleteIfExists(consoleFifo);
            throw e;
        }
    }

    public String slavePath() {
        return pty.slavePath();
    }

    /** Names the slave in the environment of the conmon that will run the runtime. */
    public void export(Map<String, String> environment) {
        environment.put(ENV, pty.slavePath());
    }

    /**
     * Sends the master to the console socket the runtime names, waiting until {@code deadline} (a
     * {@link System#nanoTime()}). conmon reports nothing on its sync pipe before it has the terminal, so a report
     * that comes first is a failure: it is returned, to be read as conmon's answer; null once the master is sent.
     */
    public String handOver(FifoReader sync, long deadline) throws IOException {
        while (System.nanoTime() < deadline) {
            String socket = console.readLine(LOOK_MILLIS);
            if (socket != null) {
                pty.sendMaster(Path.of(socket));
                return null;
            }
            String report = sync.readLine(0);
            if (report != null || sync.atEof()) {
                return report;
            }
        }
        throw new IOException("the runtime did not name conmon's console socket in time");
    }

    @Override
    public void close() {
        console.close();
        pty.close();
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException ignored) {
            // the folder goes with the container or the exec
        }
    }
}
