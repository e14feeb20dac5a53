package io.isula.core.internal.service;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ImagesPruned;
import io.isula.core.internal.registry.ProviderRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's image rules: an image a container uses stays, filters, events, uploads spooled and cleaned. */
class ImageUseCasesTest {
    @TempDir
    Path tmp;
    private DaemonSettings settings;
    private FakeImages images;
    private FakeRuntime runtime;
    private ContainerService engine;
    private ProviderRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        settings = new DaemonSettings(tmp.resolve("graph"), tmp.resolve("state"), List.of(), "fake", "INFO", Map.of(),
                Map.of());
        Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(tmp.resolve("rootfs/etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        images = new FakeImages(tmp.resolve("rootfs"), "oci");
        runtime = new FakeRuntime();
        registry = new ProviderRegistry();
        registry.addImageProvider(images);
        registry.addRuntimeProvider(runtime);
        engine = new ContainerService(settings, registry);
    }

    private String create(String name) {
        return engine.create(new CreateRequest(name, ContainerConfig.builder().image("img").cmd(List.of("sh")).build()));
    }

    @Test
    void containersRecordTheImageIdAndShowTheNameGiven() {
        String id = create("web");
        assertEquals(FakeImages.ID, engine.inspect(id).image());
        assertEquals("img", engine.list(new io.isula.core.api.ListOptions(true, 0, Map.of())).get(0).image());
    }

    @Test
    void anImageInUseIsRefusedAndForceOnlyHelpsForStoppedContainers() {
        String id = create("web");
        EngineException stopped = assertThrows(EngineException.class, () -> engine.removeImage("img", false));
        assertEquals(EngineException.Kind.CONFLICT, stopped.kind());
        assertTrue(stopped.getMessage().contains("stopped container web"), stopped.getMessage());

        engine.start(id);
        assertEquals(ContainerStatus.RUNNING, engine.inspect(id).state().status());
        EngineException running = assertThrows(EngineException.class, () -> engine.removeImage("img", true));
        assertTrue(running.getMessage().contains("(cannot be forced)"), running.getMessage());
        assertTrue(images.removed.isEmpty());

        runtime.exit(id, 0);
        engine.remove(id, true);
        List<EngineEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = engine.subscribe(0, seen::add)) {
            assertEquals(2, engine.removeImage("img", false).size());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of("img"), images.removed);
        assertTrue(seen.stream().anyMatch(e -> e.type().equals("image") && e.action().equals("delete")), seen.toString());
    }

    @Test
    void aNameOfAnImageWithSeveralOnlyUntagsEvenWhileAContainerRunsIt() {
        String id = create("web");
        engine.start(id);
        images.names = List.of("img:latest", "other:1");
        engine.removeImage("img", true);
        assertEquals(List.of("img"), images.removed, "untag only: never forced");
        assertThrows(EngineException.class, () -> engine.removeImage(FakeImages.ID, true), "by id it deletes: refused");
    }

    @Test
    void filtersFollowDocker() {
        assertEquals(2, engine.images(Map.of()).size());
        List<ImageSummary> dangling = engine.images(Map.of("dangling", List.of("true")));
        assertEquals(List.of("sha256:" + "2".repeat(64)), dangling.stream().map(ImageSummary::id).toList());
        assertEquals(1, engine.images(Map.of("label", List.of("k=v"))).size());
        assertEquals(1, engine.images(Map.of("reference", List.of("im*"))).size());
        assertEquals(1, engine.images(Map.of("since", List.of("img"))).size());
        assertEquals(0, engine.images(Map.of("before", List.of("img"))).size());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT,
                assertThrows(EngineException.class, () -> engine.images(Map.of("colour", List.of("red")))).kind());
        assertEquals(EngineException.Kind.NOT_FOUND,
                assertThrows(EngineException.class, () -> engine.images(Map.of("since", List.of("nope")))).kind());
    }

    @Test
    void pruneTakesDanglingImagesOrEveryUnusedOneAndReportsTheLayersFreed() {
        String dangling = "sha256:" + "2".repeat(64);
        images.storedBytes = 10;
        List<EngineEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = engine.subscribe(0, seen::add)) {
            ImagesPruned pruned = engine.pruneImages(Map.of());
            assertEquals(List.of(dangling + " forced"), images.removed, "only the image without a name");
            assertEquals(5, pruned.spaceReclaimed());
            assertEquals(2, pruned.imagesDeleted().size());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertTrue(seen.stream().anyMatch(e -> e.type().equals("image") && e.action().equals("prune")
                && "5".equals(e.actor().attributes().get("reclaimed"))), seen.toString());

        images.removed.clear();
        String id = create("web");
        engine.pruneImages(Map.of("dangling", List.of("false")));
        assertEquals(List.of(dangling + " forced"), images.removed, "an image a container uses stays");
        engine.remove(id, true);

        images.removed.clear();
        engine.pruneImages(Map.of("dangling", List.of("false"), "label", List.of("k=v")));
        assertEquals(List.of(FakeImages.ID + " forced"), images.removed);
        images.removed.clear();
        engine.pruneImages(Map.of("dangling", List.of("0"), "label!", List.of("k")));
        assertEquals(List.of(dangling + " forced"), images.removed);
        images.removed.clear();
        engine.pruneImages(Map.of("dangling", List.of("false"), "until", List.of("150")));
        assertEquals(List.of(FakeImages.ID + " forced"), images.removed, "created at 100, before 150");

        for (Map<String, List<String>> bad : List.of(Map.of("dangling", List.of("maybe")),
                Map.of("until", List.of("soon")), Map.of("reference", List.of("img")),
                Map.of("dangling", List.of("true", "false")))) {
            EngineException e = assertThrows(EngineException.class, () -> engine.pruneImages(bad), bad::toString);
            assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind(), e.getMessage());
        }
    }

    @Test
    void uploadsAreSpooledAndRemovedAfterTheLoad() throws IOException {
        byte[] archive = new byte[300_000];
        archive[7] = 42;
        assertEquals(List.of("img:latest"), engine.load(new ByteArrayInputStream(archive), null, u -> { }));
        assertArrayEquals(archive, images.loaded);
        try (var left = Files.list(settings.graph().resolve("isulad_tmpdir"))) {
            assertEquals(0, left.count());
        }
        EngineException pull = assertThrows(EngineException.class, () -> engine.pull("busybox", null, u -> { }));
        assertEquals("pull is not supported by image type oci", pull.getMessage());
    }

    @Test
    void theImageTypeHearsWhichContainersExistWhenItJoins() {
        String id = create("web");
        registry = new ProviderRegistry();
        FakeImages joining = new FakeImages(tmp.resolve("rootfs"), "oci");
        registry.addImageProvider(joining);
        registry.addRuntimeProvider(new FakeRuntime());
        new ContainerService(settings, registry);
        assertEquals(java.util.Set.of(id), joining.brokenRootfsKnown);
    }

    @Test
    void anImagesOwnMountsGoIntoTheSpecBeforeTheUsersAndNotIntoInspect() throws IOException {
        images.mounts = List.of(new io.isula.core.spi.ImageMount("/opt/app", "bind", "/host/layers/1",
                List.of("rbind", "ro", "rprivate")));
        String id = engine.create(new CreateRequest("layers", ContainerConfig.builder().image("img").cmd(List.of("sh"))
                .hostConfig(io.isula.core.api.HostConfig.builder().binds(List.of(tmp + ":/opt/app/data")).build())
                .build()));
        var spec = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                settings.graph().resolve("engines/fake/" + id + "/config.json").toFile());
        List<String> destinations = new java.util.ArrayList<>();
        spec.get("mounts").forEach(m -> destinations.add(m.get("destination").asText()));
        int layer = destinations.indexOf("/opt/app");
        assertTrue(layer >= 0 && layer < destinations.indexOf("/opt/app/data"), destinations::toString);
        var m = spec.get("mounts").get(layer);
        assertEquals("/host/layers/1", m.get("source").asText());
        assertEquals("[\"rbind\",\"ro\",\"rprivate\"]", m.get("options").toString());
        assertEquals(1, engine.inspect(id).mounts().size(), "inspect shows the user's mounts only");
    }

    @Test
    void loadFromPathGoesToTheTypeNamedAndAnAbsentTypeIsNotAvailable() throws IOException {
        Path file = Files.writeString(tmp.resolve("image.file"), "content");
        assertEquals(List.of("img:latest"), engine.loadFromPath("oci", file.toString()));
        assertArrayEquals("content".getBytes(), images.loaded);
        EngineException away = assertThrows(EngineException.class, () -> engine.loadFromPath("embedded", file.toString()));
        assertEquals(EngineException.Kind.UNAVAILABLE, away.kind());
        assertEquals("image type embedded is not available", away.getMessage());
    }

    @Test
    void aRunOfAnImageWhoseTypeLeftSaysTheTypeIsNotAvailable() {
        registry.removeImageProvider(images);
        EngineException away = assertThrows(EngineException.class, () -> engine.create(new CreateRequest("a",
                ContainerConfig.builder().image("img:latest").cmd(List.of("sh")).build())));
        assertEquals("image type oci is not available", away.getMessage());
        EngineException unknown = assertThrows(EngineException.class, () -> engine.create(new CreateRequest("b",
                ContainerConfig.builder().image("other:1").cmd(List.of("sh")).build())));
        assertEquals("No such image: other:1", unknown.getMessage());
        registry.addImageProvider(images);
        create("c");
        EngineException gone = assertThrows(EngineException.class, () -> engine.create(new CreateRequest("d",
                ContainerConfig.builder().image("img:latest").cmd(List.of("sh")).build())));
        assertEquals("No such image: img:latest", gone.getMessage(), "back again: the type answers for its images");
    }

    @Test
    void aNameSeveralTypesHoldGoesToTheFirstInISuladsOrder() {
        FakeImages embedded = new FakeImages(tmp.resolve("rootfs"), "embedded");
        registry.removeImageProvider(images);
        registry.addImageProvider(embedded);
        registry.addImageProvider(images);
        String id = create("ordered");
        assertEquals("oci", engine.inspect(id).imageType(), "oci comes before embedded");
    }
}
