package io.isula.itest.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Facts about host processes read from /proc. */
final class Procs {
    private Procs() {
    }

    /** A process is alive if /proc/PID exists and it is not a zombie (a zombie is gone for the user). */
    static boolean alive(long pid) {
        if (pid <= 0) return false;
        String st = stat(pid);
        if (st == null) return false;
        char state = st.charAt(st.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    static long ppid(long pid) {
        String st = stat(pid);
        if (st == null) return -1;
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[1]);
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    static List<Long> all() {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Processes started on behalf of one test daemon: those whose command line names its private directory
     * (conmon, runc, shims get the bundle/state paths under it), plus all their descendants (the containers).
     */
    static Set<Long> startedUnder(Path dir, long exclude) {
        String key = dir.toString();
        long self = ProcessHandle.current().pid();
        Set<Long> roots = new LinkedHashSet<>();
        for (long pid : all()) {
            if (pid == self || pid == exclude) continue;
            if (cmdline(pid).contains(key) && alive(pid)) roots.add(pid);
        }
        Set<Long> result = new LinkedHashSet<>(roots);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (long pid : all()) {
                if (!result.contains(pid) && result.contains(ppid(pid)) && alive(pid)) {
                    result.add(pid);
                    grew = true;
                }
            }
        }
        return result;
    }

    static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    static List<String> describe(Set<Long> pids) {
        List<String> out = new ArrayList<>();
        for (long p : pids) out.add(p + " " + cmdline(p));
        return out;
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
    }
}
