package io.isula.cli.http;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's JSON codec, small enough to cost nothing at start-up (jackson-databind costs more than a whole
 * {@code isula run}). {@link #parse} builds a tree of {@link LinkedHashMap} (key order kept), {@link ArrayList},
 * {@link String}, {@link Long} (or {@link BigInteger} beyond 64 bits), {@link Double} (any fraction or
 * exponent), {@link Boolean} and null; malformed text is a {@link MalformedJsonException} naming the place.
 * {@link #write} and {@link #pretty} print such a tree (any {@link Map}, {@link List}, {@link CharSequence},
 * {@link Number}, {@link Boolean}, null) as Jackson does: compact, or four-space indents with {@code "k": v}.
 */
public final class MiniJson {
    /** Deeper nesting is rejected rather than risking the stack on hostile input. */
    static final int MAX_DEPTH = 512;

    /** Text that is not JSON; the message says where and what was expected. */
    public static final class MalformedJsonException extends IllegalArgumentException {
        MalformedJsonException(String message) { super(message); }
    }

    private final String text;
    private int pos;
    private int depth;

    private MiniJson(String text) { this.text = text; }

    /** Exactly one JSON value, with optional white space around it. */
    public static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("end of input");
        }
        return v;
    }

    /** The top-level object of {@code text}, or an empty map when the text is not an object (error bodies). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        try {
            Object v = parse(text);
            return v instanceof Map ? (Map<String, Object>) v : new LinkedHashMap<>();
        } catch (IllegalArgumentException e) {
            return new LinkedHashMap<>();
        }
    }

    // ---------------------------------------------------------------- reading

    private Object value() {
        if (pos >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("a value");
        }
    }

    private Map<String, Object> object() {
        enter();
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return m;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("a string key");
            }
            String key = string();
            skipSpace();
            if (peek() != ':') {
                throw error("':'");
            }
            pos++;
            skipSpace();
            m.put(key, value());
            skipSpace();
            char c = peek();
            if (c == '}') {
                pos++;
                depth--;
                return m;
            }
            if (c != ',') {
                throw error("',' or '}'");
            }
            pos++;
        }
    }

    private List<Object> array() {
        enter();
        List<Object> l = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            depth--;
            return l;
        }
        while (true) {
            skipSpace();
            l.add(value());
            skipSpace();
            char c = peek();
            if (c == ']') {
                pos++;
                depth--;
                return l;
            }
            if (c != ',') {
                throw error("',' or ']'");
            }
            pos++;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("at most " + MAX_DEPTH + " levels of nesting");
        }
    }

    private String string() {
        pos++;
        int start = pos;
        // fast path: no escapes
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder b = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (true) {
            if (pos >= text.length()) {
                throw error("'\"' to close the string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return b.toString();
            }
            if (c < 0x20) {
                throw error("an escaped control character");
            }
            pos++;
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("an escape character");
            }
            char e = text.charAt(pos);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'n': b.append('\n'); break;
                case 't': b.append('\t'); break;
                case 'r': b.append('\r'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'u':
                    pos++;
                    b.append(hex4());
                    continue;
                default:
                    throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
            }
            pos++;
        }
    }

    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
            if (d < 0) {
                throw error("four hex digits after \\u");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("a digit");
        }
        if (peek() == '.') {
            pos++;
            integral = false;
            if (!digits()) {
                throw error("a digit after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("a digit in the exponent");
            }
        }
        String n = text.substring(start, pos);
        if (!integral) {
            return Double.valueOf(n);
        }
        if (pos - start <= 18) {
            return Long.valueOf(n);
        }
        BigInteger big = new BigInteger(n);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object v) {
        if (!text.startsWith(word, pos)) {
            throw error("a value");
        }
        pos += word.length();
        return v;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private MalformedJsonException error(String expected) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        String found;
        if (pos >= text.length()) {
            found = "end of input";
        } else {
            char c = text.charAt(pos);
            found = c < 0x20 ? "character 0x" + Integer.toHexString(c) : "'" + c + "'";
        }
        return new MalformedJsonException("malformed JSON at line " + line + ", column " + col
                + ": expected " + expected + " but found " + found);
    }

    // ---------------------------------------------------------------- writing

    /** Compact JSON, as Jackson's {@code writeValueAsString}. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder(256);
        write(b, value, -1);
        return b.toString();
    }

    /** Four-space indents, {@code "key": value}, empty containers as {@code []} and {@code {}}. */
    public static String pretty(Object value) {
        StringBuilder b = new StringBuilder(1024);
        write(b, value, 0);
        return b.toString();
    }

    /** {@code indent} &lt; 0: compact; otherwise the current nesting level of a pretty print. */
    private static void write(StringBuilder b, Object v, int indent) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof CharSequence s) {
            quote(b, s);
        } else if (v instanceof Boolean) {
            b.append(((Boolean) v).booleanValue() ? "true" : "false");
        } else if (v instanceof Number n) {
            number(b, n);
        } else if (v instanceof Map<?, ?> m) {
            writeObject(b, m, indent);
        } else if (v instanceof List<?> l) {
            writeArray(b, l, indent);
        } else if (v instanceof Object[] a) {
            writeArray(b, java.util.Arrays.asList(a), indent);
        } else if (v instanceof Enum<?> e) {
            quote(b, e.name());
        } else {
            quote(b, v.toString());
        }
    }

    private static void writeObject(StringBuilder b, Map<?, ?> m, int indent) {
        if (m.isEmpty()) {
            b.append("{}");
            return;
        }
        b.append('{');
        boolean first = true;
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            if (!first) {
                b.append(',');
            }
            first = false;
            newline(b, indent < 0 ? -1 : indent + 1);
            quote(b, String.valueOf(e.getKey()));
            b.append(indent < 0 ? ":" : ": ");
            write(b, e.getValue(), indent < 0 ? -1 : indent + 1);
        }
        newline(b, indent);
        b.append('}');
    }

    private static void writeArray(StringBuilder b, List<?> l, int indent) {
        if (l.isEmpty()) {
            b.append("[]");
            return;
        }
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            newline(b, indent < 0 ? -1 : indent + 1);
            write(b, l.get(i), indent < 0 ? -1 : indent + 1);
        }
        newline(b, indent);
        b.append(']');
    }

    private static void newline(StringBuilder b, int indent) {
        if (indent < 0) {
            return;
        }
        b.append('\n');
        for (int i = 0; i < indent; i++) {
            b.append("    ");
        }
    }

    private static void number(StringBuilder b, Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                b.append('"').append(d).append('"');
                return;
            }
            if (n instanceof Float) {
                b.append(n.floatValue());
                return;
            }
            b.append(d);
            return;
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            b.append(n.longValue());
            return;
        }
        b.append(n.toString());
    }

    /** A JSON string: {@code "} and {@code \} escaped, control characters as Jackson writes them. */
    public static void quote(StringBuilder b, CharSequence s) {
        b.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                b.append(c);
                continue;
            }
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                default:
                    b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        b.append('"');
    }

    private static final char[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
}
