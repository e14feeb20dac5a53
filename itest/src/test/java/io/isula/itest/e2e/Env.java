package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where things are and what the machine must have. A missing prerequisite fails the test with a message
 * naming it: these tests are never skipped silently.
 */
public final class Env {
    private Env() {
    }

    /** The runnable tree from distribution/ (surefire passes -Disula.home). */
    static Path home() {
        String h = System.getProperty("isula.home");
        if (h == null || h.isBlank()) {
            fail("system property isula.home is not set: run through maven (itest/pom.xml passes "
                    + "distribution/target/isulad) or pass -Disula.home=<tree>");
        }
        Path p = Path.of(h).toAbsolutePath().normalize();
        requireExecutable(p.resolve("bin/isulad"), "the daemon launcher (build distribution/ first: mvn -pl distribution -am package)");
        requireExecutable(p.resolve("bin/isula"), "the isula client launcher (build distribution/ first)");
        Path app = p.resolve("bundle/3-app");
        if (!hasJars(app)) {
            fail("no project bundles in " + app + ": distribution was built without them (-DnoProjectBundles?); "
                    + "rebuild with mvn -pl distribution -am package");
        }
        if (!hasJars(p.resolve("lib/cli"))) {
            fail("no client class path in " + p.resolve("lib/cli") + ": the isula client cannot start");
        }
        return p;
    }

    static Path isuladBin() {
        return home().resolve("bin/isulad");
    }

    static Path isulaBin() {
        return home().resolve("bin/isula");
    }

    /** Root, runc, conmon: what every daemon test needs. */
    static void requireDaemonPrerequisites() {
        if (!"0".equals(uid())) fail("the end-to-end tests must run as root (uid 0), running as uid " + uid());
        requireOnPath("runc", "the OCI runtime (apt-get install runc)");
        requireOnPath("conmon", "the container monitor (apt-get install conmon)");
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup"))) fail("/sys/fs/cgroup is missing: runc needs cgroups");
    }

    static Path docker() {
        return requireOnPath("docker", "the docker CLI client (the Docker-compatibility test drives it against our socket)");
    }

    /** /bin/busybox, statically linked (Debian busybox-static). */
    public static Path busybox() {
        Path bb = Path.of("/bin/busybox");
        if (!Files.isRegularFile(bb)) fail("/bin/busybox is missing: apt-get install busybox-static");
        if (isDynamicElf(bb)) {
            fail("/bin/busybox is dynamically linked (package busybox?): the test rootfs needs busybox-static "
                    + "(apt-get install busybox-static)");
        }
        return bb;
    }

    public static Path requireOnPath(String name, String what) {
        Optional<Path> p = which(name);
        if (p.isEmpty()) fail("'" + name + "' not found on PATH (" + System.getenv("PATH") + "): " + what);
        return p.get();
    }

    public static Optional<Path> which(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f)).findFirst();
    }

    private static void requireExecutable(Path p, String what) {
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) fail(p + " is missing or not executable: " + what);
    }

    private static boolean hasJars(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** True when the ELF file has a PT_INTERP program header (a dynamically linked executable). */
    static boolean isDynamicElf(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[4] != 2) return false; // not ELF64: let it be
            long phoff = bb.getLong(0x20);
            int phentsize = Short.toUnsignedInt(bb.getShort(0x36));
            int phnum = Short.toUnsignedInt(bb.getShort(0x38));
            for (int i = 0; i < phnum; i++) {
                if (bb.getInt((int) phoff + i * phentsize) == 3) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
