package io.isula.image.oci.store;

import java.util.ArrayList;
import java.util.List;

/** What the start-up recovery removed or repaired, one line each ("layer <id>: no layer.json"). */
public final class RecoveryReport {
    private final List<String> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean mentions(String part) {
        return lines.stream().anyMatch(l -> l.contains(part));
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
