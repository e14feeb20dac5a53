package io.isula.server.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** A call that answers once the engine has done its work. */
    public Router add(HttpMethod method, String template, Route route) {
        entries.add(new Entry(method, segments(template), route, false, false));
        return this;
    }

    /**
     * A route that may last as long as its client listens or sends (logs -f, wait, events, pull, copies): it runs
     * outside the bounded pool of calls, so a crowd of them never delays the short ones.
     */
    public Router addLasting(HttpMethod method, String template, Route route) {
        entries.add(new Entry(method, segments(template), route, false, true));
        return this;
    }

    /**
     * A lasting route whose body is not collected first: it reads {@link ApiRequest#bodyStream()} as the body
     * arrives.
     */
    public Router addStreaming(HttpMethod method, String template, Route route) {
        entries.add(new Entry(method, segments(template), route, true, true));
        return this;
    }

    public Optional<Match> match(HttpMethod method, String uri) {
        String[] actual = segments(withoutVersion(new QueryStringDecoder(uri).rawPath()));
        for (Entry e : entries) {
            if (e.method.equals(method)) {
                Map<String, String> params = e.bind(actual);
                if (params != null) {
                    return Optional.of(new Match(e.route, params, e.streaming, e.lasting));
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

    public record Match(Route route, Map<String, String> params, boolean streaming, boolean lasting) {
    }

    /**
     * A template; a segment {@code {name}} binds one path segment, {@code {name*}} (at most one per template) one or
     * more segments joined by '/', as image names such as {@code host:5000/team/app} need.
     */
    private record Entry(HttpMethod method, String[] template, Route route, boolean streaming, boolean lasting) {
        Map<String, String> bind(String[] actual) {
            int wide = wideSegment();
            if (wide < 0 ? actual.length != template.length : actual.length < template.length) {
                return null;
            }
            int extra = actual.length - template.length;
            Map<String, String> params = new HashMap<>();
            for (int i = 0, a = 0; i < template.length; i++, a++) {
                String t = template[i];
                if (i == wide) {
                    String joined = String.join("/", Arrays.copyOfRange(actual, a, a + extra + 1));
                    a += extra;
                    if (!bindParam(params, t.substring(1, t.length() - 2), joined)) {
                        return null;
                    }
                } else if (t.startsWith("{") && t.endsWith("}")) {
                    if (!bindParam(params, t.substring(1, t.length() - 1), actual[a])) {
                        return null;
                    }
                } else if (!t.equals(actual[a])) {
                    return null;
                }
            }
            return params;
        }

        private int wideSegment() {
            for (int i = 0; i < template.length; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("*}")) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean bindParam(Map<String, String> params, String name, String raw) {
            String value = QueryStringDecoder.decodeComponent(raw);
            if (value.isEmpty()) {
                return false;
            }
            params.put(name, value);
            return true;
        }
    }
}
