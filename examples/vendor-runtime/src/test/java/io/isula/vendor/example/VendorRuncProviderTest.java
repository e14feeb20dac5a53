package io.isula.vendor.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RuntimeStatus;
import io.isula.core.util.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real busybox containers through real runc (root only; -Dskip.e2e=true skips). */
class VendorRuncProviderTest {
    record Exit(String id, int code, Instant at) { }

    @TempDir Path tmp;
    final LinkedBlockingQueue<Exit> exits = new LinkedBlockingQueue<>();
    VendorRuncProvider provider;

    @BeforeAll
    static void needsRootAndRunc() throws Exception {
        assumeTrue(!Boolean.getBoolean("skip.e2e"), "skip.e2e");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Processes.run(List.of("runc", "--version"), Duration.ofSeconds(10)).ok(), "needs runc");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
    }

    @BeforeEach
    void setUp() {
        provider = newProvider();
    }

    VendorRuncProvider newProvider() {
        VendorRuncProvider p = new VendorRuncProvider();
        DaemonSettings settings = new DaemonSettings(tmp.resolve("graph"), tmp.resolve("state"), List.of(), "runc", "INFO",
                Map.of(), Map.of("vendor-runc", Map.of("path", "runc", "runtime-args", List.of("--log-format", "text"))));
        p.init(new ProviderContext() {
            public DaemonSettings settings() { return settings; }
            public void containerExited(String id, int code, Instant at) { exits.add(new Exit(id, code, at)); }
        });
        return p;
    }

    @AfterEach
    void tearDown() throws Exception {
        provider.close();
    }

    /** An OCI bundle with a busybox rootfs (the static binary plus applet links) running {@code args}. */
    ContainerHandle container(String... args) throws Exception {
        String id = "vt-" + UUID.randomUUID().toString().substring(0, 8);
        Path bundle = tmp.resolve("graph/engines/vendor-runc").resolve(id);
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "true")) Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        assertTrue(Processes.run(List.of("runc", "spec"), bundle, Map.of(), Duration.ofSeconds(10)).ok());
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) spec.get("process");
        process.put("terminal", false);
        process.set("args", json.valueToTree(List.of(args)));
        json.writeValue(bundle.resolve("config.json").toFile(), spec);
        return new ContainerHandle(id, "vendor-runc", bundle, tmp.resolve("state/vendor-runc").resolve(id),
                tmp.resolve("graph/engines/vendor-runc").resolve(id).resolve("console.log"));
    }

    @Test
    void reportsExitCodeAndWritesCriLog() throws Exception {
        ContainerHandle c = container("sh", "-c", "echo hello; echo oops >&2; exit 3");
        provider.create(c, new CreateOptions(c.bundleDir().resolve("rootfs"), false, false));
        assertEquals(ContainerStatus.INITED, provider.state(c).status());
        assertTrue(provider.start(c) > 0);
        Exit exit = exits.poll(20, TimeUnit.SECONDS);
        assertEquals(new Exit(c.id(), 3, exit.at()), exit);
        RuntimeStatus st = provider.state(c);
        assertEquals(ContainerStatus.EXITED, st.status());
        assertEquals(3, st.exitCode());
        String log = Files.readString(c.logPath());
        assertTrue(log.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z stdout F hello\n.*"), log);
        assertTrue(log.contains(" stderr F oops\n"), log);
        provider.delete(c, false);
        assertEquals(ContainerStatus.UNKNOWN, provider.state(c).status());
        assertFalse(Files.exists(c.stateDir()), "state folder left behind");
        assertTrue(exits.isEmpty());
    }

    @Test
    void killsRunningContainerAndSurvivesProviderRestart() throws Exception {
        ContainerHandle c = container("sleep", "60");
        provider.create(c, new CreateOptions(c.bundleDir().resolve("rootfs"), false, false));
        int pid = provider.start(c);
        RuntimeStatus st = provider.state(c);
        assertEquals(ContainerStatus.RUNNING, st.status());
        assertEquals(pid, st.pid());
        assertEquals(List.of(pid), provider.pids(c));
        assertThrows(EngineException.class, () -> provider.delete(c, false));

        provider.close(); // the "daemon" goes away; the container must not
        provider = newProvider();
        assertEquals(ContainerStatus.RUNNING, provider.restore(c).status());
        provider.kill(c, 9);
        Exit exit = exits.poll(20, TimeUnit.SECONDS);
        assertEquals(137, exit.code());
        assertEquals(c.id(), exit.id());
        provider.delete(c, false);
    }

    @Test
    void startFailureIsAnErrorWithRuncsMessage() throws Exception {
        ContainerHandle c = container("/no/such/binary");
        provider.create(c, new CreateOptions(c.bundleDir().resolve("rootfs"), false, false));
        EngineException e = assertThrows(EngineException.class, () -> provider.start(c));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        provider.delete(c, true);
    }
}
