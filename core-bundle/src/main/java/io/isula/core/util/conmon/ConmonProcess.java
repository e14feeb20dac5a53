package io.isula.core.util.conmon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Whether a container's conmon is still there, judged from /proc so that a recycled pid is not mistaken for it. */
public final class ConmonProcess {
    private final Path proc;

    public ConmonProcess(Path proc) {
        this.proc = proc;
    }

    public ConmonProcess() {
        this(Path.of("/proc"));
    }

    /** Alive: exists, is not a zombie, and its command line names conmon and this container id. */
    public boolean alive(int pid, String containerId) {
        Path dir = proc.resolve(Integer.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            if (stateOf(stat) == 'Z' || stateOf(stat) == 'X') {
                return false;
            }
            String[] argv = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
            if (argv.length == 0 || !Path.of(argv[0]).getFileName().toString().equals("conmon")) {
                return false;
            }
            for (int i = 1; i + 1 < argv.length; i++) {
                if (argv[i].equals("-c") && argv[i + 1].equals(containerId)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Waits for the conmon to go (it exits soon after its container); true when it did. */
    public boolean awaitExit(int pid, String containerId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid, containerId)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** The state letter of /proc/PID/stat: after the last ')', since the command name may hold spaces and parens. */
    public static char stateOf(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            throw new IllegalArgumentException("bad /proc stat line");
        }
        return stat.charAt(close + 2);
    }

    /** The start time of /proc/PID/stat (field 22, clock ticks after boot): with the pid, it names one process. */
    public static long startTimeOf(String stat) {
        int close = stat.lastIndexOf(')');
        String[] fields = close < 0 ? new String[0] : stat.substring(close + 2).split(" ");
        if (fields.length <= 19) {
            throw new IllegalArgumentException("bad /proc stat line");
        }
        return Long.parseLong(fields[19]);
    }
}
