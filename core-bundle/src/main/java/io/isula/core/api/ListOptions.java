package io.isula.core.api;

import java.util.List;
import java.util.Map;

/**
 * What {@code ps} lists: {@code all} includes stopped containers; {@code last} (&gt;0) keeps the newest N;
 * {@code filters} as Docker's (id, name, label, status), each key with the values any of which may match.
 */
public record ListOptions(boolean all, int last, Map<String, List<String>> filters) {
    public static ListOptions running() { return new ListOptions(false, 0, Map.of()); }

    public static ListOptions everything() { return new ListOptions(true, 0, Map.of()); }
}
