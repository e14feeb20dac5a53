package io.isula.image.oci.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme ({@code bearer}, {@code basic}, lower case)
 * and its parameters (names lower case), e.g. {@code Bearer realm="https://auth/token",service="registry",scope="a,b"}.
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {
    public AuthChallenge {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    /** The challenges of every {@code WWW-Authenticate} header value; malformed parts are skipped. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String value : headerValues) {
            out.addAll(parse(value));
        }
        return out;
    }

    /** The challenges of one header value (several may share one value, separated by commas). */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Scanner s = new Scanner(header);
        while (true) {
            s.skipSeparators();
            if (s.atEnd()) {
                return out;
            }
            String scheme = s.token();
            if (scheme.isEmpty()) {
                s.pos++;
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                s.skipSpaces();
                int mark = s.pos;
                String name = s.token();
                s.skipSpaces();
                if (name.isEmpty() || !s.peek('=')) {
                    s.pos = mark;
                    break;
                }
                s.pos++;
                s.skipSpaces();
                String value = s.peek('"') ? s.quoted() : s.token68();
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                s.skipSpaces();
                if (!s.peek(',')) {
                    break;
                }
                s.pos++;
            }
            out.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
        }
    }

    private static final class Scanner {
        private final String text;
        private int pos;

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        void skipSpaces() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == ',')) {
                pos++;
            }
        }

        /** An RFC 7230 token. */
        String token() {
            int start = pos;
            while (pos < text.length() && isTokenChar(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** An unquoted value: up to a comma or a space (token68 may end in '='). */
        String token68() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** A quoted-string starting at '"', with backslash escapes; an unterminated one runs to the end. */
        String quoted() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                sb.append(c);
            }
            return sb.toString();
        }

        private static boolean isTokenChar(char c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
        }
    }
}
