package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.itest.registry.OciImage;
import io.isula.itest.registry.Skopeo;
import io.isula.itest.registry.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * The end-to-end image tests: one daemon per class (as {@link E2eBase}), plus the registries, token servers and
 * image layouts the class starts before the daemon (their addresses go into daemon.json), a scratch folder, skopeo,
 * and the checks every image test repeats: what {@code isula images} lists, what the store holds, that the daemon
 * still serves.
 */
abstract class ImageE2eBase extends E2eBase {
    static final Duration PULL_TIMEOUT = Duration.ofSeconds(120);

    private final List<AutoCloseable> fixtures = new ArrayList<>();
    private Path work;
    private Skopeo skopeo;
    private OciImage busybox;

    /**
     * Starts what the daemon must know about ({@link #startFixtures()}) and returns its daemon.json members
     * ({@link #imageSettings()}). Called by {@link E2eBase} right before the daemon starts.
     */
    @Override
    protected final String daemonSettings() {
        startFixtures();
        return imageSettings();
    }

    /** Starts this class's registries etc.; runs before the daemon starts. */
    protected void startFixtures() {
    }

    /** daemon.json members for this class (JSON members without braces). */
    protected String imageSettings() {
        return "";
    }

    @AfterAll
    void closeFixtures() {
        List<AutoCloseable> reverse = new ArrayList<>(fixtures);
        java.util.Collections.reverse(reverse);
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the next one still needs closing
            }
        }
        if (skopeo != null) skopeo.close();
        if (work != null) Files2.deleteTree(work);
    }

    /** Closes {@code fixture} after the class (after the tests, before the daemon stops). */
    protected <T extends AutoCloseable> T keep(T fixture) {
        fixtures.add(fixture);
        return fixture;
    }

    /** This class's scratch folder under /tmp. */
    protected Path work() {
        if (work == null) {
            try {
                work = Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-image-");
            } catch (IOException e) {
                throw new AssertionError("cannot create a scratch folder: " + e, e);
            }
        }
        return work;
    }

    /** A fresh folder under the scratch folder. */
    protected Path scratch(String prefix) {
        try {
            return Files.createTempDirectory(work(), prefix);
        } catch (IOException e) {
            throw new AssertionError("cannot create a scratch folder: " + e, e);
        }
    }

    protected Skopeo skopeo() {
        if (skopeo == null) skopeo = Skopeo.create();
        return skopeo;
    }

    /** The three-layer busybox image of {@link TestImages#busybox}, written once per class. */
    protected OciImage busybox() {
        if (busybox == null) busybox = TestImages.busybox(work().resolve("busybox-layout"), "busybox:latest");
        return busybox;
    }

    /** {@code isula pull REF}, asserting nothing. */
    protected Result pull(String ref) {
        return isula.run(PULL_TIMEOUT, "pull", ref);
    }

    /** {@code isula pull REF}, asserting success; returns the result. */
    protected Result pullOk(String ref) {
        Result r = pull(ref);
        assertEquals(0, r.exitCode(), () -> "pull of " + ref + " failed:\n" + r + "\n" + daemon.logTail());
        return r;
    }

    /** {@code isula run --rm IMAGE CMD...} asserting exit 0; returns stdout. */
    protected String runImage(String image, String... cmd) {
        return runImage(List.of(), image, cmd);
    }

    protected String runImage(List<String> opts, String image, String... cmd) {
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        args.addAll(opts);
        args.add(image);
        args.addAll(List.of(cmd));
        Result r = isula.run(PULL_TIMEOUT, args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), () -> "run of " + image + " failed:\n" + r + "\n" + daemon.logTail());
        return r.stdout();
    }

    /** The {@code image} object of {@code isula inspect NAME} (iSulad's image shape), asserting success. */
    protected JsonNode inspectImage(String name) {
        Result r = isula.ok("inspect", name);
        JsonNode n = Json.parse(r.stdout(), r);
        JsonNode one = n.isArray() ? n.get(0) : n;
        assertTrue(one != null && one.has("image"), () -> "inspect of an image must print {\"image\": {...}}:\n" + r);
        return one.get("image");
    }

    /** The 64-hex id of image {@code name}, from {@code isula inspect}. */
    protected String imageId(String name) {
        String id = inspectImage(name).path("id").asText();
        assertTrue(ID64.matcher(id).matches(), () -> "image id of " + name + " must be 64 hex: " + id);
        return id;
    }

    /** GET /images/json on the daemon socket: Docker's image list. */
    protected JsonNode imagesJson() {
        try {
            UnixHttp.Response r = UnixHttp.exchange(daemon.socket(),
                    "GET /images/json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", Duration.ofSeconds(20));
            assertEquals(200, r.status(), r::raw);
            JsonNode a = Json.parse(r.body(), r.raw());
            assertTrue(a.isArray(), r::raw);
            return a;
        } catch (IOException e) {
            throw new AssertionError("GET /images/json failed: " + e + "\n" + daemon.logTail(), e);
        }
    }

    /** Every {@code RepoTags} entry of every image the daemon lists. */
    protected Set<String> listedNames() {
        Set<String> names = new LinkedHashSet<>();
        imagesJson().forEach(i -> i.path("RepoTags").forEach(t -> names.add(t.asText())));
        return names;
    }

    /** Every image id ({@code sha256:HEX}) the daemon lists. */
    protected Set<String> listedIds() {
        Set<String> ids = new LinkedHashSet<>();
        imagesJson().forEach(i -> ids.add(i.path("Id").asText()));
        return ids;
    }

    protected void assertDaemonServes() {
        assertTrue(daemon.alive(), () -> "the daemon died\n" + daemon.logTail());
        assertTrue(UnixHttp.ping(daemon.socket()), () -> "the daemon must still answer /_ping\n" + daemon.logTail());
        Result images = isula("images");
        assertEquals(0, images.exitCode(), () -> "the daemon must still serve isula images:\n" + images + "\n" + daemon.logTail());
    }

    /** The image store: {@code <graph>/storage} (docs/storage.md). */
    protected Path storage() {
        return daemon.graph().resolve("storage");
    }

    /** Names of the entries of {@code dir} (empty when it does not exist). */
    static List<String> children(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir + ": " + e, e);
        }
    }

    /** Every path under {@code dir} whose name starts with '.' (a store's temporary names) or ends with .partial. */
    static List<Path> temporaryEntries(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.filter(p -> !p.equals(dir)).filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(".tmp-") || n.endsWith(".partial");
            }).toList();
        } catch (IOException e) {
            throw new AssertionError("cannot walk " + dir + ": " + e, e);
        }
    }

    /** Runs a host command, asserting exit 0. */
    static Result hostCommand(Duration timeout, String... cmd) {
        Result r = Exec.run(List.of(cmd), java.util.Map.of(), null, timeout);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }
}
