package io.isula.image.embedded;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ImageMount;
import io.isula.core.util.AtomicFiles;
import io.isula.core.util.FileTrees;
import io.isula.core.util.ProcessResult;
import io.isula.core.util.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The mounts of one container of an embedded image, under {@code <root>/containers/<id>/}: layer 0 read-only (a
 * block device on {@code lower/}, or the host's {@code /} as it is) under an overlay whose upper layer is the
 * container's own ({@code rootfs/}), and each squashfs layer through a read-only loop device on {@code layers/<i>}.
 * The plan is written once, as an fstab for util-linux {@code mount -a -T} (one process mounts them all and skips
 * what is mounted already; {@code loop} devices are released when their file system is unmounted), with the OCI
 * mounts that bind the layers into the container.
 */
final class ContainerLayers {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String FSTAB = "fstab";
    private static final String MOUNTS = "mounts.json";
    private static final List<String> READ_ONLY_BIND = List.of("rbind", "ro", "rprivate");

    private final Path root;
    private final ObjectMapper json;

    ContainerLayers(Path root, ObjectMapper json) {
        this.root = root.resolve("containers");
        this.json = json;
    }

    Path dirOf(String containerId) {
        if (!containerId.matches("[0-9a-f]{1,64}")) {
            throw EngineException.invalid("invalid container id " + containerId);
        }
        return root.resolve(containerId);
    }

    Path rootfsOf(String containerId) {
        return dirOf(containerId).resolve("rootfs");
    }

    /** Writes the container's mount plan from its image's checked layers. */
    void prepare(String containerId, List<ManifestRules.CheckedLayer> layers) throws IOException {
        Path dir = dirOf(containerId);
        requirePlain(dir);
        Files.createDirectories(dir);
        for (String d : List.of("rootfs", "upper", "work")) {
            Files.createDirectories(dir.resolve(d));
        }
        StringBuilder fstab = new StringBuilder();
        ManifestRules.CheckedLayer rootfsLayer = layers.get(0);
        String lower = "/";
        if (rootfsLayer.layer().isSquashfs()) {
            Path lowerDir = Files.createDirectories(dir.resolve("lower"));
            fstab.append(line(rootfsLayer.realPath().toString(), lowerDir, "auto", "ro"));
            lower = lowerDir.toString();
        }
        fstab.append(line("overlay", dir.resolve("rootfs"), "overlay", "lowerdir=" + lower + ",upperdir="
                + dir.resolve("upper") + ",workdir=" + dir.resolve("work") + ",index=off"));
        List<ImageMount> mounts = new ArrayList<>();
        for (int i = 1; i < layers.size(); i++) {
            ManifestRules.CheckedLayer l = layers.get(i);
            String source = l.realPath().toString();
            if (l.layer().isSquashfs()) {
                Path target = Files.createDirectories(dir.resolve("layers").resolve(Integer.toString(i)));
                fstab.append(line(source, target, "squashfs", "ro,loop"));
                source = target.toString();
            }
            mounts.add(new ImageMount(l.layer().pathInContainer(), "bind", source, READ_ONLY_BIND));
        }
        AtomicFiles.write(dir.resolve(MOUNTS), json.writeValueAsBytes(mounts));
        AtomicFiles.write(dir.resolve(FSTAB), fstab.toString());
    }

    List<ImageMount> mounts(String containerId) {
        try {
            return json.readValue(dirOf(containerId).resolve(MOUNTS).toFile(), new TypeReference<List<ImageMount>>() { });
        } catch (IOException e) {
            throw EngineException.internal("cannot read the layer mounts of container " + containerId + ": "
                    + e.getMessage(), e);
        }
    }

    /** Mounts what is not mounted yet; returns the rootfs. */
    Path mount(String containerId) {
        Path dir = dirOf(containerId);
        List<Path> targets = targets(dir);
        if (targets.stream().allMatch(ContainerLayers::isMounted)) {
            return dir.resolve("rootfs");
        }
        ProcessResult r = run(List.of("mount", "-a", "-T", dir.resolve(FSTAB).toString()));
        if (r.exitCode() != 0) {
            String reason = r.stderr().trim();
            try {
                unmount(containerId);
            } catch (RuntimeException e) {
                reason += "; " + e.getMessage();
            }
            throw EngineException.internal("cannot mount the layers of container " + containerId + ": " + reason, null);
        }
        return dir.resolve("rootfs");
    }

    /** Unmounts every mount of the container, the last mounted first; nothing mounted is fine. */
    void unmount(String containerId) {
        Path dir = dirOf(containerId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> targets = new ArrayList<>(targets(dir));
        java.util.Collections.reverse(targets);
        List<String> mounted = mountedOf(targets);
        if (mounted.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("umount"));
        cmd.addAll(mounted);
        if (run(cmd).exitCode() != 0) {
            List<String> left = mountedOf(targets);
            if (!left.isEmpty()) {
                List<String> lazy = new ArrayList<>(List.of("umount", "-l"));
                lazy.addAll(left);
                ProcessResult r = run(lazy);
                if (r.exitCode() != 0 && !mountedOf(targets).isEmpty()) {
                    throw EngineException.internal("cannot unmount the layers of container " + containerId + ": "
                            + r.stderr().trim(), null);
                }
            }
        }
    }

    /** Unmounts and deletes the container's folder. */
    void remove(String containerId) {
        unmount(containerId);
        try {
            FileTrees.delete(dirOf(containerId));
        } catch (IOException e) {
            throw EngineException.internal("cannot remove the rootfs of container " + containerId + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes the folders of containers the kernel does not know (a crash between prepare and the record). */
    void removeUnknown(Set<String> known) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String id = d.getFileName().toString();
                if (!known.contains(id) && id.matches("[0-9a-f]{1,64}")) {
                    unknown.add(id);
                }
            }
        }
        for (String id : unknown) {
            remove(id);
        }
    }

    /** The mount targets of the container's fstab, in mount order. */
    private static List<Path> targets(Path dir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(FSTAB), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2) {
                out.add(Path.of(unescape(fields[1])));
            }
        }
        return out;
    }

    private static List<String> mountedOf(List<Path> targets) {
        return targets.stream().filter(ContainerLayers::isMounted).map(Path::toString).toList();
    }

    /** A directory is a mount point when its device differs from its parent's (every mount made here has its own). */
    static boolean isMounted(Path dir) {
        try {
            Object own = Files.getAttribute(dir, "unix:dev");
            Object parent = Files.getAttribute(dir.getParent(), "unix:dev");
            return !own.equals(parent);
        } catch (IOException e) {
            return false;
        }
    }

    private static ProcessResult run(List<String> command) {
        try {
            return Processes.run(command, TIMEOUT);
        } catch (IOException e) {
            throw EngineException.internal(command.get(0) + " failed: " + e.getMessage(), e);
        }
    }

    private static String line(String source, Path target, String type, String options) {
        return escape(source) + " " + escape(target.toString()) + " " + type + " " + options + " 0 0\n";
    }

    /** fstab fields: space, tab, newline and backslash as octal escapes. */
    static String escape(String field) {
        StringBuilder b = new StringBuilder(field.length());
        for (char c : field.toCharArray()) {
            switch (c) {
                case ' ' -> b.append("\\040");
                case '\t' -> b.append("\\011");
                case '\n' -> b.append("\\012");
                case '\\' -> b.append("\\134");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** Overlay options are split at ',' and ':'; the container's folder must hold neither (nor whitespace). */
    private static void requirePlain(Path dir) {
        String s = dir.toString();
        if (s.matches(".*[,:\\s].*")) {
            throw EngineException.invalid("the graph root " + s + " cannot hold embedded containers: ',', ':' or a "
                    + "space in its path");
        }
    }
}
