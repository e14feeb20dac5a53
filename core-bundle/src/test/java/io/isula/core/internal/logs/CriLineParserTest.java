package io.isula.core.internal.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.isula.core.api.LogEntry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriLineParserTest {
    private final CriLineParser parser = new CriLineParser();

    @Test
    void parsesCriLines() {
        LogEntry e = parse("2026-01-01T00:00:00.5Z stderr F hello world");
        assertEquals(LogEntry.Stream.STDERR, e.stream());
        assertEquals(Instant.parse("2026-01-01T00:00:00.5Z"), e.time());
        assertEquals("hello world\n", e.text());
        assertEquals("part", parse("2026-01-01T00:00:00Z stdout P part").text());
        assertEquals("\n", parse("2026-01-01T00:00:00Z stdout F").text());
        assertNull(parse("garbage"));
        assertNull(parse("notatime stdout F x"));
        assertNull(parse("2026-01-01T00:00:00Z other F x"));
    }

    @Test
    void agreesWithTheJdksParserLineAfterLine() {
        // one parser for all: the second it keeps from one line must never leak into the next
        for (String line : List.of("2026-01-01T00:00:00.5Z stderr F hello world", "2026-01-01T00:00:00Z stdout P part",
                "2026-01-01T00:00:00Z stdout F", "2026-11-28T04:06:19.067029567+00:00 stdout F 1",
                "2026-11-28T04:06:19.067029567-05:30 stdout F é", "2026-11-28T04:06:19.1Z stdout F same second",
                "2026-11-28T04:06:20Z stdout F next second", "garbage", "notatime stdout F x",
                "2026-01-01T00:00:00Z other F x", "2026-13-01T00:00:00Z stdout F x",
                "2026-11-28T04:06:20.000000001Z stdout F after a bad line")) {
            assertEquals(reference(line), parse(line), line);
        }
    }

    @Test
    void aLineWithItsNewlineInTheBufferKeepsIt() {
        byte[] b = "2026-01-01T00:00:00Z stdout F x\n2026".getBytes(StandardCharsets.UTF_8);
        assertEquals("x\n", parser.parse(b, 0, 31, true, true).text());
    }

    @Test
    void unwantedStreamsAreSkipped() {
        byte[] b = "2026-01-01T00:00:00Z stderr F x".getBytes(StandardCharsets.UTF_8);
        assertNull(parser.parse(b, 0, b.length, true, false));
        assertEquals("x\n", parser.parse(b, 0, b.length, false, true).text());
    }

    private LogEntry parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length, true, true);
    }

    /** The same line read with the JDK's own parsing, as the reference. */
    private static LogEntry reference(String line) {
        String[] f = line.split(" ", 4);
        if (f.length < 3 || !(f[1].equals("stdout") || f[1].equals("stderr")) || f[2].isEmpty()) {
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(f[0]).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        String text = f.length == 4 ? f[3] : "";
        return new LogEntry(f[1].equals("stdout") ? LogEntry.Stream.STDOUT : LogEntry.Stream.STDERR, time,
                f[2].startsWith("P") ? text : text + "\n");
    }
}
