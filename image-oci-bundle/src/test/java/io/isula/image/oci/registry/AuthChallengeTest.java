package io.isula.image.oci.registry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthChallengeTest {
    @Test
    void bearerWithQuotedValuesAndCommasInsideQuotes() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"");
        assertEquals(1, challenges.size());
        AuthChallenge c = challenges.get(0);
        assertEquals("bearer", c.scheme());
        assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:samalba/my-app:pull,push"), c.parameters());
    }

    @Test
    void basicAndSeveralChallengesInOneValue() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://a/t\" , "
                + "Negotiate");
        assertEquals(List.of("basic", "bearer", "negotiate"), challenges.stream().map(AuthChallenge::scheme).toList());
        assertEquals("Registry Realm", challenges.get(0).parameter("realm"));
        assertEquals("https://a/t", challenges.get(1).parameter("realm"));
        assertTrue(challenges.get(2).parameters().isEmpty());
    }

    @Test
    void unquotedValuesEscapesCaseAndSpaces() {
        AuthChallenge c = AuthChallenge.parse("BEARER  Realm = https://h/token , Service=reg,error=\"invalid_token\","
                + "error_description=\"say \\\"hi\\\"\"").get(0);
        assertEquals("bearer", c.scheme());
        assertEquals("https://h/token", c.parameter("realm"));
        assertEquals("reg", c.parameter("service"));
        assertEquals("invalid_token", c.parameter("error"));
        assertEquals("say \"hi\"", c.parameter("error_description"));
    }

    @Test
    void severalHeaderValuesAndGarbage() {
        List<AuthChallenge> all = AuthChallenge.parseAll(List.of("Basic realm=x", "Bearer realm=\"unterminated"));
        assertEquals(2, all.size());
        assertEquals("unterminated", all.get(1).parameter("realm"));
        assertTrue(AuthChallenge.parse("").isEmpty());
        assertTrue(AuthChallenge.parse(null).isEmpty());
        assertEquals(List.of("token68"), AuthChallenge.parse(",, = ,token68").stream().map(AuthChallenge::scheme).toList());
    }
}
