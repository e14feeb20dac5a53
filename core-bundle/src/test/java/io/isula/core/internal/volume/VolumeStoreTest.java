package io.isula.core.internal.volume;

import io.isula.core.api.EngineException;
import io.isula.core.api.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeStoreTest {
    @TempDir
    Path graph;

    @Test
    void namedVolumesLiveUnderTheGraphAndSurviveTheirUsers() {
        VolumeStore store = new VolumeStore(graph);
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
        VolumeStore store = new VolumeStore(graph);
        assertThrows(EngineException.class, () -> store.claimNamed("../etc", "c"));
        assertThrows(EngineException.class, () -> store.claimNamed("a", "c"), "two characters at least");
        assertThrows(EngineException.class, () -> store.remove("../../x"));
    }

    @Test
    void pruneRemovesOnlyUnusedVolumes() {
        VolumeStore store = new VolumeStore(graph);
        store.claimNamed("used", "c1");
        VolumeStore.Claim anon = store.claimAnonymous("c2");
        assertTrue(VolumeStore.isAnonymous(anon.name()));
        store.release("c2");
        assertEquals(List.of(anon.name()), store.prune());
        assertEquals(List.of("used"), store.list().stream().map(Volume::name).toList());
    }

    @Test
    void aFailedCreateDeletesOnlyWhatItMade() {
        VolumeStore store = new VolumeStore(graph);
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
        VolumeStore store = new VolumeStore(graph);
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
        VolumeStore store = new VolumeStore(graph);
        MountPlanner planner = new MountPlanner(store);
        MountPlanner.Plan plan = planner.realize(List.of(MountParser.bind("/anon"), MountParser.bind("named:/n")),
                "c1", rootfs);
        assertEquals(2, store.list().size());
        planner.abandon(plan, "c1");
        assertTrue(store.list().isEmpty());
    }
}
