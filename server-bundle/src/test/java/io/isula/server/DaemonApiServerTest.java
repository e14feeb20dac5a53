package io.isula.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.LogEntry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonApiServerTest extends ServerOnFakeEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(UnixHttpClient.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void socketIsCreatedWithGroupAccessOnlyAndRemovedOnStop() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        server.stop();
        assertFalse(Files.exists(socket));
    }

    @Test
    void staleSocketFileIsReplacedButALiveOneIsNot() throws Exception {
        Path stale = tmp.resolve("stale.sock");
        Files.createFile(stale);
        DaemonApiServer second = new DaemonApiServer();
        second.start(engine, engine, settings("unix://" + stale));
        try {
            assertEquals(200, UnixHttpClient.call(stale, "GET", "/_ping", null).status());
        } finally {
            second.stop();
        }
        DaemonApiServer rival = new DaemonApiServer();
        var e = assertThrows(java.io.IOException.class, () -> rival.start(engine, engine, settings("unix://" + socket)));
        assertTrue(e.getMessage().contains("another daemon"), e.getMessage());
        assertEquals(200, call("GET", "/_ping", null).status());
    }

    @Test
    void pingAnswersOkWithDockerHeaders() throws Exception {
        var r = call("GET", "/_ping", null);
        assertEquals(200, r.status());
        assertEquals("OK", r.text());
        assertEquals("1.43", r.header("API-Version"));
        assertEquals("false", r.header("Docker-Experimental"));
        assertEquals("linux", r.header("OSType"));
        assertEquals("isulad/" + FakeEngine.VERSION, r.header("Server"));

        var head = call("HEAD", "/_ping", null);
        assertEquals(200, head.status());
        assertEquals("1.43", head.header("API-Version"));
        assertEquals(0, head.body().length);
    }

    @Test
    void versionPrefixIsAcceptedOnEveryPath() throws Exception {
        var v = json(call("GET", "/v1.43/version", null));
        assertEquals(FakeEngine.VERSION, v.get("Version").asText());
        assertEquals("1.43", v.get("ApiVersion").asText());
        assertEquals("Engine", v.get("Components").get(0).get("Name").asText());
        assertEquals(200, call("GET", "/v1.41/_ping", null).status());
        assertEquals(200, call("GET", "/v1.24/containers/json", null).status());
        JsonNode info = json(call("GET", "/v1.43/info", null));
        assertEquals(2, info.get("NCPU").asInt());
        assertEquals("runc", info.get("Runtimes").get("runc").get("path").asText());
    }

    @Test
    void createAnswers201WithIdAndPassesHostConfig() throws Exception {
        var r = call("POST", "/v1.43/containers/create?name=web",
                "{\"Image\":\"busybox\",\"Cmd\":\"true\",\"Unknown\":1,\"HostConfig\":{\"Runtime\":\"lcr\"}}");
        assertEquals(201, r.status(), r.text());
        JsonNode body = json(r);
        assertTrue(body.get("Id").asText().startsWith("c0ffee"));
        assertTrue(body.get("Warnings").isArray());
        assertTrue(engine.calls.contains("create web busybox lcr"), engine.calls.toString());
    }

    @Test
    void engineErrorsMapToTheirStatusWithAJsonMessage() throws Exception {
        var r = call("POST", "/containers/nope/start", null);
        assertEquals(404, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("No such container: nope", json(r).get("message").asText());

        assertEquals(400, call("POST", "/containers/create", "{\"Cmd\":[\"x\"]}").status());
    }

    @Test
    void malformedJsonIsA400NamingTheProblem() throws Exception {
        var broken = call("POST", "/containers/create", "{\"Image\": ");
        assertEquals(400, broken.status());
        assertTrue(json(broken).get("message").asText().startsWith("invalid JSON in request body"), broken.text());

        var wrongType = call("POST", "/containers/create", "{\"Image\":\"busybox\",\"Cmd\":{\"a\":1}}");
        assertEquals(400, wrongType.status());
        assertTrue(json(wrongType).get("message").asText().contains("Cmd"), wrongType.text());

        var empty = call("POST", "/containers/create", "");
        assertEquals(400, empty.status());

        var badFilter = call("GET", "/containers/json?filters=" + q("{name"), null);
        assertEquals(400, badFilter.status());
        assertTrue(json(badFilter).get("message").asText().contains("filters"), badFilter.text());
    }

    @Test
    void oversizedBodyIsA413() throws Exception {
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.sendRaw(("POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (17 * 1024 * 1024) + "\r\n\r\n{\"Image\":").getBytes(StandardCharsets.US_ASCII));
            var r = c.read(false);
            assertEquals(413, r.status());
            assertTrue(json(r).get("message").asText().contains("too large"), r.text());
        }
        assertTrue(engine.calls.isEmpty());
        assertEquals(200, call("GET", "/_ping", null).status());
    }

    @Test
    void unknownRouteIs404PageNotFound() throws Exception {
        var r = call("GET", "/v1.43/nothing/here", null);
        assertEquals(404, r.status());
        assertEquals("page not found", json(r).get("message").asText());
        assertEquals(404, call("PUT", "/containers/json", null).status());
    }

    @Test
    void requestCutMidwayDoesNotDisturbTheServer() throws Exception {
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.sendRaw(("POST /containers/create?name=half HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"Ima")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.sendRaw("GET /containers/json HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
        }
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.sendRaw("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, c.read(false).status());
        }
        var r = call("POST", "/containers/create?name=whole", "{\"Image\":\"busybox\"}");
        assertEquals(201, r.status());
        assertFalse(engine.calls.stream().anyMatch(s -> s.contains("half")), engine.calls.toString());
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            for (int i = 0; i < 3; i++) {
                c.send("GET", "/containers/web/json", null);
                var r = c.read(false);
                assertEquals(200, r.status());
                assertEquals("/web", json(r).get("Name").asText());
            }
            c.send("POST", "/containers/none/stop", null);
            assertEquals(404, c.read(false).status());
            c.send("GET", "/_ping", null);
            assertEquals("OK", c.read(false).text());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            String one = "GET /containers/web/json HTTP/1.1\r\nHost: x\r\n\r\n";
            String two = "GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n";
            c.sendRaw((one + two + one).getBytes(StandardCharsets.US_ASCII));
            assertEquals("/web", json(c.read(false)).get("Name").asText());
            assertEquals("OK", c.read(false).text());
            assertEquals("/web", json(c.read(false)).get("Name").asText());
        }
    }

    @Test
    void lifecycleRoutesCallTheEngine() throws Exception {
        engine.add("web", ContainerStatus.INITED, false, 0);
        assertEquals(204, call("POST", "/containers/web/start", null).status());
        assertEquals(304, call("POST", "/containers/web/start", null).status());
        assertEquals(204, call("POST", "/containers/web/kill?signal=TERM", null).status());
        var badSignal = call("POST", "/containers/web/kill?signal=NOPE", null);
        assertEquals(400, badSignal.status());
        assertTrue(json(badSignal).get("message").asText().contains("NOPE"));
        assertEquals(204, call("POST", "/containers/web/stop?t=5", null).status());
        assertEquals(204, call("POST", "/containers/web/stop?timeout=7", null).status());
        assertEquals(400, call("POST", "/containers/web/stop?t=soon", null).status());
        assertEquals(204, call("POST", "/containers/web/restart?t=1", null).status());
        assertEquals(204, call("DELETE", "/containers/web?force=True&v=1", null).status());
        assertEquals(List.of("start web", "start web", "kill web TERM", "stop web 5", "stop web 7", "stop web 1",
                "start web", "remove web true"), engine.calls);
    }

    @Test
    void listPassesAllLimitAndBothFilterForms() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        engine.add("db", ContainerStatus.EXITED, false, 1);
        var r = call("GET", "/containers/json?all=1&filters=" + q("{\"name\":{\"web\":true},\"status\":[\"running\"]}"), null);
        assertEquals(200, r.status());
        assertEquals(2, json(r).size());
        assertTrue(engine.lastList.all());
        assertEquals(Map.of("name", List.of("web"), "status", List.of("running")), engine.lastList.filters());

        call("GET", "/containers/json?limit=1", null);
        assertTrue(engine.lastList.all());
        assertEquals(1, engine.lastList.last());
        var running = json(call("GET", "/containers/json?all=0", null));
        assertEquals(1, running.size());
        assertEquals("running", running.get(0).get("State").asText());
    }

    @Test
    void logsAreStreamedAsDockerMultiplexedFrames() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        Instant t = Instant.parse("2024-05-06T07:08:09.123456789Z");
        engine.logEntries.add(new LogEntry(LogEntry.Stream.STDOUT, t, "hello\n"));
        engine.logEntries.add(new LogEntry(LogEntry.Stream.STDERR, t, "oops\n"));
        engine.logEntries.add(new LogEntry(LogEntry.Stream.STDOUT, t, "x".repeat(70_000) + "\n"));

        var r = call("GET", "/v1.43/containers/web/logs?stdout=1&stderr=true&tail=all", null);
        assertEquals(200, r.status());
        assertEquals("application/vnd.docker.multiplexed-stream", r.header("Content-Type"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        List<String[]> frames = demux(r.body());
        assertEquals(3, frames.size());
        assertEquals("1", frames.get(0)[0]);
        assertEquals("hello\n", frames.get(0)[1]);
        assertEquals("2", frames.get(1)[0]);
        assertEquals("oops\n", frames.get(1)[1]);
        assertEquals(70_001, frames.get(2)[1].length());
        assertEquals(-1, engine.lastLogOptions.tail());

        var stamped = demux(call("GET", "/containers/web/logs?stdout=1&stderr=1&tail=1&timestamps=1", null).body());
        assertEquals("2024-05-06T07:08:09.123456789Z hello\n", stamped.get(0)[1]);
        assertEquals(1, engine.lastLogOptions.tail());

        assertEquals(400, call("GET", "/containers/web/logs", null).status());
        assertEquals(404, call("GET", "/containers/none/logs?stdout=1", null).status());
    }

    @Test
    void logsOfATtyContainerAreRaw() throws Exception {
        engine.add("tty", ContainerStatus.RUNNING, true, 0);
        engine.logEntries.add(new LogEntry(LogEntry.Stream.STDOUT, Instant.now(), "plain\n"));
        var r = call("GET", "/containers/tty/logs?stdout=1&stderr=1", null);
        assertEquals("application/vnd.docker.raw-stream", r.header("Content-Type"));
        assertEquals("plain\n", r.text());
    }

    @Test
    void followedLogsStopInTheEngineWhenTheClientLeaves() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.send("GET", "/containers/web/logs?stdout=1&stderr=1&follow=1", null);
            UnixHttpClient.Head head = c.readHead();
            assertEquals(200, head.status());
            byte[] chunk = c.readChunk();
            assertEquals(1, chunk[0]);
        }
        assertTrue(engine.followStopped.await(10, TimeUnit.SECONDS), "the engine kept producing logs");
        assertEquals(200, call("GET", "/_ping", null).status());
    }

    @Test
    void waitSendsHeadersAtOnceAndTheStatusCodeWhenDone() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 3);
        engine.awaitGate = new CountDownLatch(1);
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.send("POST", "/v1.43/containers/web/wait?condition=not-running", null);
            UnixHttpClient.Head head = assertTimeoutPreemptively(Duration.ofSeconds(5), c::readHead);
            assertEquals(200, head.status());
            assertTrue(head.chunked());
            engine.awaitGate.countDown();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk;
            while ((chunk = c.readChunk()) != null) {
                body.write(chunk);
            }
            JsonNode result = JSON.readTree(body.toByteArray());
            assertEquals(3, result.get("StatusCode").asInt());
            assertTrue(result.get("Error").isNull());
        }
        assertEquals(400, call("POST", "/containers/web/wait?condition=sometime", null).status());
        assertEquals(404, call("POST", "/containers/none/wait", null).status());
    }

    @Test
    void aCrowdOfWaitsLeavesShortCallsAnswered() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        engine.awaitGate = new CountDownLatch(1);
        List<UnixHttpClient> waits = new ArrayList<>();
        try {
            // more than the short calls' threads (64): a wait has a thread of its own
            for (int i = 0; i < 100; i++) {
                UnixHttpClient c = UnixHttpClient.connect(socket);
                waits.add(c);
                c.send("POST", "/containers/web/wait", null);
                assertEquals(200, assertTimeoutPreemptively(Duration.ofSeconds(5), c::readHead).status());
            }
            assertEquals(200, call("GET", "/_ping", null).status());
            assertEquals(200, call("GET", "/containers/web/json", null).status());
        } finally {
            engine.awaitGate.countDown();
            for (UnixHttpClient c : waits) {
                c.close();
            }
        }
    }

    @Test
    void waitForNextExitUsesTheDieEvent() throws Exception {
        var web = engine.add("web", ContainerStatus.RUNNING, false, 0);
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.send("POST", "/containers/web/wait?condition=next-exit", null);
            assertEquals(200, c.readHead().status());
            while (engine.listeners.isEmpty()) {
                Thread.sleep(5);
            }
            engine.publish("container", "die", web.id(), Map.of("exitCode", "137", "name", "web"));
            assertEquals(137, JSON.readTree(c.readChunk()).get("StatusCode").asInt());
        }
    }

    @Test
    void eventsAreStreamedAsJsonLinesFilteredAndEndAtUntil() throws Exception {
        var web = engine.add("web", ContainerStatus.RUNNING, false, 0);
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.send("GET", "/events?filters=" + q("{\"type\":[\"container\"],\"container\":{\"web\":true}}"), null);
            assertEquals(200, c.readHead().status());
            while (engine.listeners.isEmpty()) {
                Thread.sleep(5);
            }
            engine.publish("image", "pull", "busybox", Map.of());
            engine.publish("container", "start", web.id(), Map.of("name", "web"));
            JsonNode event = JSON.readTree(c.readChunk());
            assertEquals("start", event.get("Action").asText());
            assertEquals(web.id(), event.get("Actor").get("ID").asText());
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (!engine.listeners.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(engine.listeners.isEmpty(), "subscription left open after the client went away");

        String until = String.format("%.3f", (System.currentTimeMillis() + 300) / 1000.0);
        var ended = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> call("GET", "/events?until=" + until, null));
        assertEquals(200, ended.status());
        assertTrue(engine.listeners.isEmpty());
        assertEquals(400, call("GET", "/events?filters=" + q("{\"bogus\":[\"x\"]}"), null).status());
    }

    @Test
    void everyHostIsServedAndTheDefaultIsUsedWhenNoneIsGiven() {
        assertEquals(List.of(socket), server.sockets());
        assertEquals(List.of(Path.of("/var/run/isulad.sock")), UnixSocketFiles.paths(List.of(), h -> { }));
        List<String> skipped = new ArrayList<>();
        assertEquals(List.of(Path.of("/a.sock")), UnixSocketFiles.paths(List.of("tcp://0.0.0.0:2375", "unix:///a.sock"), skipped::add));
        assertEquals(List.of("tcp://0.0.0.0:2375"), skipped);
    }

    /** Splits a Docker multiplexed stream into (stream byte, payload) pairs. */
    static List<String[]> demux(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        List<String[]> frames = new ArrayList<>();
        while (b.hasRemaining()) {
            byte stream = b.get();
            assertEquals(0, b.get());
            assertEquals(0, b.get());
            assertEquals(0, b.get());
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            frames.add(new String[] {String.valueOf(stream), new String(payload, StandardCharsets.UTF_8)});
        }
        return frames;
    }

    @Test
    void aSlowLogReaderSlowsTheEngineDownInsteadOfFillingMemory() throws Exception {
        engine.add("web", ContainerStatus.RUNNING, false, 0);
        String line = "y".repeat(16 * 1024 - 1) + "\n";
        int entries = 2048; // 32 MiB in all
        for (int i = 0; i < entries; i++) {
            engine.logEntries.add(new LogEntry(LogEntry.Stream.STDOUT, null, line));
        }
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.send("GET", "/containers/web/logs?stdout=1", null);
            assertEquals(200, c.readHead().status());
            Thread.sleep(500);
            int producedWhileBlocked = engine.acceptedEntries.get();
            assertTrue(producedWhileBlocked < 256, "the engine produced " + producedWhileBlocked + " entries (of 16 KiB) unread");
            long payload = 0;
            byte[] chunk;
            while ((chunk = c.readChunk()) != null) {
                payload += chunk.length;
            }
            assertEquals((long) entries * (line.length() + 8), payload);
        }
    }

    @Test
    void stoppingAServerThatNeverStartedIsHarmless() {
        new DaemonApiServer().stop();
    }
}
