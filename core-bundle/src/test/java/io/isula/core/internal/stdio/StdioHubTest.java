package io.isula.core.internal.stdio;

import io.isula.core.api.AttachOptions;
import io.isula.core.api.LogEntry;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;
import io.isula.core.spi.ProcessStdio;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StdioHubTest {
    /** The runtime's side: what reached the process's stdin. */
    private static final class Process implements ProcessStdio {
        final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        boolean stdinClosed;
        boolean closed;

        @Override
        public void write(byte[] data, int offset, int length) {
            stdin.write(data, offset, length);
        }

        @Override
        public void closeStdin() {
            stdinClosed = true;
        }

        @Override
        public void resize(int height, int width) {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class Client implements StdioSink {
        final StringBuilder out = new StringBuilder();
        boolean closed;
        boolean refuse;

        @Override
        public boolean output(LogEntry.Stream stream, byte[] data, int offset, int length) {
            out.append(stream == LogEntry.Stream.STDERR ? "E:" : "").append(new String(data, offset, length, StandardCharsets.UTF_8));
            return !refuse;
        }

        @Override
        public void closed() {
            closed = true;
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void inputBeforeTheStartIsHeldAndItsEndFollows() {
        StdioHub hub = new StdioHub("c", false, (h, w) -> { });
        Client client = new Client();
        StdioStream s = hub.attach(new AttachOptions(true, true, true, null), client);
        s.write(b("early\n"), 0, 6);
        s.closeStdin();
        Process p = new Process();
        hub.connect(() -> p, false);
        assertEquals("early\n", p.stdin.toString(StandardCharsets.UTF_8));
        assertTrue(p.stdinClosed);
    }

    @Test
    void everyAttachmentGetsTheOutputAndTheEnd() {
        StdioHub hub = new StdioHub("c", false, (h, w) -> { });
        Client a = new Client();
        Client onlyErr = new Client();
        hub.attach(AttachOptions.output(), a);
        hub.attach(new AttachOptions(false, false, true, null), onlyErr);
        hub.connect(Process::new, false);
        hub.output(LogEntry.Stream.STDOUT, b("out"), 0, 3);
        hub.output(LogEntry.Stream.STDERR, b("err"), 0, 3);
        assertEquals("outE:err", a.out.toString());
        assertEquals("E:err", onlyErr.out.toString());
        hub.closed();
        assertTrue(a.closed && onlyErr.closed);
        assertFalse(hub.wanted());
    }

    @Test
    void aClientThatStopsReadingIsDroppedAlone() {
        StdioHub hub = new StdioHub("c", false, (h, w) -> { });
        Client slow = new Client();
        slow.refuse = true;
        Client fine = new Client();
        hub.attach(AttachOptions.output(), slow);
        hub.attach(AttachOptions.output(), fine);
        hub.connect(Process::new, false);
        hub.output(LogEntry.Stream.STDOUT, b("1"), 0, 1);
        hub.output(LogEntry.Stream.STDOUT, b("2"), 0, 1);
        assertTrue(slow.closed);
        assertEquals("1", slow.out.toString());
        assertEquals("12", fine.out.toString());
        assertFalse(fine.closed);
    }

    @Test
    void detachKeysOnATerminalEndTheAttachmentButNotTheConnection() {
        List<String> resized = new ArrayList<>();
        StdioHub hub = new StdioHub("c", true, (h, w) -> resized.add(h + "x" + w));
        Process p = new Process();
        Client client = new Client();
        StdioStream s = hub.attach(new AttachOptions(true, true, true, null), client);
        hub.connect(() -> p, false);
        s.resize(40, 120);
        s.write(new byte[] {'l', 's', 16, 17, 'x'}, 0, 5);
        assertEquals("ls", p.stdin.toString(StandardCharsets.UTF_8));
        assertTrue(client.closed);
        assertFalse(p.closed, "the container's connection stays: its stdin stays open for the next attach");
        s.closeStdin();
        assertFalse(p.stdinClosed, "a terminal's input is not closed by a client's end of input");
        assertEquals(List.of("40x120"), resized);
    }
}
