package io.isula.runtime.runc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A busybox-static root file system and minimal OCI bundles that use it read-only. */
final class BusyboxBundles {
    private static final List<String> APPLETS = List.of("sh", "echo", "sleep", "true", "cat", "ls", "env");
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path rootfs;

    BusyboxBundles(Path dir) throws IOException {
        rootfs = dir.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "dev", "sys", "tmp", "etc")) {
            Files.createDirectories(rootfs.resolve(d));
        }
    }

    /** Writes {@code <bundle>/config.json} running {@code args}; {@code pidNamespace=false} shares the host's. */
    void write(Path bundle, boolean pidNamespace, String... args) throws IOException {
        Files.createDirectories(bundle);
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", false);
        process.put("user", Map.of("uid", 0, "gid", 0));
        process.put("args", List.of(args));
        process.put("env", List.of("PATH=/bin", "HOME=/"));
        process.put("cwd", "/");
        List<String> caps = List.of("CAP_KILL", "CAP_AUDIT_WRITE", "CAP_NET_BIND_SERVICE");
        process.put("capabilities", Map.of("bounding", caps, "effective", caps, "permitted", caps));
        process.put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024)));
        process.put("noNewPrivileges", true);

        List<Map<String, Object>> mounts = List.of(
                mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")),
                mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));

        List<Map<String, String>> namespaces = new ArrayList<>();
        if (pidNamespace) {
            namespaces.add(Map.of("type", "pid"));
        }
        for (String ns : List.of("ipc", "uts", "mount", "network")) {
            namespaces.add(Map.of("type", ns));
        }
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", namespaces);
        linux.put("maskedPaths", List.of("/proc/kcore", "/proc/keys", "/sys/firmware"));
        linux.put("readonlyPaths", List.of("/proc/sys", "/proc/sysrq-trigger"));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ociVersion", "1.0.2");
        config.put("process", process);
        config.put("root", Map.of("path", rootfs.toString(), "readonly", true));
        config.put("hostname", "bb");
        config.put("mounts", mounts);
        config.put("linux", linux);
        json.writeValue(bundle.resolve("config.json").toFile(), config);
    }

    private static Map<String, Object> mount(String dest, String type, String source, List<String> options) {
        return Map.of("destination", dest, "type", type, "source", source, "options", options);
    }
}
