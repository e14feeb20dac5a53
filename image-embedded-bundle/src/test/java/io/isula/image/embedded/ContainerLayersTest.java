package io.isula.image.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ImageMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A container's mount plan: the fstab {@code mount -a} reads and the OCI mounts that bind the layers in. */
class ContainerLayersTest {
    private static final String ID = "ab".repeat(32);

    @TempDir
    Path tmp;

    @Test
    void blockDeviceRootfsSquashfsAndDirectoryLayers() throws IOException {
        ContainerLayers layers = new ContainerLayers(tmp, new ObjectMapper());
        Path dir = tmp.resolve("containers").resolve(ID);
        layers.prepare(ID, List.of(
                checked(EmbeddedManifest.Layer.SQUASHFS, "/dev/loop7", ""),
                checked(EmbeddedManifest.Layer.SQUASHFS, "/srv/my img/app.img", "/opt/app"),
                checked(EmbeddedManifest.Layer.DIRECTORY, "/srv/conf", "/etc/app")));
        assertEquals(List.of(
                "/dev/loop7 " + dir + "/lower auto ro 0 0",
                "overlay " + dir + "/rootfs overlay lowerdir=" + dir + "/lower,upperdir=" + dir + "/upper,workdir="
                        + dir + "/work,index=off 0 0",
                "/srv/my\\040img/app.img " + dir + "/layers/1 squashfs ro,loop 0 0"),
                Files.readAllLines(dir.resolve("fstab")));
        assertEquals(List.of(
                new ImageMount("/opt/app", "bind", dir + "/layers/1", List.of("rbind", "ro", "rprivate")),
                new ImageMount("/etc/app", "bind", "/srv/conf", List.of("rbind", "ro", "rprivate"))),
                layers.mounts(ID));
        assertEquals(dir.resolve("rootfs"), layers.rootfsOf(ID));
        assertFalse(ContainerLayers.isMounted(dir.resolve("rootfs")));

        layers.unmount(ID);
        layers.remove(ID);
        assertFalse(Files.exists(dir));
    }

    @Test
    void theHostRootIsTheOverlaysLowerLayerAsItIs() throws IOException {
        ContainerLayers layers = new ContainerLayers(tmp, new ObjectMapper());
        layers.prepare(ID, List.of(checked(EmbeddedManifest.Layer.DIRECTORY, "/", "")));
        List<String> fstab = Files.readAllLines(tmp.resolve("containers").resolve(ID).resolve("fstab"));
        assertEquals(1, fstab.size());
        assertEquals(true, fstab.get(0).contains(" overlay lowerdir=/,upperdir="), fstab::toString);
        assertEquals(List.of(), layers.mounts(ID));
    }

    @Test
    void unknownContainerFoldersAreRemovedKnownOnesKept() throws IOException {
        ContainerLayers layers = new ContainerLayers(tmp, new ObjectMapper());
        String other = "cd".repeat(32);
        layers.prepare(ID, List.of(checked(EmbeddedManifest.Layer.DIRECTORY, "/", "")));
        layers.prepare(other, List.of(checked(EmbeddedManifest.Layer.DIRECTORY, "/", "")));
        layers.removeUnknown(java.util.Set.of(ID));
        assertEquals(true, Files.isDirectory(tmp.resolve("containers").resolve(ID)));
        assertFalse(Files.exists(tmp.resolve("containers").resolve(other)));
    }

    @Test
    void fstabEscapesAndContainerIdsAreChecked() {
        assertEquals("a\\040b\\011c\\134d", ContainerLayers.escape("a b\tc\\d"));
        assertEquals("a b\tc\\d", ContainerLayers.unescape("a\\040b\\011c\\134d"));
        ContainerLayers layers = new ContainerLayers(tmp, new ObjectMapper());
        assertThrows(EngineException.class, () -> layers.dirOf("../../etc"));
    }

    private static ManifestRules.CheckedLayer checked(String mediaType, String host, String container) {
        return new ManifestRules.CheckedLayer(new EmbeddedManifest.Layer(mediaType, 0, "", host, container),
                Path.of(host));
    }
}
