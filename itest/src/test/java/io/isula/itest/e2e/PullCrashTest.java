package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.itest.registry.Compression;
import io.isula.itest.registry.Descriptor;
import io.isula.itest.registry.ImageConfig;
import io.isula.itest.registry.Layer;
import io.isula.itest.registry.LayerTar;
import io.isula.itest.registry.OciImage;
import io.isula.itest.registry.OciLayout;
import io.isula.itest.registry.Platform;
import io.isula.itest.registry.RegistryServer;
import io.isula.itest.registry.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the daemon in the middle of a pull of a large image (a 150 MiB layer of random bytes from the real
 * registry, held half-way by a TCP proxy so the moment is certain): after the restart the store is consistent (no image,
 * no partial download, no temporary entry, no half layer, nothing mounted), the same pull then succeeds and the image's
 * content is intact, and only the blobs of stored images remain, also after one more restart.
 */
class PullCrashTest extends ImageE2eBase {
    private static final long BIG_BYTES = 150L << 20;
    private static final long HOLD_AFTER = 24L << 20;
    private static final String REPO_TAG = "big/random:1";

    private RegistryServer registry;
    private GatedProxy proxy;
    private OciImage big;
    private String bigSha256;

    @Override
    protected void startFixtures() {
        registry = keep(RegistryServer.plain());
        big = bigImage(scratch("big-"));
        skopeo().push(big, registry, REPO_TAG, null);
        proxy = keep(new GatedProxy(registry.host(), registry.port(), HOLD_AFTER));
    }

    @Test
    void killDuringPullLeavesAConsistentStoreAndThePullCanBeRepeated() throws Exception {
        String ref = proxy.hostPort() + "/" + REPO_TAG;
        Set<String> layersBefore = storedLayers();
        Set<String> blobsBefore = storedBlobs();

        CompletableFuture<Result> pull = CompletableFuture.supplyAsync(() -> pull(ref));
        Path ingest = storage().resolve("ingest");
        Poll.until(Duration.ofSeconds(60), "the big layer's download to be under way (held by the proxy, a partial file in "
                + ingest + ")", () -> pull.isDone() || proxy.holding() && partialBytes(ingest) > 0,
                () -> "proxy holding: " + proxy.holding() + ", ingest: " + children(ingest) + "\n" + daemon.logTail());
        assertFalse(pull.isDone(), () -> "the pull ended before it was caught half-way:\n" + pull.join() + "\n" + daemon.logTail());
        long pid = daemon.pid();
        daemon.kill9();
        assertFalse(Procs.alive(pid), "the daemon is gone");
        Result interrupted = pull.get(60, TimeUnit.SECONDS);
        assertNotEquals(0, interrupted.exitCode(), () -> "the client of the killed daemon reports a failure:\n" + interrupted);

        daemon.restart();
        assertEquals(List.of(), children(ingest), "the start's cleanup removes the partial download");
        assertEquals(List.of(), temporaryEntries(storage()), "no temporary entry is left in the store");
        assertFalse(listedNames().contains(ref), "the interrupted pull registered no image");
        assertNotEquals(0, isula("inspect", ref).exitCode());
        assertEquals(layersBefore, storedLayers(), "no half-unpacked layer is kept");
        assertEquals(blobsBefore, storedBlobs(), "no blob of the interrupted pull is kept");
        assertEquals(List.of(), Files2.mountsUnder(daemon.dir()), "nothing is mounted");

        proxy.open();
        pullOk(ref);
        assertEquals(big.config().hex(), imageId(ref));
        assertEquals(bigSha256 + "  /random.bin", runImage(ref, "sha256sum", "/random.bin").strip(),
                "the layer arrived whole");
        assertOnlyBlobsOfStoredImages();

        daemon.stop();
        daemon.restart();
        assertOnlyBlobsOfStoredImages();
        assertEquals(big.config().hex(), imageId(ref), "the image survives a restart");
    }

    /** Every blob of the store is the config or the manifest of a stored image, and each of those is there. */
    private void assertOnlyBlobsOfStoredImages() {
        Set<String> expected = new TreeSet<>();
        for (JsonNode listed : imagesJson()) {
            String id = listed.path("Id").asText().replaceFirst("^sha256:", "");
            expected.add(id);
            inspectImage(id).path("repo_digests").forEach(d -> expected.add(d.asText().replaceFirst("^.*@sha256:", "")));
        }
        assertTrue(expected.contains(big.manifest().hex()), () -> "the pulled manifest is a repo digest: " + expected);
        assertEquals(expected, storedBlobs(), "blobs = the configs and manifests of the stored images, no orphan");
        assertEquals(2, storedLayers().size(), () -> "the two layers of the one image: " + storedLayers());
    }

    private Set<String> storedBlobs() {
        Set<String> hexes = new TreeSet<>();
        for (String n : children(storage().resolve("blobs/sha256"))) if (!n.startsWith(".")) hexes.add(n);
        return hexes;
    }

    private Set<String> storedLayers() {
        Set<String> ids = new TreeSet<>();
        for (String n : children(storage().resolve("overlay-layers"))) if (!n.startsWith(".")) ids.add(n);
        return ids;
    }

    /** Bytes in the partial downloads of the ingest folder. */
    private static long partialBytes(Path ingest) {
        long total = 0;
        for (String n : children(ingest)) {
            try {
                total += Files.size(ingest.resolve(n));
            } catch (IOException gone) {
                // renamed or removed meanwhile
            }
        }
        return total;
    }

    /**
     * busybox's base layer and a layer with {@code /random.bin}: {@value #BIG_BYTES} random bytes, an uncompressed tar
     * streamed to the layout (no copy of it in memory).
     */
    private OciImage bigImage(Path layoutDir) {
        OciLayout layout = OciLayout.open(layoutDir);
        Layer base = layout.writeLayer(TestImages.busyboxBaseLayer(), Compression.GZIP);
        try {
            Path tmp = Files.createTempFile(layoutDir.resolve("blobs/sha256"), ".big-", "");
            MessageDigest tarDigest = MessageDigest.getInstance("SHA-256");
            MessageDigest fileDigest = MessageDigest.getInstance("SHA-256");
            java.util.Random random = new java.util.Random(4711);
            try (OutputStream file = new DigestOutputStream(Files.newOutputStream(tmp), tarDigest);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(file, 1 << 20))) {
                TarArchiveEntry e = new TarArchiveEntry("random.bin");
                e.setSize(BIG_BYTES);
                e.setMode(0100644);
                e.setModTime(java.util.Date.from(LayerTar.MTIME));
                tar.putArchiveEntry(e);
                byte[] chunk = new byte[1 << 20];
                for (long done = 0; done < BIG_BYTES; done += chunk.length) {
                    random.nextBytes(chunk);
                    fileDigest.update(chunk);
                    tar.write(chunk);
                }
                tar.closeArchiveEntry();
                tar.finish();
            }
            bigSha256 = HexFormat.of().formatHex(fileDigest.digest());
            String digest = "sha256:" + HexFormat.of().formatHex(tarDigest.digest());
            long size = Files.size(tmp);
            Files.move(tmp, layout.blob(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Layer bigLayer = new Layer(new Descriptor(Compression.NONE.mediaType(), digest, size), digest, Compression.NONE);
            ImageConfig config = new ImageConfig(Platform.host(), null,
                    List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of("true"), null,
                    Map.of(), null);
            return layout.tag(layout.writeImage(config, List.of(base, bigLayer)), "big");
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError("cannot write the big image: " + e, e);
        }
    }
}
