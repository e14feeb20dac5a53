package io.isula.runtime.kata;

import io.isula.core.api.LogEntry;
import io.isula.core.spi.ContainerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CriLogWriterTest {
    @TempDir
    Path dir;

    private static void write(CriLogWriter w, LogEntry.Stream s, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        w.write(s, b, 0, b.length);
    }

    @Test
    void linesInTheCriFormatWithPartialRecords() throws IOException {
        Path log = dir.resolve("console.log");
        try (CriLogWriter w = new CriLogWriter(log, ContainerLog.unlimited())) {
            write(w, LogEntry.Stream.STDOUT, "one\ntw");
            write(w, LogEntry.Stream.STDERR, "err\n");
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z stdout F one"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" stdout P tw"), lines.get(1));
        assertTrue(lines.get(2).endsWith(" stderr F err"), lines.get(2));
    }

    @Test
    void rotatesByThePolicy() throws IOException {
        Path log = dir.resolve("console.log");
        try (CriLogWriter w = new CriLogWriter(log, new ContainerLog(false, 200, 3))) {
            for (int i = 0; i < 30; i++) {
                write(w, LogEntry.Stream.STDOUT, "line " + i + "\n");
            }
        }
        assertTrue(Files.size(log) <= 200);
        assertTrue(Files.exists(dir.resolve("console.log.1")) && Files.exists(dir.resolve("console.log.2")));
        assertFalse(Files.exists(dir.resolve("console.log.3")));
        assertTrue(Files.readString(log).contains("line 29"));
    }

    @Test
    void disabledWritesNothing() throws IOException {
        Path log = dir.resolve("console.log");
        try (CriLogWriter w = new CriLogWriter(log, new ContainerLog(true, 0, 1))) {
            write(w, LogEntry.Stream.STDOUT, "x\n");
        }
        assertFalse(Files.exists(log));
    }
}
