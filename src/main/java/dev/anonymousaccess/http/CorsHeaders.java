package dev.anonymousaccess.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The CORS headers every endpoint answers with; which origin earns them is each endpoint's own rule. */
final class CorsHeaders {

    private CorsHeaders() {
    }

    /**
     * Lets {@code origin} read the answer, including the headers a client library acts on ({@code Retry-After}, the
     * deprecation notice), which are not CORS-safelisted; {@code Vary} keeps caches from serving it to another origin.
     */
    static Map<String, String> allowOrigin(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", origin);
        headers.put("Access-Control-Expose-Headers", "Retry-After, Deprecation, Sunset, Link");
        headers.put("Vary", "Origin");
        return headers;
    }

    /** A preflight's answer headers for {@code origin}: the route's methods and request headers, cached for max-age. */
    static Map<String, String> preflight(String origin, String methods, String requestHeaders, String maxAgeSeconds) {
        Map<String, String> headers = allowOrigin(origin);
        headers.put("Access-Control-Allow-Methods", methods);
        headers.put("Access-Control-Allow-Headers", requestHeaders);
        headers.put("Access-Control-Max-Age", maxAgeSeconds);
        return headers;
    }
}
