package io.isula.runtime.lxc;

import java.util.ArrayList;
import java.util.List;

/** An lxc configuration file: {@code key = value} lines in order (lxc applies some keys in the order given). */
final class LxcConfig {
    record Entry(String key, String value) {
    }

    private final List<Entry> entries = new ArrayList<>();

    LxcConfig add(String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new UnsupportedOption(key, "a value with a line break cannot be written to an lxc config");
        }
        entries.add(new Entry(key, value));
        return this;
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Every value of {@code key}, in order. */
    List<String> values(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).map(Entry::value).toList();
    }

    /** The single value of {@code key}, or null. */
    String value(String key) {
        List<String> v = values(key);
        if (v.size() > 1) {
            throw new IllegalStateException(key + " has " + v.size() + " values");
        }
        return v.isEmpty() ? null : v.get(0);
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.key()).append(" = ").append(e.value()).append('\n');
        }
        return sb.toString();
    }
}
