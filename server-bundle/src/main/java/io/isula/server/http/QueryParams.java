package io.isula.server.http;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request's query string, read with the Docker daemon's rules for booleans and numbers. */
public final class QueryParams {
    private final Map<String, List<String>> values;

    public QueryParams(Map<String, List<String>> values) {
        this.values = Map.copyOf(values);
    }

    public static QueryParams of(String uri) {
        return new QueryParams(new QueryStringDecoder(uri).parameters());
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** As Docker: absent, empty, {@code 0}, {@code no}, {@code false}, {@code none} are false; anything else true. */
    public boolean bool(String name) {
        String v = get(name);
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** An integer parameter; absent or empty gives {@code fallback}, anything unparsable is a 400. */
    public int integer(String name, int fallback) {
        String v = get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    public boolean has(String name) {
        return get(name) != null;
    }
}
