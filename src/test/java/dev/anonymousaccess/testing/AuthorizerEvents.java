package dev.anonymousaccess.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The authorizer events API Gateway sends, as JSON-ready maps. */
public final class AuthorizerEvents {

    public static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/GET/orders/42";
    public static final String ROUTE_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123def4/$default/GET/me";
    public static final String STAGE_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/*/*";
    public static final String HTTP_STAGE_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123def4/$default/*/*";

    private AuthorizerEvents() {
    }

    /** REST API TOKEN authorizer. */
    public static Map<String, Object> token(String authorization) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "TOKEN");
        event.put("authorizationToken", authorization);
        event.put("methodArn", METHOD_ARN);
        return event;
    }

    /** REST API REQUEST authorizer (payload 1.0). */
    public static Map<String, Object> restRequest(String authorization) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "REQUEST");
        event.put("methodArn", METHOD_ARN);
        event.put("resource", "/orders/{id}");
        event.put("path", "/orders/42");
        event.put("httpMethod", "GET");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "abc123def4.execute-api.eu-west-1.amazonaws.com");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        event.put("headers", headers);
        event.put("multiValueHeaders", Map.of());
        event.put("queryStringParameters", Map.of());
        event.put("pathParameters", Map.of("id", "42"));
        event.put("stageVariables", Map.of());
        event.put("requestContext", Map.of("stage", "prod", "requestId", "r-1", "httpMethod", "GET"));
        return event;
    }

    /** HTTP API REQUEST authorizer, payload 2.0. */
    public static Map<String, Object> httpV2(String authorization) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", ROUTE_ARN);
        if (authorization != null) {
            event.put("identitySource", List.of(authorization));
        }
        event.put("routeKey", "GET /me");
        event.put("rawPath", "/me");
        event.put("rawQueryString", "");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "abc123def4.execute-api.eu-west-1.amazonaws.com");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        event.put("headers", headers);
        event.put("requestContext", Map.of("accountId", "123456789012", "apiId", "abc123def4", "http",
                Map.of("method", "GET", "path", "/me"), "requestId", "r-2", "routeKey", "GET /me", "stage", "$default"));
        return event;
    }
}
