package io.isula.core.internal.service;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.ContainersPruned;
import io.isula.core.api.DiskUsage;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.api.ListOptions;
import io.isula.core.internal.registry.ProviderRegistry;
import io.isula.core.spi.RuntimeStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerServiceTest {
    @TempDir
    Path tmp;
    private DaemonSettings settings;
    private FakeRuntime runtime;
    private FakeImages images;

    @BeforeEach
    void setUp() throws IOException {
        settings = new DaemonSettings(tmp.resolve("graph"), tmp.resolve("state"), List.of(), "fake", "INFO", Map.of(),
                Map.of());
        runtime = new FakeRuntime();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        images = new FakeImages(tmp.resolve("rootfs"));
    }

    private ContainerService open(FakeRuntime rt) {
        ProviderRegistry registry = new ProviderRegistry();
        registry.addImageProvider(images);
        if (rt != null) {
            registry.addRuntimeProvider(rt);
        }
        return new ContainerService(settings, registry);
    }

    private static CreateRequest request(String name, String... cmd) {
        return new CreateRequest(name, ContainerConfig.builder().image("img").cmd(cmd.length == 0 ? null : List.of(cmd))
                .env(List.of("A=B", "PATH=/usr/bin")).build());
    }

    private Path bundle(String id) {
        return settings.graph().resolve("engines/fake").resolve(id);
    }

    @Test
    void createWritesTheBundleAndMergesTheImage() throws IOException {
        ContainerService engine = open(runtime);
        String id = engine.create(request("web"));
        assertTrue(id.matches("[0-9a-f]{64}"));
        for (String f : List.of("config.json", "config.v2.json", "hostconfig.json", "hostname", "hosts", "resolv.conf")) {
            assertTrue(Files.exists(bundle(id).resolve(f)), f);
        }
        var details = engine.inspect("web");
        assertEquals(ContainerStatus.INITED, details.state().status());
        assertEquals("sh", details.path());
        assertEquals("/work", details.config().workingDir());
        assertTrue(details.config().env().containsAll(List.of("IMG=1", "A=B", "PATH=/usr/bin")), details.config().env().toString());
        assertEquals("image", details.config().labels().get("from"));
        assertEquals("fake", details.hostConfig().runtime());
        assertEquals(id.substring(0, 12), Files.readString(bundle(id).resolve("hostname")).strip());
        assertTrue(runtime.calls.isEmpty(), "create writes files only; the runtime is called at start");
    }

    @Test
    void aFailedCreateLeavesNothingBehind() {
        ContainerService engine = open(runtime);
        engine.create(request("taken"));
        EngineException dup = assertThrows(EngineException.class, () -> engine.create(request("taken")));
        assertEquals(EngineException.Kind.CONFLICT, dup.kind());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT,
                assertThrows(EngineException.class, () -> engine.create(request("bad/name"))).kind());
        images.failPrepare = true;
        EngineException disk = assertThrows(EngineException.class, () -> engine.create(request("later")));
        assertEquals("disk full", disk.getMessage());
        images.failPrepare = false;
        assertEquals(1, dirs().size());
        engine.create(request("later"));
        assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class,
                () -> engine.create(new CreateRequest("x", ContainerConfig.builder().image("nope").build()))).kind());
    }

    @Test
    void aMissingRuntimeIsNamed() {
        ContainerService engine = open(null);
        EngineException e = assertThrows(EngineException.class, () -> engine.create(request("x")));
        assertEquals("runtime fake is not available", e.getMessage());
        EngineException other = assertThrows(EngineException.class, () -> engine.create(new CreateRequest("y",
                ContainerConfig.builder().image("img").hostConfig(HostConfig.empty().withRuntime("kata")).build())));
        assertEquals("runtime kata is not available", other.getMessage());
    }

    @Test
    void aContainerWhoseRuntimeMayHoldStateIsKeptUntilTheRuntimeIsBack() {
        ContainerService engine = open(runtime);
        String id = engine.create(request("half-made", "true"));
        String neverStarted = engine.create(request("never-started", "true"));
        runtime.away = EngineException.unavailable("runtime fake is not available: its provider is stopped");
        assertThrows(EngineException.class, () -> engine.start(id));
        engine.unbindRuntimeProvider(runtime);
        runtime.away = null;

        EngineException kept = assertThrows(EngineException.class, () -> engine.remove(id, true));
        assertEquals(EngineException.Kind.UNAVAILABLE, kept.kind());
        assertEquals("runtime fake is not available: container " + id
                + " may still have state there; remove it once the runtime is back", kept.getMessage());
        assertEquals(ContainerStatus.INITED, engine.inspect(id).state().status());
        assertTrue(Files.exists(bundle(id).resolve("config.v2.json")), "nothing of it was removed");

        engine.remove(neverStarted, false);
        assertFalse(Files.exists(bundle(neverStarted)), "a container the runtime never saw goes without it");

        engine.bindRuntimeProvider(runtime);
        runtime.calls.clear();
        engine.remove(id, true);
        assertEquals(List.of("delete " + id), runtime.calls);
        assertFalse(Files.exists(bundle(id)));
    }

    @Test
    void pruneRemovesStoppedContainersThatMatchAndKeepsRunningOnes() {
        ContainerService engine = open(runtime);
        images.writableBytes = 7;
        String created = engine.create(request("created", "true"));
        String exited = engine.create(request("exited", "true"));
        engine.start(exited);
        runtime.exit(exited, 3);
        String running = engine.create(request("running", "sleep"));
        engine.start(running);
        String kept = engine.create(new CreateRequest("kept", ContainerConfig.builder().image("img")
                .cmd(List.of("true")).labels(Map.of("keep", "yes")).build()));

        ContainersPruned first = engine.pruneContainers(Map.of("label!", List.of("keep=yes")));
        assertEquals(java.util.Set.of(created, exited), java.util.Set.copyOf(first.containersDeleted()));
        assertEquals(14, first.spaceReclaimed(), "each one's writable layer");
        assertFalse(Files.exists(bundle(created)));
        assertEquals(ContainerStatus.RUNNING, engine.inspect(running).state().status());

        assertEquals(List.of(), engine.pruneContainers(Map.of("until", List.of("1h"))).containersDeleted(),
                "created less than an hour ago");
        assertEquals(List.of(kept), engine.pruneContainers(Map.of("label", List.of("keep"))).containersDeleted());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, assertThrows(EngineException.class,
                () -> engine.pruneContainers(Map.of("status", List.of("exited")))).kind());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, assertThrows(EngineException.class,
                () -> engine.pruneContainers(Map.of("until", List.of("10m", "1h")))).kind());
        assertEquals(ContainerStatus.RUNNING, engine.inspect(running).state().status());
    }

    @Test
    void diskUsageGivesEachContainersWritesAndTheStoresLayers() {
        ContainerService engine = open(runtime);
        images.writableBytes = 7;
        images.storedBytes = 10;
        String id = engine.create(request("sized", "true"));
        DiskUsage usage = engine.diskUsage();
        assertEquals(10, usage.layersSize());
        assertEquals(2, usage.images().size());
        DiskUsage.ContainerUsage c = usage.containers().get(0);
        assertEquals(id, c.container().id());
        assertEquals(7, c.sizeRw());
        assertEquals(7 + 5, c.sizeRootFs(), "its writes and its image's 5 bytes");
        assertEquals(List.of(), usage.buildCache());
    }

    @Test
    void listLabelFiltersMustAllHoldOtherFiltersAnyValue() {
        ContainerService engine = open(runtime);
        String both = engine.create(new CreateRequest("both", ContainerConfig.builder().image("img")
                .cmd(List.of("true")).labels(Map.of("a", "1", "b", "2")).build()));
        String one = engine.create(new CreateRequest("one", ContainerConfig.builder().image("img")
                .cmd(List.of("true")).labels(Map.of("a", "1")).build()));
        assertEquals(List.of(both), ids(engine, Map.of("label", List.of("a=1", "b"))));
        assertEquals(java.util.Set.of(both, one), java.util.Set.copyOf(ids(engine, Map.of("label", List.of("a")))));
        assertEquals(java.util.Set.of(both, one),
                java.util.Set.copyOf(ids(engine, Map.of("name", List.of("both", "one")))));
    }

    private static List<String> ids(ContainerService engine, Map<String, List<String>> filters) {
        return engine.list(new ListOptions(true, 0, filters)).stream().map(ContainerSummary::id).toList();
    }

    @Test
    void lifecycleFollowsTheStateMachine() {
        ContainerService engine = open(runtime);
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        engine.subscribe(0, events::add);
        String id = engine.create(request("app", "sleep", "10"));
        engine.start(id);
        assertEquals(ContainerStatus.RUNNING, engine.inspect(id).state().status());
        assertEquals(4242, engine.inspect(id).state().pid());
        assertEquals(EngineException.Kind.NOT_MODIFIED, assertThrows(EngineException.class, () -> engine.start(id)).kind());
        EngineException running = assertThrows(EngineException.class, () -> engine.remove(id, false));
        assertEquals(EngineException.Kind.CONFLICT, running.kind());
        runtime.exit(id, 3);
        assertEquals(3, engine.await(id));
        assertEquals(ContainerStatus.EXITED, engine.inspect(id).state().status());
        assertEquals(1, engine.list(ListOptions.everything()).size());
        assertEquals(0, engine.list(ListOptions.running()).size());
        engine.remove(id, false);
        assertFalse(Files.exists(bundle(id)));
        assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class, () -> engine.inspect(id)).kind());
        assertEquals(List.of("create", "start", "die", "destroy"),
                events.stream().filter(e -> e.type().equals("container")).map(EngineEvent::action).toList());
    }

    @Test
    void stopEscalatesToKillAndForceRemoveKills() {
        ContainerService engine = open(runtime);
        String id = engine.create(request("s", "sleep", "100"));
        engine.start(id);
        runtime.exitOnKill = false;
        new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            runtime.exit(id, 137);
        }).start();
        engine.stop(id, 0);
        assertEquals(137, engine.inspect(id).state().exitCode());
        assertTrue(runtime.calls.contains("kill " + id + " 9"));
        runtime.exitOnKill = true;
        String other = engine.create(request("f", "sleep", "100"));
        engine.start(other);
        engine.remove(other, true);
        assertTrue(runtime.calls.contains("kill " + other + " 9"));
        assertFalse(Files.exists(bundle(other)));
    }

    @Test
    void restoreAfterRestartUsesTheRuntimesAnswer() {
        ContainerService first = open(runtime);
        String alive = first.create(request("alive", "sleep", "100"));
        String gone = first.create(request("gone", "sleep", "1"));
        first.start(alive);
        first.start(gone);
        first.close();

        FakeRuntime again = new FakeRuntime();
        again.restoreAnswers.put(gone, new RuntimeStatus(ContainerStatus.EXITED, 0, 5, null));
        ContainerService second = open(null);
        assertEquals(ContainerStatus.RUNNING, second.inspect(alive).state().status(), "kept as stored until the runtime returns");
        ProviderRegistryAccess.add(second, again);
        assertEquals(ContainerStatus.RUNNING, second.inspect(alive).state().status());
        assertEquals(ContainerStatus.EXITED, second.inspect(gone).state().status());
        assertEquals(5, second.inspect(gone).state().exitCode());
        assertTrue(again.calls.contains("restore " + alive));
    }

    @Test
    void aFolderLeftByACutShortCreateOrRemoveIsClearedAtStart() throws IOException {
        Path half = Files.createDirectories(bundle("ab".repeat(32)));
        Files.writeString(half.resolve("config.json"), "{}");
        ContainerService engine = open(runtime);
        String kept = engine.create(request("kept"));
        engine.close();
        open(runtime);
        assertFalse(Files.exists(half));
        assertTrue(Files.exists(bundle(kept).resolve("config.v2.json")));
    }

    @Test
    void aRejectedCreateDoesNotKeepTheName() {
        ContainerService engine = open(runtime);
        CreateRequest relativeWorkdir = new CreateRequest("web", ContainerConfig.builder().image("img")
                .workingDir("rel").build());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT,
                assertThrows(EngineException.class, () -> engine.create(relativeWorkdir)).kind());
        engine.create(request("web"));
    }

    @Test
    void aSlashAloneNamesNoContainer() {
        ContainerService engine = open(runtime);
        engine.create(request("only"));
        assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class, () -> engine.remove("/", true)).kind());
        assertEquals(1, engine.list(ListOptions.everything()).size());
    }

    @Test
    void aRestartRightAfterAnExitFreesTheOldRuntimeStateFirst() {
        ContainerService engine = open(runtime);
        String id = engine.create(request("again", "sleep", "1"));
        engine.start(id);
        ContainerRecordAccess.lockOperations(engine, id, () -> {
            runtime.exit(id, 0);
            runtime.calls.clear();
        });
        engine.start(id);
        List<String> calls = List.copyOf(runtime.calls);
        assertTrue(calls.indexOf("delete " + id) >= 0 && calls.indexOf("delete " + id) < calls.indexOf("create " + id),
                calls.toString());
    }

    private List<Path> dirs() {
        try (Stream<Path> s = Files.list(settings.graph().resolve("engines/fake"))) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
