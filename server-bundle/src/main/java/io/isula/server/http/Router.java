package io.isula.server.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps method and path to a {@link Route}. Templates use {@code {name}} for one path segment; every path
 * may carry Docker's version prefix ({@code /v1.43/containers/json}).
 */
public final class Router {
    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v[0-9]+(\\.[0-9]+)?(?=/)");

    private final List<Entry> entries = new ArrayList<>();

    public Router add(HttpMethod method, String template, Route route) {
        entries.add(new Entry(method, segments(template), route));
        return this;
    }

    public Optional<Match> match(HttpMethod method, String uri) {
        String[] actual = segments(withoutVersion(new QueryStringDecoder(uri).rawPath()));
        for (Entry e : entries) {
            if (e.method.equals(method)) {
                Map<String, String> params = e.bind(actual);
                if (params != null) {
                    return Optional.of(new Match(e.route, params));
                }
            }
        }
        return Optional.empty();
    }

    static String withoutVersion(String rawPath) {
        return VERSION_PREFIX.matcher(rawPath).replaceFirst("");
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.split("/", -1);
    }

    public record Match(Route route, Map<String, String> params) {
    }

    private record Entry(HttpMethod method, String[] template, Route route) {
        Map<String, String> bind(String[] actual) {
            if (actual.length != template.length) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < template.length; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    String value = QueryStringDecoder.decodeComponent(actual[i]);
                    if (value.isEmpty()) {
                        return null;
                    }
                    params.put(t.substring(1, t.length() - 1), value);
                } else if (!t.equals(actual[i])) {
                    return null;
                }
            }
            return params;
        }
    }
}
