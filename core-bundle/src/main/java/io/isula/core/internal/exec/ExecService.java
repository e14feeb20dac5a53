package io.isula.core.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineException;
import io.isula.core.api.ExecConfig;
import io.isula.core.api.ExecDetails;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;
import io.isula.core.internal.events.EventBus;
import io.isula.core.internal.lifecycle.ProbeResult;
import io.isula.core.internal.registry.ProviderRegistry;
import io.isula.core.internal.spec.UserResolver;
import io.isula.core.internal.spec.UserSpec;
import io.isula.core.internal.store.ContainerRecord;
import io.isula.core.internal.store.ContainerStore;
import io.isula.core.internal.store.RootPaths;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ProcessStdio;
import io.isula.core.spi.RuntimeProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exec use cases: create (checked against the running container, kept in memory as Docker does), start (the
 * runtime runs it; its output goes to the client that started it), inspect, resize. Finished sessions are kept for
 * their exit code until there are too many or their container goes.
 */
public final class ExecService {
    private static final int KEEP_FINISHED = 256;
    private static final int PROBE_OUTPUT_LIMIT = 4096;

    private final ContainerStore store;
    private final ProviderRegistry registry;
    private final EventBus events;
    private final ObjectMapper json;
    private final UserResolver users = new UserResolver();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();

    public ExecService(ContainerStore store, ProviderRegistry registry, EventBus events) {
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.json = store.json();
    }

    public String create(String ref, ExecConfig config) {
        if (config == null || config.cmd() == null || config.cmd().isEmpty()) {
            throw EngineException.invalid("No exec command specified");
        }
        if (config.consoleSize() != null && config.consoleSize().size() != 2) {
            throw EngineException.invalid("ConsoleSize must be [height, width]");
        }
        ContainerRecord c = running(ref);
        registry.requireRuntime(c.runtime());
        purgeFinished();
        String id = newId();
        ExecSession s = new ExecSession(id, c.id(), config, code -> died(id, c, code));
        sessions.put(id, s);
        events.publish("container", "exec_create: " + String.join(" ", config.cmd()), c.id(),
                attrs(c, "execID", id));
        return id;
    }

    /**
     * Starts the exec. Attached: output goes to {@code sink} and the returned stream carries input; detached
     * ({@code sink} null): returns null once it runs.
     */
    public StdioStream start(String execId, StdioSink sink) {
        ExecSession s = require(execId);
        ContainerRecord c = running(s.containerId());
        RuntimeProvider runtime = registry.requireRuntime(c.runtime());
        ExecSpec spec = spec(s, c, sink != null);
        s.begin(sink);
        ProcessStdio stdio;
        try {
            stdio = runtime.exec(c.handle(), spec, s);
        } catch (RuntimeException e) {
            s.failed(e.getMessage());
            s.startReported();
            throw e;
        }
        s.running(stdio);
        events.publish("container", "exec_start: " + String.join(" ", s.config().cmd()), c.id(),
                attrs(c, "execID", execId));
        s.startReported();
        return sink == null ? null : s.stream();
    }

    /**
     * Runs a health probe: {@code command} in the running container as its own process runs (user, environment,
     * working folder), through the runtime's exec like any other, waiting at most {@code timeout}; a probe still
     * running then is killed and reported as timed out.
     */
    public ProbeResult probe(ContainerRecord c, List<String> command, Duration timeout) {
        RuntimeProvider runtime = registry.requireRuntime(c.runtime());
        String cwd = c.config().workingDir() != null && !c.config().workingDir().isBlank() ? c.config().workingDir()
                : "/";
        ExecSpec spec = new ExecSpec(newId(), command, c.config().env(), cwd, null, false, false, true, 0, 0);
        ProbeOutput output = new ProbeOutput(PROBE_OUTPUT_LIMIT);
        ProcessStdio stdio;
        try {
            stdio = runtime.exec(c.handle(), spec, output);
        } catch (EngineException e) {
            return new ProbeResult(-1, e.getMessage(), false);
        }
        try {
            if (output.await(timeout)) {
                return new ProbeResult(output.exitCode(), output.text(), false);
            }
            int pid = stdio.pid();
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            return new ProbeResult(-1, output.text(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(-1, "interrupted", false);
        } finally {
            stdio.close();
        }
    }

    public ExecDetails inspect(String execId) {
        return require(execId).details();
    }

    public void resize(String execId, int height, int width) {
        ExecSession s = require(execId);
        ProcessStdio p = s.stdio();
        if (p == null || s.finished()) {
            throw EngineException.conflict("Exec " + execId + " is not running");
        }
        p.resize(height, width);
    }

    /** Forgets the sessions of a removed container. */
    public void containerRemoved(String containerId) {
        sessions.values().removeIf(s -> s.containerId().equals(containerId));
    }

    private ExecSession require(String execId) {
        ExecSession s = execId == null ? null : sessions.get(execId);
        if (s == null) {
            throw EngineException.notFound("No such exec instance: " + execId);
        }
        return s;
    }

    private ContainerRecord running(String ref) {
        ContainerRecord c = store.require(ref);
        if (c.removed()) {
            throw EngineException.notFound("No such container: " + ref);
        }
        if (c.status() == ContainerStatus.PAUSED) {
            throw EngineException.conflict("Container " + ref + " is paused, unpause the container before exec");
        }
        if (c.status() != ContainerStatus.RUNNING) {
            throw EngineException.conflict("Container " + ref + " is not running");
        }
        return c;
    }

    private ExecSpec spec(ExecSession s, ContainerRecord c, boolean attached) {
        ExecConfig cfg = s.config();
        ExecSpec.User user = null;
        if (cfg.user() != null && !cfg.user().isBlank()) {
            UserSpec u = users.resolve(rootPath(c), cfg.user());
            user = new ExecSpec.User(u.uid(), u.gid(), u.additionalGids());
        }
        String cwd = cfg.workingDir() != null && !cfg.workingDir().isBlank() ? cfg.workingDir()
                : c.config().workingDir() != null && !c.config().workingDir().isBlank() ? c.config().workingDir() : "/";
        if (!cwd.startsWith("/")) {
            throw EngineException.invalid("the working directory '" + cwd + "' is invalid: it needs to be an absolute path");
        }
        int height = 0;
        int width = 0;
        if (cfg.consoleSize() != null) {
            height = cfg.consoleSize().get(0);
            width = cfg.consoleSize().get(1);
        }
        return new ExecSpec(s.id(), cfg.cmd(), mergeEnv(c.config().env(), cfg.env()), cwd, user, cfg.tty(),
                cfg.attachStdin(), attached, height, width);
    }

    /** The container's environment with the exec's own variables added or replacing the same names. */
    static List<String> mergeEnv(List<String> container, List<String> exec) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (List<String> list : List.of(container == null ? List.<String>of() : container,
                exec == null ? List.<String>of() : exec)) {
            for (String e : list) {
                int eq = e.indexOf('=');
                merged.put(eq < 0 ? e : e.substring(0, eq), e);
            }
        }
        return new ArrayList<>(merged.values());
    }

    /** The rootfs runc uses, as the container's bundle names it (for /etc/passwd). */
    private Path rootPath(ContainerRecord c) {
        return RootPaths.of(c, json);
    }

    private void died(String execId, ContainerRecord c, int code) {
        events.publish("container", "exec_die", c.id(), attrs(c, "execID", execId, "exitCode", String.valueOf(code)));
    }

    private void purgeFinished() {
        List<ExecSession> finished = sessions.values().stream().filter(ExecSession::finished)
                .sorted(Comparator.comparing(ExecSession::endedAt)).toList();
        for (int i = 0; i < finished.size() - KEEP_FINISHED; i++) {
            sessions.remove(finished.get(i).id());
        }
    }

    private String newId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Map<String, String> attrs(ContainerRecord c, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("image", c.image());
        m.put("name", c.name());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
