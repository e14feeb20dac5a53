package io.isula.itest.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Docker's exec over the raw API, as a client that is not {@code isula}: {@code POST /containers/{id}/exec}, then
 * {@code POST /exec/{id}/start} with {@code Upgrade: tcp}, reading the multiplexed stream.
 */
final class HijackedExec implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final String execId;
    private int headEnd = -1;

    private HijackedExec(SocketChannel channel, String execId) {
        this.channel = channel;
        this.execId = execId;
    }

    /** Creates and starts an exec of {@code cmd} (a JSON array) in {@code container}; returns once the head is read. */
    static HijackedExec start(Path socket, String container, String cmdJson) throws IOException {
        String body = "{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":" + cmdJson + "}";
        UnixHttp.Response created = UnixHttp.exchange(socket, "POST /containers/" + container + "/exec HTTP/1.1\r\n"
                + "Host: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body, java.time.Duration.ofSeconds(30));
        if (created.status() != 201) {
            throw new IOException("exec create answered " + created.status() + ": " + created.body());
        }
        String id = Json.parse(created.body(), null).get("Id").asText();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        String start = "{\"Detach\":false,\"Tty\":false}";
        write(ch, "POST /exec/" + id + "/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + start.length() + "\r\n\r\n" + start);
        HijackedExec e = new HijackedExec(ch, id);
        e.readHead();
        return e;
    }

    String id() {
        return execId;
    }

    /** The status line of the answer. */
    String statusLine() {
        String s = received.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.indexOf("\r\n"));
    }

    /** Reads until at least {@code bytes} of stream data arrived (or the end); returns the stream's payload so far. */
    byte[] readAtLeast(int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (received.size() - headEnd < bytes) {
            b.clear();
            if (channel.read(b) < 0) {
                break;
            }
            received.write(b.array(), 0, b.position());
        }
        byte[] all = received.toByteArray();
        return java.util.Arrays.copyOfRange(all, headEnd, all.length);
    }

    /** Reads to the end and returns the stdout payload of the frames. */
    String readStdoutToEnd() throws IOException {
        byte[] raw = readAtLeast(Integer.MAX_VALUE);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i + 8 <= raw.length) {
            int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16) | ((raw[i + 6] & 0xff) << 8) | (raw[i + 7] & 0xff);
            if (raw[i] == 1) {
                out.append(new String(raw, i + 8, Math.min(len, raw.length - i - 8), StandardCharsets.UTF_8));
            }
            i += 8 + len;
        }
        return out.toString();
    }

    private void readHead() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        while (headEnd < 0) {
            b.clear();
            if (channel.read(b) < 0) {
                throw new IOException("closed before the head: " + received.toString(StandardCharsets.ISO_8859_1));
            }
            received.write(b.array(), 0, 1);
            if (received.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                headEnd = received.size();
            }
        }
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
