package io.isula.cli.command;

import io.isula.core.api.LogEntry;
import io.isula.core.api.LogSink;

import java.io.PrintStream;

/** Writes log entries as the container wrote them: stdout to out, stderr to err, optionally time-stamped. */
final class LogPrinter implements LogSink {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean timestamps;

    LogPrinter(PrintStream out, PrintStream err, boolean timestamps) {
        this.out = out;
        this.err = err;
        this.timestamps = timestamps;
    }

    @Override
    public boolean accept(LogEntry entry) {
        PrintStream s = entry.stream() == LogEntry.Stream.STDERR ? err : out;
        if (timestamps && entry.time() != null) {
            s.print(entry.time() + " ");
        }
        s.print(entry.text());
        s.flush();
        return !s.checkError();
    }
}
