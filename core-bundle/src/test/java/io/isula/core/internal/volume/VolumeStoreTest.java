package io.isula.core.internal.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.DiskUsage;
import io.isula.core.api.EngineException;
import io.isula.core.api.Volume;
import io.isula.core.api.VolumesPruned;
import io.isula.core.internal.prune.PruneFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeStoreTest {
    private static final PruneFilter NO_FILTER = PruneFilter.of(Map.of(), Instant.now(), Set.of());
    @TempDir
    Path graph;

    @Test
    void namedVolumesLiveUnderTheGraphAndSurviveTheirUsers() {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        VolumeStore.Claim c = store.claimNamed("data", "c1");
        assertTrue(c.created());
        assertEquals(graph.resolve("volumes/data/_data"), c.data());
        assertFalse(store.claimNamed("data", "c2").created(), "the second user finds it");
        assertEquals(List.of("data"), store.list().stream().map(Volume::name).toList());
        assertEquals("local", store.list().get(0).driver());
        assertEquals(EngineException.Kind.CONFLICT, assertThrows(EngineException.class, () -> store.remove("data")).kind());
        store.release("c1");
        store.release("c2");
        store.remove("data");
        assertTrue(store.list().isEmpty());
        assertEquals(EngineException.Kind.NOT_FOUND, assertThrows(EngineException.class, () -> store.remove("data")).kind());
    }

    @Test
    void badNamesAreRefused() {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        assertThrows(EngineException.class, () -> store.claimNamed("../etc", "c"));
        assertThrows(EngineException.class, () -> store.claimNamed("a", "c"), "two characters at least");
        assertThrows(EngineException.class, () -> store.remove("../../x"));
    }

    @Test
    void pruneRemovesOnlyUnusedVolumes() {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        store.claimNamed("used", "c1");
        VolumeStore.Claim anon = store.claimAnonymous("c2");
        assertTrue(VolumeStore.isAnonymous(anon.name()));
        store.release("c2");
        assertEquals(List.of(anon.name()), store.prune(true, NO_FILTER).volumesDeleted());
        assertEquals(List.of("used"), store.list().stream().map(Volume::name).toList());
    }

    @Test
    void pruneTakesAnonymousVolumesUnlessAllAndCountsTheirBytes() throws IOException {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        store.create("named", Map.of());
        store.create("labelled", Map.of("keep", "yes"));
        Volume anon = store.create("", Map.of());
        Files.write(store.dataDir(anon.name()).resolve("f"), new byte[1234]);
        Files.write(store.dataDir("named").resolve("g"), new byte[10]);

        VolumesPruned first = store.prune(false, NO_FILTER);
        assertEquals(List.of(anon.name()), first.volumesDeleted(), "named volumes stay without all");
        assertEquals(1234, first.spaceReclaimed());
        VolumesPruned second = store.prune(true, PruneFilter.of(Map.of("label!", List.of("keep")), Instant.now(),
                Set.of()));
        assertEquals(List.of("named"), second.volumesDeleted());
        assertEquals(10, second.spaceReclaimed());
        assertEquals(List.of("labelled"), names(store.list()));
    }

    @Test
    void usageGivesEachVolumesBytesAndUsers() throws IOException {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        store.claimNamed("used", "c1");
        store.claimNamed("used", "c2");
        store.create("idle", Map.of());
        Files.write(store.dataDir("used").resolve("f"), new byte[300]);
        List<DiskUsage.VolumeUsage> usage = store.usage();
        assertEquals(List.of("idle", "used"), usage.stream().map(u -> u.volume().name()).toList());
        assertEquals(new DiskUsage.Usage(0, 0), usage.get(0).usageData());
        assertEquals(new DiskUsage.Usage(300, 2), usage.get(1).usageData());
    }

    @Test
    void aFailedCreateDeletesOnlyWhatItMade() {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        store.claimNamed("shared", "old");
        VolumeStore.Claim reused = store.claimNamed("shared", "new");
        VolumeStore.Claim made = store.claimNamed("fresh", "new");
        store.discard(reused, "new");
        store.discard(made, "new");
        assertTrue(store.exists("shared"));
        assertFalse(store.exists("fresh"));
    }

    @Test
    void copyUpFillsANewVolumeFromTheImage(@TempDir Path rootfs) throws IOException {
        Path etc = Files.createDirectories(rootfs.resolve("srv/conf/sub"));
        Files.writeString(rootfs.resolve("srv/conf/a.txt"), "from image");
        Files.writeString(etc.resolve("b.txt"), "nested");
        Files.createSymbolicLink(rootfs.resolve("srv/conf/link"), Path.of("/etc/shadow"));
        Files.setPosixFilePermissions(rootfs.resolve("srv/conf"), PosixFilePermissions.fromString("rwx------"));
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        MountPlanner planner = new MountPlanner(store);
        MountPlanner.Plan plan = planner.realize(List.of(MountParser.bind("conf:/srv/conf")), "c1", rootfs);
        Path data = graph.resolve("volumes/conf/_data");
        assertEquals("from image", Files.readString(data.resolve("a.txt")));
        assertEquals("nested", Files.readString(data.resolve("sub/b.txt")));
        assertTrue(Files.isSymbolicLink(data.resolve("link")), "links are copied as links, not followed");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals(List.of("rbind", "rprivate", "rw"), plan.mounts().get(0).options());
        assertEquals("volume", plan.points().get(0).type());

        Files.writeString(rootfs.resolve("srv/conf/a.txt"), "changed");
        planner.realize(List.of(MountParser.bind("conf:/srv/conf")), "c2", rootfs);
        assertEquals("from image", Files.readString(data.resolve("a.txt")), "an existing volume keeps its data");
        planner.realize(List.of(MountParser.bind("fresh:/srv/conf:nocopy")), "c3", rootfs);
        assertFalse(Files.exists(graph.resolve("volumes/fresh/_data/a.txt")), "nocopy");
    }

    @Test
    void abandonGivesTheClaimsBack(@TempDir Path rootfs) {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        MountPlanner planner = new MountPlanner(store);
        MountPlanner.Plan plan = planner.realize(List.of(MountParser.bind("/anon"), MountParser.bind("named:/n")),
                "c1", rootfs);
        assertEquals(2, store.list().size());
        planner.abandon(plan, "c1");
        assertTrue(store.list().isEmpty());
    }

    @Test
    void createdVolumesKeepTheirLabelsAndASecondCreateFindsTheFirst() throws IOException {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        Volume v = store.create("web-data", Map.of("app", "web", "tier", "db"));
        assertEquals("web-data", v.name());
        assertEquals(graph.resolve("volumes/web-data/_data").toString(), v.mountpoint());
        assertEquals(Map.of("app", "web", "tier", "db"), v.labels());
        assertEquals(Map.of("app", "web", "tier", "db"), store.list().get(0).labels(), "read back from its folder");

        assertEquals(v.labels(), store.create("web-data", Map.of("other", "x")).labels(), "the one there, unchanged");
        Volume anonymous = store.create("", Map.of());
        assertTrue(VolumeStore.isAnonymous(anonymous.name()), anonymous.name());
        assertEquals(Map.of(), anonymous.labels());
        assertFalse(Files.exists(graph.resolve("volumes").resolve(anonymous.name()).resolve("labels.json")));

        assertEquals(EngineException.Kind.INVALID_ARGUMENT,
                assertThrows(EngineException.class, () -> store.create("../escape", Map.of())).kind());
        assertFalse(Files.exists(graph.resolve("escape")));
        store.remove("web-data");
        assertFalse(Files.exists(graph.resolve("volumes/web-data")), "labels go with the volume");
    }

    @Test
    void listFiltersByNameDriverLabelAndUse() {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        store.create("alpha", Map.of("app", "web"));
        store.create("beta", Map.of("app", "db"));
        store.claimNamed("gamma", "c1");
        assertEquals(List.of("alpha"), names(store.list(Map.of("label", List.of("app=web")))));
        assertEquals(List.of("alpha", "beta"), names(store.list(Map.of("label", List.of("app")))));
        assertEquals(List.of("beta"), names(store.list(Map.of("name", List.of("et")))));
        assertEquals(List.of("gamma"), names(store.list(Map.of("dangling", List.of("false")))));
        assertEquals(List.of("alpha", "beta"), names(store.list(Map.of("dangling", List.of("true")))));
        assertEquals(List.of("alpha"), names(store.list(Map.of("dangling", List.of("1"), "label", List.of("app=web")))),
                "every filter must hold");
        assertEquals(3, store.list(Map.of("driver", List.of("local"))).size());
        assertEquals(List.of(), store.list(Map.of("driver", List.of("nfs"))));
        assertEquals("Invalid filter 'size'",
                assertThrows(EngineException.class, () -> store.list(Map.of("size", List.of("1")))).getMessage());
        assertEquals("Invalid filter 'dangling=maybe'", assertThrows(EngineException.class,
                () -> store.list(Map.of("dangling", List.of("maybe")))).getMessage());
        VolumeStore empty = new VolumeStore(graph.resolve("other"), new ObjectMapper());
        assertThrows(EngineException.class, () -> empty.list(Map.of("dangling", List.of("maybe"))),
                "refused before any volume is looked at");
    }

    @Test
    void aDamagedLabelsFileLeavesTheVolumeListed() throws IOException {
        VolumeStore store = new VolumeStore(graph, new ObjectMapper());
        store.create("kept", Map.of("a", "b"));
        Files.writeString(graph.resolve("volumes/kept/labels.json"), "{\"a\": ");
        assertEquals(List.of("kept"), names(store.list()));
        assertEquals(Map.of(), store.list().get(0).labels());
        Files.writeString(graph.resolve("volumes/kept/labels.json"), "{\"a\": null, \"c\": \"d\"}");
        assertEquals(Map.of("c", "d"), store.list().get(0).labels());
    }

    private static List<String> names(List<Volume> volumes) {
        return volumes.stream().map(Volume::name).toList();
    }
}
