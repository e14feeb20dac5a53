package io.isula.server;

import io.isula.core.api.ContainerStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Docker's hijacked streams on the real server: the take-over, the framing both ways, half-close, errors. */
class HijackTest extends ServerOnFakeEngine {

    @BeforeEach
    void containers() {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        engine.add("tty", ContainerStatus.RUNNING, true, 0);
    }

    @Test
    void upgradedAttachFramesOutputAndEndsAtTheHalfClose() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SocketChannel ch = connect()) {
                send(ch, "POST /v1.43/containers/web/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
                String head = head(ch);
                assertTrue(head.startsWith("HTTP/1.1 101 UPGRADED"), head);
                assertTrue(head.toLowerCase().contains("content-type: application/vnd.docker.multiplexed-stream"), head);
                send(ch, "ping\n");
                ch.shutdownOutput();
                byte[] rest = readToEnd(ch);
                assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 5, 'p', 'i', 'n', 'g', '\n'}, rest);
            }
        });
    }

    @Test
    void attachWithoutUpgradeIsA200RawStreamForATerminal() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SocketChannel ch = connect()) {
                send(ch, "POST /containers/tty/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 0\r\n\r\n");
                String head = head(ch);
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                assertTrue(head.toLowerCase().contains("raw-stream"), head);
                send(ch, "abc");
                ch.shutdownOutput();
                assertEquals("abc", new String(readToEnd(ch), StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    void anUnknownContainerIsAPlain404() throws Exception {
        UnixHttpClient.Response r = UnixHttpClient.call(socket, "POST", "/containers/none/attach?stream=1&stdout=1", null);
        assertEquals(404, r.status());
        assertTrue(r.text().contains("No such container"), r.text());
    }

    @Test
    void anExecThatCannotStartWritesItsErrorIntoTheStream() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SocketChannel ch = connect()) {
                String body = "{\"Detach\":false,\"Tty\":false}";
                send(ch, "POST /exec/e1/start HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                assertTrue(head(ch).startsWith("HTTP/1.1 101"));
                byte[] rest = readToEnd(ch);
                assertEquals(2, rest[0], "an stderr frame");
                assertTrue(new String(rest, 8, rest.length - 8, StandardCharsets.UTF_8).contains("executable file not found"));
            }
        });
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
    }

    private static void send(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads byte by byte up to the blank line, so nothing of the stream is taken. */
    private static String head(SocketChannel ch) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!h.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            one.clear();
            if (ch.read(one) < 0) {
                break;
            }
            h.write(one.array()[0]);
        }
        return h.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readToEnd(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (ch.read(b) >= 0) {
            out.write(b.array(), 0, b.position());
            b.clear();
        }
        return out.toByteArray();
    }
}
