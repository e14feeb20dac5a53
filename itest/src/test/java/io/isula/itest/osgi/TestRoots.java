package io.isula.itest.osgi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's private folders for one framework, all under one short temporary root in /tmp (the socket
 * path must stay well under the 108 bytes of {@code sun_path}):
 * {@code graph/}, {@code state/}, {@code s.sock}, {@code daemon.json} ({@code {}}), {@code load/} (the
 * fileinstall hot-deploy folder), {@code rootfs/} (a busybox rootfs built by the tests) and {@code scratch/}.
 */
final class TestRoots {
    final Path root;

    private TestRoots(Path root) {
        this.root = root;
    }

    /** Driver side: makes the folders and deletes them when the test JVM exits. */
    static TestRoots create() throws IOException {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ilp").toRealPath();
        TestRoots roots = new TestRoots(root);
        Files.createDirectories(roots.graph());
        Files.createDirectories(roots.state());
        Files.createDirectories(roots.load());
        Files.createDirectories(roots.scratch());
        Files.writeString(roots.config(), "{}\n", StandardCharsets.UTF_8);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "itest-osgi-cleanup"));
        return roots;
    }

    /** Probe side: the same layout, found again from the framework property. */
    static TestRoots at(String root) {
        return new TestRoots(Path.of(root));
    }

    Path graph() { return root.resolve("graph"); }

    Path state() { return root.resolve("state"); }

    Path socket() { return root.resolve("s.sock"); }

    Path config() { return root.resolve("daemon.json"); }

    Path load() { return root.resolve("load"); }

    Path rootfs() { return root.resolve("rootfs"); }

    Path scratch() { return root.resolve("scratch"); }

    String host() { return "unix://" + socket(); }

    /**
     * A minimal rootfs from Debian's busybox-static: {@code /bin/busybox} plus applet links, and the empty
     * mount points runc expects. Built once per framework.
     */
    Path busyboxRootfs() throws IOException {
        Path rootfs = rootfs();
        Path bin = rootfs.resolve("bin");
        if (Files.isExecutable(bin.resolve("busybox"))) {
            return rootfs;
        }
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isRegularFile(busybox)) {
            throw new AssertionError("/bin/busybox is missing: install busybox-static");
        }
        Files.createDirectories(bin);
        for (String d : List.of("proc", "sys", "dev", "tmp", "etc", "root", "usr/bin", "sbin")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Path target = bin.resolve("busybox");
        Files.copy(busybox, target);
        target.toFile().setExecutable(true, false);
        for (String applet : List.of("sh", "sleep", "true", "false", "echo", "cat", "ls", "ps", "id", "env")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n", StandardCharsets.UTF_8);
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n", StandardCharsets.UTF_8);
        return rootfs;
    }

    /**
     * The isula client command (everything before {@code -H}): the distribution's {@code bin/isula} when that
     * tree is built, else a plain-classpath run of {@code io.isula.cli.Main} from the module jars.
     */
    static List<String> clientCommand(Path base) {
        Path tree = base.resolve("../distribution/target/isulad").normalize();
        Path script = tree.resolve("bin/isula");
        if (Files.isExecutable(script) && Files.isRegularFile(tree.resolve("lib/cli/cli-bundle.jar"))) {
            return List.of(script.toString());
        }
        List<String> cp = new ArrayList<>();
        cp.add(requireJar(base.resolve("../cli-bundle/target/cli-bundle-0.1.0-SNAPSHOT.jar")));
        cp.add(requireJar(base.resolve("../core-bundle/target/core-bundle-0.1.0-SNAPSHOT.jar")));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(jackson-(databind|core|annotations))-[0-9.]+\\.jar")) {
                cp.add(entry);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, cp),
                "io.isula.cli.Main");
    }

    static String requireJar(Path jar) {
        Path p = jar.normalize().toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: build it first (mvn -o -q -pl "
                    + p.getParent().getParent().getFileName() + " install -DskipTests)");
        }
        return p.toString();
    }

    /** Deletes the tree unless something is still mounted below it (then deleting could reach outside). */
    static void deleteTree(Path root) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].startsWith(root.toString())) {
                    System.err.println("itest-osgi: " + f[4] + " is still mounted; leaving " + root + " in place");
                    return;
                }
            }
            if (!Files.exists(root)) {
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("itest-osgi: cannot delete " + root + ": " + e);
        }
    }
}
