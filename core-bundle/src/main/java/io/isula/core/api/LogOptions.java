package io.isula.core.api;

/** What {@code logs} returns: {@code tail} &lt; 0 means all lines, 0 none; {@code follow} keeps streaming until exit. */
public record LogOptions(boolean follow, int tail, boolean timestamps, boolean stdout, boolean stderr) {
    public static LogOptions all() { return new LogOptions(false, -1, false, true, true); }
}
