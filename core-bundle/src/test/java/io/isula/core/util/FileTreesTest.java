package io.isula.core.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void sizeCountsRegularFilesOnceAndFollowsNoLink() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("layer/a/b"));
        Files.write(dir.resolve("f"), new byte[1000]);
        Files.write(tmp.resolve("layer/g"), new byte[24]);
        Files.createLink(tmp.resolve("layer/a/hard"), dir.resolve("f"));
        Path outside = Files.write(tmp.resolve("outside"), new byte[5000]);
        Files.createSymbolicLink(tmp.resolve("layer/link"), outside);
        Files.createSymbolicLink(tmp.resolve("layer/dirlink"), tmp);
        assertEquals(1024, FileTrees.size(tmp.resolve("layer")));
        assertEquals(0, FileTrees.size(tmp.resolve("missing")));
    }

    @Test
    void deleteRemovesLinksNotWhatTheyPointAt() throws IOException {
        Path kept = Files.write(tmp.resolve("kept"), new byte[3]);
        Path dir = Files.createDirectories(tmp.resolve("tree/x"));
        Files.createSymbolicLink(dir.resolve("link"), kept);
        FileTrees.delete(tmp.resolve("tree"));
        assertFalse(Files.exists(tmp.resolve("tree")));
        assertEquals(3, Files.size(kept));
    }
}
