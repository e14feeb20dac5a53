package io.isula.core.util.conmon;


import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.util.FileTrees;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs an exec through conmon ({@code conmon --exec}), which keeps the process's stdio and reports its pid and exit
 * code. conmon takes its pipes as inherited descriptors, which the JDK cannot hand a child, so they are FIFOs in
 * the exec's folder that a shell opens on descriptors 3–5 before it becomes conmon:
 * <ul>
 *   <li>sync (3): conmon writes {@code {"data": PID}} once the process runs, {@code {"data": EXIT}} when it ended;</li>
 *   <li>start (5), attached execs only: conmon waits for one write before it forks and, with {@code --exec-attach},
 *       for a second one before it lets the runtime run the process, so the attach connection is made before the first
 *       byte of output;</li>
 *   <li>attach (4), required with {@code --exec-attach}: unused, the connection is retried until the socket listens.</li>
 * </ul>
 * One thread per exec ({@link ExecMonitor}) then relays output and waits for the exit. What differs between runtimes
 * (the binary conmon calls, its arguments, the files it reads, where its errors are found) is an {@link ExecRuntime}.
 */
public final class ConmonExec {
    private static final String WRAP_ATTACHED =
            "exec \"$@\" 3>\"$ISULA_EXEC_SYNC\" 4>/dev/null 5<\"$ISULA_EXEC_START\"";
    private static final String WRAP_DETACHED = "exec \"$@\" 3>\"$ISULA_EXEC_SYNC\"";
    private static final List<String> UNSAFE_ENV = List.of("NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID",
            "LISTEN_FDNAMES", "_OCI_STARTPIPE", "_OCI_ATTACHPIPE", "_OCI_SYNCPIPE");

    private final String conmon;
    private final String conmonLogLevel;
    private final Duration timeout;

    /**
     * @param conmon         conmon's executable
     * @param conmonLogLevel conmon's {@code --log-level} (trace, debug, info, warn, error)
     * @param timeout        how long conmon may take to start the process
     */
    public ConmonExec(String conmon, String conmonLogLevel, Duration timeout) {
        this.conmon = conmon;
        this.conmonLogLevel = conmonLogLevel;
        this.timeout = timeout;
    }

    /** Starts the process and returns once it runs; its exit and output go to {@code output}. */
    public ProcessStdio start(ExecRuntime rt, ContainerHandle c, ExecFiles files, ExecSpec spec, ProcessOutput output) {
        FifoReader sync = null;
        int startFd = -1;
        SeqPacketSocket socket = null;
        EngineTerminal terminal = null;
        try {
            prepare(rt, files, c, spec);
            if (spec.terminal() && rt.terminalFromEngine()) {
                terminal = EngineTerminal.open(files.console());
            }
            sync = FifoReader.open(files.sync());
            if (spec.attached()) {
                startFd = openForWriting(files.start());
            }
            Process sh = launch(rt, c.id(), spec, files, terminal);
            if (spec.attached()) {
                release(startFd, files);
            }
            awaitLaunch(sh, files);
            if (spec.attached()) {
                socket = connect(files, sync);
                release(startFd, files);
            }
            int pid = awaitPid(rt, c, sync, files, terminal);
            ExecMonitor monitor = new ExecMonitor(socket, sync, output, () -> cleanUp(files));
            Thread t = new Thread(monitor, "isula-exec-" + spec.execId().substring(0, 12));
            t.setDaemon(true);
            t.start();
            ProcessStdio stdio = socket != null ? AttachConnection.of(socket, files.ctl(), () -> pid)
                    : new DetachedStdio(files.ctl(), pid);
            socket = null;
            sync = null;
            return stdio;
        } catch (IOException | RuntimeException e) {
            abandon(files, c.id());
            throw e instanceof EngineException ee ? ee
                    : EngineException.internal(rt.name() + " exec in container " + c.id() + " failed: " + e.getMessage(), e);
        } finally {
            if (terminal != null) {
                terminal.close();
            }
            if (startFd >= 0) {
                Libc.C.close(startFd);
            }
            if (socket != null) {
                socket.release();
            }
            if (sync != null) {
                sync.close();
                cleanUp(files);
            }
        }
    }

    private static void prepare(ExecRuntime rt, ExecFiles files, ContainerHandle c, ExecSpec spec) throws IOException {
        Files.createDirectories(files.dir().getParent());
        try {
            Files.createDirectory(files.dir());
        } catch (FileAlreadyExistsException e) {
            throw EngineException.conflict("exec " + spec.execId() + " was already started");
        }
        try {
            // read once by the runtime a moment later and removed with the exec: no need to sync them
            rt.writeProcess(files, c, spec);
            if (!Files.isRegularFile(files.processJson())) {
                throw new IOException(rt.name() + " wrote no process spec " + files.processJson());
            }
            Fifos.make(files.sync());
            if (spec.attached()) {
                Fifos.make(files.start());
            }
            Files.deleteIfExists(files.socketLink());
        } catch (IOException | RuntimeException e) {
            cleanUp(files);
            throw e;
        }
    }

    private static int openForWriting(Path fifo) throws IOException {
        // read-write: the open does not wait for conmon's end, and conmon never sees end of file early
        int fd = Libc.C.open(fifo.toString(), Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("open " + fifo + ": " + Libc.error(com.sun.jna.Native.getLastError()));
        }
        return fd;
    }

    /** One write to the start FIFO lets conmon go on to its next step. */
    private static void release(int startFd, ExecFiles files) throws IOException {
        byte[] go = {'1'};
        if (Libc.C.write(startFd, go, 1) != 1) {
            throw new IOException("write " + files.start() + ": " + Libc.error(com.sun.jna.Native.getLastError()));
        }
    }

    private Process launch(ExecRuntime rt, String containerId, ExecSpec spec, ExecFiles files, EngineTerminal terminal)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", spec.attached() ? WRAP_ATTACHED : WRAP_DETACHED,
                "conmon"));
        cmd.addAll(command(rt, containerId, spec, files));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(files.conmonLog().toFile()));
        Map<String, String> env = pb.environment();
        UNSAFE_ENV.forEach(env::remove);
        env.put("ISULA_EXEC_SYNC", files.sync().toString());
        env.put("_OCI_SYNCPIPE", "3");
        if (spec.attached()) {
            env.put("ISULA_EXEC_START", files.start().toString());
            env.put("_OCI_ATTACHPIPE", "4");
            env.put("_OCI_STARTPIPE", "5");
        }
        if (terminal != null) {
            terminal.export(env);
        }
        return pb.start();
    }

    /** conmon's command line for the exec (without the FIFO wrapper). */
    public List<String> command(ExecRuntime rt, String containerId, ExecSpec spec, ExecFiles files) {
        List<String> cmd = new ArrayList<>(List.of(conmon,
                "--api-version", "1",
                "-c", containerId, "-u", spec.execId(), "-n", containerId,
                "-r", rt.binary(),
                "-b", files.dir().toString(),
                "-p", files.pidFile().toString(),
                "-P", files.conmonPidFile().toString(),
                "-l", "none",
                "--socket-dir-path", files.socketLink().getParent().toString(),
                "--log-level", conmonLogLevel,
                "-e", "--exec-process-spec", files.processJson().toString()));
        if (spec.attached()) {
            cmd.add("--exec-attach");
        }
        if (spec.terminal()) {
            cmd.add("-t");
        } else if (spec.stdin()) {
            cmd.add("-i");
        }
        for (String arg : rt.runtimeArgs(files)) {
            cmd.add("--runtime-arg");
            cmd.add(arg);
        }
        return cmd;
    }

    /** The shell becomes conmon, which forks its monitor and exits at once. */
    private void awaitLaunch(Process sh, ExecFiles files) throws IOException {
        try {
            if (!sh.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                sh.destroyForcibly();
                throw new IOException("conmon did not start within " + timeout.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            sh.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting conmon", e);
        }
        if (sh.exitValue() != 0) {
            throw new IOException("conmon exited with code " + sh.exitValue() + conmonLogTail(files));
        }
    }

    /** Connects to the exec's attach socket, which conmon opens right after it forked. */
    private SeqPacketSocket connect(ExecFiles files, FifoReader sync) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (true) {
            try {
                return SeqPacketSocket.connect(files.attachSocket());
            } catch (SeqPacketSocket.ConnectFailure e) {
                if (e.errno != Libc.ENOENT && e.errno != Libc.ECONNREFUSED) {
                    throw e;
                }
                sync.fill();
                if (sync.atEof()) {
                    throw new IOException("conmon ended before its attach socket was ready" + conmonLogTail(files));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("conmon's attach socket was not ready within " + timeout.toSeconds() + "s");
                }
            }
            // conmon binds the socket a few milliseconds after it forked: look often, then less
            java.util.concurrent.locks.LockSupport.parkNanos(pause * 250_000L);
            pause = Math.min(pause * 2, 40);
        }
    }

    /** conmon's report of the process's pid; with a terminal from the engine, conmon gets it first. */
    private int awaitPid(ExecRuntime rt, ContainerHandle c, FifoReader sync, ExecFiles files, EngineTerminal terminal)
            throws IOException {
        String line = SyncFifo.firstLine(sync, terminal, System.nanoTime() + timeout.toNanos());
        if (line == null) {
            String why = rt.error(files).orElse(sync.atEof()
                    ? "conmon exited without reporting a pid" + conmonLogTail(files)
                    : "conmon did not report a pid within " + timeout.toSeconds() + "s");
            throw failure(rt, c, why);
        }
        SyncMessage m;
        try {
            m = SyncMessage.parse(line);
        } catch (IllegalArgumentException e) {
            throw failure(rt, c, e.getMessage());
        }
        if (!m.succeeded()) {
            String text = rt.error(files).orElse(m.message() == null || m.message().isBlank()
                    ? "conmon reported " + m.data() : rt.conmonMessage(m.message()));
            throw failure(rt, c, text);
        }
        return m.data();
    }

    private static EngineException failure(ExecRuntime rt, ContainerHandle c, String why) {
        return new EngineException(EngineException.Kind.INTERNAL, rt.name() + " exec failed: " + why);
    }

    /** Ends the conmon of an exec that did not start, and its files. */
    private static void abandon(ExecFiles files, String containerId) {
        readPid(files.conmonPidFile()).ifPresent(pid -> {
            if (new ConmonProcess().alive(pid, containerId)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        });
    }

    private static OptionalInt readPid(Path file) {
        try {
            int pid = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static void cleanUp(ExecFiles files) {
        try {
            Files.deleteIfExists(files.socketLink());
            FileTrees.delete(files.dir());
        } catch (IOException e) {
            System.getLogger(ConmonExec.class.getName()).log(System.Logger.Level.DEBUG,
                    "removing exec files {0}: {1}", files.dir(), e.getMessage());
        }
    }

    private static String conmonLogTail(ExecFiles files) {
        try {
            String s = Files.readString(files.conmonLog(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "" : ": " + (s.length() > 500 ? s.substring(s.length() - 500) : s).replace('\n', ' ');
        } catch (IOException e) {
            return "";
        }
    }

}
