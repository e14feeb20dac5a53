package io.isula.runtime.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cgroups of an lcr container: its processes (from the cgroup of its init), and the directories lxc leaves
 * behind (the monitor's, and its pivot), removed once the container is gone; on v1 controllers or the unified v2
 * hierarchy.
 */
final class LcrCgroups {
    private final Path proc;
    private final Path cgroupRoot;

    LcrCgroups(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    LcrCgroups() {
        this(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /** Whether the host has the unified v2 hierarchy alone (no v1 controllers). */
    boolean unified() {
        return Files.exists(cgroupRoot.resolve("cgroup.controllers"));
    }

    /** Every pid in the cgroup of {@code initPid} (its pids controller, else its freezer; on v2 its one cgroup). */
    List<Integer> pids(int initPid) throws IOException {
        String pidsPath = null;
        String freezerPath = null;
        String unifiedPath = null;
        for (String line : Files.readAllLines(proc.resolve(initPid + "/cgroup"), StandardCharsets.UTF_8)) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && f[1].equals("pids")) {
                pidsPath = f[2];
            } else if (f.length == 3 && f[1].equals("freezer")) {
                freezerPath = f[2];
            } else if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
                unifiedPath = f[2];
            }
        }
        Path procs;
        if (pidsPath != null) {
            procs = cgroupRoot.resolve("pids" + pidsPath + "/cgroup.procs");
        } else if (unifiedPath != null && unified()) {
            procs = cgroupRoot.resolve("." + unifiedPath + "/cgroup.procs").normalize();
        } else {
            procs = cgroupRoot.resolve("freezer" + (freezerPath == null ? "/" : freezerPath) + "/cgroup.procs");
        }
        List<Integer> out = new ArrayList<>();
        for (String l : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
            if (!l.isBlank()) {
                out.add(Integer.parseInt(l.strip()));
            }
        }
        return out;
    }

    /** Removes the given cgroup dirs (relative to each controller, or to the v2 root) where empty; the rest stays. */
    void removeEmpty(List<String> relativeDirs) {
        Set<Path> controllers = new LinkedHashSet<>();
        if (unified()) {
            controllers.add(cgroupRoot);
        } else {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(cgroupRoot)) {
                for (Path p : s) {
                    if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
                        controllers.add(p);
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
        for (Path controller : controllers) {
            for (String rel : relativeDirs) {
                try {
                    Files.deleteIfExists(controller.resolve(rel));
                } catch (IOException busyOrNotEmpty) {
                    // still in use (lxc.pivot is shared by every container of the host)
                }
            }
        }
    }
}
