package io.isula.core.internal.service;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;
import io.isula.core.api.HealthConfig;
import io.isula.core.api.HostConfig;
import io.isula.core.api.ListOptions;
import io.isula.core.api.MountPoint;
import io.isula.core.api.Volume;
import io.isula.core.internal.registry.ProviderRegistry;
import io.isula.core.spi.ImageConfig;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.RootfsRequest;
import io.isula.core.spi.RuntimeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's container configuration use cases over a fake runtime: mounts, volumes, lifecycle, health. */
class ContainerConfigServiceTest {
    @TempDir
    Path tmp;
    private DaemonSettings settings;
    private FakeRuntime runtime;
    private FakeImages images;
    private ContainerService engine;

    @BeforeEach
    void setUp() throws IOException {
        settings = new DaemonSettings(tmp.resolve("graph"), tmp.resolve("state"), List.of(), "fake", "INFO", Map.of(),
                Map.of());
        runtime = new FakeRuntime();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        images = new FakeImages(tmp.resolve("rootfs"));
        engine = open(runtime);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private ContainerService open(FakeRuntime rt) {
        ProviderRegistry registry = new ProviderRegistry();
        registry.addImageProvider(images);
        if (rt != null) {
            registry.addRuntimeProvider(rt);
        }
        return new ContainerService(settings, registry);
    }

    private static CreateRequest request(String name, HostConfig host, String... cmd) {
        return new CreateRequest(name, ContainerConfig.builder().image("img").cmd(List.of(cmd.length == 0
                ? new String[] {"sh"} : cmd)).hostConfig(host).build());
    }

    private List<Path> containerDirs() throws IOException {
        Path dir = settings.graph().resolve("engines/fake");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingIsWritten() throws IOException {
        List<HostConfig> bad = List.of(
                HostConfig.builder().memory(1000).build(),
                HostConfig.builder().oomScoreAdj(5000).build(),
                HostConfig.builder().binds(List.of("rel:/proc")).build(),
                HostConfig.builder().capAdd(List.of("CAP_NOTHING")).build(),
                HostConfig.builder().securityOpt(List.of("seccomp={broken")).build(),
                HostConfig.builder().sysctls(Map.of("kernel.panic", "1")).build(),
                HostConfig.builder().devices(List.of(new HostConfig.DeviceMapping("/dev/none-here", null, null))).build(),
                HostConfig.builder().hookSpec(tmp.resolve("missing.json").toString()).build(),
                HostConfig.builder().dns(List.of("not-ip")).build(),
                HostConfig.builder().volumesFrom(List.of("nobody")).build(),
                HostConfig.builder().binds(List.of("vol:/data")).restartPolicy(new HostConfig.RestartPolicy("on-failure", -1)).build());
        for (HostConfig h : bad) {
            EngineException e = assertThrows(EngineException.class, () -> engine.create(request("x", h)), h.toString());
            assertTrue(e.kind() == EngineException.Kind.INVALID_ARGUMENT || e.kind() == EngineException.Kind.NOT_FOUND,
                    e.getMessage());
        }
        assertEquals(List.of(), containerDirs());
        assertEquals(List.of(), engine.volumes(), "a refused create makes no volume");
        engine.create(request("x", HostConfig.empty()));
    }

    @Test
    void volumesOutliveTheirContainerUnlessAnonymousAndRemovedWithIt() throws IOException {
        String id = engine.create(request("v1", HostConfig.builder().binds(List.of("data:/data", "/anon")).build()));
        List<MountPoint> mounts = engine.inspect(id).mounts().stream().map(m -> (MountPoint) m).toList();
        assertEquals(2, mounts.size());
        String anon = mounts.stream().filter(m -> m.destination().equals("/anon")).findFirst().orElseThrow().name();
        Files.writeString(settings.graph().resolve("volumes/data/_data/f"), "kept");
        assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class,
                () -> engine.removeVolume("data")).kind(), "in use");
        engine.remove(id, false, true);
        assertEquals(List.of("data"), engine.volumes().stream().map(Volume::name).toList(), anon + " goes with rm -v");
        String again = engine.create(request("v2", HostConfig.builder().binds(List.of("data:/data")).build()));
        assertEquals("kept", Files.readString(settings.graph().resolve("volumes/data/_data/f")));
        engine.remove(again, false);
        assertEquals(List.of("data"), engine.pruneVolumes());
        assertTrue(engine.volumes().isEmpty());
    }

    @Test
    void imageVolumesGetAnonymousVolumesFilledFromTheImage() throws IOException {
        Path rootfs = tmp.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/seed"), "from the image");
        ImageConfig withVolume = new ImageConfig(null, null, List.of("sh"), null, null, null, null, List.of("/data"));
        ProviderRegistry registry = new ProviderRegistry();
        registry.addImageProvider(new ImageProvider() {
            @Override
            public String type() { return "vol-img"; }

            @Override
            public boolean detect(String name) { return "volimg".equals(name); }

            @Override
            public String prepareRootfs(RootfsRequest r) { return rootfs.toString(); }

            @Override
            public Path mountRootfs(RootfsRequest r) { return rootfs; }

            @Override
            public ImageConfig mergeConfig(String image) { return withVolume; }
        });
        registry.addRuntimeProvider(new FakeRuntime());
        engine.close();
        engine = new ContainerService(settings, registry);
        String id = engine.create(new CreateRequest("iv", ContainerConfig.builder().image("volimg").build()));
        MountPoint m = (MountPoint) engine.inspect(id).mounts().get(0);
        assertEquals("/data", m.destination());
        assertTrue(m.name().matches("[0-9a-f]{64}"));
        assertEquals("from the image", Files.readString(Path.of(m.source()).resolve("seed")));
        String named = engine.create(new CreateRequest("iv2", ContainerConfig.builder().image("volimg")
                .hostConfig(HostConfig.builder().binds(List.of("mine:/data")).build()).build()));
        assertEquals("mine", ((MountPoint) engine.inspect(named).mounts().get(0)).name(), "the user's mount wins");
    }

    @Test
    void volumesFromAnotherContainer() {
        engine.create(request("src", HostConfig.builder().binds(List.of("shared:/s")).build()));
        String id = engine.create(request("dst", HostConfig.builder().volumesFrom(List.of("src:ro")).build()));
        MountPoint p = (MountPoint) engine.inspect(id).mounts().get(0);
        assertEquals("shared", p.name());
        assertFalse(p.rw());
    }

    @Test
    void volumesInUseAreKnownAgainAfterARestartOfTheDaemon() {
        engine.create(request("keep", HostConfig.builder().binds(List.of("kept:/k")).build()));
        engine.close();
        engine = open(runtime);
        assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class,
                () -> engine.removeVolume("kept")).kind());
        assertTrue(engine.pruneVolumes().isEmpty());
    }

    @Test
    void pauseAndUnpause() {
        String id = engine.create(request("p", HostConfig.empty()));
        assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class, () -> engine.pause(id)).kind());
        engine.start(id);
        engine.pause(id);
        assertEquals(ContainerStatus.PAUSED, engine.inspect(id).state().status());
        assertTrue(engine.inspect(id).state().paused());
        assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class, () -> engine.pause(id)).kind());
        engine.unpause(id);
        assertEquals(ContainerStatus.RUNNING, engine.inspect(id).state().status());
        assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class, () -> engine.unpause(id)).kind());
        assertTrue(runtime.calls.containsAll(List.of("pause " + id, "resume " + id)));
    }

    @Test
    void onFailureRestartsAtMostItsCountThenStays() {
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        engine.subscribe(0, events::add);
        String id = engine.create(request("r", HostConfig.builder()
                .restartPolicy(new HostConfig.RestartPolicy("on-failure", 2)).build()));
        engine.start(id);
        for (int round = 1; round <= 2; round++) {
            runtime.exit(id, 1);
            int expected = round;
            await("restart " + round, () -> engine.inspect(id).restartCount() == expected
                    && engine.inspect(id).state().status() == ContainerStatus.RUNNING);
        }
        runtime.exit(id, 1);
        assertEquals(1, engine.await(id), "the third failure is final");
        assertEquals(ContainerStatus.EXITED, engine.inspect(id).state().status());
        assertEquals(2, engine.inspect(id).restartCount());
        assertEquals(3, events.stream().filter(e -> e.action().equals("start")).count());
    }

    @Test
    void stopCallsOffAPendingRestartAndAManualStartResetsTheCount() {
        String id = engine.create(request("a", HostConfig.builder()
                .restartPolicy(new HostConfig.RestartPolicy("always", 0)).build()));
        engine.start(id);
        runtime.exit(id, 0);
        await("restart", () -> engine.inspect(id).restartCount() == 1);
        engine.stop(id, 1);
        assertEquals(ContainerStatus.EXITED, engine.inspect(id).state().status());
        runtime.calls.clear();
        engine.start(id);
        assertEquals(0, engine.inspect(id).restartCount());
    }

    @Test
    void killAndForceRemoveAreManualStops() throws InterruptedException {
        HostConfig always = HostConfig.builder().restartPolicy(new HostConfig.RestartPolicy("always", 0)).build();
        String killed = engine.create(request("k", always));
        engine.start(killed);
        engine.kill(killed, "KILL");
        assertEquals(137, engine.await(killed));
        Thread.sleep(300);
        assertEquals(ContainerStatus.EXITED, engine.inspect(killed).state().status(), "no restart after a kill");
        String removed = engine.create(request("r", always));
        engine.start(removed);
        long t0 = System.nanoTime();
        engine.remove(removed, true);
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 5, "the exit is final, no restart to wait for");
    }

    @Test
    void alwaysContainersStartWhenTheirRuntimeReturns() {
        String id = engine.create(request("back", HostConfig.builder()
                .restartPolicy(new HostConfig.RestartPolicy("always", 0)).build()));
        engine.start(id);
        engine.close();
        FakeRuntime again = new FakeRuntime();
        again.restoreAnswers.put(id, new RuntimeStatus(ContainerStatus.EXITED, 0, 137, null));
        engine = open(null);
        ProviderRegistryAccess.add(engine, again);
        await("restart after restore", () -> engine.inspect(id).state().status() == ContainerStatus.RUNNING);
        assertEquals(1, engine.inspect(id).restartCount());
    }

    @Test
    void renameKeepsTheIdAndFreesTheOldName() {
        String id = engine.create(request("old", HostConfig.empty()));
        engine.create(request("other", HostConfig.empty()));
        assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class,
                () -> engine.rename("old", "other")).kind());
        engine.rename("old", "new");
        assertEquals(id, engine.inspect("new").id());
        assertEquals("/new", engine.inspect(id).name());
        engine.create(request("old", HostConfig.empty()));
        engine.close();
        engine = open(runtime);
        assertEquals(id, engine.inspect("new").id(), "the new name is stored");
    }

    @Test
    void updateChangesRunningLimitsAndTheStoredSpec() throws IOException {
        String id = engine.create(request("u", HostConfig.builder().memory(32L << 20).build()));
        engine.start(id);
        engine.update(id, new ContainerUpdate(0, 0, 0, 0, null, null, 64L << 20, 0, 0, 0, 0, 20L,
                new HostConfig.RestartPolicy("always", 0)));
        assertEquals(64L << 20, engine.inspect(id).hostConfig().memory());
        assertEquals(20L, engine.inspect(id).hostConfig().pidsLimit());
        assertEquals("always", engine.inspect(id).hostConfig().restartPolicy().name());
        String call = runtime.calls.stream().filter(c -> c.startsWith("update")).findFirst().orElseThrow();
        assertTrue(call.contains("memory=67108864") && call.contains("memorySwap=134217728")
                && call.contains("pidsLimit=20"), call);
        String spec = Files.readString(settings.graph().resolve("engines/fake").resolve(id).resolve("config.json"));
        assertTrue(spec.contains("67108864"), "the next start keeps the new limit");
        assertThrows(EngineException.class, () -> engine.update(id, new ContainerUpdate(0, 0, 0, 0, null, null,
                100, 0, 0, 0, 0, null, null)));
        assertEquals(64L << 20, engine.inspect(id).hostConfig().memory(), "a refused update changes nothing");
    }

    @Test
    void oomReportsMarkTheRun() {
        String id = engine.create(request("o", HostConfig.builder().memory(32L << 20).build()));
        engine.start(id);
        runtime.context.containerOom(id);
        runtime.exit(id, 137);
        assertTrue(engine.inspect(id).state().oomKilled());
        engine.start(id);
        assertFalse(engine.inspect(id).state().oomKilled(), "a new run starts clean");
    }

    @Test
    void healthGoesFromStartingToHealthyToUnhealthy() {
        HealthConfig check = new HealthConfig(List.of("CMD-SHELL", "true"), 1_000_000_000L, 0, 0, 2, false);
        String id = engine.create(new CreateRequest("h", ContainerConfig.builder().image("img").cmd(List.of("sh"))
                .healthcheck(check).build()));
        engine.start(id);
        assertEquals("starting", engine.inspect(id).state().health().status());
        await("healthy", () -> "healthy".equals(engine.inspect(id).state().health().status()));
        assertTrue(engine.list(ListOptions.running()).get(0).status().endsWith("(healthy)"));
        runtime.probeExitCode = 1;
        await("unhealthy", () -> "unhealthy".equals(engine.inspect(id).state().health().status()));
        assertTrue(runtime.calls.stream().anyMatch(c -> c.startsWith("exec " + id + " [/bin/sh, -c, true]")));
        engine.remove(id, true);
    }

    @Test
    void aProbePastItsTimeoutFailsWithTheTimeoutAsOutput() {
        HealthConfig check = new HealthConfig(List.of("CMD", "sleep", "9"), 1_000_000_000L, 1_000_000_000L, 0, 1, false);
        String id = engine.create(new CreateRequest("slow", ContainerConfig.builder().image("img")
                .cmd(List.of("sh")).healthcheck(check).build()));
        runtime.probeHangs = true;
        engine.start(id);
        await("unhealthy", () -> "unhealthy".equals(engine.inspect(id).state().health().status()));
        var probe = engine.inspect(id).state().health().log().get(0);
        assertEquals(-1, probe.exitCode());
        assertTrue(probe.output().contains("exceeded timeout"), probe.output());
        engine.remove(id, true);
    }
}
