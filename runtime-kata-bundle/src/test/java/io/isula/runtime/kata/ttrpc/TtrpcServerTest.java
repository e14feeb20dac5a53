package io.isula.runtime.kata.ttrpc;

import io.isula.runtime.kata.loop.PollLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TtrpcServerTest {
    @TempDir
    Path dir;

    @Test
    void answersCallsAndReportsHandlerErrorsAsStatus() throws Exception {
        Path socket = dir.resolve("ev.sock");
        Files.writeString(socket, "stale");
        try (PollLoop loop = new PollLoop("test-loop");
             TtrpcServer server = TtrpcServer.listen(socket, loop, Runnable::run, (service, method, payload) -> {
            if (method.equals("Fail")) {
                throw new TtrpcException(TtrpcException.NOT_FOUND, "no such thing");
            }
            return (service + "/" + method + ":" + new String(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }); TtrpcClient client = TtrpcClient.connect(socket, Map.of(), loop)) {
            byte[] r = client.call("s", "Echo", "x".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertEquals("s/Echo:x", new String(r, StandardCharsets.UTF_8));
            TtrpcException e = assertThrows(TtrpcException.class, () -> client.call("s", "Fail", new byte[0], Duration.ofSeconds(5)));
            assertEquals(TtrpcException.NOT_FOUND, e.code());
            assertEquals("no such thing", e.getMessage());
        }
        assertFalse(Files.exists(socket), "closing the server removes its socket");
    }

    @Test
    void aClientThatBreaksTheProtocolIsDroppedAndOthersAreStillServed() throws Exception {
        Path socket = dir.resolve("ev.sock");
        try (PollLoop loop = new PollLoop("test-loop");
             TtrpcServer server = TtrpcServer.listen(socket, loop, Runnable::run, (service, method, payload) -> payload);
             SocketChannel bad = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             TtrpcClient good = TtrpcClient.connect(socket, Map.of(), loop)) {
            bad.write(ByteBuffer.allocate(10).putInt(0x7FFFFFFF).putInt(1).put((byte) 1).put((byte) 0).flip());
            assertEquals(-1, bad.read(ByteBuffer.allocate(1)), "the server closes a connection with an oversized frame");
            byte[] r = good.call("s", "Echo", "still".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertEquals("still", new String(r, StandardCharsets.UTF_8));
        }
    }
}
