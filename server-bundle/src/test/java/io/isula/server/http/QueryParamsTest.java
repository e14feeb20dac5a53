package io.isula.server.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryParamsTest {
    @Test
    void booleansFollowDocker() {
        QueryParams q = QueryParams.of("/x?a=1&b=true&c=True&d=0&e=false&f=&g=no&h=none&i=yes");
        assertTrue(q.bool("a"));
        assertTrue(q.bool("b"));
        assertTrue(q.bool("c"));
        assertTrue(q.bool("i"));
        assertFalse(q.bool("d"));
        assertFalse(q.bool("e"));
        assertFalse(q.bool("f"));
        assertFalse(q.bool("g"));
        assertFalse(q.bool("h"));
        assertFalse(q.bool("missing"));
    }

    @Test
    void integersAreCheckedAndDecoded() {
        QueryParams q = QueryParams.of("/x?t=5&bad=five&empty=&name=a%20b");
        assertEquals(5, q.integer("t", -1));
        assertEquals(-1, q.integer("empty", -1));
        assertEquals(-1, q.integer("missing", -1));
        assertEquals("a b", q.get("name"));
        ApiException e = assertThrows(ApiException.class, () -> q.integer("bad", 0));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("bad"));
    }
}
