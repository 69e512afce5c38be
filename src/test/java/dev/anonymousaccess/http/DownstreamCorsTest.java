package dev.anonymousaccess.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The downstream API's CORS rule against the client app's origins from the authorizer's context. */
@Tag("rules")
class DownstreamCorsTest {

    static final List<String> ALLOWED = List.of("http://localhost:3000", "https://*.example.com",
            "https://app.example.org");
    final DownstreamCors cors = new DownstreamCors("GET, OPTIONS", Duration.ofMinutes(10));

    static HttpRequest from(String origin) {
        return new HttpRequest("GET", origin == null ? Map.of() : Map.of("origin", origin), null, false, "192.0.2.1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:3000", "https://shop.example.com", "https://a.b.example.com",
            "https://app.example.org", "https://app.example.org:443" })
    void anOriginTheClientAppAllowsMayReadTheAnswer(String origin) {
        assertEquals(origin, cors.answer(from(origin), ALLOWED).get("Access-Control-Allow-Origin"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://example.com", "http://shop.example.com", "http://localhost:3001",
            "https://localhost:3000", "https://shop.example.org", "https://evil-example.com", "null", "not an origin" })
    void anyOtherOriginGetsOnlyVary(String origin) {
        assertEquals(Map.of("Vary", "Origin"), cors.answer(from(origin), ALLOWED));
    }

    @Test
    void aRequestWithoutOriginGetsOnlyVary() {
        assertEquals(Map.of("Vary", "Origin"), cors.answer(from(null), ALLOWED));
    }

    @Test
    void thePreflightNamesTheRoutesMethodsAndTheAuthorizationHeader() {
        Map<String, String> headers = cors.preflight(from("https://anywhere.example.net")).orElseThrow();

        assertEquals("https://anywhere.example.net", headers.get("Access-Control-Allow-Origin"));
        assertEquals("GET, OPTIONS", headers.get("Access-Control-Allow-Methods"));
        assertEquals("Authorization", headers.get("Access-Control-Allow-Headers"));
        assertEquals("600", headers.get("Access-Control-Max-Age"));
        assertEquals("Origin", headers.get("Vary"));
    }

    @Test
    void aPreflightWithoutAWellFormedOriginIsNotAnswered() {
        assertTrue(cors.preflight(from(null)).isEmpty());
        assertTrue(cors.preflight(from("null")).isEmpty());
    }
}
