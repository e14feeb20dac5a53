package io.isula.core.util;

/** How a finished process ended and what it printed. */
public record ProcessResult(int exitCode, String stdout, String stderr) {
    public boolean ok() { return exitCode == 0; }

    /** stderr if it has something, else stdout: the text to put in an error message. */
    public String message() {
        String s = stderr == null || stderr.isBlank() ? stdout : stderr;
        return s == null ? "" : s.strip();
    }
}
