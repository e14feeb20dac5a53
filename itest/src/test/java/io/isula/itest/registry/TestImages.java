package io.isula.itest.registry;

import io.isula.itest.e2e.BusyboxRootfs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OCI image layouts for the image tests, written by Java code from the host's busybox-static (no network):
 *
 * <ul>
 *   <li>{@link #busybox}: three layers. 1: the {@link BusyboxRootfs} tree (busybox, one symlink per applet,
 *       /etc/passwd with root, app 1000:1000 and nobody) plus {@value #WHITED_OUT} and {@code /data/a},
 *       {@code /data/b}; 2: {@value #HELLO_PATH} and a hard link to it, {@value #HARDLINK_PATH}; 3: a whiteout of
 *       {@value #WHITED_OUT}, an opaque {@code /data} and a new {@value #OPAQUE_KEPT}. Config: {@link #busyboxConfig()}
 *       (User app, Env, Cmd, WorkingDir, Labels, StopSignal).</li>
 *   <li>{@link #multiPlatform}: an index of the busybox image for this machine's platform and a one-layer image for
 *       the other one (linux/amd64 and linux/arm64/v8), whose only file is {@value #PLATFORM_PATH}.</li>
 * </ul>
 *
 * Layers are reproducible (fixed times, sorted entries): the same layer in two images has the same digest.
 */
public final class TestImages {
    public static final String HELLO_PATH = "/hello.txt";
    public static final String HELLO_TEXT = "hello from layer 2\n";
    public static final String HARDLINK_PATH = "/hello-hardlink.txt";
    /** In layer 1, removed by a whiteout in layer 3. */
    public static final String WHITED_OUT = "/opt/old.txt";
    /** In layer 1, hidden by layer 3's opaque /data. */
    public static final List<String> OPAQUE_HIDDEN = List.of("/data/a", "/data/b");
    /** Added to the opaque /data by layer 3. */
    public static final String OPAQUE_KEPT = "/data/c";
    public static final String OPAQUE_KEPT_TEXT = "c from layer 3\n";
    /** The file of the other-platform image, holding the platform's name and a newline. */
    public static final String PLATFORM_PATH = "/platform.txt";
    public static final String GREETING_ENV = "GREETING=hello from the image config";

    private TestImages() {
    }

    /** The config of the busybox image: runs {@code cat /hello.txt} as user {@code app} in /home/app. */
    public static ImageConfig busyboxConfig() {
        return new ImageConfig(Platform.host(), "app",
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", GREETING_ENV), null,
                List.of("cat", "/hello.txt"), "/home/app",
                Map.of("org.isula.test.image", "busybox", "org.isula.test.layers", "3"), "SIGINT");
    }

    /** The busybox image with gzip layers, named {@code refName} in the layout at {@code layoutDir}. */
    public static OciImage busybox(Path layoutDir, String refName) {
        return busybox(layoutDir, refName, Compression.GZIP);
    }

    /** The busybox image with its layers compressed as {@code compression} (ZSTD: {@code +zstd} media types). */
    public static OciImage busybox(Path layoutDir, String refName, Compression compression) {
        return image(layoutDir, refName, busyboxConfig(), compression, busyboxLayers());
    }

    /** The three layers of the busybox image, bottom first. */
    public static List<LayerTar> busyboxLayers() {
        return List.of(busyboxBaseLayer(), helloLayer(), whiteoutLayer());
    }

    /** Layer 1: the busybox rootfs plus the files layer 3 removes or hides. */
    public static LayerTar busyboxBaseLayer() {
        try (BusyboxRootfs rootfs = BusyboxRootfs.create()) {
            Path r = rootfs.path();
            java.nio.file.Files.createDirectories(r.resolve("opt"));
            java.nio.file.Files.writeString(r.resolve(WHITED_OUT.substring(1)), "removed by layer 3\n");
            java.nio.file.Files.createDirectories(r.resolve("data"));
            for (String f : OPAQUE_HIDDEN) java.nio.file.Files.writeString(r.resolve(f.substring(1)), "hidden by layer 3\n");
            return LayerTar.fromDirectory(r);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot build the busybox base layer: " + e, e);
        }
    }

    /** Layer 2: /hello.txt and a hard link to it. */
    public static LayerTar helloLayer() {
        return new LayerTar().file(HELLO_PATH, HELLO_TEXT, 0644).hardlink(HARDLINK_PATH, HELLO_PATH.substring(1));
    }

    /** Layer 3: the whiteout of /opt/old.txt, an opaque /data and /data/c. */
    public static LayerTar whiteoutLayer() {
        return new LayerTar().dir("/opt", 0755).whiteout(WHITED_OUT).dir("/data", 0755).opaque("/data")
                .file(OPAQUE_KEPT, OPAQUE_KEPT_TEXT, 0644);
    }

    /** An image of the given layers (bottom first) and config, named {@code refName} in the layout. */
    public static OciImage image(Path layoutDir, String refName, ImageConfig config, Compression compression,
            List<LayerTar> layers) {
        OciLayout layout = OciLayout.open(layoutDir);
        List<Layer> written = new ArrayList<>();
        for (LayerTar t : layers) written.add(layout.writeLayer(t, compression));
        return layout.tag(layout.writeImage(config, written), refName);
    }

    /** A two-platform index (busybox for this machine, a one-file image for the other platform), gzip layers. */
    public static OciIndex multiPlatform(Path layoutDir, String refName) {
        OciLayout layout = OciLayout.open(layoutDir);
        List<Layer> bb = new ArrayList<>();
        for (LayerTar t : busyboxLayers()) bb.add(layout.writeLayer(t, Compression.GZIP));
        OciImage host = layout.writeImage(busyboxConfig(), bb);
        Platform other = Platform.other();
        Layer only = layout.writeLayer(new LayerTar().file(PLATFORM_PATH, other + "\n", 0644), Compression.GZIP);
        OciImage second = layout.writeImage(ImageConfig.minimal(other), List.of(only));
        List<OciImage> images = List.of(host, second);
        Descriptor index = layout.writeIndex(images);
        layout.tag(index, refName);
        return new OciIndex(layoutDir, refName, index, images);
    }
}
