package io.isula.cli.http;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.api.ListOptions;
import io.isula.core.api.LogEntry;
import io.isula.core.api.LogOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpContainerEngineTest {
    private FakeDaemon daemon;
    private HttpContainerEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        daemon = new FakeDaemon();
        engine = new HttpContainerEngine(DaemonAddress.parse("unix://" + daemon.socket));
    }

    @AfterEach
    void tearDown() throws IOException {
        daemon.close();
    }

    private EngineException failWith(int status, String body) {
        daemon.answer(r -> FakeDaemon.response(status, "application/json", body));
        return assertThrows(EngineException.class, () -> engine.start("web"));
    }

    @Test
    void errorStatusesMapToKinds() {
        EngineException e = failWith(404, "{\"message\":\"No such container: web\"}");
        assertEquals(EngineException.Kind.NOT_FOUND, e.kind());
        assertEquals("No such container: web", e.getMessage());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, failWith(400, "{\"message\":\"bad\"}").kind());
        assertEquals(EngineException.Kind.CONFLICT, failWith(409, "{\"message\":\"in use\"}").kind());
        assertEquals(EngineException.Kind.INTERNAL, failWith(500, "{\"message\":\"boom\"}").kind());
        assertEquals("boom", failWith(500, "{\"message\":\"boom\"}").getMessage());
        assertEquals(EngineException.Kind.INTERNAL, failWith(500, "not json").kind());
    }

    @Test
    void notModifiedHasNoBody() {
        daemon.answer(r -> "HTTP/1.1 304 Not Modified\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        EngineException e = assertThrows(EngineException.class, () -> engine.stop("web", 5));
        assertEquals(EngineException.Kind.NOT_MODIFIED, e.kind());
        assertEquals("/containers/web/stop?t=5", daemon.requests.get(0).target());
    }

    @Test
    void requestsUseDockerPaths() {
        daemon.answer(r -> "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        engine.start("web");
        engine.stop("web", -1);
        engine.kill("web", "SIGTERM");
        engine.kill("web", null);
        engine.remove("web", true);
        engine.remove("web", false);
        List<String> seen = daemon.requests.stream().map(r -> r.method() + " " + r.target()).toList();
        assertEquals(List.of("POST /containers/web/start", "POST /containers/web/stop", "POST /containers/web/kill?signal=SIGTERM",
                "POST /containers/web/kill", "DELETE /containers/web?force=1", "DELETE /containers/web"), seen);
    }

    @Test
    void createSendsConfigWithHostConfig() {
        daemon.answer(r -> FakeDaemon.response(201, "application/json", "{\"Id\":\"abc123\",\"Warnings\":[]}"));
        ContainerConfig config = ContainerConfig.builder().image("none").cmd(List.of("sh"))
                .hostConfig(new HostConfig("runc", false, "/srv/rootfs", null, null)).build();
        assertEquals("abc123", engine.create(new CreateRequest("my web", config)));
        FakeDaemon.Request r = daemon.requests.get(0);
        assertEquals("POST", r.method());
        assertEquals("/containers/create?name=my%20web", r.target());
        assertTrue(r.body().contains("\"HostConfig\":{\"Runtime\":\"runc\",\"AutoRemove\":false,\"ExternalRootfs\":\"/srv/rootfs\","), r.body());
        assertTrue(r.body().contains("\"Image\":\"none\""), r.body());
    }

    @Test
    void chunkedListWithFilters() {
        String json = "[{\"Id\":\"abc\",\"Names\":[\"/web\"],\"State\":\"created\",\"Status\":\"Created\",\"Created\":5,\"Future\":1}]";
        String a = json.substring(0, 10);
        String b = json.substring(10);
        daemon.answer(r -> ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(a.length()) + ";ext=1\r\n" + a + "\r\n"
                + Integer.toHexString(b.length()) + "\r\n" + b + "\r\n0\r\nX-Trailer: y\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        List<ContainerSummary> rows = engine.list(new ListOptions(true, 2, Map.of("status", List.of("exited"))));
        assertEquals(1, rows.size());
        assertEquals("web", rows.get(0).name());
        assertEquals(ContainerStatus.INITED, rows.get(0).state());
        assertEquals("/containers/json?all=1&limit=2&filters=%7B%22status%22%3A%5B%22exited%22%5D%7D",
                daemon.requests.get(0).target());
    }

    @Test
    void multiplexedLogs() {
        byte[] body = FakeDaemon.concat(frame(1, "2024-01-01T00:00:00.5Z hello\n"), frame(2, "2024-01-01T00:00:01Z oops\n"),
                frame(1, "2024-01-01T00:00:02Z bye"));
        daemon.answer(r -> FakeDaemon.concat(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), body));
        List<LogEntry> got = new ArrayList<>();
        engine.logs("web", new LogOptions(false, 0, true, true, true), got::add);
        assertEquals(List.of(
                new LogEntry(LogEntry.Stream.STDOUT, Instant.parse("2024-01-01T00:00:00.5Z"), "hello\n"),
                new LogEntry(LogEntry.Stream.STDERR, Instant.parse("2024-01-01T00:00:01Z"), "oops\n"),
                new LogEntry(LogEntry.Stream.STDOUT, Instant.parse("2024-01-01T00:00:02Z"), "bye")), got);
        assertEquals("/containers/web/logs?stdout=1&stderr=1&follow=0&timestamps=1&tail=0", daemon.requests.get(0).target());
    }

    @Test
    void multiplexedLogsDetectedWithoutContentTypeAndChunked() {
        byte[] f = FakeDaemon.concat(frame(1, "a\n"), frame(2, "b\n"));
        daemon.answer(r -> FakeDaemon.concat(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(f.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1), f,
                "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        List<LogEntry> got = new ArrayList<>();
        engine.logs("web", new LogOptions(true, -1, false, true, true), got::add);
        assertEquals(List.of(new LogEntry(LogEntry.Stream.STDOUT, null, "a\n"), new LogEntry(LogEntry.Stream.STDERR, null, "b\n")), got);
        assertTrue(daemon.requests.get(0).target().endsWith("follow=1&timestamps=0&tail=all"));
    }

    @Test
    void rawLogsForTty() {
        daemon.answer(r -> FakeDaemon.response(200, "application/vnd.docker.raw-stream", "line1\nline2"));
        List<String> got = new ArrayList<>();
        engine.logs("web", LogOptions.all(), e -> got.add(e.text()));
        assertEquals(List.of("line1\n", "line2"), got);
    }

    @Test
    void waitInspectInfoVersion() {
        daemon.answer(r -> switch (r.target()) {
            case "/containers/web/wait" -> FakeDaemon.response(200, "application/json", "{\"StatusCode\":42}");
            case "/containers/web/json" -> FakeDaemon.response(200, "application/json",
                    "{\"Id\":\"abc\",\"Name\":\"/web\",\"State\":{\"Status\":\"exited\",\"ExitCode\":42}}");
            case "/info" -> FakeDaemon.response(200, "application/json",
                    "{\"Containers\":2,\"Runtimes\":{\"runc\":{\"path\":\"runc\"}},\"ImageTypes\":[\"oci\"]}");
            case "/version" -> FakeDaemon.response(200, "application/json",
                    "{\"Version\":\"0.1.0\",\"GitCommit\":\"c0ffee\",\"BuildTime\":\"t\",\"Components\":[{\"Name\":\"x\"}]}");
            default -> FakeDaemon.response(404, "application/json", "{\"message\":\"no\"}");
        });
        assertEquals(42, engine.await("web"));
        assertEquals(ContainerStatus.EXITED, engine.inspect("web").state().status());
        assertEquals(2, engine.info().containers());
        assertEquals(List.of("oci"), engine.info().imageTypes());
        assertEquals("c0ffee", engine.version().gitCommit());
        assertEquals("POST", daemon.requests.get(0).method());
    }

    @Test
    void unreachableDaemon() throws IOException {
        daemon.close();
        HttpContainerEngine gone = new HttpContainerEngine(DaemonAddress.parse(daemon.socket.toString()));
        EngineException e = assertThrows(DaemonUnreachableException.class, gone::version);
        assertTrue(e.getMessage().startsWith("Cannot connect to the isulad daemon at unix://" + daemon.socket), e.getMessage());
    }

    @Test
    void addresses() {
        assertEquals(Path.of("/var/run/isulad.sock"), DaemonAddress.resolve(null, null).socket());
        assertEquals(Path.of("/x.sock"), DaemonAddress.resolve(null, "unix:///x.sock").socket());
        assertEquals(Path.of("/y.sock"), DaemonAddress.resolve("/y.sock", "unix:///x.sock").socket());
        assertThrows(IllegalArgumentException.class, () -> DaemonAddress.parse("tcp://1.2.3.4:80"));
    }

    @Test
    void miniJson() {
        assertEquals(Map.of("a", List.of(1L, 2.5, true, "x\"\u00e9\n"), "b", Map.of()),
                MiniJson.parse(" {\"a\": [1, 2.5, true, \"x\\\"\\u00e9\\n\"], \"b\": {}} "));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("{\"a\":}"));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("[1,"));
        assertEquals(Map.of(), MiniJson.object("nope"));
    }

    private static byte[] frame(int stream, String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        byte[] h = {(byte) stream, 0, 0, 0, (byte) (p.length >>> 24), (byte) (p.length >>> 16), (byte) (p.length >>> 8), (byte) p.length};
        return FakeDaemon.concat(h, p);
    }
}
