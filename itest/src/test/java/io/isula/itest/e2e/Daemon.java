package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/isulad} child process with its own roots under /tmp/isula-e2e-XXXX/: graph/, state/, s.sock,
 * isulad.pid, isulad.log (stdout+stderr of the daemon, appended across restarts) and daemon.json.
 * {@link #close()} force-removes the containers left, stops the daemon, checks that no process started for it is
 * still alive and nothing is still mounted under its directory, and deletes the directory.
 */
final class Daemon implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path graph;
    private final Path state;
    private final Path socket;
    private final Path pidfile;
    private final Path log;
    private final Path config;
    private final Isula isula;
    private Process process;
    private int starts;
    private boolean console;

    private Daemon(Path dir) {
        this.dir = dir;
        this.graph = dir.resolve("graph");
        this.state = dir.resolve("state");
        this.socket = dir.resolve("s.sock");
        this.pidfile = dir.resolve("isulad.pid");
        this.log = dir.resolve("isulad.log");
        this.config = dir.resolve("daemon.json");
        this.isula = new Isula(Env.isulaBin(), host(), dir, this::diagnostics);
    }

    /** Creates fresh roots and starts the daemon; returns once {@code /_ping} answers. */
    static Daemon start() {
        return start("");
    }

    /**
     * As {@link #start()}, with {@code extraSettings} (JSON members, e.g. {@code "insecure-registries": ["h:1"]})
     * added to daemon.json.
     */
    static Daemon start(String extraSettings) {
        return launched(prepare(extraSettings), false);
    }

    /**
     * As {@link #start(String)}, with the daemon's Gogo console reading {@link #console(String)}'s commands: how a
     * test stops and starts a provider bundle while the daemon serves.
     */
    static Daemon startWithConsole(String extraSettings) {
        return launched(prepare(extraSettings), true);
    }

    private static Daemon prepare(String extraSettings) {
        Env.requireDaemonPrerequisites();
        Env.home();
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-");
            Files.writeString(dir.resolve("daemon.json"), """
                    {
                        "default-runtime": "runc",
                        %s
                        "log-level": "INFO"
                    }
                    """.formatted(extraSettings.isBlank() ? "" : extraSettings.strip() + ","));
        } catch (IOException e) {
            throw new AssertionError("cannot create the daemon's temporary roots: " + e, e);
        }
        return new Daemon(dir);
    }

    private static Daemon launched(Daemon d, boolean console) {
        d.console = console;
        try {
            d.launch();
        } catch (Throwable t) {
            d.closeQuietly();
            throw t;
        }
        return d;
    }

    Path dir() {
        return dir;
    }

    Path graph() {
        return graph;
    }

    Path state() {
        return state;
    }

    Path socket() {
        return socket;
    }

    String host() {
        return "unix://" + socket;
    }

    Isula isula() {
        return isula;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** graph/engines/<runtime>/<id> of whichever runtime holds it (runc's path when none does yet). */
    Path bundle(String id) {
        return engineEntries().stream().filter(p -> p.getFileName().toString().equals(id)).findFirst()
                .orElse(graph.resolve("engines").resolve("runc").resolve(id));
    }

    /** Every graph/engines/<runtime>/<entry> that exists now. */
    List<Path> engineEntries() {
        return Files2.grandChildren(graph.resolve("engines"));
    }

    /** For a hung client call: is the daemon alive, what does it say, which containers does it list. */
    private String diagnostics() {
        StringBuilder b = new StringBuilder("daemon pid " + pid() + (alive() ? " alive" : " NOT alive"));
        if (alive() && UnixHttp.ping(socket)) {
            try {
                UnixHttp.Response r = UnixHttp.exchange(socket,
                        "GET /containers/json?all=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                        Duration.ofSeconds(10));
                b.append("\nGET /containers/json?all=1 -> ").append(r.status()).append(' ').append(r.body().strip());
            } catch (IOException e) {
                b.append("\nGET /containers/json failed: ").append(e);
            }
        }
        return b.append('\n').append(logTail()).toString();
    }

    /** The last lines of the daemon log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- " + log + " (last 150 of " + lines.size() + " lines) ----\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size())) + "\n----";
        } catch (IOException e) {
            return "(no daemon log at " + log + ": " + e + ")";
        }
    }

    /** A console line that stops or starts (or updates…) the bundle {@code symbolicName}: {@code action} on it. */
    static String bundleCommand(String symbolicName, String action) {
        return "each ($.context bundles) { if { ($it symbolicName) equals " + symbolicName + " } { $it " + action
                + " } }";
    }

    /** Sends one command line to the daemon's Gogo console (a daemon of {@link #startWithConsole}). */
    void console(String command) {
        if (!console) fail("console: this daemon was started without its console");
        try {
            java.io.OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to the daemon's console: " + e + "\n" + logTail(), e);
        }
    }

    /** SIGKILL to the daemon process, no chance to clean up: containers must survive it. */
    void kill9() {
        if (!alive()) fail("kill9: daemon is not running\n" + logTail());
        process.destroyForcibly();
        waitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, then wait up to 30 s for the daemon to exit; fails (after SIGKILL) if it does not. */
    void stop() {
        if (!alive()) return;
        process.destroy();
        if (!waitExit(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            waitExit(Duration.ofSeconds(10));
            fail("the daemon did not exit within 30 s of SIGTERM (killed it)\n" + logTail());
        }
    }

    /** Starts the daemon again on the same roots and socket (after {@link #stop()} or {@link #kill9()}). */
    void restart() {
        if (alive()) fail("restart: the daemon is still running");
        launch();
    }

    private boolean waitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(Env.isuladBin().toString(), "-H", host(), "-g", graph.toString(),
                "-S", state.toString(), "-p", pidfile.toString(), "--config-file", config.toString(), "-l", "INFO"));
        if (console) cmd.add("--console");
        try {
            Files.writeString(log, (starts++ == 0 ? "" : "\n") + "==== e2e: " + String.join(" ", cmd) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(console ? ProcessBuilder.Redirect.PIPE
                            : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().remove("ISULAD_HOST");
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!UnixHttp.ping(socket)) {
            if (!process.isAlive()) {
                fail("isulad exited with code " + process.exitValue() + " before answering /_ping on " + socket + "\n"
                        + logTail());
            }
            if (System.nanoTime() > deadline) {
                fail("isulad (pid " + process.pid() + ") did not answer GET /_ping on " + socket + " within "
                        + READY_TIMEOUT.toSeconds() + " s\n" + logTail());
            }
            Poll.sleep(100);
        }
    }

    /**
     * Force-removes every container (so no container process outlives the test), stops the daemon, verifies
     * nothing it started is still running or mounted, and deletes its directory. Fails if it had to clean up
     * after the engine (leaked processes or mounts), after cleaning up.
     */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        if (alive()) {
            try {
                Result ps = isula.run(Duration.ofSeconds(30), "ps", "-a", "-q", "--no-trunc");
                if (ps.exitCode() != 0) {
                    problems.add("isula ps -a -q failed during cleanup:\n" + ps);
                } else if (!ps.lines().isEmpty()) {
                    List<String> args = new ArrayList<>(List.of("rm", "-f"));
                    args.addAll(ps.lines().stream().map(String::strip).toList());
                    Result rm = isula.run(Duration.ofSeconds(60), args.toArray(String[]::new));
                    if (rm.exitCode() != 0) problems.add("isula rm -f failed during cleanup:\n" + rm);
                }
            } catch (AssertionError e) {
                problems.add("cleanup: " + e.getMessage());
            }
            try {
                stop();
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        Set<Long> leaked = Procs.startedUnder(dir, pid());
        if (!leaked.isEmpty()) {
            problems.add("processes started for this daemon were still alive after rm -f + daemon stop (killed them):\n  "
                    + String.join("\n  ", Procs.describe(leaked)));
            List<Long> order = new ArrayList<>(leaked);
            java.util.Collections.reverse(order); // descendants first
            order.forEach(Procs::kill9);
            Poll.until(Duration.ofSeconds(10), "leaked processes to die", () -> order.stream().noneMatch(Procs::alive));
        }
        List<Path> mounts = Files2.mountsUnder(dir);
        if (!mounts.isEmpty()) {
            problems.add("mounts left under " + dir + " (lazily unmounted them): " + mounts);
            for (Path m : mounts) Exec.run(List.of("umount", "-l", m.toString()), Map.of(), null, Duration.ofSeconds(10));
        }
        String tail = problems.isEmpty() ? "" : logTail();
        Files2.deleteTree(dir);
        if (!problems.isEmpty()) fail(String.join("\n", problems) + "\n" + tail);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Throwable ignored) {
            // the original failure matters more
        }
    }
}
