package dev.anonymousaccess.testing;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/** Invokes the exported function through Quarkus's Lambda mock event server, as the Lambda runtime would. */
public final class Lambda {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Lambda() {
    }

    public static Response invoke(Object event) {
        return given().contentType("application/json").body(event instanceof String s ? s : write(event))
                .post("/_lambda_");
    }

    /**
     * Invokes an HTTP API function and reads its proxy response, which must be as docs/openapi.yaml describes it
     * where the document describes the event's route.
     */
    public static HttpResult http(Map<String, Object> event) {
        Response response = invoke(event);
        if (response.statusCode() != 200) {
            throw new AssertionError("invocation failed: " + response.asString());
        }
        return answerTo(event, response.asString());
    }

    /** The same for an event written out as JSON (a sample event of events/, say). */
    public static HttpResult http(String event) {
        return http(eventOf(event));
    }

    /** An event written out as JSON, as the map {@link #http} takes. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> eventOf(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not an event: " + json, e);
        }
    }

    /**
     * The proxy response {@code payload} of an HTTP API function to {@code event}, checked against docs/openapi.yaml
     * where the document describes the event's route.
     */
    public static HttpResult answerTo(Map<String, Object> event, String payload) {
        HttpResult answer = HttpResult.of(payload);
        if (event.get("requestContext") instanceof Map<?, ?> context && context.get("http") instanceof Map<?, ?> http
                && http.get("method") instanceof String method && event.get("rawPath") instanceof String path) {
            OpenApiDocument.checkAnswer(method, path, answer.status(), answer.headers(), answer.rawBody());
        }
        return answer;
    }

    /** An HTTP API (payload 2.0) event for {@code method} with the given headers and body. */
    public static Map<String, Object> httpEvent(String method, String path, Map<String, String> headers, String body,
            boolean base64) {
        return httpEvent(method, path, headers, body, base64, "203.0.113.7");
    }

    /** The same, from {@code sourceIp} as API Gateway saw it. */
    public static Map<String, Object> httpEvent(String method, String path, Map<String, String> headers, String body,
            boolean base64, String sourceIp) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path, "protocol", "HTTP/1.1",
                "sourceIp", sourceIp, "userAgent", "test"), "requestId", "req-1", "routeKey",
                method + " " + path, "stage", "$default"));
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    private static final ObjectMapper EVENTS = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A {@code POST} of a JSON body as the event object a function receives (to call an endpoint bean directly). */
    public static APIGatewayV2HTTPEvent post(String path, Map<String, String> headers, String body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("content-type", "application/json");
        return EVENTS.convertValue(httpEvent("POST", path, all, body, false), APIGatewayV2HTTPEvent.class);
    }

    /** A request of {@code method} without a body as the event object a function receives. */
    public static APIGatewayV2HTTPEvent request(String method, String path, Map<String, String> headers) {
        return EVENTS.convertValue(httpEvent(method, path, headers, null, false), APIGatewayV2HTTPEvent.class);
    }

    /**
     * What an endpoint bean answers {@code event}, as the HTTP result a client sees, checked against
     * docs/openapi.yaml as {@link #http} checks a function's answer.
     */
    public static HttpResult answer(Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> endpoint,
            APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = endpoint.apply(event);
        HttpResult answer = new HttpResult(response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(), response.getBody());
        OpenApiDocument.checkAnswer(event.getRequestContext().getHttp().getMethod(), event.getRawPath(),
                answer.status(), answer.headers(), answer.rawBody());
        return answer;
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** The proxy response of an HTTP API function. */
    public record HttpResult(int status, Map<String, String> headers, String rawBody) {

        public static HttpResult of(String payload) {
            JsonNode node = read(payload);
            Map<String, String> headers = new LinkedHashMap<>();
            node.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            JsonNode body = node.get("body");
            return new HttpResult(node.path("statusCode").asInt(), headers,
                    body == null || body.isNull() ? null : body.asText());
        }

        /** An answer received over HTTP, a header's repeated values joined as one list (RFC 9110 §5.3). */
        public static HttpResult of(int status, Map<String, List<String>> headers, String rawBody) {
            Map<String, String> joined = new LinkedHashMap<>();
            headers.forEach((name, values) -> joined.put(name, String.join(", ", values)));
            return new HttpResult(status, joined, rawBody);
        }

        public JsonNode body() {
            return read(rawBody);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }
}
