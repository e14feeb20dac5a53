package io.isula.image.external;

import io.isula.core.api.EngineException;
import io.isula.core.spi.RootfsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExternalImageProviderTest {
    private final ExternalImageProvider provider = new ExternalImageProvider();

    @Test
    void detectsOnlyAbsoluteExistingPaths(@TempDir Path dir) {
        assertTrue(provider.detect(dir.toString()));
        assertFalse(provider.detect("relative/path"));
        assertFalse(provider.detect(dir.resolve("missing").toString()));
        assertFalse(provider.detect("busybox:latest"));
        assertFalse(provider.detect(null));
    }

    @Test
    void rootfsIsTheRealPathAndIsNeverTouched(@TempDir Path dir) throws IOException {
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));
        Files.writeString(rootfs.resolve("marker"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), rootfs);
        RootfsRequest req = new RootfsRequest("c1", "none", link.toString(), null);

        String base = provider.prepareRootfs(req);
        assertEquals(rootfs.toRealPath().toString(), base);
        RootfsRequest prepared = new RootfsRequest("c1", "none", link.toString(), base);
        assertEquals(Path.of(base), provider.mountRootfs(prepared));
        provider.unmountRootfs(prepared);
        provider.removeRootfs(prepared);
        try (var files = Files.list(rootfs)) {
            assertEquals(List.of(rootfs.resolve("marker")), files.toList());
        }
    }

    @Test
    void badPathsAreRefusedWithTheirReason(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        EngineException rel = assertThrows(EngineException.class,
                () -> provider.prepareRootfs(new RootfsRequest("c", "none", "rel/dir", null)));
        assertTrue(rel.getMessage().contains("absolute"), rel.getMessage());
        EngineException missing = assertThrows(EngineException.class,
                () -> provider.prepareRootfs(new RootfsRequest("c", "none", dir.resolve("nope").toString(), null)));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        EngineException notDir = assertThrows(EngineException.class,
                () -> provider.prepareRootfs(new RootfsRequest("c", "none", file.toString(), null)));
        assertTrue(notDir.getMessage().contains("not a directory"), notDir.getMessage());
    }
}
