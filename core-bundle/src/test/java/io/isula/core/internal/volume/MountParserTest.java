package io.isula.core.internal.volume;

import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.api.MountPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountParserTest {
    private static String rejected(String bind) {
        return assertThrows(EngineException.class, () -> MountParser.bind(bind)).getMessage();
    }

    @Test
    void bindsVolumesAndAnonymousVolumes() {
        MountRequest b = MountParser.bind("/srv/data:/data:ro,rslave");
        assertEquals(MountRequest.Kind.BIND, b.kind());
        assertEquals("/srv/data", b.source());
        assertEquals("/data", b.destination());
        assertTrue(b.readOnly());
        assertEquals("rslave", b.propagation());
        MountRequest v = MountParser.bind("cache:/var/cache");
        assertEquals(MountRequest.Kind.VOLUME, v.kind());
        assertEquals("cache", v.source());
        assertFalse(v.readOnly());
        MountRequest a = MountParser.bind("/anon");
        assertEquals(MountRequest.Kind.VOLUME, a.kind());
        assertNull(a.source());
        assertEquals("/x/y", MountParser.bind("/h//a/../b:/x/./y/").destination());
        assertEquals("/h/b", MountParser.bind("/h//a/../b:/x").source());
        assertTrue(MountParser.bind("data:/d:nocopy").noCopy());
    }

    @Test
    void badBindsAreRefusedWithIsuladsMessages() {
        assertEquals("Volume can't be empty", rejected(""));
        assertTrue(rejected(":/data").contains("delimiter ':'"));
        assertTrue(rejected("/data:").contains("delimiter ':'"));
        assertEquals("Invalid volume specification '/a:/b:/c:/d'", rejected("/a:/b:/c:/d"));
        assertEquals("Invalid volume specification '/data:ro',Invalid mode:ro", rejected("/data:ro"));
        assertEquals("Invalid volume specification '/a:/b:rx'.Invalid mode:rx", rejected("/a:/b:rx"));
        assertEquals("Invalid volume specification '/a:/b:ro,rw'.Invalid mode:ro,rw", rejected("/a:/b:ro,rw"));
        assertTrue(rejected("rel/dir:/data").startsWith("Invalid volume name rel/dir"));
        assertTrue(rejected("./dir:/data").startsWith("Invalid volume name ./dir"));
        assertEquals("Invalid volume: path must be absolute, and destination can't be '/'", rejected("/a:data"));
        assertEquals("Invalid volume: path must be absolute, and destination can't be '/'", rejected("/a:/"));
        assertTrue(rejected("/a:/proc").contains("/proc"));
        assertTrue(rejected("/a:/proc/sys/kernel").contains("/proc"));
        assertTrue(rejected("/a:/b/../proc").contains("/proc"));
        assertTrue(rejected("vol:/b:rshared").contains("for type volume"));
        assertTrue(rejected("/a:/b:nocopy").contains("for type bind"));
    }

    @Test
    void mountsAndTmpfs(@TempDir Path dir) {
        MountRequest b = MountParser.mount(new HostConfig.Mount("bind", dir.toString(), "/in", true,
                new HostConfig.BindOptions("rshared"), null, null));
        assertEquals(MountRequest.Kind.BIND, b.kind());
        assertTrue(b.readOnly());
        assertEquals("rshared", b.propagation());
        assertTrue(assertThrows(EngineException.class, () -> MountParser.mount(new HostConfig.Mount("bind",
                dir.resolve("missing").toString(), "/in", false, null, null, null))).getMessage()
                .contains("bind source path does not exist"));
        MountRequest v = MountParser.mount(new HostConfig.Mount("volume", null, "/v", false, null,
                new HostConfig.VolumeOptions(true), null));
        assertNull(v.source());
        assertTrue(v.noCopy());
        MountRequest t = MountParser.mount(new HostConfig.Mount("tmpfs", null, "/t", false, null, null,
                new HostConfig.TmpfsOptions(1 << 20, 0700)));
        assertEquals(List.of("size=1048576", "mode=700"), t.tmpfsOptions());
        assertThrows(EngineException.class, () -> MountParser.mount(new HostConfig.Mount("npipe", "x", "/t", false,
                null, null, null)));
        MountRequest tmpfs = MountParser.tmpfs("/run", "rw,size=64m");
        assertEquals(List.of("rw", "size=64m"), tmpfs.tmpfsOptions());
        assertThrows(EngineException.class, () -> MountParser.tmpfs("/run", "size=1m;rm -rf"));
    }

    @Test
    void laterSourcesOverrideAnonymousOnesButExplicitDuplicatesFail() {
        HostConfig h = HostConfig.builder().binds(List.of("/srv:/data")).tmpfs(Map.of("/tmp", "")).build();
        List<MountRequest> r = MountParser.parse(h, List.of("/data", "/cache"), ref -> List.of());
        assertEquals(3, r.size());
        MountRequest data = r.stream().filter(m -> m.destination().equals("/data")).findFirst().orElseThrow();
        assertEquals(MountRequest.Kind.BIND, data.kind());
        HostConfig dup = HostConfig.builder().binds(List.of("/a:/data", "vol:/data")).build();
        assertEquals("Duplicate mount point: /data", assertThrows(EngineException.class,
                () -> MountParser.parse(dup, List.of(), ref -> List.of())).getMessage());
    }

    @Test
    void volumesFromCopiesBindsAndVolumesWithTheirModeOrTheGivenOne() {
        List<MountPoint> other = List.of(
                new MountPoint("volume", "v1", "/g/volumes/v1/_data", "/v", "local", "", true, ""),
                new MountPoint("bind", null, "/srv", "/b", null, "ro", false, "rprivate"),
                new MountPoint("tmpfs", null, "", "/t", null, "", true, ""));
        HostConfig h = HostConfig.builder().volumesFrom(List.of("web")).build();
        List<MountRequest> r = MountParser.parse(h, List.of(), ref -> other);
        assertEquals(2, r.size(), "tmpfs mounts are the container's own");
        assertFalse(r.get(0).readOnly());
        assertTrue(r.get(1).readOnly());
        List<MountRequest> ro = MountParser.parse(HostConfig.builder().volumesFrom(List.of("web:ro")).build(),
                List.of(), ref -> other);
        assertTrue(ro.stream().allMatch(MountRequest::readOnly));
        assertThrows(EngineException.class, () -> MountParser.parse(
                HostConfig.builder().volumesFrom(List.of("web:rx")).build(), List.of(), ref -> other));
    }
}
