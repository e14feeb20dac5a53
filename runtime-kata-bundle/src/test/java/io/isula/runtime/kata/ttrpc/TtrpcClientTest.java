package io.isula.runtime.kata.ttrpc;

import io.isula.runtime.kata.loop.PollLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a scripted server that answers well, late, wrongly or not at all. */
class TtrpcClientTest {
    private static final Duration NO_HANG = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private Path socket;
    private PollLoop loop;

    @BeforeEach
    void listen() throws IOException {
        loop = new PollLoop("test-loop");
        socket = dir.resolve("s.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        loop.close();
    }

    /** Runs {@code script} on the server side of the next connection. */
    private CompletableFuture<Void> serve(ServerScript script) {
        return CompletableFuture.runAsync(() -> {
            try (SocketChannel c = server.accept()) {
                script.run(c);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    interface ServerScript {
        void run(SocketChannel c) throws IOException;
    }

    private static void respond(SocketChannel c, int stream, byte[] payload) throws IOException {
        new Frame(stream, Frame.RESPONSE, (byte) 0, new Envelopes.Response(null, payload).encode()).write(c);
    }

    @Test
    void multiplexedCallsGetTheirOwnAnswersInAnyOrder() throws Exception {
        CompletableFuture<Void> s = serve(c -> {
            Frame first = Frame.read(c);
            Frame second = Frame.read(c);
            Envelopes.Request r1 = Envelopes.Request.decode(first.payload());
            assertEquals("svc", r1.service());
            assertEquals("ns1", r1.metadata().get("containerd-namespace-ttrpc"));
            assertEquals(1, first.streamId() % 2, "client stream ids are odd");
            respond(c, second.streamId(), Envelopes.Request.decode(second.payload()).payload());
            respond(c, first.streamId(), r1.payload());
            Frame.read(c);
        });
        try (TtrpcClient client = TtrpcClient.connect(socket, Map.of("containerd-namespace-ttrpc", "ns1"), loop)) {
            CompletableFuture<byte[]> slow = CompletableFuture.supplyAsync(() -> call(client, "A", "first", null));
            Thread.sleep(100);
            byte[] b = client.call("svc", "B", "second".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertEquals("second", new String(b, StandardCharsets.UTF_8));
            assertEquals("first", new String(slow.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        }
        s.get(5, TimeUnit.SECONDS);
    }

    private static byte[] call(TtrpcClient client, String method, String payload, Duration deadline) {
        try {
            return client.call("svc", method, payload.getBytes(StandardCharsets.UTF_8), deadline);
        } catch (TtrpcException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void errorStatusBecomesTheExceptionCode() throws Exception {
        serve(c -> {
            Frame f = Frame.read(c);
            new Frame(f.streamId(), Frame.RESPONSE, (byte) 0,
                    new Envelopes.Response(new Envelopes.Status(5, "container x not found"), null).encode()).write(c);
            Frame.read(c);
        });
        try (TtrpcClient client = TtrpcClient.connect(socket, Map.of(), loop)) {
            TtrpcException e = assertThrows(TtrpcException.class, () -> client.call("svc", "State", new byte[0], NO_HANG));
            assertEquals(5, e.code());
            assertEquals("container x not found", e.getMessage());
        }
    }

    @Test
    void oversizedLengthFailsTheCallClearly() throws Exception {
        serve(c -> {
            Frame f = Frame.read(c);
            c.write(ByteBuffer.allocate(10).putInt(0x7FFFFFFF).putInt(f.streamId()).put((byte) 2).put((byte) 0).flip());
            sleepQuietly();
        });
        assertFailsWith("exceeds the 4 MiB limit");
    }

    @Test
    void malformedResponseFailsTheCallClearly() throws Exception {
        serve(c -> {
            Frame f = Frame.read(c);
            new Frame(f.streamId(), Frame.RESPONSE, (byte) 0, new byte[] {(byte) 0x12, (byte) 0x7F, 1}).write(c);
            sleepQuietly();
        });
        assertFailsWith("malformed response");
    }

    @Test
    void unknownFrameTypeFailsTheCallClearly() throws Exception {
        serve(c -> {
            Frame f = Frame.read(c);
            new Frame(f.streamId(), (byte) 9, (byte) 0, new byte[0]).write(c);
            sleepQuietly();
        });
        assertFailsWith("unexpected ttrpc frame type 9");
    }

    @Test
    void responseOnAStreamNeverOpenedFailsTheCallClearly() throws Exception {
        serve(c -> {
            Frame.read(c);
            respond(c, 99, new byte[0]);
            sleepQuietly();
        });
        assertFailsWith("stream 99, which no call opened");
    }

    @Test
    void closingMidResponseFailsTheCallClearly() throws Exception {
        serve(c -> {
            Frame f = Frame.read(c);
            c.write(ByteBuffer.allocate(14).putInt(100).putInt(f.streamId()).put((byte) 2).put((byte) 0)
                    .putInt(0x0a0b0c0d).flip());
        });
        assertFailsWith("connection closed in the middle of a ttrpc frame");
    }

    @Test
    void aCallWithoutDeadlineEndsWhenTheServerGoes() throws Exception {
        serve(c -> Frame.read(c));
        assertFailsWith("the server closed the connection", null);
    }

    @Test
    void aCallPastItsDeadlineGivesUpAndTheLateAnswerIsDropped() throws Exception {
        CompletableFuture<Void> s = serve(c -> {
            Frame late = Frame.read(c);
            Frame next = Frame.read(c);
            respond(c, late.streamId(), "late".getBytes(StandardCharsets.UTF_8));
            respond(c, next.streamId(), "next".getBytes(StandardCharsets.UTF_8));
            Frame.read(c);
        });
        try (TtrpcClient client = TtrpcClient.connect(socket, Map.of(), loop)) {
            TtrpcException e = assertThrows(TtrpcException.class,
                    () -> client.call("svc", "Slow", new byte[0], Duration.ofMillis(200)));
            assertEquals(TtrpcException.DEADLINE_EXCEEDED, e.code());
            byte[] b = client.call("svc", "Next", new byte[0], NO_HANG);
            assertArrayEquals("next".getBytes(StandardCharsets.UTF_8), b);
            assertTrue(client.isOpen());
        }
        s.get(5, TimeUnit.SECONDS);
    }

    @Test
    void connectingToNothingSaysWhere() {
        TtrpcException e = assertThrows(TtrpcException.class, () -> TtrpcClient.connect(dir.resolve("none.sock"), Map.of(), loop));
        assertTrue(e.getMessage().contains("none.sock"), e.getMessage());
        assertEquals(TtrpcException.CONNECTION, e.code());
    }

    private void assertFailsWith(String text) {
        assertFailsWith(text, NO_HANG);
    }

    private void assertFailsWith(String text, Duration deadline) {
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (TtrpcClient client = TtrpcClient.connect(socket, Map.of(), loop)) {
                TtrpcException e = assertThrows(TtrpcException.class, () -> client.call("svc", "M", new byte[0], deadline));
                assertTrue(e.getMessage().contains(text), () -> "message was: " + e.getMessage());
                assertFalse(client.isOpen());
                TtrpcException again = assertThrows(TtrpcException.class, () -> client.call("svc", "M", new byte[0], NO_HANG));
                assertTrue(again.getMessage().contains("closed"), again.getMessage());
            }
        });
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
