package dev.anonymousaccess.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;

import dev.anonymousaccess.error.OAuthError;

/**
 * Builds HTTP API responses. Every one is JSON and uncacheable (RFC 6749 §5.1: {@code Cache-Control: no-store},
 * {@code Pragma: no-cache}).
 */
public final class HttpResponses {

    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> extraHeaders) {
        String text;
        try {
            text = JsonMapper.INSTANCE.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body cannot be written as JSON", e);
        }
        return response(status, text, extraHeaders);
    }

    /** A {@code Retry-After} value: whole seconds, rounded up, at least 1 (retrying at the given time must succeed). */
    static String retryAfterSeconds(Duration after) {
        return Long.toString(Math.max(1, after.plusNanos(999_999_999).toSeconds()));
    }

    public static APIGatewayV2HTTPResponse error(OAuthError error, String description,
            Map<String, String> extraHeaders) {
        return json(error.status(), new ErrorBody(error.code(), description), extraHeaders);
    }

    /** The OAuth error code of an answer {@link #error} built, or null for any other answer. */
    public static String errorCode(APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() < 400 || response.getBody() == null) {
            return null;
        }
        try {
            return JsonMapper.INSTANCE.readTree(response.getBody()).path("error").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * A public document any cache may keep for {@code maxAge} ({@code Cache-Control: public, max-age}): the published
     * keys and metadata, never a token.
     */
    public static APIGatewayV2HTTPResponse cacheable(Object body, Duration maxAge,
            Map<String, String> extraHeaders) {
        String text;
        try {
            text = JsonMapper.INSTANCE.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body cannot be written as JSON", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "public, max-age=" + maxAge.toSeconds());
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(text)
                .withIsBase64Encoded(false).build();
    }

    public static APIGatewayV2HTTPResponse noContent(Map<String, String> extraHeaders) {
        return response(204, null, extraHeaders);
    }

    private static APIGatewayV2HTTPResponse response(int status, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false).build();
    }
}
