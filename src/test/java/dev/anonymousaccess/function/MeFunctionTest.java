package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.Lambda;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Exports.Me.class)
@WithTestResource(MotoServer.class)
class MeFunctionTest {

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
        HttpResult result = http(eventWithAuthorizerContext(Map.of("userId", "u-1", "clientId", "my-app")));

        assertEquals(200, result.status());
        assertEquals("u-1", result.body().get("userId").asText());
        assertEquals("my-app", result.body().get("clientId").asText());
        assertEquals(2, result.body().size());
        assertEquals("no-store", result.header("Cache-Control"));
    }

    @Test
    void refusesARequestWithoutAuthorizerContext() {
        HttpResult result = http(httpEvent("GET", "/me", Map.of(), null, false));

        assertEquals(401, result.status());
        assertEquals("invalid_token", result.body().get("error").asText());
    }


    @Test
    void sampleEventAnswersAsDocumented() {
        HttpResult result = HttpResult.of(Lambda.invoke(SampleEvents.read("me.json")).asString());

        assertEquals(200, result.status());
        assertEquals(SampleEvents.SAMPLE_USER_ID, result.body().get("userId").asText());
    }
}
