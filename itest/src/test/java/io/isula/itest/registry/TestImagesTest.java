package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.itest.e2e.Exec;
import io.isula.itest.e2e.Files2;
import io.isula.itest.e2e.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The image layouts the image tests use are what they claim: skopeo (an independent implementation) reads them with
 * the same digests, GNU tar unpacks their layers to the documented files, and the archives skopeo makes from them
 * hold the same layers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private Skopeo skopeo;
    private OciImage busybox;

    @BeforeAll
    void build() throws IOException {
        work = Files.createTempDirectory(Path.of("/tmp"), "isula-test-images-");
        skopeo = Skopeo.create();
        busybox = TestImages.busybox(work.resolve("layout"), "busybox:latest");
    }

    @AfterAll
    void clean() {
        if (skopeo != null) skopeo.close();
        if (work != null) Files2.deleteTree(work);
    }

    @Test
    void skopeoReadsTheLayoutWithTheSameDigestsAndConfig() {
        Skopeo.Inspection i = skopeo.inspectLocal(busybox.transportRef());
        assertEquals(busybox.manifest().digest(), i.digest(), () -> i.json().toPrettyString());
        assertEquals(busybox.layerDigests(), i.layers());
        assertEquals(3, i.layers().size());
        assertEquals(Platform.host().architecture(), i.json().path("Architecture").asText());
        assertEquals("linux", i.json().path("Os").asText());
        assertEquals("busybox", i.json().path("Labels").path("org.isula.test.image").asText());
        assertTrue(i.json().path("Env").toString().contains(TestImages.GREETING_ENV), () -> i.json().toPrettyString());
    }

    @Test
    void configCarriesTheRuntimeSettingsAndTheDiffIds() throws IOException {
        JsonNode cfg = JSON.readTree(OciLayout.open(busybox.layout()).readBlob(busybox.config().digest()));
        JsonNode c = cfg.path("config");
        assertEquals("app", c.path("User").asText());
        assertEquals("/home/app", c.path("WorkingDir").asText());
        assertEquals("[\"cat\",\"/hello.txt\"]", c.path("Cmd").toString());
        assertEquals("SIGINT", c.path("StopSignal").asText());
        assertEquals("3", c.path("Labels").path("org.isula.test.layers").asText());
        List<String> diffIds = new ArrayList<>();
        cfg.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        assertEquals(busybox.diffIds(), diffIds);
        for (Layer l : busybox.layers()) {
            byte[] plain = gunzip(OciLayout.open(busybox.layout()).readBlob(l.digest()));
            assertEquals(l.diffId(), OciLayout.sha256(plain), "diff id of " + l.digest());
            assertNotEquals(l.diffId(), l.digest());
        }
    }

    @Test
    void gnuTarUnpacksTheLayersToTheDocumentedFiles() throws IOException {
        Path out = Files.createDirectories(work.resolve("unpacked"));
        for (Layer l : busybox.layers()) {
            Path dir = Files.createDirectories(out.resolve(l.blob().hex()));
            Result r = Exec.run(List.of("tar", "-xzf", busybox.layout().resolve("blobs/sha256/" + l.blob().hex()).toString(),
                    "-C", dir.toString()), Map.of(), null, Duration.ofSeconds(60));
            assertEquals(0, r.exitCode(), r::toString);
        }
        Path base = out.resolve(busybox.layers().get(0).blob().hex());
        assertTrue(Files.isExecutable(base.resolve("bin/busybox")));
        assertEquals(Path.of("busybox"), Files.readSymbolicLink(base.resolve("bin/sh")));
        assertTrue(Files.readString(base.resolve("etc/passwd")).contains("\napp:x:1000:1000:"), "USER app must be in /etc/passwd");
        assertEquals(1000, Files.getAttribute(base.resolve("home/app"), "unix:uid"));
        assertTrue(Files.exists(base.resolve(TestImages.WHITED_OUT.substring(1))));

        Path hello = out.resolve(busybox.layers().get(1).blob().hex());
        assertEquals(TestImages.HELLO_TEXT, Files.readString(hello.resolve("hello.txt")));
        assertEquals(2, Files.getAttribute(hello.resolve("hello.txt"), "unix:nlink"), "hello-hardlink.txt is a hard link");
        assertEquals(Files.getAttribute(hello.resolve("hello.txt"), "unix:ino"),
                Files.getAttribute(hello.resolve("hello-hardlink.txt"), "unix:ino"));

        Path top = out.resolve(busybox.layers().get(2).blob().hex());
        assertTrue(Files.exists(top.resolve("opt/.wh.old.txt")));
        assertTrue(Files.exists(top.resolve("data/.wh..wh..opq")));
        assertEquals(TestImages.OPAQUE_KEPT_TEXT, Files.readString(top.resolve("data/c")));
    }

    @Test
    void sameContentGivesTheSameLayerDigests() {
        OciImage again = TestImages.busybox(work.resolve("layout-again"), "again");
        assertEquals(busybox.layerDigests(), again.layerDigests());
        assertEquals(busybox.manifest().digest(), again.manifest().digest());
    }

    @Test
    void zstdVariantHasZstdBlobsOfTheSameTars() {
        OciImage z = TestImages.busybox(work.resolve("layout-zstd"), "busybox:zstd", Compression.ZSTD);
        assertEquals(busybox.diffIds(), z.diffIds());
        OciLayout layout = OciLayout.open(z.layout());
        for (Layer l : z.layers()) {
            assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", l.blob().mediaType());
            byte[] blob = layout.readBlob(l.digest());
            assertArrayEquals(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, java.util.Arrays.copyOf(blob, 4), "zstd magic");
            Result d = Exec.run(List.of("sh", "-c", "zstd -d -c -q '" + layout.blob(l.digest()) + "' | sha256sum"), Map.of(), null,
                    Duration.ofSeconds(60));
            assertEquals(0, d.exitCode(), d::toString);
            assertEquals(l.diffId(), "sha256:" + d.out().split(" ")[0]);
        }
        Skopeo.Inspection i = skopeo.inspectLocal(z.transportRef());
        assertEquals(z.layerDigests(), i.layers());
    }

    @Test
    void multiPlatformIndexListsBothPlatforms() throws IOException {
        OciIndex idx = TestImages.multiPlatform(work.resolve("layout-multi"), "multi:latest");
        JsonNode index = JSON.readTree(OciLayout.open(idx.layout()).readBlob(idx.index().digest()));
        assertEquals(OciLayout.MEDIA_INDEX, index.path("mediaType").asText());
        List<String> platforms = new ArrayList<>();
        index.path("manifests").forEach(m -> platforms.add(m.path("platform").path("os").asText() + "/"
                + m.path("platform").path("architecture").asText()));
        assertEquals(List.of("linux/amd64", "linux/arm64").stream().sorted().toList(), platforms.stream().sorted().toList());

        Result other = skopeo.run(List.of("inspect", "--override-arch", Platform.other().architecture(), idx.transportRef()));
        assertEquals(0, other.exitCode(), other::toString);
        JsonNode o = JSON.readTree(other.stdout());
        assertEquals(idx.image(Platform.other()).layerDigests().get(0), o.path("Layers").get(0).asText());
        assertEquals(idx.index().digest(), o.path("Digest").asText(), "skopeo reports the digest of what the name points to");
        Skopeo.Inspection host = skopeo.inspectLocal(idx.transportRef());
        assertEquals(busybox.layerDigests(), host.layers(), "the host platform's image is the busybox image");
    }

    @Test
    void skopeoWritesDockerAndOciArchivesOfTheLayout() throws IOException {
        Path docker = skopeo.toDockerArchive(busybox.transportRef(), work.resolve("busybox-docker.tar"), "busybox:latest");
        List<String> names = tarNames(docker);
        assertTrue(names.contains("manifest.json"), names::toString);
        Skopeo.Inspection d = skopeo.inspectLocal("docker-archive:" + docker);
        assertEquals(busybox.diffIds(), d.layers(), "a docker-archive holds the uncompressed layers");

        Path oci = skopeo.toOciArchive(busybox.transportRef(), work.resolve("busybox-oci.tar"), "busybox:latest");
        List<String> ociNames = tarNames(oci);
        assertTrue(ociNames.contains("index.json") && ociNames.contains("oci-layout"), ociNames::toString);
        Skopeo.Inspection o = skopeo.inspectLocal("oci-archive:" + oci + ":busybox:latest");
        assertEquals(busybox.layerDigests(), o.layers());
        assertFalse(d.layers().equals(o.layers()));
    }

    private static List<String> tarNames(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) names.add(e.getName().replaceFirst("^\\./", ""));
        }
        return names;
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
