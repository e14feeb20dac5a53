package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal root filesystem made at test time from the host's static busybox: bin/busybox plus one symlink per
 * applet, the usual top-level directories, and /etc/passwd with root, app (1000:1000) and nobody (65534).
 */
public final class BusyboxRootfs implements AutoCloseable {
    /** Applets the tests rely on; each must exist in the host's busybox. */
    public static final List<String> REQUIRED = List.of("sh", "true", "false", "echo", "sleep", "cat", "ls", "id", "env", "pwd",
            "hostname", "ps", "kill", "printf", "test", "grep");

    private final Path dir;
    private final Path rootfs;

    private BusyboxRootfs(Path dir) {
        this.dir = dir;
        this.rootfs = dir.resolve("rootfs");
    }

    public static BusyboxRootfs create() {
        Path busybox = Env.busybox();
        try {
            BusyboxRootfs r = new BusyboxRootfs(Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-rootfs-"));
            r.build(busybox);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot build the busybox rootfs: " + e, e);
        }
    }

    /** The absolute rootfs path, as given to {@code --external-rootfs}. */
    public Path path() {
        return rootfs;
    }

    @Override
    public String toString() {
        return rootfs.toString();
    }

    private void build(Path busybox) throws IOException {
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "etc", "root", "home/app",
                "var/log", "run")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(rootfs.resolve("root"), PosixFilePermissions.fromString("rwx------"));
        Path bb = rootfs.resolve("bin/busybox");
        Files.copy(busybox, bb, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(bb, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result list = Exec.run(List.of(busybox.toString(), "--list"), Map.of(), null, Duration.ofSeconds(10));
        if (list.exitCode() != 0) fail("busybox --list failed:\n" + list);
        Set<String> applets = new LinkedHashSet<>(list.lines());
        for (String need : REQUIRED) {
            if (!applets.contains(need)) fail("the host busybox has no '" + need + "' applet; applets: " + applets);
        }
        for (String a : applets) {
            if (a.equals("busybox") || a.contains("/")) continue;
            Path link = rootfs.resolve("bin").resolve(a);
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of("busybox"));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:app:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(rootfs.resolve("etc/group"), """
                root:x:0:
                app:x:1000:
                nogroup:x:65534:
                """);
        Files.writeString(rootfs.resolve("etc/hostname"), "rootfs\n");
        Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "");
        Files.setPosixFilePermissions(rootfs.resolve("home/app"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Exec.run(List.of("chown", "1000:1000", rootfs.resolve("home/app").toString()), Map.of(), null, Duration.ofSeconds(10));
        Exec.run(List.of("chmod", "1777", tmp.toString()), Map.of(), null, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        Files2.deleteTree(dir);
    }
}
