package io.isula.runtime.lxc;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.util.conmon.EngineTerminal;
import io.isula.core.util.conmon.SyncFifo;
import io.isula.core.util.conmon.SyncMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the conmon of an lcr container, with {@code sh lcr-runtime.sh LXCPATH} as its runtime: conmon keeps the
 * container's stdio (CRI log, attach socket), waits for lxc-execute and writes its exit code to the exit dir. conmon
 * reports on its sync pipe, a FIFO the calling thread reads with the create timeout ({@link SyncFifo}). With a
 * terminal, conmon runs with {@code -t} and gets the terminal the engine made ({@link EngineTerminal}).
 */
final class LcrConmon {

    private final String conmon;
    private final String logLevel;
    private final Duration timeout;

    LcrConmon(String conmon, String logLevel, Duration timeout) {
        this.conmon = conmon;
        this.logLevel = logLevel;
        this.timeout = timeout;
    }

    /**
     * Runs conmon for the prepared container; returns the pid of the held lxc-execute. {@code terminal} is the
     * container's terminal when it has one, else null.
     */
    int create(LcrLayout layout, ContainerHandle c, LcrFiles files, CreateOptions options, EngineTerminal terminal)
            throws IOException {
        String text;
        try (SyncFifo sync = SyncFifo.open(files.syncFifo())) {
            ProcessBuilder pb = sync.conmon(command(layout, c, files, options), files.stateDir(), files.conmonLog());
            if (terminal != null) {
                terminal.export(pb.environment());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            Process process = pb.start();
            text = sync.firstLine(terminal, deadline);
            if (text == null && !sync.closedByConmon()) {
                process.destroyForcibly();
                throw new IOException("conmon did not report within " + timeout.toSeconds() + "s" + tail(files.conmonLog()));
            }
        }
        if (text == null || text.isBlank()) {
            throw new IOException("conmon exited without reporting a pid" + tail(files.conmonLog()));
        }
        SyncMessage m;
        try {
            m = SyncMessage.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        if (!m.succeeded()) {
            throw new IOException((m.message() == null || m.message().isBlank() ? "conmon reported " + m.data()
                    : m.message().strip()) + tail(files.conmonLog()));
        }
        return m.data();
    }

    List<String> command(LcrLayout layout, ContainerHandle c, LcrFiles files, CreateOptions options) {
        List<String> cmd = new ArrayList<>(List.of(conmon, "--api-version", "1",
                "-c", c.id(), "-u", c.id(), "-n", c.id(),
                "-r", "/bin/sh",
                "--runtime-arg", layout.runtimeScript().toString(),
                "--runtime-arg", layout.lxcPath().toString(),
                "-b", files.bundleDir().toString(),
                "-p", files.pidFile().toString(),
                "-P", files.conmonPidFile().toString(),
                "--exit-dir", layout.exitDir().toString(),
                "--persist-dir", files.stateDir().toString(),
                "-l", options.log().disabled() ? "none" : "k8s-file:" + c.logPath().toAbsolutePath(),
                "--socket-dir-path", layout.socketDir().toString(),
                "--log-level", conmonLevel(logLevel)));
        if (options.terminal()) {
            // no -i with a terminal: conmon would close the terminal's input when an attachment ends
            cmd.add("-t");
        } else if (options.openStdin()) {
            cmd.add("-i");
        }
        return cmd;
    }

    static String conmonLevel(String daemonLevel) {
        String l = daemonLevel == null ? "" : daemonLevel.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (l) {
            case "trace", "debug" -> l;
            case "info", "notice", "" -> "info";
            case "warn", "warning" -> "warn";
            default -> "error";
        };
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "" : ": " + String.join(" / ", last).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
