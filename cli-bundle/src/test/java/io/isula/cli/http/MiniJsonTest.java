package io.isula.cli.http;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MiniJsonTest {
    @Test
    void roundTripKeepsOrderAndTypes() {
        String text = "{\"z\":1,\"a\":[true,false,null,\"s\",-2.5,{\"k\":[]}],\"m\":{},\"big\":123456789012345678901234567890}";
        Object tree = MiniJson.parse(text);
        assertEquals(text, MiniJson.write(tree));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) tree;
        assertEquals(List.of("z", "a", "m", "big"), new ArrayList<>(m.keySet()));
        assertEquals(1L, m.get("z"));
        assertEquals(new BigInteger("123456789012345678901234567890"), m.get("big"));
        assertEquals(MiniJson.parse(MiniJson.pretty(tree)), tree);
    }

    @Test
    void numbers() {
        assertEquals(0L, MiniJson.parse("0"));
        assertEquals(-7L, MiniJson.parse("-7"));
        assertEquals(Long.MAX_VALUE, MiniJson.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, MiniJson.parse("-9223372036854775808"));
        assertEquals(new BigInteger("9223372036854775808"), MiniJson.parse("9223372036854775808"));
        assertEquals(1.5, MiniJson.parse("1.5"));
        assertEquals(1e10, MiniJson.parse("1e10"));
        assertEquals(-2.5e-3, MiniJson.parse("-2.5E-3"));
        assertEquals(100.0, MiniJson.parse("1E+2"));
        for (String bad : new String[] {"01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "--1"}) {
            assertThrows(MiniJson.MalformedJsonException.class, () -> MiniJson.parse(bad), bad);
        }
        assertEquals("[1,-2,2.5,1.0E10,3]", MiniJson.write(Arrays.asList(1, -2L, 2.5, 1e10, new BigInteger("3"))));
    }

    @Test
    void escapesBothWays() {
        assertEquals("a\"b\\c/d\b\f\n\r\t", MiniJson.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""));
        assertEquals("\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\"", MiniJson.write("a\"b\\c/d\b\f\n\r\t"));
        assertEquals("\"\\u0000\\u001F\\u007f\"".replace("\\u007f", "\u007f"), MiniJson.write("\u0000\u001f\u007f"));
        assertEquals("\u0001", MiniJson.parse("\"\\u0001\""));
    }

    @Test
    void unicode() {
        assertEquals("é€😀", MiniJson.parse("\"\\u00e9\\u20AC\\ud83d\\ude00\""));
        assertEquals("é€😀", MiniJson.parse("\"é€😀\""));
        assertEquals("\"é€😀\"", MiniJson.write("é€😀"));
        assertEquals("日本", ((Map<?, ?>) MiniJson.parse("{\"日本\":\"日本\"}")).get("日本"));
    }

    @Test
    void nested() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("{\"a\":[");
        }
        deep.append("1");
        for (int i = 0; i < 100; i++) {
            deep.append("]}");
        }
        assertEquals(deep.toString(), MiniJson.write(MiniJson.parse(deep.toString())));
        String tooDeep = "[".repeat(MiniJson.MAX_DEPTH + 1) + "]".repeat(MiniJson.MAX_DEPTH + 1);
        MiniJson.MalformedJsonException e = assertThrows(MiniJson.MalformedJsonException.class, () -> MiniJson.parse(tooDeep));
        assertTrue(e.getMessage().contains("levels of nesting"), e.getMessage());
    }

    @Test
    void whitespaceAndLiterals() {
        assertEquals(List.of(true, false), MiniJson.parse(" \r\n\t[ true ,\n false ] \n"));
        assertNull(MiniJson.parse("null"));
        Map<String, Object> dup = new LinkedHashMap<>();
        dup.put("a", 2L);
        assertEquals(dup, MiniJson.parse("{\"a\":1,\"a\":2}"));
    }

    @Test
    void malformedInputSaysWhereAndWhat() {
        assertMessage("{\"a\":}", "malformed JSON at line 1, column 6: expected a value but found '}'");
        assertMessage("[1,", "malformed JSON at line 1, column 4: expected a value but found end of input");
        assertMessage("{\"a\" 1}", "malformed JSON at line 1, column 6: expected ':' but found '1'");
        assertMessage("{\n  \"a\": 1\n  \"b\": 2}", "malformed JSON at line 3, column 3: expected ',' or '}' but found '\"'");
        assertMessage("{a:1}", "malformed JSON at line 1, column 2: expected a string key but found 'a'");
        assertMessage("[1] x", "malformed JSON at line 1, column 5: expected end of input but found 'x'");
        assertMessage("\"abc", "malformed JSON at line 1, column 5: expected '\"' to close the string but found end of input");
        assertMessage("\"a\nb\"", "malformed JSON at line 1, column 3: expected an escaped control character but found character 0xa");
        assertMessage("\"\\x\"", "malformed JSON at line 1, column 3: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX but found 'x'");
        assertMessage("\"\\u12g4\"", "malformed JSON at line 1, column 6: expected four hex digits after \\u but found 'g'");
        assertMessage("tru", "malformed JSON at line 1, column 1: expected a value but found 't'");
        assertMessage("", "malformed JSON at line 1, column 1: expected a value but found end of input");
        assertTrue(MiniJson.object("nope").isEmpty());
        assertTrue(MiniJson.object("[1]").isEmpty());
    }

    private static void assertMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void prettyAsJackson() {
        Object tree = MiniJson.parse("[{\"a\":[],\"b\":{},\"c\":[1,{\"d\":null}]}]");
        assertEquals("[\n    {\n        \"a\": [],\n        \"b\": {},\n        \"c\": [\n            1,\n            {\n"
                + "                \"d\": null\n            }\n        ]\n    }\n]", MiniJson.pretty(tree));
        assertEquals("[]", MiniJson.pretty(List.of()));
    }
}
