package io.isula.core.internal.image;

import io.isula.core.api.EngineException;
import io.isula.core.api.ImageSummary;
import io.isula.core.util.LabelSelector;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Docker's image list filters: {@code dangling}, {@code label}, {@code before}, {@code since}, {@code reference}. */
final class ImageFilter {
    private static final Set<String> KEYS = Set.of("dangling", "label", "before", "since", "reference");

    private final Map<String, List<String>> filters;

    private ImageFilter(Map<String, List<String>> filters) {
        this.filters = filters;
    }

    static ImageFilter of(Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> e : filters.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw EngineException.invalid("invalid filter '" + e.getKey() + "'");
            }
            if (e.getKey().equals("dangling")) {
                for (String v : e.getValue()) {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw EngineException.invalid("invalid filter 'dangling=" + v + "'");
                    }
                }
            }
        }
        return new ImageFilter(filters);
    }

    List<ImageSummary> apply(List<ImageSummary> images) {
        Predicate<ImageSummary> keep = i -> true;
        for (Map.Entry<String, List<String>> e : filters.entrySet()) {
            for (String value : e.getValue()) {
                keep = keep.and(predicate(e.getKey(), value, images));
            }
        }
        return images.stream().filter(keep).toList();
    }

    private static Predicate<ImageSummary> predicate(String key, String value, List<ImageSummary> images) {
        return switch (key) {
            case "dangling" -> i -> isDangling(i) == Boolean.parseBoolean(value);
            case "label" -> i -> LabelSelector.matches(i.labels(), value);
            case "before" -> {
                long created = anchor(value, images).created();
                yield i -> i.created() < created;
            }
            case "since" -> {
                long created = anchor(value, images).created();
                yield i -> i.created() > created;
            }
            default -> reference(value);
        };
    }

    private static boolean isDangling(ImageSummary i) {
        return i.repoTags() == null || i.repoTags().isEmpty();
    }

    private static Predicate<ImageSummary> reference(String pattern) {
        String withTag = pattern.contains(":") ? pattern : pattern + ":*";
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + withTag);
        return i -> i.repoTags() != null && i.repoTags().stream().anyMatch(t -> matches(matcher, t));
    }

    private static boolean matches(PathMatcher matcher, String tag) {
        try {
            return matcher.matches(Path.of(tag));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ImageSummary anchor(String name, List<ImageSummary> images) {
        String tagged = name.contains(":") ? name : name + ":latest";
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        return images.stream()
                .filter(i -> (i.repoTags() != null && (i.repoTags().contains(name) || i.repoTags().contains(tagged)))
                        || i.id().equals(name) || i.id().substring(i.id().indexOf(':') + 1).startsWith(hex))
                .findFirst()
                .orElseThrow(() -> EngineException.notFound("No such image: " + name));
    }
}
