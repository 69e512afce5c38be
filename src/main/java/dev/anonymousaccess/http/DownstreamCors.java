package dev.anonymousaccess.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.anonymousaccess.client.RequestOrigin;

/**
 * CORS for an API behind the authorizer, such as {@code GET /me}: the pattern for downstream APIs.
 *
 * <p>The preflight carries no token, so it cannot know the caller's client app; it only lets the browser send the
 * request (with its {@code Authorization} header) and grants nothing: the request still needs a valid token, and its
 * answer is readable only by an origin that the token's client app allows, taken from the authorizer's context. That
 * context is the client app's list, not a decision about one origin, so the authorizer cache (keyed by the token
 * alone) cannot hand one origin's answer to another.
 */
public final class DownstreamCors {

    private final String methods;
    private final String maxAgeSeconds;

    /** @param methods the methods of the route, as {@code Access-Control-Allow-Methods} lists them */
    public DownstreamCors(String methods, Duration maxAge) {
        this.methods = methods;
        this.maxAgeSeconds = Long.toString(maxAge.toSeconds());
    }

    /** The preflight's answer headers, or empty when the request has no well-formed {@code Origin}. */
    public Optional<Map<String, String>> preflight(HttpRequest request) {
        return request.origin().filter(origin -> RequestOrigin.parse(origin).isPresent())
                .map(origin -> CorsHeaders.preflight(origin, methods, "Authorization", maxAgeSeconds));
    }

    /**
     * The headers that let the request's origin read the answer, when {@code allowedOrigins} (the client app's canonical
     * patterns, from the authorizer's context) admit it; otherwise only {@code Vary: Origin}, and the browser withholds
     * the answer. Matched by the patterns that would admit the origin, as the preflight index is: no pattern is parsed
     * (nor its public suffix looked up) on each request.
     */
    public Map<String, String> answer(HttpRequest request, List<String> allowedOrigins) {
        Optional<String> origin = request.origin();
        boolean admitted = origin.flatMap(RequestOrigin::parse)
                .map(parsed -> parsed.matchingPatterns().stream().anyMatch(allowedOrigins::contains)).orElse(false);
        return admitted ? CorsHeaders.allowOrigin(origin.get()) : new LinkedHashMap<>(Map.of("Vary", "Origin"));
    }
}
