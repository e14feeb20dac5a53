package io.isula.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The training run behind {@code bin/isula}'s class-data-sharing archive: {@code java
 * -XX:ArchiveClassesAtExit=isula.jsa -cp … io.isula.cli.CdsTraining}. It runs the everyday command lines
 * ({@code run --rm}, {@code ps}, {@code version}, {@code inspect}, {@code pull}, {@code images}, …) through the real client against a
 * canned daemon on a private socket, so that every class those paths load, the JDK's included, ends up in
 * the archive, whichever command happens to be the first one a user types.
 */
public final class CdsTraining {
    private static final String ID = "4f5e6d7c8b9a0123456789abcdef0123456789abcdef0123456789abcdef0123";

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("isula-cds");
        Path socket = dir.resolve("d.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread daemon = new Thread(new CannedDaemon(server), "isula-cds-daemon");
        daemon.setDaemon(true);
        daemon.start();
        PrintStream sink = Boolean.getBoolean("isula.cds.verbose") ? System.out
                : new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("ISULAD_HOST", "unix://" + socket);
        String rootfs = dir.toString();
        Path archive = Files.write(dir.resolve("image.tar"), new byte[1024]);
        String[][] lines = {
            {"run", "--rm", "--external-rootfs", rootfs, "none", "true"},
            {"run", "-d", "--rm", "-e", "A=1", "-l", "a=b", "--name=x", "-tid", "--external-rootfs=" + rootfs, "none", "sh"},
            {"create", "-n", "x", "--external-rootfs", rootfs, "none", "sh", "-c", "true"},
            {"ps", "-a"}, {"ps"}, {"ps", "-q"}, {"ps", "-a", "--format", "{{.ID}} {{.Names}} {{.State}}"},
            {"version"}, {"--version"}, {"info"},
            {"start", "x"}, {"stop", "-t", "1", "x"}, {"kill", "x"}, {"rm", "-f", "x"}, {"wait", "x"},
            {"logs", "x"}, {"inspect", "x"}, {"inspect", "-f", "{{.State.Status}} {{json .Config}}", "x"},
            {"inspect", "missing"}, {"run", "--help"}, {"ps", "--bogus"}, {"nope"}, {},
            {"exec", "x", "true"}, {"exec", "-d", "x", "true"}, {"exec", "-e", "A=1", "-u", "0", "x", "sh", "-c", "true"},
            {"pull", "registry.example/busybox:latest"}, {"images"}, {"images", "-q"}, {"rmi", "busybox"},
            {"tag", "busybox", "busybox:2"}, {"load", "-i", archive.toString()}, {"import", archive.toString(), "imp:1"},
            {"run", "--rm", "busybox", "true"},
        };
        for (String[] line : lines) {
            Main.run(line, sink, sink, env);
        }
        server.close();
        Files.deleteIfExists(archive);
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    /** Answers each request on its own connection with a fixed reply, as the daemon would. */
    private static final class CannedDaemon implements Runnable {
        private final ServerSocketChannel server;

        CannedDaemon(ServerSocketChannel server) { this.server = server; }

        @Override
        public void run() {
            while (true) {
                try (SocketChannel ch = server.accept()) {
                    String head = readHead(ch);
                    drainBody(ch, head);
                    int sp = head.indexOf(' ');
                    int sp2 = head.indexOf(' ', sp + 1);
                    String method = head.substring(0, sp);
                    String target = head.substring(sp + 1, sp2);
                    write(ch, answer(method, target, head.contains("Upgrade: tcp")));
                } catch (IOException | RuntimeException e) {
                    if (!server.isOpen()) {
                        return;
                    }
                }
            }
        }

        /** The request line and headers; a small body (create's) arrives with them and is left unread. */
        private static String readHead(SocketChannel ch) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                b.write(buf.array(), 0, n);
                String s = b.toString(StandardCharsets.ISO_8859_1);
                int end = s.indexOf("\r\n\r\n");
                if (end >= 0) {
                    int cl = s.toLowerCase().indexOf("content-length: ");
                    int want = cl < 0 ? 0 : Integer.parseInt(s.substring(cl + 16, s.indexOf("\r\n", cl)).trim());
                    if (b.size() >= end + 4 + want) {
                        return s;
                    }
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        /** Reads an uploaded body (load, import) to its end, as the daemon would before it answers. */
        private static void drainBody(SocketChannel ch, String head) throws IOException {
            int cl = head.toLowerCase().indexOf("content-length: ");
            int end = head.indexOf("\r\n\r\n");
            if (cl < 0 || end < 0) {
                return;
            }
            long left = Long.parseLong(head.substring(cl + 16, head.indexOf("\r\n", cl)).trim()) - (head.length() - end - 4);
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (left > 0) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        }

        private static void write(SocketChannel ch, byte[] bytes) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        private static byte[] answer(String method, String target, boolean upgrade) {
            String path = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
            if (upgrade && (path.endsWith("/attach") || path.startsWith("/exec/") && path.endsWith("/start"))) {
                // a hijacked stream: one stdout frame, then the end
                byte[] frame = {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'};
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                        + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                b.writeBytes(frame);
                return b.toByteArray();
            }
            if (path.equals("/images/create") || path.equals("/images/load")) {
                return progressStream(target.contains("fromImage")
                        ? new String[]{"{\"status\":\"Pulling from busybox\",\"id\":\"latest\"}",
                            "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"71c9f1c16034\"}",
                            "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":262144,\"total\":1036616},"
                                + "\"progress\":\"[===>    ]\",\"id\":\"71c9f1c16034\"}",
                            "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"71c9f1c16034\"}",
                            "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":1036616,\"total\":1036616},"
                                + "\"id\":\"71c9f1c16034\"}",
                            "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"71c9f1c16034\"}",
                            "{\"status\":\"Digest: sha256:" + ID + "\"}",
                            "{\"aux\":{\"ID\":\"sha256:" + ID + "\"}}",
                            "{\"status\":\"Status: Downloaded newer image for busybox:latest\"}"}
                        : new String[]{"{\"stream\":\"Loaded image: busybox:latest\\n\"}",
                            "{\"status\":\"sha256:" + ID + "\"}"});
            }
            if (path.equals("/images/json")) {
                return json(200, "[{\"Id\":\"sha256:" + ID + "\",\"RepoTags\":[\"busybox:latest\"],\"RepoDigests\":[],"
                        + "\"Created\":1700000000,\"Size\":1036616,\"Labels\":{}}]");
            }
            if (method.equals("DELETE") && path.startsWith("/images/")) {
                return json(200, "[{\"Untagged\":\"busybox:latest\"},{\"Deleted\":\"sha256:" + ID + "\"}]");
            }
            if (path.endsWith("/exec")) {
                return json(201, "{\"Id\":\"" + ID + "\"}");
            }
            if (path.startsWith("/exec/") && path.endsWith("/json")) {
                return json(200, "{\"ID\":\"" + ID + "\",\"ContainerID\":\"" + ID + "\",\"Running\":false,\"ExitCode\":0,"
                        + "\"Pid\":1,\"OpenStdin\":false,\"OpenStdout\":true,\"OpenStderr\":true,\"CanRemove\":true,"
                        + "\"ProcessConfig\":{\"tty\":false,\"entrypoint\":\"true\",\"arguments\":[],\"privileged\":false,\"user\":\"\"}}");
            }
            if (path.endsWith("/missing/json")) {
                return json(404, "{\"message\":\"No such container: missing\"}");
            }
            if (path.equals("/containers/create")) {
                return json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}");
            }
            if (path.equals("/containers/json")) {
                return json(200, "[{\"Id\":\"" + ID + "\",\"Names\":[\"/x\"],\"Image\":\"none\",\"ImageID\":\"\","
                        + "\"Command\":\"sh -c true\",\"Created\":1700000000,\"State\":\"exited\",\"Status\":\"Exited (0) 2 seconds ago\","
                        + "\"Ports\":[],\"Labels\":{\"a\":\"b\"},\"Pid\":0,\"ExitCode\":0,\"RestartCount\":0,"
                        + "\"StartedAt\":\"2023-11-14T22:13:20.000000000Z\",\"FinishedAt\":\"2023-11-14T22:13:21.000000000Z\",\"Runtime\":\"runc\"}]");
            }
            if (path.equals("/version")) {
                return json(200, "{\"Version\":\"0.1.0\",\"ApiVersion\":\"1.43\",\"MinAPIVersion\":\"1.24\",\"GitCommit\":\"abc\","
                        + "\"GoVersion\":\"17\",\"Os\":\"linux\",\"Arch\":\"amd64\",\"KernelVersion\":\"6.1\",\"BuildTime\":\"t\"}");
            }
            if (path.equals("/info")) {
                return json(200, "{\"ID\":\"x\",\"Containers\":1,\"ContainersRunning\":0,\"ContainersPaused\":0,\"ContainersStopped\":1,"
                        + "\"Images\":0,\"Driver\":\"overlay\",\"MemTotal\":1024,\"NCPU\":2,\"Runtimes\":{\"runc\":{\"path\":\"runc\"}},"
                        + "\"ImageTypes\":[\"external\"],\"DefaultRuntime\":\"runc\"}");
            }
            if (path.endsWith("/wait")) {
                return json(200, "{\"StatusCode\":0,\"Error\":null}");
            }
            if (path.endsWith("/logs")) {
                byte[] frame = {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'};
                String head = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(frame.length) + "\r\n";
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
                b.writeBytes(frame);
                b.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return b.toByteArray();
            }
            if (path.endsWith("/json")) {
                return json(200, "{\"Id\":\"" + ID + "\",\"Created\":\"2023-11-14T22:13:20Z\",\"Path\":\"sh\",\"Args\":[\"-c\",\"true\"],"
                        + "\"State\":{\"Status\":\"exited\",\"Running\":false,\"Pid\":0,\"ExitCode\":0,\"Error\":\"\"},"
                        + "\"Image\":\"none\",\"Name\":\"/x\",\"RestartCount\":0,\"HostConfig\":{\"Runtime\":\"runc\"},"
                        + "\"Config\":{\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"],\"Tty\":false,\"Labels\":{}},\"Mounts\":[]}");
            }
            return ("HTTP/1.1 204 No Content\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        /** A chunked stream of JSON lines, as pull and load answer. */
        private static byte[] progressStream(String[] lines) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (String line : lines) {
                byte[] b = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
                out.writeBytes((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(b);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }

        private static byte[] json(int status, String body) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(b);
            return out.toByteArray();
        }
    }
}
