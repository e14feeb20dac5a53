package io.isula.core.internal.spec;

import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns {@code --device HOST[:CONTAINER[:rwm]]} into device nodes by reading the host's device files (type, major,
 * minor, mode, owner), as Docker does; a folder adds every device below it. {@link #hostDevices()} is what a
 * privileged container sees.
 */
public final class DeviceResolver {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    /** Folders of /dev a privileged container does not copy (they are its own mounts, or not devices). */
    private static final Set<String> SKIPPED = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

    private final Path devRoot;

    public DeviceResolver() {
        this(Path.of("/dev"));
    }

    DeviceResolver(Path devRoot) {
        this.devRoot = devRoot;
    }

    public List<DeviceNode> resolve(List<HostConfig.DeviceMapping> mappings) {
        List<DeviceNode> out = new ArrayList<>();
        if (mappings == null) {
            return out;
        }
        for (HostConfig.DeviceMapping m : mappings) {
            String host = m.pathOnHost();
            if (host == null || !host.startsWith("/")) {
                throw EngineException.invalid("Invalid device " + host + ": the host path must be absolute");
            }
            String inContainer = m.pathInContainer() == null || m.pathInContainer().isEmpty() ? host
                    : m.pathInContainer();
            if (!inContainer.startsWith("/")) {
                throw EngineException.invalid("Invalid device " + host + ":" + inContainer
                        + ": the container path must be absolute");
            }
            String perms = m.cgroupPermissions() == null || m.cgroupPermissions().isEmpty() ? "rwm"
                    : m.cgroupPermissions();
            if (!perms.matches("[rwm]{1,3}") || perms.chars().distinct().count() != perms.length()) {
                throw EngineException.invalid("Invalid device permissions '" + perms + "' for " + host
                        + ": use r, w and m");
            }
            Path p = Path.of(host);
            if (!Files.exists(p)) {
                throw EngineException.invalid("error gathering device information while adding custom device \""
                        + host + "\": no such file or directory");
            }
            if (Files.isDirectory(p)) {
                for (DeviceNode d : under(p, false)) {
                    String rel = p.relativize(Path.of(d.path())).toString();
                    out.add(new DeviceNode(Path.of(inContainer).resolve(rel).toString(), d.type(), d.major(),
                            d.minor(), d.fileMode(), d.uid(), d.gid(), perms));
                }
                continue;
            }
            DeviceNode d = node(p, inContainer, perms);
            if (d == null) {
                throw EngineException.invalid("error gathering device information while adding custom device \""
                        + host + "\": not a device node");
            }
            out.add(d);
        }
        return out;
    }

    /** Every character and block device under /dev, for a privileged container. */
    public List<DeviceNode> hostDevices() {
        return under(devRoot, true);
    }

    private List<DeviceNode> under(Path dir, boolean skipOwnMounts) {
        List<DeviceNode> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !skipOwnMounts || !skipped(dir, p)).forEach(p -> {
                DeviceNode d = node(p, p.toString(), "rwm");
                if (d != null && !p.toString().equals("/dev/console")) {
                    out.add(d);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw EngineException.internal("cannot list the devices under " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean skipped(Path root, Path p) {
        Path rel = root.relativize(p);
        return rel.getNameCount() > 0 && SKIPPED.contains(rel.getName(0).toString());
    }

    /** The device at {@code p}, or null when it is not one (links are not followed). */
    static DeviceNode node(Path p, String inContainer, String perms) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String type;
            if ((mode & S_IFMT) == S_IFCHR) {
                type = "c";
            } else if ((mode & S_IFMT) == S_IFBLK) {
                type = "b";
            } else {
                return null;
            }
            long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return new DeviceNode(inContainer, type, major(rdev), minor(rdev), mode & 07777, uid, gid, perms);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** glibc's gnu_dev_major: bits 8-19 and 32-43. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    /** glibc's gnu_dev_minor: bits 0-7 and 20-31. */
    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }
}
