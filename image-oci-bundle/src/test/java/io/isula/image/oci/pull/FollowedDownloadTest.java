package io.isula.image.oci.pull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FollowedDownloadTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static void append(Path file, byte[] data) throws IOException {
        Files.write(file, data, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aReaderGetsEveryByteAsItIsWrittenAndTheEndOnlyOnceComplete() throws Exception {
        Path partial = dir.resolve("partial");
        Files.createFile(partial);
        FollowedDownload download = new FollowedDownload(partial);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = download.open()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] first = bytes(100_000, 1);
        byte[] second = bytes(50_000, 2);
        append(partial, first);
        download.grew(first.length);
        Thread.sleep(50);
        assertFalse(read.isDone(), "the reader waits for more while the download runs");
        append(partial, second);
        download.grew(first.length + second.length);
        Thread.sleep(50);
        assertFalse(read.isDone(), "not complete yet: the file's end is not the stream's end");
        Path blob = dir.resolve("blob");
        assertEquals(blob, download.complete(() -> Files.move(partial, blob)));
        byte[] all = read.get(10, TimeUnit.SECONDS);
        assertEquals(first.length + second.length, all.length);
        assertArrayEquals(first, Arrays.copyOf(all, first.length));
        assertArrayEquals(second, Arrays.copyOfRange(all, first.length, all.length));
    }

    @Test
    void aReaderOpenedAfterTheMoveReadsTheMovedFile() throws Exception {
        Path partial = dir.resolve("partial");
        byte[] data = bytes(70_000, 3);
        Files.write(partial, data);
        FollowedDownload download = new FollowedDownload(partial);
        download.grew(data.length);
        Path blob = dir.resolve("blob");
        download.complete(() -> Files.move(partial, blob));
        try (InputStream in = download.open()) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void aFailedDownloadFailsItsReaderWithTheReason() throws Exception {
        Path partial = dir.resolve("partial");
        Files.write(partial, bytes(1000, 4));
        FollowedDownload download = new FollowedDownload(partial);
        download.grew(1000);
        InputStream in = download.open();
        assertEquals(1000, in.readNBytes(1000).length);
        download.fail("the download failed: connection reset");
        IOException e = assertThrows(IOException.class, in::read);
        assertEquals("the download failed: connection reset", e.getMessage());
        in.close();
    }

    @Test
    void aDownloadThatStartsOverFailsItsReader() throws Exception {
        Path partial = dir.resolve("partial");
        Files.write(partial, bytes(1000, 5));
        FollowedDownload download = new FollowedDownload(partial);
        download.grew(1000);
        download.grew(0);
        try (InputStream in = download.open()) {
            IOException e = assertThrows(IOException.class, in::read);
            assertTrue(e.getMessage().contains("started over"), e.getMessage());
        }
    }

    @Test
    void anAbandonedDownloadStopsItsWriterAndFailsItsReaders() throws Exception {
        Path partial = dir.resolve("partial");
        Files.createFile(partial);
        FollowedDownload download = new FollowedDownload(partial);
        append(partial, bytes(1000, 3));
        download.grew(1000);
        try (InputStream in = download.open()) {
            assertEquals(1000, in.readNBytes(1000).length);
            download.abandon("the image's config could not be used");
            IOException e = assertThrows(IOException.class, in::read);
            assertEquals("the image's config could not be used", e.getMessage());
        }
        CancellationException stop = assertThrows(CancellationException.class, () -> download.grew(2000));
        assertEquals("the image's config could not be used", stop.getMessage());
    }
}
