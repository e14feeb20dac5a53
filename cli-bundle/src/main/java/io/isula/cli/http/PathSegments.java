package io.isula.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for request targets. */
final class PathSegments {
    private PathSegments() {
    }

    static String segment(String s) {
        return query(s);
    }

    static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
