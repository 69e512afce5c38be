package dev.anonymousaccess.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import dev.anonymousaccess.error.OAuthException;

/**
 * The parts of an HTTP API (payload 2.0) event that the public endpoints read.
 *
 * @param rawBody the body as the event carries it; {@link #body()} decodes it
 * @param sourceIp the address API Gateway saw the request come from (never a client-supplied header)
 */
public record HttpRequest(String method, Map<String, String> headers, String rawBody, boolean base64,
        String sourceIp) {

    public static HttpRequest of(APIGatewayV2HTTPEvent event) {
        String method = event != null && event.getRequestContext() != null
                && event.getRequestContext().getHttp() != null
                        ? event.getRequestContext().getHttp().getMethod()
                        : null;
        if (method == null || method.isBlank()) {
            // API Gateway always sends the method: anything else is not an HTTP API payload 2.0 event.
            throw OAuthException.invalidRequest("not an API Gateway HTTP API (payload 2.0) request");
        }
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        return new HttpRequest(method.toUpperCase(Locale.ROOT), headers, event.getBody(), event.getIsBase64Encoded(),
                event.getRequestContext().getHttp().getSourceIp());
    }

    /** The path the event names (its route's, else the raw path), or empty: which route a function answers. */
    public static String pathOf(APIGatewayV2HTTPEvent event) {
        if (event == null) {
            return "";
        }
        String route = event.getRouteKey();
        if (route != null && route.indexOf(' ') > 0) {
            return route.substring(route.indexOf(' ') + 1);
        }
        return event.getRawPath() == null ? "" : event.getRawPath();
    }

    /**
     * The body as text, base64-decoded when the event says so; empty when there is none.
     *
     * @throws OAuthException {@code invalid_request} when the body claims base64 but is not
     */
    public Optional<String> body() {
        return decode(rawBody, base64);
    }

    @Override
    public String toString() {
        return "HttpRequest[method=" + method + "]"; // the body and headers may carry tokens
    }

    public Optional<String> header(String name) {
        return Headers.get(headers, name);
    }

    /** The browser origin, when the request comes from a browser. */
    public Optional<String> origin() {
        return header("Origin");
    }

    /** The media type of the body, lower case, without parameters. */
    public String mediaType() {
        String contentType = header("Content-Type").orElse("");
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> decode(String body, boolean base64) {
        if (body == null || body.isEmpty()) {
            return Optional.empty();
        }
        if (!base64) {
            return Optional.of(body);
        }
        try {
            // The strict decoder: API Gateway never wraps lines, and junk inside or after the data is an error.
            return Optional.of(new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("the body is marked base64-encoded but is not valid base64");
        }
    }
}
