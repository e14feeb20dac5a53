package io.isula.runtime.runc;

import io.isula.core.util.conmon.ConmonProcess;
import io.isula.core.util.conmon.SyncFifo;
import io.isula.core.util.conmon.SyncMessage;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Starts one conmon per container. conmon double-forks, runs {@code runc create}, and then reports the init pid (or
 * runc's error) on its sync pipe, a FIFO the calling thread reads with the create timeout ({@link SyncFifo}).
 */
final class ConmonLauncher {
    private final String conmon;
    private final String logLevel;
    private final Duration timeout;
    private final ConmonProcess processes;

    ConmonLauncher(String conmon, String logLevel, Duration timeout, ConmonProcess processes) {
        this.conmon = conmon;
        this.logLevel = logLevel;
        this.timeout = timeout;
        this.processes = processes;
    }

    /** Creates the container and returns its init pid once runc create succeeded. */
    int create(RuntimeLayout rt, ContainerHandle c, ContainerFiles files, CreateOptions options) throws IOException {
        String line;
        try (SyncFifo sync = SyncFifo.open(files.syncFifo())) {
            // conmon drops an "oom" file in its working directory: keep it in the container's state
            ProcessBuilder pb = sync.conmon(command(rt, c, files, options), files.stateDir(), files.conmonLog());
            long deadline = System.nanoTime() + timeout.toNanos();
            Process process = pb.start();
            line = sync.firstLine(null, deadline);
            if (line == null && !sync.closedByConmon()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("conmon did not report within " + timeout.toSeconds() + "s");
            }
        }
        if (line == null || line.isBlank()) {
            throw failure(rt, c, RuncLog.errors(files.runcLog())
                    .orElse("conmon exited without reporting a pid" + conmonLogTail(files)));
        }
        SyncMessage m;
        try {
            m = SyncMessage.parse(line.strip());
        } catch (IllegalArgumentException e) {
            throw failure(rt, c, e.getMessage());
        }
        if (!m.succeeded()) {
            String text = m.message() == null || m.message().isBlank()
                    ? RuncLog.errors(files.runcLog()).orElse("runc create reported " + m.data())
                    : RuncCli.errorText(m.message());
            throw failure(rt, c, text);
        }
        return m.data();
    }

    /** The conmon command line (without the fd-3 wrapper). */
    List<String> command(RuntimeLayout rt, ContainerHandle c, ContainerFiles files, CreateOptions options) {
        List<String> cmd = new ArrayList<>(List.of(conmon,
                "--api-version", "1",
                "-c", c.id(), "-u", c.id(), "-n", c.id(),
                "-r", rt.binary(),
                "-b", files.bundleDir().toString(),
                "-p", files.pidFile().toString(),
                "-P", files.conmonPidFile().toString(),
                "--exit-dir", rt.exitDir().toString(),
                "--persist-dir", files.stateDir().toString(),
                "-l", options != null && options.log().disabled() ? "none" : "k8s-file:" + c.logPath().toAbsolutePath(),
                "--socket-dir-path", rt.socketDir().toString(),
                "--log-level", conmonLogLevel(logLevel)));
        List<String> runtimeArgs = new ArrayList<>(rt.globalArgs());
        runtimeArgs.addAll(List.of("--log", files.runcLog().toString(), "--log-format", "json"));
        for (String arg : runtimeArgs) {
            cmd.add("--runtime-arg");
            cmd.add(arg);
        }
        if (options != null && options.terminal()) {
            // no -i with a terminal: conmon would close the terminal's input when an attachment ends
            cmd.add("-t");
        } else if (options != null && options.openStdin()) {
            cmd.add("-i");
        }
        return cmd;
    }

    /** conmon knows error, warn, info, debug, trace; iSulad's levels run from FATAL to TRACE. */
    static String conmonLogLevel(String daemonLevel) {
        String l = daemonLevel == null ? "" : daemonLevel.trim().toLowerCase(Locale.ROOT);
        return switch (l) {
            case "trace" -> "trace";
            case "debug" -> "debug";
            case "info", "notice" -> "info";
            case "warn", "warning" -> "warn";
            case "" -> "info";
            default -> "error";
        };
    }

    /** Ends the conmon of a create that did not finish, by the pid it recorded. */
    void abandon(ContainerHandle c, ContainerFiles files) {
        files.conmonPid().ifPresent(pid -> {
            if (processes.alive(pid, c.id())) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        });
    }

    private static EngineException failure(RuntimeLayout rt, ContainerHandle c, String why) {
        return new EngineException(EngineException.Kind.INTERNAL,
                rt.name() + " create of container " + c.id() + " failed: " + why);
    }

    private static String conmonLogTail(ContainerFiles files) {
        try {
            List<String> lines = Files.readAllLines(files.conmonLog(), StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : ": " + String.join(" / ", tail).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
