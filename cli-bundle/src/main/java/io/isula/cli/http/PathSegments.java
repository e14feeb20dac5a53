package io.isula.cli.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for request targets: what {@code URLEncoder} (UTF-8) keeps is kept
 * ({@code A-Z a-z 0-9 . - * _}), everything else, the space included, is {@code %XX}.
 */
final class PathSegments {
    private static final char[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    private PathSegments() {
    }

    static String segment(String s) {
        return query(s);
    }

    static String query(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && plain(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        byte[] bytes = s.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte x : bytes) {
            char c = (char) (x & 0xff);
            if (c < 0x80 && plain(c)) {
                b.append(c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '*' || c == '_';
    }
}
