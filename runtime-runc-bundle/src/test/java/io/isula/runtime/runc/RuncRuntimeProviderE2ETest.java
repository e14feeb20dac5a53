package io.isula.runtime.runc;

import io.isula.core.util.conmon.ConmonProcess;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.spi.RuntimeStatus;
import io.isula.core.util.ProcessResult;
import io.isula.core.util.Processes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real runc and conmon (root, runc, conmon and busybox-static must be installed, as on the project's machines). */
@Tag("e2e")
class RuncRuntimeProviderE2ETest extends RuncProviderFixture {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);

    @Test
    void isFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(RuntimeProvider.class).stream()
                .anyMatch(p -> p.type() == RuncRuntimeProvider.class));
        assertTrue(provider.names().contains("runc"));
        assertTrue(provider.path("runc").endsWith("/runc"), provider.path("runc"));
    }

    @Test
    void runsAContainerToItsExitCodeAndLogsItsOutput() throws Exception {
        ContainerHandle c = handle("sh", "-c", "echo hi; exit 3");
        long t0 = System.nanoTime();
        provider.create(c, options());
        long created = System.nanoTime();
        assertEquals(ContainerStatus.INITED, provider.state(c).status());
        int pid = provider.start(c);
        assertTrue(pid > 0);
        RecordingContext.Exit exit = context.awaitExit(c.id(), EXIT_WAIT);
        long exited = System.nanoTime();
        assertEquals(3, exit.code());
        assertTrue(Duration.between(exit.at(), Instant.now()).abs().getSeconds() < 30, exit.at().toString());

        RuntimeStatus st = provider.state(c);
        assertEquals(ContainerStatus.EXITED, st.status());
        assertEquals(3, st.exitCode());

        List<String> log = Files.readAllLines(c.logPath());
        assertTrue(log.stream().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ stdout F hi")), log.toString());

        RuntimeLayout rt = RuntimeLayout.of("runc", "runc", List.of(), settings.state());
        assertTrue(Files.isSymbolicLink(rt.socketDir().resolve(c.id())), "conmon's socket symlink");
        provider.delete(c, false);
        long deleted = System.nanoTime();
        assertNoLeftovers(c);
        assertEquals(1, context.count(c.id()));
        System.out.printf("provider: create %d ms, start..exit %d ms, delete %d ms, total %d ms%n",
                ms(created - t0), ms(exited - created), ms(deleted - exited), ms(deleted - t0));
    }

    @Test
    void termEndsASleepWith143AndPauseResumeWork() throws Exception {
        // without a pid namespace sleep is not an init process, which would ignore TERM without a handler
        ContainerHandle c = handle(false, "sleep", "100");
        provider.create(c, options());
        int pid = provider.start(c);
        RuntimeStatus st = provider.state(c);
        assertEquals(ContainerStatus.RUNNING, st.status());
        assertEquals(pid, st.pid());
        assertEquals(List.of(pid), provider.pids(c));

        provider.pause(c);
        assertEquals(ContainerStatus.PAUSED, provider.state(c).status());
        provider.resume(c);
        assertEquals(ContainerStatus.RUNNING, provider.state(c).status());

        EngineException notStopped = assertThrows(EngineException.class, () -> provider.delete(c, false));
        assertTrue(notStopped.getMessage().contains(c.id()), notStopped.getMessage());

        provider.kill(c, 15);
        assertEquals(143, context.awaitExit(c.id(), EXIT_WAIT).code());
        assertEquals(143, provider.state(c).exitCode());
        EngineException notRunning = assertThrows(EngineException.class, () -> provider.kill(c, 15));
        assertTrue(notRunning.getMessage().contains("runc kill of container " + c.id()), notRunning.getMessage());
        provider.delete(c, false);
        assertNoLeftovers(c);
    }

    @Test
    void containersOutliveTheProviderAndAreRestoredByTheNextOne() throws Exception {
        ContainerHandle running = handle("sleep", "100");
        ContainerHandle finishing = handle("sh", "-c", "sleep 1; exit 7");
        provider.create(running, options());
        int pid = provider.start(running);
        provider.create(finishing, options());
        provider.start(finishing);

        // the "daemon" goes away: nothing is killed, the provider object is just dropped
        provider.close();
        provider = null;
        RuntimeLayout rt = RuntimeLayout.of("runc", "runc", List.of(), settings.state());
        Path finishedFile = rt.exitDir().resolve(finishing.id());
        await(() -> Files.exists(finishedFile), "conmon writes the exit file without a daemon");
        assertTrue(Files.exists(Path.of("/proc", Integer.toString(pid))), "container survives its provider");
        assertEquals(0, context.count(finishing.id()), "nobody was listening");

        RecordingContext after = new RecordingContext(settings);
        provider = new RuncRuntimeProvider();
        provider.init(after);
        RuntimeStatus r1 = provider.restore(running);
        assertEquals(ContainerStatus.RUNNING, r1.status());
        assertEquals(pid, r1.pid());
        RuntimeStatus r2 = provider.restore(finishing);
        assertEquals(ContainerStatus.EXITED, r2.status());
        assertEquals(7, r2.exitCode());
        assertEquals(7, after.awaitExit(finishing.id(), EXIT_WAIT).code());

        // the restored container's next exit is reported by the new provider
        provider.kill(running, 9);
        assertEquals(137, after.awaitExit(running.id(), EXIT_WAIT).code());
        assertEquals(1, after.count(running.id()));
        assertEquals(1, after.count(finishing.id()));
        provider.delete(running, false);
        provider.delete(finishing, false);
        assertNoLeftovers(running);
        assertNoLeftovers(finishing);
    }

    @Test
    void restoreOfAContainerWhoseConmonDiedEndsIt() throws Exception {
        ContainerHandle c = handle("sleep", "100");
        provider.create(c, options());
        int pid = provider.start(c);
        provider.close();
        int conmon = ContainerFiles.readPid(c.stateDir().resolve("conmon.pid")).orElseThrow();
        ProcessHandle.of(conmon).orElseThrow().destroyForcibly();
        ConmonProcess processes = new ConmonProcess();
        await(() -> !processes.alive(conmon, c.id()), "conmon " + conmon + " ends");

        provider = new RuncRuntimeProvider();
        provider.init(context);
        RuntimeStatus st = provider.restore(c);
        assertEquals(ContainerStatus.EXITED, st.status());
        assertEquals(137, st.exitCode());
        await(() -> !Files.exists(Path.of("/proc", Integer.toString(pid))) || isZombie(pid), "container killed");
        provider.delete(c, true);
        assertNoLeftovers(c);
    }

    @Test
    void aFailedCreateSaysWhyAndLeavesNothing() {
        ContainerHandle c = handle("/no/such/program");
        EngineException e = assertThrows(EngineException.class, () -> provider.create(c, options()));
        assertTrue(e.getMessage().contains(c.id()), e.getMessage());
        assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
        assertEquals(RuntimeStatus.gone(), provider.state(c));
        RuntimeLayout rt = RuntimeLayout.of("runc", "runc", List.of(), settings.state());
        assertFalse(Files.exists(rt.exitDir().resolve(c.id())));
        assertFalse(Files.exists(rt.socketDir().resolve(c.id()), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void unknownRuntimeIsUnavailable() {
        ContainerHandle c = new ContainerHandle(newId(), "nope", root.resolve("b"), root.resolve("s"), root.resolve("l"));
        EngineException e = assertThrows(EngineException.class, () -> provider.create(c, options()));
        assertEquals(EngineException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("runtime nope is not available"));
    }

    @Test
    void conmonHoldsNoneOfTheJvmsFiles() throws Exception {
        ContainerHandle c = handle("sleep", "100");
        provider.create(c, options());
        int conmon = ContainerFiles.readPid(c.stateDir().resolve("conmon.pid")).orElseThrow();
        List<String> fds = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Integer.toString(conmon), "fd"))) {
            for (Path fd : s.toList()) {
                try {
                    fds.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        System.out.println("conmon fds: " + fds);
        assertFalse(fds.isEmpty());
        for (String fd : fds) {
            assertFalse(fd.contains(".jar") || fd.contains("/jvm/") || fd.contains("surefire"), fd);
        }
        provider.delete(c, true);
        assertNoLeftovers(c);
    }

    @Test
    void timingAgainstRuncRun() throws Exception {
        int rounds = 5;
        long ours = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            ContainerHandle c = handle("true");
            long t0 = System.nanoTime();
            provider.create(c, options());
            provider.start(c);
            context.awaitExit(c.id(), EXIT_WAIT);
            provider.delete(c, false);
            ours = Math.min(ours, System.nanoTime() - t0);
        }
        Path bundle = root.resolve("graph/plain");
        bundles.write(bundle, true, "true");
        Path runcRoot = Files.createDirectories(root.resolve("plain-runc-root"));
        long plain = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            ProcessResult r = Processes.run(List.of("runc", "--root", runcRoot.toString(), "run", "--bundle",
                    bundle.toString(), newId()), Duration.ofSeconds(30));
            plain = Math.min(plain, System.nanoTime() - t0);
            assertEquals(0, r.exitCode(), r.message());
        }
        System.out.printf("best of %d: provider create+start+exit+delete %d ms, runc run %d ms (ratio %.2f)%n",
                rounds, ms(ours), ms(plain), (double) ours / plain);
    }

    @Test
    void syncPipeVersusPidfilePolling() throws Exception {
        ContainerHandle c = handle("sleep", "100");
        Path pidfile = c.stateDir().resolve("pidfile");
        long[] seen = {0};
        Thread poller = new Thread(() -> {
            while (!Files.exists(pidfile) && !Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            seen[0] = System.nanoTime();
        });
        poller.setDaemon(true);
        long t0 = System.nanoTime();
        poller.start();
        provider.create(c, options());
        long reported = System.nanoTime();
        poller.join(5000);
        assertTrue(seen[0] > 0, "pidfile seen");
        System.out.printf("pidfile appeared after %.1f ms, conmon's sync message arrived after %.1f ms%n",
                (seen[0] - t0) / 1e6, (reported - t0) / 1e6);
        OptionalInt pid = ContainerFiles.readPid(pidfile);
        assertTrue(pid.isPresent());
        provider.delete(c, true);
    }

    private static CreateOptions options() {
        return new CreateOptions(null, false, false);
    }

    private void assertNoLeftovers(ContainerHandle c) {
        RuntimeLayout rt = RuntimeLayout.of("runc", "runc", List.of(), settings.state());
        assertFalse(Files.exists(c.stateDir()), "state dir");
        assertFalse(Files.exists(rt.exitDir().resolve(c.id())), "exit file");
        assertFalse(Files.exists(rt.socketDir().resolve(c.id()), java.nio.file.LinkOption.NOFOLLOW_LINKS), "socket link");
        for (String f : List.of("attach", "ctl", "winsz")) {
            assertFalse(Files.exists(c.bundleDir().resolve(f), java.nio.file.LinkOption.NOFOLLOW_LINKS), f);
        }
        assertTrue(Files.exists(c.bundleDir().resolve("config.json")), "the bundle itself stays");
        assertEquals(RuntimeStatus.gone(), provider.state(c));
    }

    private static boolean isZombie(int pid) {
        try {
            return ConmonProcess.stateOf(Files.readString(Path.of("/proc", Integer.toString(pid), "stat"))) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + EXIT_WAIT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
