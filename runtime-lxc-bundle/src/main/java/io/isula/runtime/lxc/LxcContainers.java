package io.isula.runtime.lxc;

import io.isula.core.util.conmon.ConmonExec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessOutput;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.ResourceUpdate;
import io.isula.core.spi.ResourceUsage;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;
import io.isula.core.util.AtomicFiles;
import io.isula.core.util.cgroup.CgroupStats;
import io.isula.core.util.conmon.AttachConnection;
import io.isula.core.util.conmon.ConmonProcess;
import io.isula.core.util.conmon.ContainerExit;
import io.isula.core.util.conmon.ExitFile;
import io.isula.core.util.conmon.ExitWatcher;
import io.isula.core.util.conmon.Fifos;
import io.isula.core.util.conmon.LogRotator;
import io.isula.core.util.conmon.EngineTerminal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/** The lcr runtime operations, once the provider has its settings. */
final class LxcContainers implements RuntimeProvider, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LxcContainers.class.getName());
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Duration MONITOR_GRACE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** lxc's states once the container has run: lxc answers queries only from then on. */
    private static final Set<String> RAN = Set.of("RUNNING", "FROZEN", "FREEZING", "THAWED",
            "STOPPING");

    private final LcrLayout layout;
    private final Liblxc lxc;
    private final LcrConmon conmon;
    private final LcrExec execs;
    private final String lxcExecute;
    private final Duration timeout;
    private final OciToLxc translator;
    private final ConmonProcess processes = new ConmonProcess();
    private final LogRotator rotator = new LogRotator();
    private final CgroupStats stats = new CgroupStats();
    private final LcrCgroups cgroups = new LcrCgroups();
    private final boolean cgroupV2 = cgroups.unified();
    private final ExitWatcher watcher;
    private final OomWatch oom;

    @Override
    public String name() {
        return LxcRuntimeProvider.NAME;
    }

    LxcContainers(LcrLayout layout, ProviderContext context, Executables tools, Duration timeout) throws IOException {
        this.layout = layout;
        this.timeout = timeout;
        this.translator = new OciToLxc(cgroupV2);
        this.lxcExecute = tools.lxcExecute();
        this.lxc = new Liblxc(layout.lxcPath().toString());
        this.conmon = new LcrConmon(tools.conmon(), context.settings().logLevel(), timeout);
        this.execs = new LcrExec(tools.lxcAttach(), layout,
                new ConmonExec(tools.conmon(), LcrConmon.conmonLevel(context.settings().logLevel()), timeout));
        Files.createDirectories(layout.lxcPath());
        Files.createDirectories(layout.socketDir());
        try (var script = LxcContainers.class.getResourceAsStream("lcr-runtime.sh")) {
            if (script == null) {
                throw new IOException("lcr-runtime.sh is missing from the bundle");
            }
            AtomicFiles.replace(layout.runtimeScript(), script.readAllBytes());
        }
        this.oom = new OomWatch(context::containerOom);
        this.watcher = new ExitWatcher(List.of(layout.exitDir()),
                (id, exit) -> {
                    oom.unwatch(id);
                    context.containerExited(id, exit.code(), exit.at());
                });
    }

    @Override
    public void create(ContainerHandle c, CreateOptions options) {
        LcrFiles files = files(c);
        // the engine's copy of the terminal is closed once conmon holds it
        try (EngineTerminal terminal = options.terminal() ? openTerminal(c, files) : null) {
            LxcSetup setup = translate(c, files, options, terminal);
            try {
                prepare(c, files, setup);
            } catch (IOException e) {
                throw EngineException.internal("lcr create of container " + c.id() + " failed: " + e.getMessage(), e);
            }
            watcher.watch(files.exitFile());
            try {
                conmon.create(layout, c, files, options, terminal);
                rotator.watch(c.id(), files.stateDir(), c.logPath().toAbsolutePath(), files.bundleDir().resolve("ctl"),
                        options.log());
            } catch (IOException | RuntimeException e) {
                watcher.unwatch(files.exitFile());
                abandon(c, files);
                throw e instanceof EngineException ee ? ee : EngineException.internal(
                        "lcr create of container " + c.id() + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static EngineTerminal openTerminal(ContainerHandle c, LcrFiles files) {
        try {
            Files.createDirectories(files.lxcDir());
            return EngineTerminal.open(files.consoleFifo());
        } catch (IOException e) {
            throw EngineException.internal("lcr: no terminal for container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    private LxcSetup translate(ContainerHandle c, LcrFiles files, CreateOptions options, EngineTerminal terminal) {
        JsonNode spec;
        try {
            spec = JSON.readTree(c.bundleDir().resolve("config.json").toFile());
        } catch (IOException e) {
            throw EngineException.invalid("lcr: cannot read the OCI spec of container " + c.id() + ": " + e.getMessage());
        }
        if (spec == null || !spec.isObject()) {
            throw EngineException.invalid("lcr: the OCI spec of container " + c.id() + " is not a JSON object");
        }
        JsonNode root = spec.path("root");
        if (root.isObject()) {
            Path rootfs = options.rootfs() != null ? options.rootfs()
                    : c.bundleDir().resolve(root.path("path").asText("rootfs"));
            ((ObjectNode) root).put("path", c.bundleDir().resolve(rootfs).toAbsolutePath().toString());
        }
        return translator.translate(c.id(), spec, new OciToLxc.Paths(files.seccomp(), files.lxcDir(), files.bundleDir(),
                terminal == null ? null : terminal.slavePath()));
    }

    /** The files lxc-execute reads: made again at every start, so written without a sync. */
    private void prepare(ContainerHandle c, LcrFiles files, LxcSetup setup) throws IOException {
        Files.createDirectories(files.lxcDir());
        Files.createDirectories(files.stateDir());
        Files.createDirectories(layout.socketDir());
        Files.createDirectories(c.logPath().toAbsolutePath().getParent());
        Files.deleteIfExists(files.exitFile());
        Files.deleteIfExists(files.socketLink());
        Files.deleteIfExists(files.lxcLog());
        Files.deleteIfExists(files.startFifo());
        if (setup.seccomp() != null) {
            AtomicFiles.replaceUnsynced(files.seccomp(), setup.seccomp());
        }
        String rootfs = setup.config().value("lxc.rootfs.path");
        for (LxcSetup.Target t : setup.mountTargets()) {
            try {
                MountTargets.create(Path.of(rootfs.substring("dir:".length())), t);
            } catch (IOException e) {
                throw new UnsupportedOption("mounts", e.getMessage());
            }
        }
        for (OciHooks.Script h : setup.hooks()) {
            Path script = files.lxcDir().resolve(h.fileName());
            AtomicFiles.replaceUnsynced(script, h.text());
            Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        AtomicFiles.replaceUnsynced(files.config(), setup.config().render());
        String argv;
        try {
            argv = "lxc_execute=" + ShellWords.quote(lxcExecute) + "\n" + ShellWords.setArgs(setup.argv());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOption("process.args", e.getMessage());
        }
        AtomicFiles.replaceUnsynced(files.argv(), argv);
        Fifos.make(files.startFifo());
    }

    /**
     * Lets the held lxc-execute go and returns the container's init pid once lxc reports it running. Until lxc-execute
     * has its command socket, lxc answers STOPPED at once; from then on the state query blocks until the container
     * runs (lxc serves its socket only from then), so the loop turns only a few times. The init is then lxc-execute's
     * child: read from /proc rather than asked for, as a second query would wait for the teardown of a container that
     * has already ended (a {@code true}).
     */
    @Override
    public int start(ContainerHandle c) {
        LcrFiles files = files(c);
        int monitored = files.monitoredPid().orElse(0);
        release(c, files, monitored);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Liblxc.Handle container = lxc.open(c.id())) {
            while (System.nanoTime() < deadline) {
                String state = container.state();
                if (RAN.contains(state)) {
                    int pid = monitored > 0 ? lxcInit(monitored).orElse(0) : Math.max(0, lxc.initPid(c.id()));
                    if (pid > 0) {
                        oom.watch(c.id(), pid);
                        return pid;
                    }
                    if (monitored > 0) {
                        // ran and already ended: its exit code comes from conmon
                        return monitored;
                    }
                }
                if (monitored > 0 && !alive(monitored)) {
                    List<String> errors = lxcErrors(files);
                    if (!errors.isEmpty()) {
                        throw new EngineException(EngineException.Kind.INTERNAL, "lcr start of container " + c.id()
                                + " failed: " + String.join(" / ", errors));
                    }
                    return monitored;
                }
                sleep(5);
            }
        } catch (Liblxc.LxcError e) {
            throw EngineException.internal("lcr start of container " + c.id() + " failed: " + e.getMessage(), e);
        }
        throw new EngineException(EngineException.Kind.INTERNAL, "lcr start of container " + c.id()
                + " did not finish within " + timeout.toSeconds() + "s");
    }

    /**
     * Lets the held lxc-execute go. The runtime script opens the FIFO before it reports the pid, so the first write
     * finds its reader; the retry is for a container whose script opened it late (made by an older bundle).
     */
    private void release(ContainerHandle c, LcrFiles files, int held) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!Fifos.writeIfRead(files.startFifo(), "start\n")) {
                if (held <= 0 || !alive(held) || System.nanoTime() > deadline) {
                    throw EngineException.conflict("lcr: container " + c.id() + " is not waiting to start");
                }
                sleep(1);
            }
            Files.deleteIfExists(files.startFifo());
        } catch (IOException e) {
            throw EngineException.internal("lcr start of container " + c.id() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Signals the container's command as if it were PID 1 (as it is under runc, and under iSulad's lcr): lxc-execute
     * puts lxc's init first, so a signal the command does not handle is dropped here, as the kernel drops it for a
     * namespace's init. SIGKILL goes to every process but lxc's init, with the container frozen meanwhile, so that
     * lxc's init reports the command's 137 and nothing escapes by forking.
     */
    @Override
    public void kill(ContainerHandle c, int signal) {
        int init = runningInit(c);
        if (signal == 9) {
            killAll(c, init);
            return;
        }
        int target = firstChild(init).orElse(init);
        if (signal != 19 && !handles(target, signal)) {
            LOG.log(Level.DEBUG, "signal {0} dropped: pid {1} of lcr container {2} does not handle it", signal, target, c.id());
            return;
        }
        if (Posix.C.kill(target, signal) != 0) {
            throw EngineException.conflict("lcr: cannot signal container " + c.id() + " (pid " + target + ")");
        }
    }

    private void killAll(ContainerHandle c, int init) {
        boolean frozen = lxc.state(c.id()).equals("FROZEN");
        try {
            if (!frozen) {
                lxc.freeze(c.id());
            }
        } catch (Liblxc.LxcError e) {
            LOG.log(Level.DEBUG, "freezing lcr container {0} before SIGKILL: {1}", c.id(), e.getMessage());
        }
        try {
            for (int pid : cgroups.pids(init)) {
                if (pid != init) {
                    Posix.C.kill(pid, 9);
                }
            }
        } catch (IOException e) {
            Posix.C.kill(init, 9);
        } finally {
            try {
                lxc.unfreeze(c.id());
            } catch (Liblxc.LxcError e) {
                LOG.log(Level.DEBUG, "thawing lcr container {0} after SIGKILL: {1}", c.id(), e.getMessage());
            }
        }
    }

    /** Whether {@code pid} has a handler for {@code signal} (its SigCgt mask in /proc). */
    private static boolean handles(int pid, int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("SigCgt:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return signal >= 1 && signal <= 64 && (mask & (1L << (signal - 1))) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return true;
        }
        return true;
    }

    @Override
    public void delete(ContainerHandle c, boolean force) {
        LcrFiles files = files(c);
        String state = exited(files) ? "STOPPED" : lxc.state(c.id());
        if (!state.equals("STOPPED")) {
            if (!force) {
                throw EngineException.conflict("lcr: container " + c.id() + " is " + state.toLowerCase() + "; stop it first");
            }
            int init = lxc.initPid(c.id());
            if (init > 0) {
                Posix.C.kill(init, 9);
                if (state.equals("FROZEN")) {
                    lxc.unfreeze(c.id());
                }
            }
        }
        try {
            // a container created but never started: its lxc-execute still waits at the start FIFO
            Fifos.writeIfRead(files.startFifo(), "abort\n");
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "start FIFO of {0}: {1}", c.id(), e.getMessage());
        }
        watcher.unwatch(files.exitFile());
        rotator.unwatch(c.id());
        oom.unwatch(c.id());
        awaitMonitorExit(c, files);
        List<String> leftCgroups = cgroupDirs(files);
        try {
            files.removeAll();
        } catch (IOException e) {
            throw EngineException.internal("lcr delete of container " + c.id() + ": cannot remove its files: "
                    + e.getMessage(), e);
        }
        cgroups.removeEmpty(leftCgroups);
    }

    @Override
    public RuntimeStatus state(ContainerHandle c) {
        LcrFiles files = files(c);
        Optional<ContainerExit> exit = watcher.check(files.exitFile());
        if (exit.isPresent()) {
            return exited(exit.get());
        }
        return live(c, files);
    }

    private RuntimeStatus live(ContainerHandle c, LcrFiles files) {
        String state = lxc.state(c.id());
        switch (state) {
            case "RUNNING", "STARTING", "STOPPING", "THAWED" -> {
                return new RuntimeStatus(ContainerStatus.RUNNING, Math.max(0, lxc.initPid(c.id())), -1, null);
            }
            case "FROZEN", "FREEZING" -> {
                return new RuntimeStatus(ContainerStatus.PAUSED, Math.max(0, lxc.initPid(c.id())), -1, null);
            }
            default -> {
                OptionalInt held = files.monitoredPid();
                if (held.isPresent() && alive(held.getAsInt()) && Files.exists(files.startFifo())) {
                    return new RuntimeStatus(ContainerStatus.INITED, held.getAsInt(), -1, null);
                }
                return RuntimeStatus.gone();
            }
        }
    }

    /** Watch first, then look: an exit in between is reported by one of the two, once. */
    @Override
    public RuntimeStatus restore(ContainerHandle c) {
        LcrFiles files = files(c);
        watcher.watch(files.exitFile());
        Optional<ContainerExit> exit = watcher.check(files.exitFile());
        if (exit.isPresent()) {
            return exited(exit.get());
        }
        OptionalInt monitor = files.conmonPid();
        if (monitor.isPresent() && processes.alive(monitor.getAsInt(), c.id())) {
            RuntimeStatus s = live(c, files);
            if (s.status() != ContainerStatus.UNKNOWN) {
                rotator.restore(c.id(), files.stateDir(), c.logPath().toAbsolutePath(), files.bundleDir().resolve("ctl"));
                if (s.pid() > 0) {
                    oom.watch(c.id(), s.pid());
                }
                return s;
            }
            exit = awaitExitFile(files);
            if (exit.isPresent()) {
                return exited(exit.get());
            }
        }
        exit = watcher.check(files.exitFile());
        if (exit.isPresent()) {
            return exited(exit.get());
        }
        watcher.unwatch(files.exitFile());
        int code = -1;
        if (!lxc.state(c.id()).equals("STOPPED")) {
            LOG.log(Level.WARNING, "lcr container {0} runs without its conmon; killing it (exit code 137)", c.id());
            int init = lxc.initPid(c.id());
            if (init > 0) {
                Posix.C.kill(init, 9);
            }
            code = 137;
        }
        return new RuntimeStatus(ContainerStatus.EXITED, 0, code, Instant.now());
    }

    @Override
    public void pause(ContainerHandle c) {
        control(c, "pause", () -> lxc.freeze(c.id()));
    }

    @Override
    public void resume(ContainerHandle c) {
        control(c, "resume", () -> lxc.unfreeze(c.id()));
    }

    @Override
    public List<Integer> pids(ContainerHandle c) {
        int init = runningInit(c);
        try {
            // lxc's init is lxc's, not the user's: top shows what runs the command, as with runc
            return cgroups.pids(init).stream().filter(p -> p != init).toList();
        } catch (IOException e) {
            throw EngineException.conflict("container " + c.id() + " is not running");
        }
    }

    @Override
    public void update(ContainerHandle c, ResourceUpdate r) {
        runningInit(c);
        List<CgroupUpdate.Item> items = cgroupV2 ? CgroupUpdate.v2(r, item -> lxc.cgroupItem(c.id(), item))
                : CgroupUpdate.v1(r, item -> lxc.cgroupItem(c.id(), item));
        for (CgroupUpdate.Item item : items) {
            try {
                lxc.setCgroupItem(c.id(), item.file(), item.value());
            } catch (Liblxc.LxcError e) {
                throw EngineException.invalid("lcr update of container " + c.id() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public ResourceUsage stats(ContainerHandle c) {
        int init = runningInit(c);
        try {
            return stats.read(init);
        } catch (NoSuchFileException e) {
            throw EngineException.conflict("container " + c.id() + " is not running");
        } catch (IOException e) {
            throw EngineException.internal("cannot read the cgroups of container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ProcessStdio exec(ContainerHandle c, ExecSpec spec, ProcessOutput output) {
        runningInit(c);
        return execs.start(c, spec, output);
    }

    @Override
    public ProcessStdio attach(ContainerHandle c, ProcessOutput output) {
        LcrFiles files = files(c);
        try {
            return AttachConnection.open(files.socketLink().resolve("attach"), files.bundleDir().resolve("ctl"), output,
                    "isula-lcr-attach-" + c.id().substring(0, Math.min(12, c.id().length())),
                    () -> Math.max(0, lxc.initPid(c.id())));
        } catch (IOException e) {
            throw EngineException.conflict("lcr: cannot attach to container " + c.id() + ": " + e.getMessage());
        }
    }

    @Override
    public void resize(ContainerHandle c, int height, int width) {
        Fifos.resizeTerminal(files(c).bundleDir().resolve("ctl"), height, width, "container " + c.id() + " is not running");
    }

    private int runningInit(ContainerHandle c) {
        files(c);
        int init = lxc.initPid(c.id());
        if (init <= 0) {
            throw EngineException.conflict("container " + c.id() + " is not running");
        }
        return init;
    }

    private void control(ContainerHandle c, String what, Runnable call) {
        runningInit(c);
        try {
            call.run();
        } catch (Liblxc.LxcError e) {
            throw EngineException.conflict("lcr " + what + " of container " + c.id() + ": " + e.getMessage());
        }
    }

    private RuntimeStatus exited(ContainerExit exit) {
        return new RuntimeStatus(ContainerStatus.EXITED, 0, exit.code(), exit.at());
    }

    private Optional<ContainerExit> awaitExitFile(LcrFiles files) {
        long deadline = System.nanoTime() + MONITOR_GRACE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ContainerExit> exit = watcher.check(files.exitFile());
            if (exit.isPresent()) {
                return exit;
            }
            sleep(20);
        }
        return Optional.empty();
    }

    private void awaitMonitorExit(ContainerHandle c, LcrFiles files) {
        OptionalInt pid = files.conmonPid();
        if (pid.isEmpty()) {
            return;
        }
        try {
            if (!processes.awaitExit(pid.getAsInt(), c.id(), MONITOR_GRACE)) {
                LOG.log(Level.WARNING, "conmon {0} of lcr container {1} still runs after delete", pid.getAsInt(), c.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void abandon(ContainerHandle c, LcrFiles files) {
        files.conmonPid().ifPresent(pid -> {
            if (processes.alive(pid, c.id())) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        });
        try {
            Fifos.writeIfRead(files.startFifo(), "abort\n");
            files.removeAll();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cleaning up after the failed create of lcr container {0}: {1}", c.id(), e.getMessage());
        }
    }

    /** The cgroup dirs lxc made for this container (read from its config), and lxc's shared pivot. */
    private static List<String> cgroupDirs(LcrFiles files) {
        List<String> dirs = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(files.config(), StandardCharsets.UTF_8)) {
                for (String key : List.of("lxc.cgroup.dir.container = ", "lxc.cgroup.dir.monitor = ")) {
                    if (line.startsWith(key)) {
                        dirs.add(line.substring(key.length()).strip());
                    }
                }
            }
        } catch (IOException e) {
            // no config: nothing was started
        }
        if (dirs.isEmpty()) {
            dirs.add("lxc.payload." + files.id());
            dirs.add("lxc.monitor." + files.id());
        }
        dirs.add("lxc.pivot");
        return dirs;
    }

    /** conmon wrote the exit code: lxc-execute has ended, so lxc has nothing running to ask about. */
    private static boolean exited(LcrFiles files) {
        try {
            return ExitFile.read(files.exitFile()).isPresent();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** lxc's own ERROR lines about this container, for a start that failed. */
    private static List<String> lxcErrors(LcrFiles files) {
        try {
            return Files.readAllLines(files.lxcLog(), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(" ERROR "))
                    .map(l -> l.replaceFirst("^.*? ERROR\\s+", "").strip())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** lxc's init under lxc-execute {@code monitor}: its child (argv[0] "init") while the container runs. */
    private static OptionalInt lxcInit(int monitor) {
        OptionalInt child = firstChild(monitor);
        if (child.isEmpty()) {
            return child;
        }
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + child.getAsInt() + "/cmdline"));
            String argv0 = new String(cmdline, StandardCharsets.UTF_8).split("\0", 2)[0];
            return Path.of(argv0.isEmpty() ? "-" : argv0).getFileName().toString().startsWith("init")
                    ? child : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt firstChild(int pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children"), StandardCharsets.US_ASCII)
                    .strip();
            if (s.isEmpty()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.parseInt(s.split("\\s+")[0]));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            char st = ConmonProcess.stateOf(stat);
            return st != 'Z' && st != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private LcrFiles files(ContainerHandle c) {
        if (c.id() == null || !VALID_ID.matcher(c.id()).matches()) {
            throw EngineException.invalid("invalid container id '" + c.id() + "'");
        }
        return LcrFiles.of(c, layout);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.internal("interrupted", e);
        }
    }

    @Override
    public void close() {
        watcher.close();
        oom.close();
        rotator.close();
    }
}
