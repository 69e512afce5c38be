package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.Lambda;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Exports.Me.class)
class MeFunctionTest {

    /** A user id as the service makes them (a version 4 UUID), as the authorizer hands it on. */
    static final String USER_ID = "3f1c2a9e-6b7d-4c1e-9a2f-5d8e7c6b4a31";

    static Map<String, Object> eventWithAuthorizerContext(Map<String, Object> lambdaContext) {
        Map<String, Object> event = httpEvent("GET", "/me", Map.of("authorization", "Bearer x"), null, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> requestContext = new java.util.LinkedHashMap<>((Map<String, Object>) event.get("requestContext"));
        requestContext.put("authorizer", Map.of("lambda", lambdaContext));
        event.put("requestContext", requestContext);
        return event;
    }

    @Test
    void answersWithTheAuthorizedUser() {
        HttpResult result = http(eventWithAuthorizerContext(Map.of("userId", USER_ID, "clientId", "my-app")));

        assertEquals(200, result.status());
        assertEquals(USER_ID, result.body().get("userId").asText());
        assertEquals("my-app", result.body().get("clientId").asText());
        assertEquals(2, result.body().size());
        assertEquals("no-store", result.header("Cache-Control"));
    }

    @Test
    void aClaimedUserIsAnsweredWithItsSubject() {
        HttpResult result = http(eventWithAuthorizerContext(Map.of("userId", USER_ID, "clientId", "my-app",
                "subject", "auth0|person-4")));

        assertEquals(200, result.status());
        assertEquals("auth0|person-4", result.body().get("subject").asText());
        assertEquals(3, result.body().size());
    }

    static Map<String, Object> browserEvent(String origin, String allowedOrigins) {
        Map<String, Object> event = eventWithAuthorizerContext(
                Map.of("userId", USER_ID, "clientId", "my-app", "allowedOrigins", allowedOrigins));
        @SuppressWarnings("unchecked")
        Map<String, String> headers = new java.util.LinkedHashMap<>((Map<String, String>) event.get("headers"));
        headers.put("origin", origin);
        event.put("headers", headers);
        return event;
    }

    @Test
    void aBrowserOnAnOriginOfTheCallersClientAppMayReadTheAnswer() {
        HttpResult result = http(browserEvent("https://shop.example.com", "http://localhost:3000 https://*.example.com"));

        assertEquals(200, result.status());
        assertEquals("https://shop.example.com", result.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", result.header("Vary"));
    }

    @Test
    void aBrowserOnAnotherOriginGetsNoCorsHeaders() {
        HttpResult result = http(browserEvent("https://evil.example.org", "https://*.example.com"));

        assertEquals(200, result.status());
        assertNull(result.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", result.header("Vary"));
    }

    @Test
    void thePreflightLetsTheBrowserSendTheAuthorizationHeader() {
        HttpResult result = http(httpEvent("OPTIONS", "/me", Map.of("origin", "http://localhost:3000",
                "access-control-request-method", "GET", "access-control-request-headers", "authorization"), null, false));

        // The headers themselves are DownstreamCorsTest's; here: OPTIONS is the preflight, max-age from configuration.
        assertEquals(204, result.status());
        assertEquals("Authorization", result.header("Access-Control-Allow-Headers"));
        assertEquals("600", result.header("Access-Control-Max-Age"));
    }

    @Test
    void aPreflightWithoutAnOriginIsRefused() {
        HttpResult result = http(httpEvent("OPTIONS", "/me", Map.of(), null, false));

        assertEquals(403, result.status());
        assertEquals("origin_not_allowed", result.body().get("error").asText());
    }

    @Test
    void refusesARequestWithoutAuthorizerContext() {
        HttpResult result = http(httpEvent("GET", "/me", Map.of(), null, false));

        assertEquals(401, result.status());
        assertEquals("invalid_token", result.body().get("error").asText());
    }


    @Test
    void sampleEventAnswersAsDocumented() {
        HttpResult result = Lambda.http(SampleEvents.read("me.json"));

        assertEquals(200, result.status());
        assertEquals(SampleEvents.SAMPLE_USER_ID, result.body().get("userId").asText());
    }
}
