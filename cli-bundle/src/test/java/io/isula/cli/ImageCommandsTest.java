package io.isula.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCommandsTest {
    private final FakeEngine engine = new FakeEngine();

    @Test
    void imagesPrintsOneLinePerNameWithIsuladColumns() {
        long created = 1_700_000_000L;
        engine.images.put("busybox:latest", FakeEngine.image("sha256:" + "ab".repeat(32), created, 4_261_000,
                "busybox:latest", "127.0.0.1:5000/team/app:1"));
        engine.images.put("<none>", FakeEngine.image("sha256:" + "cd".repeat(32), created, 999));
        CliRun r = CliRun.of(engine, "images");
        assertEquals(0, r.code(), r.err());
        String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault())
                .format(Instant.ofEpochSecond(created));
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE"), lines.get(0));
        assertTrue(lines.get(1).matches("busybox +latest +abababababab +" + when + " +4\\.261 MB"), lines.get(1));
        assertTrue(lines.get(2).matches("127\\.0\\.0\\.1:5000/team/app +1 +abababababab .*"), lines.get(2));
        assertTrue(lines.get(3).matches("<none> +<none> +cdcdcdcdcdcd +" + when + " +999 B"), lines.get(3));

        CliRun q = CliRun.of(engine, "images", "-q", "-f", "dangling=false");
        assertEquals("abababababab\ncdcdcdcdcdcd\n", q.out());
        assertTrue(engine.calls.contains("images {dangling=[false]}"), engine.calls.toString());
        assertEquals(125, CliRun.of(engine, "images", "-f", "nonsense").code());
    }

    @Test
    void rmiReportsEachImageAndKeepsGoingAfterAFailure() {
        engine.images.put("busybox", FakeEngine.image("sha256:" + "ab".repeat(32), 0, 1, "busybox:latest"));
        CliRun r = CliRun.of(engine, "rmi", "-f", "nope", "busybox");
        assertEquals(1, r.code());
        assertEquals("Image \"busybox\" removed\n", r.out());
        assertTrue(r.err().contains("No such image: nope"), r.err());
        assertTrue(engine.calls.contains("rmi busybox true"));
    }

    @Test
    void pullPrintsPlainStatusLinesWithoutATerminal() {
        CliRun r = CliRun.of(engine, "pull", "busybox");
        assertEquals(0, r.code(), r.err());
        assertEquals("Image \"busybox\" pulling\naaaa: Pulling fs layer\naaaa: Downloading\naaaa: Pull complete\n"
                + "Image \"busybox\" pulled\n", r.out());
    }

    @Test
    void runPullsAMissingImageUnlessToldNever() {
        engine.storeRequired = true;
        CliRun never = CliRun.of(engine, "run", "-d", "--pull", "never", "busybox", "true");
        assertEquals(125, never.code());
        assertTrue(never.err().contains("No such image: busybox"), never.err());
        assertTrue(engine.calls.stream().noneMatch(c -> c.startsWith("pull")));

        CliRun missing = CliRun.of(engine, "run", "-d", "busybox", "true");
        assertEquals(0, missing.code(), missing.err());
        assertEquals(FakeEngine.ID + "\n", missing.out(), "stdout keeps only the id");
        assertTrue(missing.err().startsWith("Unable to find image 'busybox' locally\n"), missing.err());
        assertTrue(engine.calls.contains("pull busybox"));

        engine.calls.clear();
        CliRun always = CliRun.of(engine, "create", "--pull=always", "busybox", "true");
        assertEquals(0, always.code(), always.err());
        assertEquals(List.of("pull busybox", "create"), engine.calls);
        assertEquals(125, CliRun.of(engine, "run", "--pull", "sometimes", "busybox").code());
    }

    @Test
    void inspectFallsBackToTheImageInIsuladShape() {
        engine.missing.add("busybox");
        engine.images.put("busybox", FakeEngine.image("sha256:" + "ab".repeat(32), 0, 7, "busybox:latest"));
        CliRun r = CliRun.of(engine, "inspect", "-f", "{{.image.id}} {{.image.size}}", "busybox");
        assertEquals(0, r.code(), r.err());
        assertEquals("ab".repeat(32) + " 7\n", r.out());
        CliRun json = CliRun.of(engine, "inspect", "busybox");
        assertTrue(json.out().contains("\"repo_tags\""), json.out());
        assertTrue(json.out().contains("\"Spec\""), json.out());
    }

    @Test
    void loginLogoutTagAndImportReachTheEngine() {
        assertEquals("Login Succeeded\n", CliRun.of(engine, "login", "-u", "me", "-p", "pw", "127.0.0.1:5000").out());
        assertEquals("Logout Succeeded\n", CliRun.of(engine, "logout", "127.0.0.1:5000").out());
        assertEquals(0, CliRun.of(engine, "tag", "busybox", "mine:1").code());
        assertEquals(List.of("login me 127.0.0.1:5000", "logout 127.0.0.1:5000", "tag busybox mine:1"), engine.calls);
        CliRun missingFile = CliRun.of(engine, "import", "/nonexistent.tar", "x:1");
        assertEquals(1, missingFile.code());
        assertTrue(missingFile.err().contains("not a readable file"), missingFile.err());
        assertEquals(125, CliRun.of(engine, "load").code(), "load needs -i");
    }

    @Test
    void loadTypeEmbeddedSendsTheManifestPathAndOtherTypesAreRefusedAsISulad() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("isula-cli-load-");
        try {
            java.nio.file.Path manifest = java.nio.file.Files.writeString(dir.resolve("test.manifest"), "{}");
            CliRun ok = CliRun.of(engine, "load", "-i", manifest.toString(), "-t", "embedded");
            assertEquals(0, ok.code(), ok.err());
            assertEquals("Load image from \"" + manifest + "\" success\n", ok.out());
            assertEquals(List.of("loadFromPath embedded " + manifest), engine.calls);

            CliRun type = CliRun.of(engine, "load", "-i", manifest.toString(), "--type=abc");
            assertEquals(1, type.code());
            assertEquals("Invalid image type: image type must be embedded or docker, got abc\n", type.err());
            CliRun tag = CliRun.of(engine, "load", "-i", manifest.toString(), "-t", "embedded", "--tag", "x:1");
            assertEquals(1, tag.code());
            assertEquals("Option --tag can be used only when type is docker\n", tag.err());
            CliRun missing = CliRun.of(engine, "load", "-i", dir.resolve("none.manifest").toString(), "-t", "embedded");
            assertEquals(1, missing.code());
            assertEquals("File " + dir.resolve("none.manifest") + " is not exist\n", missing.err());
            assertEquals(1, engine.calls.size(), "refused loads never reach the engine");
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
