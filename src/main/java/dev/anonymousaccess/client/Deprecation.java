package dev.anonymousaccess.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.anonymousaccess.error.OAuthException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The end of anonymous access for one client app, as its operator announced it: from {@code deprecatedAt} on, the
 * answers of {@code create} and {@code refresh} say so ({@code Deprecation}, RFC 9745; {@code Sunset}, RFC 8594;
 * {@code Link; rel="deprecation"}); from {@code sunsetAt} on, {@code create} makes no new anonymous users. Existing
 * users keep working until their own inactivity ends, so that the app can still keep them.
 *
 * @param sunsetAt null when no end date is announced yet
 * @param link an https page that explains the change, or null
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deprecation(Instant deprecatedAt, Instant sunsetAt, URI link) {

    static final int MAX_LINK_LENGTH = 2048;
    /** RFC 9110's IMF-fixdate, the form of {@code Sunset}. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Reads an operator's definition: ISO-8601 instants in whole seconds, a sunset not before the deprecation, an
     * https link.
     *
     * @throws OAuthException {@code invalid_request}, saying what is wrong
     */
    public static Deprecation of(String deprecatedAt, String sunsetAt, String link) {
        Deprecation deprecation = new Deprecation(instant("deprecation.deprecatedAt", deprecatedAt),
                instant("deprecation.sunsetAt", sunsetAt), link == null ? null : uri(link));
        deprecation.validate();
        return deprecation;
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw OAuthException.invalidRequest(field + " must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw OAuthException.invalidRequest("deprecation.link must be an https URL");
        }
    }

    /**
     * The rules of a deprecation: a deprecation instant, both instants in whole seconds, a sunset not before the
     * deprecation, and a plain https link (it goes into a header: no spaces, quotes, angle brackets or controls).
     *
     * @throws OAuthException {@code invalid_request}, saying what is wrong
     */
    void validate() {
        if (deprecatedAt == null) {
            throw OAuthException.invalidRequest("deprecation.deprecatedAt is required (an ISO-8601 instant)");
        }
        if (deprecatedAt.getNano() != 0 || (sunsetAt != null && sunsetAt.getNano() != 0)) {
            throw OAuthException.invalidRequest("deprecation instants must be in whole seconds");
        }
        if (sunsetAt != null && sunsetAt.isBefore(deprecatedAt)) {
            throw OAuthException.invalidRequest("deprecation.sunsetAt must not be before deprecation.deprecatedAt");
        }
        if (link != null) {
            String value = link.toString();
            if (value.length() > MAX_LINK_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                    || value.contains("<") || value.contains(">") || value.contains("\"")
                    || !"https".equalsIgnoreCase(link.getScheme()) || link.getHost() == null) {
                throw OAuthException.invalidRequest("deprecation.link must be an https URL of printable ASCII, at most "
                        + MAX_LINK_LENGTH + " characters");
            }
        }
    }

    /** Whether anonymous sign-up has ended at {@code now}. */
    public boolean sunsetReached(Instant now) {
        return sunsetAt != null && !now.isBefore(sunsetAt);
    }

    /** The answer headers that announce the deprecation at {@code now}: none before {@code deprecatedAt}. */
    public Map<String, String> headersAt(Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (now.isBefore(deprecatedAt)) {
            return headers;
        }
        headers.put("Deprecation", "@" + deprecatedAt.getEpochSecond());
        if (sunsetAt != null) {
            headers.put("Sunset", IMF_FIXDATE.format(sunsetAt));
        }
        if (link != null) {
            headers.put("Link", "<" + link + ">; rel=\"deprecation\"");
        }
        return headers;
    }
}
