package dev.anonymousaccess.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;

/** The end of a client app's anonymous access: what an operator may announce, and what the answers then say. */
@Tag("rules")
class DeprecationTest {

    static final Deprecation ANNOUNCED = Deprecation.of("2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z",
            "https://example.com/guest-access");

    static String refusal(String deprecatedAt, String sunsetAt, String link) {
        OAuthException e = assertThrows(OAuthException.class, () -> Deprecation.of(deprecatedAt, sunsetAt, link));
        assertEquals(OAuthError.INVALID_REQUEST, e.error());
        return e.getMessage();
    }

    @Test
    void beforeDeprecatedAtTheAnswersSayNothing() {
        assertEquals(Map.of(), ANNOUNCED.headersAt(Instant.parse("2026-12-31T23:59:59Z")));
    }

    @Test
    void fromDeprecatedAtTheAnswersCarryDeprecationSunsetAndLink() {
        Map<String, String> headers = ANNOUNCED.headersAt(Instant.parse("2027-01-01T00:00:00Z"));

        assertEquals("@1798761600", headers.get("Deprecation"));
        assertEquals("Thu, 01 Jul 2027 00:00:00 GMT", headers.get("Sunset"));
        assertEquals("<https://example.com/guest-access>; rel=\"deprecation\"", headers.get("Link"));
    }

    @Test
    void withoutASunsetOrLinkOnlyDeprecationIsSaid() {
        Deprecation open = Deprecation.of("2027-01-01T00:00:00Z", null, null);

        assertEquals(Map.of("Deprecation", "@1798761600"), open.headersAt(Instant.parse("2027-02-01T00:00:00Z")));
        assertFalse(open.sunsetReached(Instant.parse("2099-01-01T00:00:00Z")));
    }

    @Test
    void theSunsetIsReachedAtItsSecond() {
        assertFalse(ANNOUNCED.sunsetReached(Instant.parse("2027-06-30T23:59:59Z")));
        assertTrue(ANNOUNCED.sunsetReached(Instant.parse("2027-07-01T00:00:00Z")));
    }

    @Test
    void deprecatedAtIsRequired() {
        assertTrue(refusal(null, "2027-07-01T00:00:00Z", null).contains("deprecatedAt is required"));
    }

    @Test
    void instantsAreIsoAndInWholeSeconds() {
        assertTrue(refusal("1 January 2027", null, null).contains("ISO-8601"));
        assertTrue(refusal("2027-01-01T00:00:00.500Z", null, null).contains("whole seconds"));
        assertTrue(refusal("2027-01-01T00:00:00Z", "2027-07-01T00:00:00.1Z", null).contains("whole seconds"));
    }

    @Test
    void theSunsetMayNotComeBeforeTheDeprecation() {
        assertTrue(refusal("2027-07-01T00:00:00Z", "2027-01-01T00:00:00Z", null).contains("must not be before"));
        Deprecation sameSecond = Deprecation.of("2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", null);
        assertTrue(sameSecond.sunsetReached(Instant.parse("2027-01-01T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://example.com/a", "ftp://example.com/a", "https:///path", "not a url",
            "https://example.com/a\r\nSet-Cookie: x=1", "https://example.com/<script>", "https://example.com/\"a" })
    void theLinkIsAPlainHttpsUrl(String link) {
        assertTrue(refusal("2027-01-01T00:00:00Z", null, link).contains("deprecation.link"));
    }
}
