package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.invoke;
import static dev.anonymousaccess.testing.Lambda.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.testing.AuthorizerEvents;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** HTTP API authorizers configured without simple responses get IAM policies. */
@QuarkusTest
@TestProfile(Exports.AuthorizeIam.class)
class AuthorizeIamFormatTest {

    @Inject
    Users users;

    IssuedTokens user;

    @BeforeEach
    void freshUser() {
        user = users.startWithOneUser();
    }

    @Test
    void httpApiEventGetsStageWidePolicy() {
        Response response = invoke(AuthorizerEvents.httpV2("Bearer " + user.accessToken().value()));

        assertEquals(200, response.statusCode(), response.asString());
        JsonNode policy = read(response.asString());
        assertEquals(user.userId(), policy.get("principalId").asText());
        JsonNode statement = policy.get("policyDocument").get("Statement").get(0);
        assertEquals("Allow", statement.get("Effect").asText());
        assertEquals(AuthorizerEvents.HTTP_STAGE_ARN, statement.get("Resource").asText());
        assertEquals(user.userId(), policy.get("context").get("userId").asText());
        assertFalse(policy.has("isAuthorized"));
    }

    @Test
    void anHttpApiEventWithoutRouteArnNeverAllows() {
        Map<String, Object> event = new LinkedHashMap<>(AuthorizerEvents.httpV2("Bearer " + user.accessToken().value()));
        event.remove("routeArn");

        Response response = invoke(event);

        assertEquals("unsupported authorizer event", read(response.asString()).path("errorMessage").asText(),
                response.asString());
    }

    @Test
    void httpApiRefusalIsUnauthorized() {
        Response response = invoke(AuthorizerEvents.httpV2("Bearer " + user.refreshToken().value()));

        assertEquals("Unauthorized", read(response.asString()).path("errorMessage").asText(), response.asString());
    }
}
