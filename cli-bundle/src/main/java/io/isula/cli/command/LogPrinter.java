package io.isula.cli.command;

import io.isula.core.api.LogEntry;
import io.isula.cli.http.LogStreamDecoder;

import java.io.PrintStream;

/** Writes log entries as the container wrote them: stdout to out, stderr to err, optionally time-stamped. */
final class LogPrinter implements LogStreamDecoder.RawSink {
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
        return true;
    }

    @Override
    public boolean write(LogEntry.Stream stream, byte[] data, int offset, int length) {
        (stream == LogEntry.Stream.STDERR ? err : out).write(data, offset, length);
        return true;
    }

    /** Output goes out when the stream runs dry, not line by line. */
    @Override
    public boolean flush() {
        out.flush();
        err.flush();
        return !out.checkError() && !err.checkError();
    }
}
