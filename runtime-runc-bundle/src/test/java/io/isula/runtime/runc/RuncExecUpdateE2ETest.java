package io.isula.runtime.runc;

import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ResourceUpdate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** exec as a given user and runc update through the provider, with real runc and conmon. */
@Tag("e2e")
class RuncExecUpdateE2ETest extends RuncProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void execRunsAsTheGivenUserInTheContainer() throws Exception {
        ContainerHandle c = running("sleep", "100");
        RecordingOutput out = new RecordingOutput();
        provider.exec(c, exec(new ExecSpec.User(1000, 1001, List.of(1002)), "sh", "-c",
                "echo in-$(hostname) $(id -u) $(id -G); exit 4"), out);
        assertEquals(4, out.awaitExit(WAIT));
        out.awaitClosed(WAIT);
        assertEquals("in-bb 1000 1001 1002", out.stdout().strip());
    }

    @Test
    void updateChangesTheLimitsOfARunningContainer() throws Exception {
        ContainerHandle c = running("sleep", "100");
        provider.update(c, new ResourceUpdate(64L << 20, 128L << 20, null, 512L, null, null, null, null, null, 50L));
        RecordingOutput limits = new RecordingOutput();
        provider.exec(c, exec(null, "cat", "/proc/self/cgroup"), limits);
        assertEquals(0, limits.awaitExit(WAIT), limits.stderr());
        limits.awaitClosed(WAIT);
        assertEquals(String.valueOf(64L << 20),
                Files.readString(cgroup(limits.stdout(), "memory").resolve("memory.limit_in_bytes")).strip());
        assertEquals("50", Files.readString(cgroup(limits.stdout(), "pids").resolve("pids.max")).strip());
        assertEquals("512", Files.readString(cgroup(limits.stdout(), "cpu").resolve("cpu.shares")).strip());
    }

    private static ExecSpec exec(ExecSpec.User user, String... args) {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return new ExecSpec(HexFormat.of().formatHex(b), List.of(args), List.of("PATH=/bin"), "/", user, false, false,
                true, 0, 0);
    }

    /** The host folder of a v1 controller's cgroup, from the container's /proc/self/cgroup. */
    private static Path cgroup(String procSelfCgroup, String controller) {
        String path = procSelfCgroup.lines().map(l -> l.split(":", 3))
                .filter(f -> f.length == 3 && List.of(f[1].split(",")).contains(controller)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + controller + " cgroup in " + procSelfCgroup))[2];
        return Path.of("/sys/fs/cgroup", controller).resolve(path.substring(1));
    }
}
