package dev.anonymousaccess.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("rules")
class OriginRulesTest {

    static boolean admits(String allowed, String origin) {
        return OriginPolicy.of(List.of(AllowedOrigin.parse(allowed).canonical()))
                .admits(RequestOrigin.parse(origin).orElseThrow());
    }

    @Test
    void exactOriginAdmitsOnlyItself() {
        assertTrue(admits("https://app.example.com", "https://app.example.com"));
        assertFalse(admits("https://app.example.com", "https://www.app.example.com"));
        assertFalse(admits("https://app.example.com", "http://app.example.com"));
        assertFalse(admits("https://app.example.com", "https://app.example.com:444"));
    }

    @Test
    void defaultPortsAreTheSameOrigin() {
        assertTrue(admits("https://app.example.com", "https://app.example.com:443"));
        assertTrue(admits("http://app.example.com:80", "http://app.example.com"));
        assertEquals("https://app.example.com", AllowedOrigin.parse("https://app.example.com:443").canonical());
    }

    @Test
    void nonAsciiLookAlikesAreNotOrigins() {
        // U+212A KELVIN SIGN lower-cases to an ASCII "k".
        assertTrue(RequestOrigin.parse("https://\u212A.example.org").isEmpty());
        assertTrue(RequestOrigin.parse("https://\u0130.example.org").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> AllowedOrigin.parse("https://\u212Aey.example.org"));
    }

    @Test
    void wildcardsMustNotSpanAPublicSuffix() {
        for (String origin : List.of("https://*.co.uk", "https://*.github.io", "https://*.herokuapp.com",
                "https://*.com.br")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllowedOrigin.parse(origin));
            assertTrue(e.getMessage().contains("public suffix"), e.getMessage());
        }
        assertTrue(admits("https://*.shop.co.uk", "https://eu.shop.co.uk"));
        assertTrue(admits("https://*.me.github.io", "https://app.me.github.io"));
    }

    @Test
    void hostsAreCaseInsensitive() {
        assertTrue(admits("https://App.Example.COM", "https://app.example.com"));
        assertTrue(admits("https://app.example.com", "HTTPS://APP.EXAMPLE.COM"));
    }

    @Test
    void wildcardAdmitsSubdomainsAtAnyDepthButNotTheDomain() {
        assertTrue(admits("https://*.example.com", "https://a.example.com"));
        assertTrue(admits("https://*.example.com", "https://a.b.example.com"));
        assertFalse(admits("https://*.example.com", "https://example.com"));
        assertFalse(admits("https://*.example.com", "https://evilexample.com"));
        assertFalse(admits("https://*.example.com", "https://a.example.com.evil.net"));
        assertFalse(admits("https://*.example.com", "http://a.example.com"));
    }

    @Test
    void wildcardPortMustMatch() {
        assertTrue(admits("https://*.example.com:8443", "https://a.example.com:8443"));
        assertFalse(admits("https://*.example.com:8443", "https://a.example.com"));
    }

    @Test
    void invalidAllowedOriginsAreRejectedWithAReason() {
        for (String bad : List.of("", "example.com", "https://", "https://a.com/", "https://a.com/x", "https://a.com?x",
                "ftp://a.com", "https://*.com", "https://*", "https://a.*.com", "https://*.*.a.com", "https://a.com:0",
                "https://a.com:65536", "https://-a.com", "https://a_b.com", "https://user@a.com")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllowedOrigin.parse(bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void requestOriginsThatAreNotOriginsAreRefused() {
        for (String bad : List.of("null", "", "https://a.com/", "file://", "https://a.com:99999", "https://*.a.com")) {
            assertTrue(RequestOrigin.parse(bad).isEmpty(), bad);
        }
        assertTrue(RequestOrigin.parse("x".repeat(300)).isEmpty());
    }

    @Test
    void matchingPatternsListEveryPatternThatCouldAdmitTheOrigin() {
        assertEquals(List.of("https://a.b.example.com", "https://*.b.example.com", "https://*.example.com"),
                RequestOrigin.parse("https://a.b.example.com").orElseThrow().matchingPatterns());
        assertEquals(List.of("http://localhost:3000"), RequestOrigin.parse("http://localhost:3000").orElseThrow()
                .matchingPatterns());
        assertEquals(List.of("https://a.example.com:8443", "https://*.example.com:8443"),
                RequestOrigin.parse("https://a.example.com:8443").orElseThrow().matchingPatterns());
    }

    @Test
    void everyAdmittingPatternIsAmongTheMatchingPatterns() {
        for (String allowed : List.of("https://*.example.com", "https://a.b.example.com", "https://*.b.example.com")) {
            RequestOrigin origin = RequestOrigin.parse("https://a.b.example.com").orElseThrow();
            assertTrue(origin.matchingPatterns().contains(AllowedOrigin.parse(allowed).canonical()), allowed);
        }
    }
}
