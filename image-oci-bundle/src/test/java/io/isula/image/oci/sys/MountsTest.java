package io.isula.image.oci.sys;

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

class MountsTest {
    @TempDir
    Path dir;

    @Test
    void mountinfoEscapesAreDecoded() {
        assertEquals("/a b\tc\\d", Mounts.unescape("/a\\040b\\011c\\134d"));
        assertEquals("/plain\\x", Mounts.unescape("/plain\\x"));
    }

    @Test
    void overlayDataNamesLowersTopFirst() {
        assertEquals("lowerdir=/s/l/B:/s/l/A,upperdir=/c/upper,workdir=/c/work,index=off",
                Mounts.overlayData("/s/l", List.of("B", "A"), "/c/upper", "/c/work"));
    }

    @Test
    void mountAndUnmountAnOverlayWithAPathHoldingASpace() throws IOException {
        Path base = Files.createDirectories(dir.resolve("with space"));
        Path lower = Files.createDirectories(base.resolve("lower"));
        Files.writeString(lower.resolve("f"), "lower");
        Path upper = Files.createDirectories(base.resolve("upper"));
        Path work = Files.createDirectories(base.resolve("work"));
        Path merged = Files.createDirectories(base.resolve("merged"));
        Mounts mounts = new Mounts();
        try {
            mounts.mountOverlay(base, List.of("lower"), upper, work, merged);
            assertTrue(mounts.isMounted(merged));
            assertEquals("lower", Files.readString(merged.resolve("f")));
            IOException busy = assertThrows(IOException.class,
                    () -> mounts.mountOverlay(base, List.of("missing"), upper, work, merged));
            assertTrue(busy.getMessage().contains("mount overlay on"), busy.getMessage());
        } finally {
            mounts.unmount(merged);
        }
        assertFalse(mounts.isMounted(merged));
        mounts.unmount(merged);
        mounts.unmount(dir.resolve("does-not-exist"));
    }

    @Test
    void pathsThatWouldBreakTheMountOptionsAreRefused() {
        Mounts mounts = new Mounts();
        assertThrows(IllegalArgumentException.class, () -> mounts.mountOverlay(dir.resolve("a,b"), List.of("l"),
                dir.resolve("u"), dir.resolve("w"), dir.resolve("m")));
        assertThrows(IllegalArgumentException.class, () -> mounts.mountOverlay(dir, List.of("x:y"),
                dir.resolve("u"), dir.resolve("w"), dir.resolve("m")));
    }
}
