package io.isula.runtime.runc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.util.JsonFields;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the kernel's OOM killer struck a container during its run. conmon leaves an {@code oom} file (in its
 * persist dir and in the bundle) when its cgroup reports the kill; as conmon may see the exit first, the memory
 * cgroup's own counter ({@code oom_kill} of memory.oom_control on v1, memory.events on v2) is read too while the
 * cgroup still exists (it goes with {@code runc delete}, after the exit is reported).
 */
final class OomRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CGROUPS_PATH = List.of("linux/cgroupsPath");

    private final Path cgroupRoot;

    OomRecord(Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
    }

    OomRecord() {
        this(Path.of("/sys/fs/cgroup"));
    }

    boolean oomKilled(ContainerFiles files) {
        if (Files.exists(files.stateDir().resolve("oom")) || Files.exists(files.bundleDir().resolve("oom"))) {
            return true;
        }
        String cgroup = cgroupsPath(files.bundleDir());
        if (cgroup == null) {
            return false;
        }
        String rel = cgroup.startsWith("/") ? cgroup.substring(1) : cgroup;
        return counter(cgroupRoot.resolve("memory").resolve(rel).resolve("memory.oom_control"), "oom_kill") > 0
                || counter(cgroupRoot.resolve(rel).resolve("memory.events"), "oom_kill") > 0;
    }

    private static String cgroupsPath(Path bundle) {
        try {
            String p = JsonFields.pick(JSON, Files.readAllBytes(bundle.resolve("config.json")), CGROUPS_PATH)
                    .path("linux").path("cgroupsPath").asText("");
            return p.isEmpty() || p.contains("..") || p.contains(":") ? null : p;
        } catch (IOException e) {
            return null;
        }
    }

    /** The value of the line {@code key N} in a cgroup file, 0 when absent. */
    static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return Long.parseLong(kv[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no such cgroup (gone, or another hierarchy)
        }
        return 0;
    }
}
