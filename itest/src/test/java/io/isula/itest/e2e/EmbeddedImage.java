package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An embedded image made at test time: layer 0 is a busybox rootfs in an ext4 file system image attached read-only
 * to a loop device (or the host's {@code /}), two application layers are squashfs images made with
 * {@code mksquashfs}, and the manifest and its {@code .sgn} are written beside them. {@link #close()} detaches
 * only the loop device this fixture attached, by its path.
 */
final class EmbeddedImage implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SQUASHFS = "application/squashfs.image.rootfs.diff.img";
    static final String DIRECTORY = "application/bind.image.rootfs.diff.dir";
    /** Where the platform layer is mounted; it holds the mount point of the app layer. */
    static final String PLATFORM_AT = "/opt/platform";
    static final String APP_AT = "/opt/platform/app";

    final Path dir;
    final Path folder;
    final Path manifest;
    final ObjectNode tree;
    private String loopDevice;

    private EmbeddedImage(Path dir) {
        this.dir = dir;
        this.folder = dir.resolve("img");
        this.manifest = folder.resolve("test.manifest");
        this.tree = JSON.createObjectNode();
    }

    /** A rootfs on a loop device (squashfs type) named {@code name}; ENV, WORKDIR set. */
    static EmbeddedImage onLoopDevice(String name, BusyboxRootfs rootfs) {
        EmbeddedImage image = create();
        try {
            Files.createDirectories(rootfs.path().resolve(PLATFORM_AT.substring(1)));
            Path fsImage = image.dir.resolve("rootfs.ext4");
            run("truncate", "-s", "32M", fsImage.toString());
            run("mkfs.ext4", "-q", "-F", "-d", rootfs.path().toString(), fsImage.toString());
            image.loopDevice = run("losetup", "-f", "--show", "-r", fsImage.toString()).out();
            image.build(name, SQUASHFS, image.loopDevice);
            return image;
        } catch (IOException | RuntimeException | AssertionError e) {
            image.close();
            throw e instanceof AssertionError a ? a : new AssertionError("cannot build the embedded image: " + e, e);
        }
    }

    /** The host's {@code /} as the rootfs (directory type). */
    static EmbeddedImage onHostRoot(String name) {
        EmbeddedImage image = create();
        try {
            image.build(name, DIRECTORY, "/");
            return image;
        } catch (IOException | RuntimeException e) {
            image.close();
            throw new AssertionError("cannot build the embedded image: " + e, e);
        }
    }

    private static EmbeddedImage create() {
        try {
            return new EmbeddedImage(Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-embedded-"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void build(String name, String rootfsType, String rootfsPath) throws IOException {
        Path platform = Files.createDirectories(dir.resolve("src/platform"));
        Files.writeString(platform.resolve("platform.txt"), "platform layer\n");
        Files.createDirectories(platform.resolve("app"));
        Path app = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(app.resolve("app.txt"), "app layer\n");
        Files.createDirectories(folder);
        run("mksquashfs", platform.toString(), folder.resolve("platform.img").toString(), "-quiet", "-noappend");
        run("mksquashfs", app.toString(), folder.resolve("app.img").toString(), "-quiet", "-noappend");

        tree.put("schemaVersion", 1);
        tree.put("mediaType", "application/embedded.manifest+json");
        tree.put("imageName", name);
        tree.put("created", "2021-01-01T00:00:00Z");
        ObjectNode config = tree.putObject("config");
        config.putArray("ENV").add("c=d e").add("EMBEDDED=yes");
        config.putArray("ENTRYPOINT");
        config.put("WORKDIR", PLATFORM_AT);
        ArrayNode layers = tree.putArray("layers");
        layers.add(layer(rootfsType, 0, "", rootfsPath, ""));
        layers.add(layer(SQUASHFS, size("platform.img"), digest(folder.resolve("platform.img")), "platform.img",
                PLATFORM_AT));
        layers.add(layer(SQUASHFS, size("app.img"), "", "app.img", APP_AT));
        write();
    }

    static ObjectNode layer(String mediaType, long size, String digest, String host, String container) {
        return JSON.createObjectNode().put("mediaType", mediaType).put("size", size).put("digest", digest)
                .put("pathInHost", host).put("pathInContainer", container);
    }

    ObjectNode layer(int i) {
        return (ObjectNode) tree.withArray("layers").get(i);
    }

    /** Writes the manifest and its signature ({@code sha256:<hex>}, no newline). */
    Path write() throws IOException {
        Files.write(manifest, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
        Files.writeString(folder.resolve("test.sgn"), digest(manifest), StandardCharsets.UTF_8);
        return manifest;
    }

    long size(String layerFile) throws IOException {
        return Files.size(folder.resolve(layerFile));
    }

    /** Sum of the sizes of layers 1..n, as {@code isula images} shows it. */
    long imageSize() throws IOException {
        return size("platform.img") + size("app.img");
    }

    String loopDevice() {
        return loopDevice;
    }

    /** The files the squashfs layers are loop-mounted from. */
    List<String> layerFiles() {
        return List.of(folder.resolve("platform.img").toString(), folder.resolve("app.img").toString());
    }

    static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Loop devices attached to any of {@code files} ({@code losetup -a} lines). */
    static List<String> loopDevicesOf(List<String> files) {
        List<String> out = new ArrayList<>();
        for (String line : run("losetup", "-a").lines()) {
            if (files.stream().anyMatch(f -> line.contains("(" + f + ")"))) out.add(line);
        }
        return out;
    }

    /** Mount points at or under {@code dir} ({@code findmnt}). */
    static List<String> mountsUnder(Path dir) {
        List<String> out = new ArrayList<>();
        for (String target : run("findmnt", "-rn", "-o", "TARGET").lines()) {
            String t = target.replace("\\x20", " ");
            if (t.equals(dir.toString()) || t.startsWith(dir + "/")) out.add(t);
        }
        return out;
    }

    static Result run(String... command) {
        Result r = Exec.run(List.of(command), Map.of(), null, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    @Override
    public void close() {
        try {
            if (loopDevice != null) {
                Result r = Exec.run(List.of("losetup", "-d", loopDevice), Map.of(), null, Duration.ofSeconds(30));
                assertTrue(r.exitCode() == 0, r::toString);
            }
        } finally {
            Files2.deleteTree(dir);
        }
    }
}
