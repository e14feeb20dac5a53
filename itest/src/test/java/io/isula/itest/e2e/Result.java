package io.isula.itest.e2e;

import java.time.Duration;
import java.util.List;

/** What a user sees after running one command: its exit code, its stdout and its stderr. */
public record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took) {

    /** stdout without the trailing newline(s) and surrounding blanks. */
    public String out() {
        return stdout.strip();
    }

    /** stdout split into lines, blank lines dropped. */
    public List<String> lines() {
        return stdout.lines().filter(l -> !l.isBlank()).toList();
    }

    /** stdout and stderr together (for "the message says ..." checks that do not care which stream). */
    public String all() {
        return stdout + stderr;
    }

    @Override
    public String toString() {
        return "$ " + String.join(" ", command) + "\n  exit " + exitCode + " after " + took.toMillis() + " ms"
                + "\n  stdout: " + indent(stdout) + "\n  stderr: " + indent(stderr);
    }

    private static String indent(String s) {
        String t = s.length() > 4000 ? s.substring(0, 4000) + "...[" + s.length() + " chars]" : s;
        return t.isEmpty() ? "<empty>" : t.strip().replace("\n", "\n          ");
    }
}
