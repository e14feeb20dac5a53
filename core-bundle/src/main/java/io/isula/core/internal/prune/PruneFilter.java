package io.isula.core.internal.prune;

import io.isula.core.api.EngineException;
import io.isula.core.util.LabelSelector;
import io.isula.core.util.Timestamps;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's prune filters: {@code until} (created before that time; a timestamp or a duration back from now),
 * {@code label} (every selector holds) and {@code label!} (none does). Other keys are refused unless the caller
 * reads them itself.
 */
public record PruneFilter(Instant until, List<String> labels, List<String> notLabels) {
    private static final Set<String> KEYS = Set.of("until", "label", "label!");

    public static PruneFilter of(Map<String, List<String>> filters, Instant now, Set<String> alsoAccepted) {
        for (String key : filters.keySet()) {
            if (!KEYS.contains(key) && !alsoAccepted.contains(key)) {
                throw EngineException.invalid("Invalid filter '" + key + "'");
            }
        }
        List<String> untils = filters.getOrDefault("until", List.of());
        if (untils.size() > 1) {
            throw EngineException.invalid("more than one until filter specified");
        }
        Instant until = null;
        if (!untils.isEmpty()) {
            try {
                until = Timestamps.parse(untils.get(0), now);
            } catch (IllegalArgumentException e) {
                throw EngineException.invalid("invalid filter 'until=" + untils.get(0) + "': " + e.getMessage());
            }
        }
        return new PruneFilter(until, List.copyOf(filters.getOrDefault("label", List.of())),
                List.copyOf(filters.getOrDefault("label!", List.of())));
    }

    /** A boolean filter ({@code dangling}, {@code all}): true or 1, false or 0, given once; {@code absent} otherwise. */
    public static boolean flag(Map<String, List<String>> filters, String key, boolean absent) {
        List<String> values = filters.getOrDefault(key, List.of());
        if (values.size() > 1) {
            throw EngineException.invalid("more than one " + key + " filter specified");
        }
        if (values.isEmpty()) {
            return absent;
        }
        return switch (values.get(0)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw EngineException.invalid("invalid filter '" + key + "=" + values.get(0) + "'");
        };
    }

    public boolean matches(Instant created, Map<String, String> labelsOfIt) {
        return (until == null || created.isBefore(until))
                && labels.stream().allMatch(l -> LabelSelector.matches(labelsOfIt, l))
                && notLabels.stream().noneMatch(l -> LabelSelector.matches(labelsOfIt, l));
    }
}
