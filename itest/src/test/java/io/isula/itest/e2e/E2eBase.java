package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One daemon and one busybox rootfs shared by the tests of a class (each test uses its own uniquely named
 * containers), plus the few helpers that read like a user's session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class E2eBase {
    static final Pattern ID64 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern ID12 = Pattern.compile("[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    protected Daemon daemon;
    protected BusyboxRootfs rootfs;
    protected Isula isula;

    @BeforeAll
    void startDaemon() {
        rootfs = BusyboxRootfs.create();
        daemon = Daemon.start(withDefaultRuntime(daemonSettings()));
        isula = daemon.isula();
    }

    @AfterAll
    void stopDaemon() {
        try {
            if (daemon != null) daemon.close();
        } finally {
            if (rootfs != null) rootfs.close();
        }
    }

    /** Extra daemon.json members for this class's daemon (JSON members without braces); none by default. */
    protected String daemonSettings() {
        return "";
    }

    /**
     * The runtime this class's containers run on when a command names none: written as daemon.json's
     * {@code default-runtime}. A runtime provider re-runs an existing test class on itself by subclassing it
     * and overriding this (e.g. {@code class LcrLifecycleTest extends LifecycleTest}); null keeps the
     * daemon's own default (runc).
     */
    protected String defaultRuntime() {
        return null;
    }

    private String withDefaultRuntime(String settings) {
        String runtime = defaultRuntime();
        if (runtime == null) return settings;
        String member = "\"default-runtime\": \"" + runtime + "\"";
        return settings.isBlank() ? member : settings.strip() + ", " + member;
    }

    /** A container name no other test (or earlier run) uses. */
    static String uniqueName(String prefix) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "e2e-" + prefix + "-" + HexFormat.of().formatHex(b);
    }

    /** {@code isula <args>} against this class's daemon, asserting nothing. */
    protected Result isula(String... args) {
        return isula.run(args);
    }

    /** Joins {@code before}, {@code --external-rootfs R none}, then {@code cmd}: a run/create command line. */
    protected String[] withRootfs(List<String> before, String... cmd) {
        List<String> a = new ArrayList<>(before);
        a.add("--external-rootfs");
        a.add(rootfs.path().toString());
        a.add("none");
        a.addAll(List.of(cmd));
        return a.toArray(String[]::new);
    }

    /** {@code isula run -d -n NAME [opts] --external-rootfs R none CMD}; asserts a 64-hex id printed and returns it. */
    protected String runDetached(String name, List<String> opts, String... cmd) {
        List<String> before = new ArrayList<>(List.of("run", "-d", "-n", name));
        before.addAll(opts);
        Result r = isula(withRootfs(before, cmd));
        assertEquals(0, r.exitCode(), () -> "run -d failed:\n" + r + "\n" + daemon.logTail());
        assertTrue(ID64.matcher(r.out()).matches(), () -> "run -d must print a 64-hex id:\n" + r);
        return r.out();
    }

    protected String runDetached(String name, String... cmd) {
        return runDetached(name, List.of(), cmd);
    }

    /** {@code isula create -n NAME [opts] --external-rootfs R none CMD}; asserts a 64-hex id printed. */
    protected String create(String name, List<String> opts, String... cmd) {
        List<String> before = new ArrayList<>(List.of("create", "-n", name));
        before.addAll(opts);
        Result r = isula(withRootfs(before, cmd));
        assertEquals(0, r.exitCode(), () -> "create failed:\n" + r + "\n" + daemon.logTail());
        assertTrue(ID64.matcher(r.out()).matches(), () -> "create must print a 64-hex id:\n" + r);
        return r.out();
    }

    /**
     * A shell loop that waits for a signal file: the container exits with {@code code} once the test calls
     * {@link #release(String)} with the same key. Deterministic where a {@code sleep N} would race the test.
     */
    protected String[] waitForRelease(String key, int code) {
        return new String[] {"sh", "-c", "while [ ! -e /signals/" + key + " ]; do sleep 0.1; done; exit " + code};
    }

    /** Creates the signal file {@code /signals/KEY} in the shared rootfs (see {@link #waitForRelease}). */
    protected void release(String key) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(rootfs.path().resolve("signals"));
            java.nio.file.Files.writeString(dir.resolve(key), "go\n");
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot write the signal file " + key + ": " + e, e);
        }
    }

    /** {@code isula inspect NAME}: the one object of the printed array. */
    protected JsonNode inspect(String name) {
        Result r = isula.ok("inspect", name);
        JsonNode a = Json.parse(r.stdout(), r);
        assertTrue(a.isArray() && a.size() == 1, () -> "inspect of one container must print a one-element JSON array:\n" + r);
        return a.get(0);
    }

    /** {@code isula inspect -f TEMPLATE NAME}, asserting success; stdout stripped. */
    protected String inspectF(String name, String template) {
        return isula.ok("inspect", "-f", template, name).out();
    }

    protected String status(String name) {
        return inspectF(name, "{{.State.Status}}");
    }

    protected long pidOf(String name) {
        return Long.parseLong(inspectF(name, "{{.State.Pid}}"));
    }

    protected void awaitStatus(String name, String status, Duration timeout) {
        String[] last = {""};
        Poll.until(timeout, name + " to be " + status, () -> status.equals(last[0] = status(name)),
                () -> "last status: " + last[0]);
    }

    /** Polls {@code isula logs NAME} until stdout+stderr contains {@code text}. */
    protected void awaitLog(String name, String text, Duration timeout) {
        Result[] last = {null};
        Poll.until(timeout, "'" + text + "' in the logs of " + name, () -> {
            last[0] = isula("logs", name);
            return last[0].exitCode() == 0 && last[0].all().contains(text);
        }, () -> String.valueOf(last[0]));
    }

    protected void awaitGone(long pid, Duration timeout) {
        Poll.until(timeout, "process " + pid + " to be gone", () -> !Procs.alive(pid),
                () -> "still alive: " + Procs.cmdline(pid));
    }

    /** Runs the tasks concurrently (e.g. starting several containers) and returns their results in order. */
    @SafeVarargs
    static <T> List<T> parallel(Callable<T>... tasks) {
        ExecutorService ex = Executors.newFixedThreadPool(tasks.length);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (Callable<T> t : tasks) fs.add(ex.submit(t));
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) out.add(f.get());
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) throw err;
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            ex.shutdownNow();
        }
    }
}
