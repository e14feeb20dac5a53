package io.isula.runtime.runc;

import io.isula.core.api.DaemonSettings;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ExecProcess;
import io.isula.core.spi.ExecResult;
import io.isula.core.spi.ResourceUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** runc exec (health probes) and runc update through the provider, with real runc and conmon. */
@Tag("e2e")
class RuncExecUpdateE2ETest {
    @TempDir
    static Path shared;
    private static BusyboxBundles bundles;

    @TempDir
    Path root;
    private DaemonSettings settings;
    private RuncRuntimeProvider provider;
    private final List<ContainerHandle> created = new ArrayList<>();

    @BeforeAll
    static void rootfs() throws IOException {
        bundles = new BusyboxBundles(shared);
    }

    @BeforeEach
    void daemon() {
        settings = new DaemonSettings(root.resolve("graph"), root.resolve("state"), List.of(), "runc", "info", Map.of(),
                Map.of());
        provider = new RuncRuntimeProvider();
        provider.init(new RecordingContext(settings));
    }

    @AfterEach
    void cleanUp() {
        for (ContainerHandle c : created) {
            try {
                provider.delete(c, true);
            } catch (RuntimeException e) {
                System.err.println("cleanup of " + c.id() + ": " + e.getMessage());
            }
        }
        provider.close();
    }

    private ContainerHandle running(String... args) throws IOException {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        Path bundle = settings.graph().resolve("engines/runc").resolve(id);
        bundles.write(bundle, true, args);
        ContainerHandle c = new ContainerHandle(id, "runc", bundle, settings.state().resolve("runc").resolve(id),
                bundle.resolve("console.log"));
        created.add(c);
        provider.create(c, new CreateOptions(null, false, false));
        provider.start(c);
        return c;
    }

    @Test
    void execRunsInTheContainerAndReportsItsExitCode() throws IOException {
        ContainerHandle c = running("sleep", "100");
        ExecResult ok = provider.exec(c, new ExecProcess(List.of("sh", "-c", "echo in-$(hostname); exit 4"), null, "/",
                "0:0"), Duration.ofSeconds(20));
        assertEquals(4, ok.exitCode());
        assertTrue(ok.output().contains("in-bb"), ok.output());
        assertFalse(ok.timedOut());
        long before = Files.list(c.stateDir()).count();
        ExecResult slow = provider.exec(c, new ExecProcess(List.of("sleep", "30"), null, null, null),
                Duration.ofMillis(500));
        assertTrue(slow.timedOut(), "a probe past its deadline is reported as timed out");
        assertEquals(before, Files.list(c.stateDir()).count(), "no pid file is left behind");
    }

    @Test
    void updateChangesTheLimitsOfARunningContainer() throws IOException {
        ContainerHandle c = running("sleep", "100");
        provider.update(c, new ResourceUpdate(64L << 20, 128L << 20, null, 512L, null, null, null, null, null, 50L));
        ExecResult limits = provider.exec(c, new ExecProcess(List.of("cat", "/proc/self/cgroup"), null, "/", null),
                Duration.ofSeconds(20));
        assertEquals(0, limits.exitCode(), limits.output());
        assertEquals(String.valueOf(64L << 20),
                Files.readString(cgroup(limits.output(), "memory").resolve("memory.limit_in_bytes")).strip());
        assertEquals("50", Files.readString(cgroup(limits.output(), "pids").resolve("pids.max")).strip());
        assertEquals("512", Files.readString(cgroup(limits.output(), "cpu").resolve("cpu.shares")).strip());
    }

    /** The host folder of a v1 controller's cgroup, from the container's /proc/self/cgroup. */
    private static Path cgroup(String procSelfCgroup, String controller) {
        String path = procSelfCgroup.lines().map(l -> l.split(":", 3))
                .filter(f -> f.length == 3 && List.of(f[1].split(",")).contains(controller)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + controller + " cgroup in " + procSelfCgroup))[2];
        return Path.of("/sys/fs/cgroup", controller).resolve(path.substring(1));
    }
}
