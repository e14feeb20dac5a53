package io.isula.cli.command;

import io.isula.core.api.ProgressUpdate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Prints pull and load progress as {@code docker pull} does: on a terminal one line per layer, redrawn in place
 * with a bar; otherwise a plain line each time a layer's status changes (byte counts are left out).
 */
final class PullProgress implements Consumer<ProgressUpdate> {
    private static final int BAR = 50;

    private final PrintStream out;
    private final boolean terminal;
    private final List<String> order = new ArrayList<>();
    private final Map<String, String> lastStatus = new HashMap<>();

    PullProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(ProgressUpdate u) {
        if (u.id() == null) {
            out.println(u.status());
            out.flush();
            return;
        }
        if (!terminal) {
            if (!u.status().equals(lastStatus.put(u.id(), u.status()))) {
                out.println(u.id() + ": " + u.status());
                out.flush();
            }
            return;
        }
        int index = order.indexOf(u.id());
        if (index < 0) {
            order.add(u.id());
            out.println(line(u));
        } else {
            int up = order.size() - index;
            out.print("\u001b[" + up + "A\r\u001b[2K" + line(u) + "\u001b[" + up + "B\r");
        }
        out.flush();
    }

    private static String line(ProgressUpdate u) {
        StringBuilder b = new StringBuilder(u.id()).append(": ").append(u.status());
        if (u.total() > 0 && u.current() >= 0) {
            int filled = (int) Math.min(BAR, u.current() * BAR / u.total());
            b.append(" [").append("=".repeat(filled)).append(filled < BAR ? ">" : "")
                    .append(" ".repeat(Math.max(0, BAR - filled - 1))).append("] ")
                    .append(Sizes.human(u.current())).append('/').append(Sizes.human(u.total()));
        }
        return b.toString();
    }
}
