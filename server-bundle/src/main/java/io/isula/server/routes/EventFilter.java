package io.isula.server.routes;

import io.isula.core.api.EngineEvent;
import io.isula.server.http.ApiException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's event filters: {@code type}, {@code event}, {@code container}, {@code image}, {@code label}. Values of
 * one key are alternatives; different keys must all match.
 */
final class EventFilter {
    private static final Set<String> KEYS = Set.of("type", "event", "container", "image", "label");

    private final Map<String, List<String>> filters;

    private EventFilter(Map<String, List<String>> filters) {
        this.filters = filters;
    }

    static EventFilter of(Map<String, List<String>> filters) {
        for (String key : filters.keySet()) {
            if (!KEYS.contains(key)) {
                throw ApiException.badRequest("invalid filter '" + key + "'");
            }
        }
        return new EventFilter(filters);
    }

    boolean matches(EngineEvent e) {
        Map<String, String> attrs = e.actor() == null || e.actor().attributes() == null ? Map.of() : e.actor().attributes();
        String actorId = e.actor() == null || e.actor().id() == null ? "" : e.actor().id();
        return anyOf("type", v -> v.equals(e.type()))
                && anyOf("event", v -> v.equals(e.action()))
                && anyOf("container", v -> "container".equals(e.type())
                        && (actorId.startsWith(v) || v.equals(attrs.get("name"))))
                && anyOf("image", v -> v.equals(attrs.get("image")) || "image".equals(e.type()) && v.equals(actorId))
                && anyOf("label", v -> label(attrs, v));
    }

    private boolean anyOf(String key, java.util.function.Predicate<String> test) {
        List<String> values = filters.get(key);
        return values == null || values.isEmpty() || values.stream().anyMatch(test);
    }

    private static boolean label(Map<String, String> attrs, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? attrs.containsKey(filter) : filter.substring(eq + 1).equals(attrs.get(filter.substring(0, eq)));
    }
}
