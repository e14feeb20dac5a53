package io.isula.vendor.example;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.NotSupported;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;
import io.isula.core.util.ProcessResult;
import io.isula.core.util.Processes;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * A vendor runtime: runs containers with the {@code runc} binary, using only the kernel's exported SPI/util packages.
 * Each started container gets a detached supervisor ({@code setsid sh}) that runs {@code runc run} in the foreground,
 * writes the container's output to the log in the CRI format and, when runc returns, the exit code to
 * {@code <stateDir>/exit}. An inotify watch (WatchService) on the state folder turns that file into
 * {@link ProviderContext#containerExited}. The supervisor does not depend on the daemon: containers keep running
 * across daemon restarts and {@link #restore} finds them again (or their exit code).
 */
@Component(service = RuntimeProvider.class, property = "isula.runtime.name=" + VendorRuncProvider.NAME)
public class VendorRuncProvider implements RuntimeProvider {
    public static final String NAME = "vendor-runc";
    private static final Duration CMD_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** $1 state dir, $2 log, $3 bundle, $4 id, then the runc command (binary + global args). */
    private static final String SUPERVISOR = """
            dir=$1 log=$2 bundle=$3 id=$4; shift 4
            cri() { while IFS= read -r l || [ -n "$l" ]; do
                printf '%s %s F %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$1" "$l"; done >> "$log"; }
            { { "$@" --root "$dir/runc" run --bundle "$bundle" --pid-file "$dir/pid" "$id" </dev/null 2>&3 3>&-
                echo $? > "$dir/exit.tmp"; } | cri stdout 3>&-; } 3>&1 | cri stderr
            mv -f "$dir/exit.tmp" "$dir/exit"
            """;

    private volatile ProviderContext context;
    private volatile List<String> runc = List.of("runc");
    private final Map<WatchKey, ContainerHandle> watched = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private WatchService watcher;

    @Override
    public String name() { return NAME; }

    @Override
    public String path(String runtimeName) { return runc.get(0); }

    /**
     * The provider's own daemon.json section, {@code "vendor-runc": {"path": "/usr/bin/runc", "runtime-args": [...]}}
     * (read from {@link DaemonSettings#raw()}; not under {@code "runtimes"}, whose entries the runc provider serves).
     */
    @Override
    public void init(ProviderContext ctx) {
        this.context = ctx;
        DaemonSettings s = ctx.settings();
        if (s != null && s.raw() != null && s.raw().get(NAME) instanceof Map<?, ?> own && own.get("path") instanceof String path) {
            List<String> cmd = new ArrayList<>(List.of(path));
            if (own.get("runtime-args") instanceof List<?> args) args.forEach(a -> cmd.add(String.valueOf(a)));
            runc = List.copyOf(cmd);
        }
    }

    @Override
    public void create(ContainerHandle c, CreateOptions options) {
        if (options != null && options.terminal()) throw new NotSupported("tty", "runtime", NAME);
        if (!Files.isRegularFile(c.bundleDir().resolve("config.json"))) {
            throw EngineException.invalid("no OCI config.json in " + c.bundleDir());
        }
        try { // nothing runs yet: runc create+start happen together in start(), under the supervisor
            Files.createDirectories(c.stateDir());
            Files.writeString(c.stateDir().resolve("created"), c.bundleDir().toString());
        } catch (IOException e) {
            throw EngineException.internal("cannot create state of " + c.id(), e);
        }
    }

    @Override
    public int start(ContainerHandle c) {
        Path dir = c.stateDir();
        try {
            for (String f : List.of("exit", "exit.tmp", "pid")) Files.deleteIfExists(dir.resolve(f));
            Files.createDirectories(c.logPath().toAbsolutePath().getParent());
            watch(c);
            List<String> cmd = new ArrayList<>(List.of("setsid", "sh", "-c", SUPERVISOR, NAME + "-supervisor",
                    dir.toString(), c.logPath().toString(), c.bundleDir().toString(), c.id()));
            cmd.addAll(runc);
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            for (long end = System.nanoTime() + CMD_TIMEOUT.toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
                String pid = read(dir.resolve("pid"));
                if (pid != null && !pid.isBlank()) return Integer.parseInt(pid.trim());
                if (Files.exists(dir.resolve("exit"))) {
                    throw EngineException.internal("runc failed to start " + c.id() + ": " + tail(c.logPath()), null);
                }
            }
            throw EngineException.internal("container " + c.id() + " did not start within " + CMD_TIMEOUT.toSeconds() + "s", null);
        } catch (IOException e) {
            throw EngineException.internal("cannot start " + c.id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.internal("interrupted while starting " + c.id(), e);
        }
    }

    @Override
    public void kill(ContainerHandle c, int signal) {
        ProcessResult r = runc(c, "kill", c.id(), Integer.toString(signal));
        if (!r.ok()) throw EngineException.conflict("cannot kill container " + c.id() + ": " + r.message());
    }

    @Override
    public void delete(ContainerHandle c, boolean force) {
        RuntimeStatus st = state(c);
        if (st.status().isActive()) {
            if (!force) throw EngineException.conflict("container " + c.id() + " is " + st.status().isulaName());
            runc(c, "kill", c.id(), "9");
            waitFor(c.stateDir().resolve("exit"), Duration.ofSeconds(10));
        }
        runc(c, "delete", "--force", c.id()); // runc run removes it itself; this covers a killed supervisor
        try {
            for (String f : List.of("exit", "exit.tmp", "pid", "created")) Files.deleteIfExists(c.stateDir().resolve(f));
            Path root = c.stateDir().resolve("runc"); // this container's own runc --root
            if (Files.isDirectory(root)) {
                try (var tree = Files.walk(root)) {
                    for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(c.stateDir());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // someone else's files (the kernel's): leave the folder
        } catch (IOException e) {
            throw EngineException.internal("cannot clean state of " + c.id(), e);
        }
        reported.remove(c.id());
    }

    @Override
    public RuntimeStatus state(ContainerHandle c) {
        if (!Files.isDirectory(c.stateDir())) return RuntimeStatus.gone(); // never created, or deleted
        RuntimeStatus exited = exitStatus(c);
        if (exited != null) return exited;
        ProcessResult r = runc(c, "state", c.id());
        if (r.ok()) {
            try {
                JsonNode s = JSON.readTree(r.stdout());
                int pid = s.path("pid").asInt();
                switch (s.path("status").asText()) {
                    case "running": return new RuntimeStatus(ContainerStatus.RUNNING, pid, -1, null);
                    case "paused": return new RuntimeStatus(ContainerStatus.PAUSED, pid, -1, null);
                    case "created": return new RuntimeStatus(ContainerStatus.STARTING, pid, -1, null);
                    default: // stopped: the supervisor is writing the exit file right now
                        waitFor(c.stateDir().resolve("exit"), Duration.ofSeconds(2));
                        exited = exitStatus(c);
                        return exited != null ? exited : new RuntimeStatus(ContainerStatus.EXITED, 0, -1, Instant.now());
                }
            } catch (IOException e) {
                throw EngineException.internal("bad runc state output for " + c.id(), e);
            }
        }
        return Files.exists(c.stateDir().resolve("created"))
                ? new RuntimeStatus(ContainerStatus.INITED, 0, -1, null) : RuntimeStatus.gone();
    }

    @Override
    public RuntimeStatus restore(ContainerHandle c) {
        RuntimeStatus st = state(c);
        if (st.status() != ContainerStatus.EXITED) {
            watch(c);
        } else {
            reported.add(c.id()); // the kernel learns the exit from this return value
        }
        return st;
    }

    @Override
    public void pause(ContainerHandle c) { check(c, runc(c, "pause", c.id()), "pause"); }

    @Override
    public void resume(ContainerHandle c) { check(c, runc(c, "resume", c.id()), "resume"); }

    @Override
    public List<Integer> pids(ContainerHandle c) {
        ProcessResult r = check(c, runc(c, "ps", "--format", "json", c.id()), "list processes of");
        try {
            List<Integer> pids = new ArrayList<>();
            JSON.readTree(r.stdout()).forEach(n -> pids.add(n.asInt()));
            return pids;
        } catch (IOException e) {
            throw EngineException.internal("bad runc ps output for " + c.id(), e);
        }
    }

    @Deactivate
    public synchronized void close() throws IOException {
        if (watcher != null) watcher.close();
        watcher = null;
        watched.clear();
    }

    private RuntimeStatus exitStatus(ContainerHandle c) {
        Path exit = c.stateDir().resolve("exit");
        try {
            String code = read(exit);
            if (code == null || code.isBlank()) return null;
            return new RuntimeStatus(ContainerStatus.EXITED, 0, Integer.parseInt(code.trim()),
                    Files.getLastModifiedTime(exit).toInstant());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Watches the container's state folder for the supervisor's exit file (one inotify thread for all). */
    private synchronized void watch(ContainerHandle c) {
        try {
            if (watcher == null) {
                watcher = FileSystems.getDefault().newWatchService();
                WatchService w = watcher;
                Thread t = new Thread(() -> loop(w), NAME + "-exit-watch");
                t.setDaemon(true);
                t.start();
            }
            Files.createDirectories(c.stateDir());
            reported.remove(c.id());
            watched.put(c.stateDir().register(watcher, StandardWatchEventKinds.ENTRY_CREATE), c);
            report(c); // the file may have appeared before the watch
        } catch (IOException e) {
            throw EngineException.internal("cannot watch " + c.stateDir(), e);
        }
    }

    private void loop(WatchService w) {
        try {
            while (true) {
                WatchKey key = w.take();
                key.pollEvents();
                ContainerHandle c = watched.get(key);
                if (c != null && report(c)) {
                    key.cancel();
                    watched.remove(key);
                } else if (!key.reset()) {
                    watched.remove(key);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // deactivated
        }
    }

    private boolean report(ContainerHandle c) {
        RuntimeStatus st = exitStatus(c);
        if (st == null) return false;
        ProviderContext ctx = context;
        if (reported.add(c.id()) && ctx != null) ctx.containerExited(c.id(), st.exitCode(), st.exitedAt());
        return true;
    }

    private ProcessResult runc(ContainerHandle c, String... args) {
        List<String> cmd = new ArrayList<>(runc);
        cmd.addAll(List.of("--root", c.stateDir().resolve("runc").toString()));
        cmd.addAll(List.of(args));
        try {
            return Processes.run(cmd, CMD_TIMEOUT);
        } catch (IOException e) {
            throw EngineException.unavailable("cannot run " + runc.get(0) + ": " + e.getMessage());
        }
    }

    private static ProcessResult check(ContainerHandle c, ProcessResult r, String what) {
        if (!r.ok()) throw EngineException.conflict("cannot " + what + " container " + c.id() + ": " + r.message());
        return r;
    }

    private static void waitFor(Path file, Duration d) {
        for (long end = System.nanoTime() + d.toNanos(); !Files.exists(file) && System.nanoTime() < end; ) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String read(Path p) throws IOException {
        try {
            return Files.readString(p);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
