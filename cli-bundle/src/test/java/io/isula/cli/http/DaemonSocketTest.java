package io.isula.cli.http;

import io.isula.cli.ClientLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both ways of reaching the daemon's socket behave alike: the client's JNI library and the JDK's channels. */
class DaemonSocketTest {
    private Path dir;
    private Path path;
    private ServerSocketChannel server;

    @BeforeAll
    static void loadTheLibrary() {
        String library = System.getProperty(ClientLibrary.PROPERTY, "");
        assertFalse(library.isEmpty(), "the build sets " + ClientLibrary.PROPERTY);
        assertTrue(ClientLibrary.load(library), "the client's library loads: " + library);
    }

    static Stream<Arguments> connectors() {
        return Stream.of(
                Arguments.of("native", (DaemonSocket.Connector) NativeDaemonSocket::connect),
                Arguments.of("channel", (DaemonSocket.Connector) ChannelDaemonSocket::connect));
    }

    @BeforeEach
    void listen() throws IOException {
        dir = Files.createTempDirectory("isula-socket");
        path = dir.resolve("d.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void aMebibyteEachWayAndTheHalfClose(String name, DaemonSocket.Connector connector) throws Exception {
        byte[] request = randomBytes(1 << 20, 1);
        byte[] answer = randomBytes((1 << 20) + 7, 2);
        // the peer reads the request up to the half-close, then answers and closes
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel peer = server.accept()) {
                byte[] got = Channels.newInputStream(peer).readAllBytes();
                ByteBuffer out = ByteBuffer.wrap(answer);
                while (out.hasRemaining()) {
                    peer.write(out);
                }
                return got;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (DaemonSocket socket = connector.connect(path)) {
            socket.write(request, 0, request.length);
            socket.shutdownOutput();
            assertArrayEquals(answer, socket.input().readAllBytes());
            assertArrayEquals(request, received.get(10, TimeUnit.SECONDS));
            assertEquals(-1, socket.read(new byte[16], 0, 16), "the end stays the end");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void closeWakesABlockedReaderAndEndsWrites(String name, DaemonSocket.Connector connector) throws Exception {
        try (DaemonSocket socket = connector.connect(path); SocketChannel peer = server.accept()) {
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.read(new byte[64], 0, 64);
                } catch (IOException e) {
                    return -2;
                }
            });
            Thread.sleep(200); // let the reader block; it must not have returned on its own
            assertFalse(reader.isDone(), "nothing was sent yet");
            socket.close();
            assertEquals(-1, reader.get(5, TimeUnit.SECONDS));
            assertThrows(IOException.class, () -> socket.write(new byte[]{1}, 0, 1));
            assertEquals(-1, socket.read(new byte[8], 0, 8));
            assertEquals(-1, Channels.newInputStream(peer).read(), "the daemon sees the connection end");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void aMissingSocketIsNamedByTheSystemsWords(String name, DaemonSocket.Connector connector) {
        IOException e = assertThrows(IOException.class, () -> connector.connect(dir.resolve("absent.sock")));
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void aFileThatIsNoSocketRefusesTheConnection(String name, DaemonSocket.Connector connector) throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        try {
            IOException e = assertThrows(IOException.class, () -> connector.connect(file));
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        } finally {
            Files.delete(file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void aPathLongerThanASocketAddressIsAnError(String name, DaemonSocket.Connector connector) {
        Path tooLong = dir.resolve("s".repeat(120));
        assertThrows(IOException.class, () -> connector.connect(tooLong));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void boundsAreChecked(String name, DaemonSocket.Connector connector) throws IOException {
        try (DaemonSocket socket = connector.connect(path); SocketChannel ignored = server.accept()) {
            assertEquals(0, socket.read(new byte[4], 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> socket.read(new byte[4], 2, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> socket.write(new byte[4], -1, 2));
        }
    }

    @Test
    void theNativeSocketCountsWhatWaitsToBeRead() throws Exception {
        try (DaemonSocket socket = NativeDaemonSocket.connect(path); SocketChannel peer = server.accept()) {
            assertEquals(0, socket.available());
            peer.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (socket.available() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(5, socket.available());
            InputStream in = socket.input();
            byte[] got = new byte[5];
            assertEquals(5, in.readNBytes(got, 0, 5));
            assertEquals("hello", new String(got, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aLibraryThatIsNotThereLeavesTheChannels() {
        assertFalse(ClientLibrary.load(dir.resolve("libnothing.so").toString()));
    }

    @Test
    void theClientUsesTheLibraryTheBuildNames() throws IOException {
        try (DaemonSocket socket = DaemonSocket.Connector.fromSystem().connect(path)) {
            assertInstanceOf(NativeDaemonSocket.class, socket);
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
