package io.isula.core.util.tar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarCodecTest {
    private static final String LONG = "d/" + "x".repeat(150) + "/file-é.txt";

    private static byte[] sample() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(bytes)) {
            w.add(new TarEntry("d", TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, 1700000000, null));
            byte[] data = "hello\n".getBytes(StandardCharsets.UTF_8);
            w.add(new TarEntry("d/a.txt", TarEntry.Type.FILE, 04750, 1000, 100, data.length, 1700000001, null),
                    new ByteArrayInputStream(data));
            w.add(new TarEntry("d/empty", TarEntry.Type.FILE, 0600, 0, 0, 0, 1700000002, null));
            w.add(new TarEntry("d/link", TarEntry.Type.SYMLINK, 0777, 0, 0, 0, 1700000003, "/etc/" + "y".repeat(120)));
            w.add(new TarEntry("d/hard", TarEntry.Type.HARDLINK, 0644, 0, 0, 0, 1700000004, "d/a.txt"));
            byte[] big = new byte[1500];
            w.add(new TarEntry(LONG, TarEntry.Type.FILE, 0644, 0, 0, big.length, 1700000005, null),
                    new ByteArrayInputStream(big));
        }
        return bytes.toByteArray();
    }

    @Test
    void roundTrip() throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(sample()));
        TarEntry d = r.next();
        assertEquals(new TarEntry("d", TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, 1700000000, null), d);
        TarEntry a = r.next();
        assertEquals(new TarEntry("d/a.txt", TarEntry.Type.FILE, 04750, 1000, 100, 6, 1700000001, null), a);
        assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), r.content().readAllBytes());
        assertEquals(0, r.next().size());
        assertEquals("/etc/" + "y".repeat(120), r.next().linkName());
        TarEntry hard = r.next();
        assertEquals(TarEntry.Type.HARDLINK, hard.type());
        assertEquals("d/a.txt", hard.linkName());
        TarEntry longOne = r.next();
        assertEquals(LONG, longOne.name());
        assertEquals(1500, longOne.size());
        // not reading the content: next() skips it
        assertNull(r.next());
    }

    @Test
    void gnuTarReadsWhatWeWrite(@TempDir Path dir) throws Exception {
        Path tar = Files.write(dir.resolve("ours.tar"), sample());
        Process p = new ProcessBuilder("tar", "-tvf", tar.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), listing);
        assertTrue(listing.contains("d/a.txt"), listing);
        assertTrue(listing.contains("-rwsr-x---"), listing);
        assertTrue(listing.contains(LONG), listing);
        assertTrue(listing.contains("d/link -> /etc/yyy"), listing);
    }

    @Test
    void weReadWhatGnuTarWrites(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/" + "n".repeat(120)));
        Files.writeString(src.resolve("f"), "data");
        Files.createSymbolicLink(src.resolve("l"), Path.of("f"));
        for (String format : List.of("gnu", "pax", "ustar")) {
            Path tar = dir.resolve(format + ".tar");
            Process p = new ProcessBuilder("tar", "--format=" + format, "-cf", tar.toString(), "-C", dir.resolve("src").toString(), ".")
                    .redirectErrorStream(true).start();
            String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            if (format.equals("ustar")) {
                continue; // ustar cannot hold the long name; gnu and pax can
            }
            assertEquals(0, p.exitValue(), err);
            List<String> names = new ArrayList<>();
            String content = null;
            try (var in = Files.newInputStream(tar)) {
                TarReader r = new TarReader(in);
                TarEntry e;
                while ((e = r.next()) != null) {
                    names.add(e.name() + (e.linkName() == null ? "" : " -> " + e.linkName()));
                    if (e.name().endsWith("/f")) {
                        content = new String(r.content().readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            assertTrue(names.contains("./" + "n".repeat(120) + "/f"), format + ": " + names);
            assertTrue(names.contains("./" + "n".repeat(120) + "/l -> f"), format + ": " + names);
            assertEquals("data", content, format);
        }
    }

    @Test
    void damagedArchivesAreRefusedClearly() throws IOException {
        byte[] good = sample();
        byte[] badSum = good.clone();
        badSum[10] ^= 0x1;
        IOException e = assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(badSum)).next());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        byte[] truncated = java.util.Arrays.copyOf(good, 512 + 100);
        TarReader r = new TarReader(new ByteArrayInputStream(truncated));
        r.next();
        assertThrows(IOException.class, () -> {
            r.next();
            r.content().readAllBytes();
        });
    }
}
