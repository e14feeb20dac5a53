package io.isula.image.oci.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {
    private static final String HEX = "a".repeat(64);

    @Test
    void shortNamesGetDockerDefaults() {
        ImageReference ref = ImageReference.parse("busybox");
        assertEquals("docker.io", ref.registry());
        assertEquals("library/busybox", ref.repository());
        assertEquals("latest", ref.tag());
        assertEquals("docker.io/library/busybox:latest", ref.toString());
        assertEquals("busybox:latest", ref.familiarTagged());
    }

    @Test
    void registryWithPortAndDigest() {
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/app@sha256:" + HEX);
        assertEquals("127.0.0.1:5000", ref.registry());
        assertEquals("team/app", ref.repository());
        assertNull(ref.tag());
        assertEquals("sha256:" + HEX, ref.manifestReference());
        assertEquals("127.0.0.1:5000/team/app", ref.familiarName());
    }

    @Test
    void localhostAndTag() {
        ImageReference ref = ImageReference.parse("localhost/app:1.0");
        assertEquals("localhost", ref.registry());
        assertEquals("1.0", ref.manifestReference());
        assertEquals("team/app", ImageReference.parse("team/app").familiarName());
        assertEquals("docker.io", ImageReference.parse("index.docker.io/library/busybox").registry());
    }

    @Test
    void rejectsBadNames() {
        for (String bad : new String[]{"", "UPPER", "a//b", "a:b:c", "busybox:", "busybox@sha256:12", "-a", "a/../b",
                "busybox:" + "t".repeat(129), "x" + "/y".repeat(200)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid reference format"), e.getMessage());
        }
    }

    @Test
    void digestsAreValidated() {
        assertEquals("sha256:" + HEX, Digest.parse("sha256:" + HEX).toString());
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + HEX.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:" + HEX));
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Digest.sha256(new byte[0]).toString());
    }

    @Test
    void indexSelectsThePlatform() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "b".repeat(64)
                + "\",\"size\":10,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "c".repeat(64)
                + "\",\"size\":11,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        ImageIndex index = OciJson.read(json.getBytes(), ImageIndex.class, "index");
        assertEquals("sha256:" + "c".repeat(64), index.select(Platform.linuxAmd64()).orElseThrow().digest().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OciJson.read("{\"schemaVersion\":2,\"config\":{\"size\":1}}".getBytes(), ImageManifest.class, "manifest"));
        assertTrue(e.getMessage().startsWith("invalid manifest"), e.getMessage());
    }
}
