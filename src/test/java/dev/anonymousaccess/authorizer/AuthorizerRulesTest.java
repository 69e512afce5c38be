package dev.anonymousaccess.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

@Tag("rules")
class AuthorizerRulesTest {

    @Test
    void stageArnCoversEveryRouteOfTheStage() {
        assertEquals(Optional.of("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/*/*"),
                ApiStageArn.of("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/orders/42"));
        assertEquals(Optional.of("arn:aws:execute-api:eu-west-1:123456789012:abc/$default/*/*"),
                ApiStageArn.of("arn:aws:execute-api:eu-west-1:123456789012:abc/$default/GET/me"));
        assertEquals(Optional.of("arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/*/*"),
                ApiStageArn.of("arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/POST/"));
    }

    @Test
    void anythingButAnExecuteApiArnHasNoStage() {
        for (String arn : new String[] { null, "garbage", "arn:aws:lambda:eu-west-1:1:function:x",
                "arn:aws:execute-api:eu-west-1:1:abc", "arn:aws:execute-api:eu-west-1:1:abc/prod" }) {
            assertEquals(Optional.empty(), ApiStageArn.of(arn), String.valueOf(arn));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer t\"}",
            "{\"type\":\"REQUEST\",\"headers\":{\"authorization\":\"Bearer t\"}}",
            "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"identitySource\":[\"Bearer t\"]}",
            "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer t\",\"methodArn\":\"garbage\"}",
            "{\"type\":\"SOMETHING\",\"methodArn\":\"arn:aws:execute-api:r:1:abc/prod/GET/x\"}",
            "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"methodArn\":\"arn:aws:execute-api:r:1:abc/prod/GET/x\"}",
            "\"Bearer A0123\"", "[1, 2]", "42", "null",
            "{\"type\":\"TOKEN\",\"methodArn\":{\"nested\":true}}" })
    void incompleteOrForeignEventsAreNotAuthorizerEvents(String payload) throws Exception {
        assertEquals(Optional.empty(), AuthorizerEvent.read(new ObjectMapper().readTree(payload)));
    }

    @Test
    void completeEventsOfEveryShapeAreRead() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String payload : new String[] {
                "{\"type\":\"TOKEN\",\"methodArn\":\"arn:aws:execute-api:r:1:abc/prod/GET/x\"}",
                "{\"type\":\"REQUEST\",\"methodArn\":\"arn:aws:execute-api:r:1:abc/prod/GET/x\"}",
                "{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":\"arn:aws:execute-api:r:1:abc/$default/GET/x\"}",
                "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"arn:aws:execute-api:r:1:abc/$default/GET/x\"}" }) {
            assertTrue(AuthorizerEvent.read(json.readTree(payload)).isPresent(), payload);
        }
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertEquals(Optional.of("abc"), BearerCredential.token("Bearer abc"));
        assertEquals(Optional.of("abc"), BearerCredential.token("bEARER abc"));
        assertEquals(Optional.of("abc"), BearerCredential.token("Bearer   abc "));
    }

    @Test
    void anythingButOneBearerTokenIsNoCredential() {
        for (String bad : new String[] { null, "", "Bearer", "Bearer ", "Basic abc", "Bearerabc", "abc", "Bearer a b" }) {
            assertTrue(BearerCredential.token(bad).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void credentialComesFromTheEventShape() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(Optional.of("Bearer t"), json.readValue("{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer t\"}",
                AuthorizerEvent.class).credential());
        assertEquals(Optional.of("Bearer t"), json.readValue(
                "{\"type\":\"REQUEST\",\"methodArn\":\"a\",\"headers\":{\"AUTHORIZATION\":\"Bearer t\"}}",
                AuthorizerEvent.class).credential());
        assertEquals(Optional.of("Bearer t"), json.readValue(
                "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"identitySource\":[\"Bearer t\"]}",
                AuthorizerEvent.class).credential());
        // HTTP API payload 1.0 sends identitySource as one string.
        AuthorizerEvent v1 = json.readValue("{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":\"a\","
                + "\"identitySource\":\"Bearer t\",\"extra\":{\"x\":1}}", AuthorizerEvent.class);
        assertEquals(List.of("Bearer t"), v1.identitySource());
        assertEquals(Optional.of("Bearer t"), v1.credential());
        assertEquals(Optional.empty(), new AuthorizerEvent("2.0", "REQUEST", null, null, null, null, Map.of()).credential());
    }
}
