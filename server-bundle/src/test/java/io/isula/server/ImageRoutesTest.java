package io.isula.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageRoutesTest extends ServerOnFakeEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesWithSlashesAndPortsReachTheImageRoutes() throws Exception {
        engine.imageIds.put("127.0.0.1:5000/team/app:1", "sha256:" + "a".repeat(64));
        var inspect = UnixHttpClient.call(socket, "GET", "/v1.43/images/127.0.0.1:5000/team/app:1/json", null);
        assertEquals(200, inspect.status(), inspect.text());
        assertEquals("sha256:" + "a".repeat(64), JSON.readTree(inspect.body()).get("Id").asText());

        var tag = UnixHttpClient.call(socket, "POST", "/images/127.0.0.1:5000/team/app:1/tag?repo=other/app&tag=2", null);
        assertEquals(201, tag.status(), tag.text());
        assertTrue(engine.imageCalls.contains("tag 127.0.0.1:5000/team/app:1 other/app:2"));

        var rmi = UnixHttpClient.call(socket, "DELETE", "/images/other/app:2?force=1", null);
        assertEquals(200, rmi.status(), rmi.text());
        JsonNode lines = JSON.readTree(rmi.body());
        assertEquals("other/app:2", lines.get(0).get("Untagged").asText());
        assertNull(lines.get(0).get("Deleted"));

        var missing = UnixHttpClient.call(socket, "GET", "/images/nope/json", null);
        assertEquals(404, missing.status());
        assertTrue(missing.text().contains("No such image: nope"), missing.text());
    }

    @Test
    void pullStreamsDockerProgressAndEndsWithAnErrorLineWhenItFailsMidway() throws Exception {
        String auth = Base64.getUrlEncoder().encodeToString(
                "{\"username\":\"u\",\"password\":\"p\",\"serveraddress\":\"h\"}".getBytes(StandardCharsets.UTF_8));
        String ok;
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.sendRaw(("POST /images/create?fromImage=busybox&tag=1.36 HTTP/1.1\r\nHost: d\r\nX-Registry-Auth: " + auth
                    + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var r = c.read(false);
            assertEquals(200, r.status());
            ok = r.text();
        }
        String[] lines = ok.split("\n");
        assertEquals("Pulling fs layer", JSON.readTree(lines[0]).get("status").asText());
        JsonNode downloading = JSON.readTree(lines[1]);
        assertEquals(5, downloading.get("progressDetail").get("current").asInt());
        assertEquals(10, downloading.get("progressDetail").get("total").asInt());
        assertEquals("layer1", downloading.get("id").asText());
        assertEquals("sha256:" + "1".repeat(64), JSON.readTree(lines[lines.length - 1]).get("aux").get("ID").asText());
        assertEquals("u", engine.lastAuth.username());

        var broken = UnixHttpClient.call(socket, "POST", "/images/create?fromImage=broken", "");
        assertEquals(200, broken.status());
        assertTrue(broken.text().contains("\"errorDetail\":{\"message\":\"digest mismatch for layer1\"}"), broken.text());

        var missing = UnixHttpClient.call(socket, "POST", "/images/create?fromImage=missing", "");
        assertEquals(404, missing.status(), "nothing streamed yet: a plain HTTP error");
    }

    @Test
    void loadAndImportStreamLargeBodiesWithoutCollectingThem() throws Exception {
        int size = 48 * 1024 * 1024; // larger than the API's body limit for collected requests
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            c.sendRaw(("POST /images/load?tag=x:1 HTTP/1.1\r\nHost: d\r\nContent-Type: application/x-tar\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1024 * 1024];
            for (int i = 0; i < size / chunk.length; i++) {
                c.sendRaw((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                c.sendRaw(chunk);
                c.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            c.sendRaw("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var r = c.read(false);
            assertEquals(200, r.status(), r.text());
            assertTrue(r.text().contains("Loaded image: bytes:" + size + " tag:x:1"), r.text());
        }
        try (UnixHttpClient c = UnixHttpClient.connect(socket)) {
            byte[] body = new byte[70_000];
            c.sendRaw(("POST /images/create?fromSrc=-&repo=imported&tag=v1 HTTP/1.1\r\nHost: d\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.sendRaw(body);
            var r = c.read(false);
            assertEquals(200, r.status(), r.text());
            assertTrue(r.text().contains("sha256:70000 imported:v1"), r.text());
            // the connection stays usable after a streamed request
            c.send("GET", "/_ping", null);
            assertEquals(200, c.read(false).status());
        }
    }

    @Test
    void exportStreamsATarAndLoginChecksCredentials() throws Exception {
        var export = UnixHttpClient.call(socket, "GET", "/containers/web/export", null);
        assertEquals(200, export.status());
        assertEquals("application/x-tar", export.header("content-type"));
        assertEquals(3 * 1024 * 1024, export.body().length);
        assertEquals(404, UnixHttpClient.call(socket, "GET", "/containers/nope/export", null).status());

        var good = UnixHttpClient.call(socket, "POST", "/auth",
                "{\"username\":\"u\",\"password\":\"secret\",\"serveraddress\":\"127.0.0.1:5000\"}");
        assertEquals(200, good.status(), good.text());
        assertEquals("Login Succeeded", JSON.readTree(good.body()).get("Status").asText());
        var bad = UnixHttpClient.call(socket, "POST", "/auth",
                "{\"username\":\"u\",\"password\":\"wrong\",\"serveraddress\":\"127.0.0.1:5000\"}");
        assertEquals(401, bad.status(), bad.text());
        assertTrue(bad.text().contains("incorrect username or password"), bad.text());
        assertEquals(204, UnixHttpClient.call(socket, "POST", "/auth/logout?serveraddress=127.0.0.1:5000", null).status());
        assertTrue(engine.imageCalls.contains("logout 127.0.0.1:5000"));
    }

    @Test
    void loadOfAnotherTypeNamesTheFileByItsPathAndAnswersPlainJson() throws Exception {
        var ok = UnixHttpClient.call(socket, "POST", "/images/load?type=embedded&path=/srv/img/test.manifest", "");
        assertEquals(200, ok.status(), ok.text());
        assertEquals("test:v1", JSON.readTree(ok.body()).get("Loaded").get(0).asText());
        assertTrue(engine.imageCalls.contains("loadFromPath embedded /srv/img/test.manifest"), engine.imageCalls::toString);

        var bad = UnixHttpClient.call(socket, "POST", "/images/load?type=embedded&path=/srv/img/bad.manifest", "");
        assertEquals(400, bad.status(), bad.text());
        assertTrue(bad.text().contains("Invalid content in manifest: schema version must be 1"), bad.text());
        var away = UnixHttpClient.call(socket, "POST", "/images/load?type=remote&path=/x", "");
        assertEquals(500, away.status(), away.text());
        assertTrue(away.text().contains("image type remote is not available"), away.text());
    }
}
