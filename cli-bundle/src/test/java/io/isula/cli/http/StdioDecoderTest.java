package io.isula.cli.http;

import io.isula.core.api.LogEntry;
import io.isula.core.api.StdioSink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StdioDecoderTest {
    private static final class Recorder implements StdioSink {
        final List<String> got = new ArrayList<>();

        @Override
        public boolean output(LogEntry.Stream stream, byte[] data, int offset, int length) {
            got.add(stream + ":" + new String(data, offset, length, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void closed() {
            got.add("closed");
        }
    }

    private static byte[] frame(int stream, String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[8 + p.length];
        f[0] = (byte) stream;
        f[4] = (byte) (p.length >>> 24);
        f[5] = (byte) (p.length >>> 16);
        f[6] = (byte) (p.length >>> 8);
        f[7] = (byte) p.length;
        System.arraycopy(p, 0, f, 8, p.length);
        return f;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void framesGoToTheirStreams() throws IOException {
        Recorder r = new Recorder();
        StdioDecoder.pump(new ByteArrayInputStream(concat(frame(1, "out\n"), frame(2, "err\n"), frame(1, ""),
                frame(1, "x".repeat(20000)))), true, r);
        assertEquals(List.of("STDOUT:out\n", "STDERR:err\n", "STDOUT:", "STDOUT:" + "x".repeat(20000)), r.got);
    }

    @Test
    void aRawStreamIsAllStdout() throws IOException {
        Recorder r = new Recorder();
        StdioDecoder.pump(new ByteArrayInputStream("\u001b[1mhi\r\n".getBytes(StandardCharsets.UTF_8)), false, r);
        assertEquals(List.of("STDOUT:\u001b[1mhi\r\n"), r.got);
    }

    @Test
    void truncatedOrHugeFramesAreErrors() {
        byte[] f = frame(1, "hello");
        assertThrows(EOFException.class, () -> StdioDecoder.pump(
                new ByteArrayInputStream(java.util.Arrays.copyOf(f, 10)), true, new Recorder()));
        assertThrows(EOFException.class, () -> StdioDecoder.pump(
                new ByteArrayInputStream(java.util.Arrays.copyOf(f, 5)), true, new Recorder()));
        byte[] huge = {1, 0, 0, 0, 0x7f, 0, 0, 0};
        assertThrows(IOException.class, () -> StdioDecoder.pump(new ByteArrayInputStream(huge), true, new Recorder()));
    }

    @Test
    void logFramesReachARawSinkAsBytes() throws IOException {
        List<String> raw = new ArrayList<>();
        int[] flushes = {0};
        LogStreamDecoder.RawSink sink = new LogStreamDecoder.RawSink() {
            @Override
            public boolean write(LogEntry.Stream stream, byte[] data, int offset, int length) {
                raw.add(stream + ":" + new String(data, offset, length, StandardCharsets.UTF_8));
                return true;
            }

            @Override
            public boolean accept(LogEntry entry) {
                throw new AssertionError("the raw path must be taken");
            }

            @Override
            public boolean flush() {
                flushes[0]++;
                return true;
            }
        };
        new LogStreamDecoder(false).decode(new ByteArrayInputStream(concat(frame(1, "a\n"), frame(2, "b\n"))),
                "application/vnd.docker.multiplexed-stream", sink);
        assertEquals(List.of("STDOUT:a\n", "STDERR:b\n"), raw);
        assertEquals(true, flushes[0] >= 1, "flushed once the stream ran dry");
    }
}
