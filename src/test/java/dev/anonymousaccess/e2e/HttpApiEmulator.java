package dev.anonymousaccess.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.Lambda.HttpResult;

/**
 * Plays API Gateway's part for the routes of {@code template.yaml}: finds the route's function, calls the Lambda
 * authorizer first on guarded routes (payload 2.0, identity source {@code Authorization}), and answers as an HTTP API
 * does: 401 without the identity header or on {@code Unauthorized}, 403 on {@code isAuthorized: false}, 500 on any
 * other failure. Each request gets its own API Gateway request id, in the events and in the answer's
 * {@code apigw-requestid} header, as API Gateway does.
 */
final class HttpApiEmulator {

    static final String ROUTE_ARN_PREFIX = "arn:aws:execute-api:us-east-1:123456789012:e2eapi/$default/";

    private final SamTemplate template;
    private final Map<String, LambdaProcess> functions;

    HttpApiEmulator(SamTemplate template, Map<String, LambdaProcess> functions) {
        this.template = template;
        this.functions = functions;
    }

    HttpResult request(String method, String path, Map<String, String> headers, String body) {
        String requestId = UUID.randomUUID().toString();
        HttpResult result = route(method, path, headers, body, requestId);
        Map<String, String> answerHeaders = new LinkedHashMap<>(result.headers());
        answerHeaders.put("apigw-requestid", requestId);
        return new HttpResult(result.status(), answerHeaders, result.rawBody());
    }

    private HttpResult route(String method, String path, Map<String, String> headers, String body, String requestId) {
        SamTemplate.Route route = template.routes().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst().orElse(null);
        if (route == null) {
            return status(404, "{\"message\":\"Not Found\"}");
        }
        Map<String, Object> event = Lambda.httpEvent(method, path, lowerCase(headers), body, false);
        Map<String, Object> context = new LinkedHashMap<>(castMap(event.get("requestContext")));
        context.put("requestId", requestId);
        event.put("requestContext", context);
        if (route.authorized()) {
            String authorization = lowerCase(headers).get("authorization");
            if (authorization == null) {
                return status(401, "{\"message\":\"Unauthorized\"}");
            }
            Map<String, Object> authorizerEvent = new LinkedHashMap<>();
            authorizerEvent.put("version", "2.0");
            authorizerEvent.put("type", "REQUEST");
            authorizerEvent.put("routeArn", ROUTE_ARN_PREFIX + method + path);
            authorizerEvent.put("identitySource", List.of(authorization));
            authorizerEvent.put("routeKey", method + " " + path);
            authorizerEvent.put("rawPath", path);
            authorizerEvent.put("headers", lowerCase(headers));
            authorizerEvent.put("requestContext", event.get("requestContext"));
            LambdaProcess.Invocation decision = functions.get(template.authorizerFunction())
                    .invoke(Lambda.write(authorizerEvent));
            if (!decision.ok()) {
                boolean unauthorized = "Unauthorized".equals(Lambda.read(decision.payload()).path("errorMessage").asText());
                return unauthorized ? status(401, "{\"message\":\"Unauthorized\"}")
                        : status(500, "{\"message\":\"Internal Server Error\"}");
            }
            JsonNode answer = Lambda.read(decision.payload());
            if (!template.simpleResponses() || !answer.path("isAuthorized").asBoolean(false)) {
                return status(403, "{\"message\":\"Forbidden\"}");
            }
            Map<String, Object> requestContext = new LinkedHashMap<>(castMap(event.get("requestContext")));
            requestContext.put("authorizer", Map.of("lambda", Lambda.JSON.convertValue(answer.path("context"), Map.class)));
            event.put("requestContext", requestContext);
        }
        LambdaProcess.Invocation invocation = functions.get(route.function()).invoke(Lambda.write(event));
        return invocation.ok() ? HttpResult.of(invocation.payload())
                : status(500, "{\"message\":\"Internal Server Error\"}");
    }

    private static HttpResult status(int status, String body) {
        return new HttpResult(status, Map.of("Content-Type", "application/json"), body);
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(), value));
        return lower;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
