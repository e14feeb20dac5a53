package io.isula.core.internal.service;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.EngineException;
import io.isula.core.internal.store.ContainerRecord;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Docker's {@code ps} filters: id (prefix), name (substring), label (key or key=value), status. */
final class ContainerFilter {
    private static final Set<String> KEYS = Set.of("id", "name", "label", "status");
    private final Map<String, List<String>> filters;

    ContainerFilter(Map<String, List<String>> filters) {
        this.filters = filters == null ? Map.of() : filters;
        for (String key : this.filters.keySet()) {
            if (!KEYS.contains(key)) {
                throw EngineException.invalid("Invalid filter '" + key + "'");
            }
        }
    }

    boolean matches(ContainerRecord c) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (f.getValue().isEmpty()) {
                continue;
            }
            boolean any = f.getValue().stream().anyMatch(v -> matches(c, f.getKey(), v));
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(ContainerRecord c, String key, String value) {
        return switch (key) {
            case "id" -> c.id().startsWith(value);
            case "name" -> c.name().contains(value.startsWith("/") ? value.substring(1) : value);
            case "label" -> label(c, value);
            case "status" -> {
                ContainerStatus want = ContainerStatus.of(value);
                if (want == ContainerStatus.UNKNOWN && !value.equals("unknown")) {
                    throw EngineException.invalid("Unrecognised filter value for status: " + value);
                }
                yield c.status() == want;
            }
            default -> false;
        };
    }

    private static boolean label(ContainerRecord c, String value) {
        Map<String, String> labels = c.config().labels();
        if (labels == null) {
            return false;
        }
        int eq = value.indexOf('=');
        return eq < 0 ? labels.containsKey(value) : value.substring(eq + 1).equals(labels.get(value.substring(0, eq)));
    }
}
