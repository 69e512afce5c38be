package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.answer;
import static dev.anonymousaccess.testing.Lambda.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.http.TokenEndpoints;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.TokenText;
import dev.anonymousaccess.testing.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Each client app's own token policy (putClient's inactivityPeriod, accessTokenLifetime, refreshRetryWindow), set
 * through the admin function and applied by create and refresh against moto_server: for that app only; an app without
 * settings keeps the deployment's.
 */
@QuarkusTest
@TestProfile(Exports.Admin.class)
class AppTokenPolicyTest extends FunctionTest {

    static final String SHORT = "short-lived-app";

    @Inject
    TokenEndpoints endpoints;

    @BeforeEach
    void anAppWithItsOwnPolicyBesideOneWithout() {
        users.startWith(List.of(Users.TEST_APP, ClientDefinition.builder().clientId(SHORT).signupsPerIp(0).build()));
        AdminFunctionTest.admin("""
                {"action": "putClient", "clientId": "short-lived-app", "signupsPerIp": 0,
                 "inactivityPeriod": "P90D", "accessTokenLifetime": "PT15M", "refreshRetryWindow": "PT30S"}""");
    }

    JsonNode created(String clientId) {
        HttpResult result = answer(endpoints::create, post(CREATE_PATH, Map.of(),
                "{\"clientId\":\"" + clientId + "\"}"));
        assertEquals(200, result.status(), result.rawBody());
        return result.body().get("token");
    }

    HttpResult refreshed(String refreshToken) {
        return answer(endpoints::refresh, post(REFRESH_PATH, Map.of(),
                "{\"refresh_token\":\"" + refreshToken + "\"}"));
    }

    long storedTtl(JsonNode token) {
        return Long.parseLong(table.user(TokenText.userIdOf(token.get("access_token").asText())).get("ttl").n());
    }

    @Test
    void anAppsAccessTokenLifetimeIsItsExpiresIn() {
        assertEquals(900, created(SHORT).get("expires_in").asInt());
        assertEquals(86_400, created(Users.CLIENT).get("expires_in").asInt(), "the other app as deployed");
    }

    @Test
    void anAppsInactivityPeriodIsItsUsersTtl() {
        long now = clock.instant().getEpochSecond();

        assertEquals(now + Duration.ofDays(90).plusHours(1).toSeconds(), storedTtl(created(SHORT)));
        assertEquals(now + Duration.ofDays(30).plusHours(1).toSeconds(), storedTtl(created(Users.CLIENT)));
    }

    @Test
    void aRefreshKeepsTheAppsLifetimes() {
        JsonNode first = created(SHORT);
        clock.advance(Duration.ofHours(2));

        HttpResult next = refreshed(first.get("refresh_token").asText());

        assertEquals(900, next.body().at("/token/expires_in").asInt());
        assertEquals(clock.instant().getEpochSecond() + Duration.ofDays(90).plusHours(1).toSeconds(),
                storedTtl(next.body().get("token")));
    }

    @Test
    void anAppsRefreshRetryWindowIsHowLongThePreviousTokenAnswersAgain() {
        JsonNode own = created(SHORT);
        JsonNode deployed = created(Users.CLIENT);
        JsonNode ownNext = refreshed(own.get("refresh_token").asText()).body().get("token");
        refreshed(deployed.get("refresh_token").asText());
        clock.advance(Duration.ofSeconds(20));

        HttpResult ownAgain = refreshed(own.get("refresh_token").asText());
        HttpResult deployedAgain = refreshed(deployed.get("refresh_token").asText());

        assertEquals(200, ownAgain.status(), "within the app's 30 s");
        assertEquals(ownNext.get("access_token"), ownAgain.body().at("/token/access_token"));
        assertEquals(400, deployedAgain.status(), "past the deployment's 10 s: a reuse");
    }

    @Test
    void getClientShowsTheEffectiveSettings() {
        JsonNode own = AdminFunctionTest.admin("{\"action\": \"getClient\", \"clientId\": \"" + SHORT + "\"}");
        JsonNode deployed = AdminFunctionTest.admin("{\"action\": \"getClient\", \"clientId\": \"test-app\"}");

        assertEquals("P90D", own.get("inactivityPeriod").asText());
        assertEquals("PT15M", own.get("accessTokenLifetime").asText());
        assertEquals("PT30S", own.get("refreshRetryWindow").asText());
        assertEquals("P30D", deployed.get("inactivityPeriod").asText());
        assertEquals("PT24H", deployed.get("accessTokenLifetime").asText());
        assertEquals("PT10S", deployed.get("refreshRetryWindow").asText());
    }

    @Test
    void anOutOfRangeSettingIsAClearErrorAndChangesNothing() {
        JsonNode before = AdminFunctionTest.admin("{\"action\": \"getClient\", \"clientId\": \"" + SHORT + "\"}");

        String message = AdminFunctionTest.adminFails("""
                {"action": "putClient", "clientId": "short-lived-app", "accessTokenLifetime": "PT48H"}""");

        assertTrue(message.contains("accessTokenLifetime must be PT5M to PT24H"), message);
        assertEquals(before, AdminFunctionTest.admin("{\"action\": \"getClient\", \"clientId\": \"" + SHORT + "\"}"));
        assertEquals(900, created(SHORT).get("expires_in").asInt());
    }

    @Test
    void whatGetClientShowsPutClientTakesAsItIs() {
        JsonNode shown = AdminFunctionTest.admin("{\"action\": \"getClient\", \"clientId\": \"" + SHORT + "\"}");
        ObjectNode again = shown.deepCopy();
        again.put("action", "putClient");

        JsonNode replaced = AdminFunctionTest.admin(Lambda.write(again));

        replaced.fieldNames().forEachRemaining(field -> {
            if (!field.equals("updatedAt")) {
                assertEquals(shown.get(field), replaced.get(field), field);
            }
        });
    }
}
