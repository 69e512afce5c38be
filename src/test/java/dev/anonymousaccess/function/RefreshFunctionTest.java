package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Answers.assertError;
import static dev.anonymousaccess.testing.Answers.assertNoStoreJson;
import static dev.anonymousaccess.testing.Answers.assertUnavailableNamingNoInternals;
import static dev.anonymousaccess.testing.Answers.fieldNames;
import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.Deprecation;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Concurrently;
import dev.anonymousaccess.testing.DamagedUsers;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.ItemSize;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.StoreFault;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(Exports.Refresh.class)
class RefreshFunctionTest extends FunctionTest {

    IssuedTokens user;

    @BeforeEach
    void freshUser() {
        user = users.startWithOneUser();
    }

    static HttpResult refresh(String refreshToken) {
        return refreshJson("{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    static HttpResult refreshJson(String body) {
        return http(httpEvent("POST", REFRESH_PATH, Map.of("content-type", "application/json"), body, false));
    }

    static HttpResult refreshForm(String body) {
        return http(httpEvent("POST", REFRESH_PATH, Map.of("content-type", "application/x-www-form-urlencoded"), body,
                false));
    }

    static JsonNode tokenOf(HttpResult result) {
        assertEquals(200, result.status(), result.rawBody());
        return result.body().get("token");
    }

    boolean works(String accessToken) {
        return verifier.verify(accessToken, InvocationRecorder.NONE) instanceof AccessDecision.Granted;
    }

    @Test
    void answersWithANewPairInTheCreateShape() {
        HttpResult result = refresh(user.refreshToken().value());

        assertNoStoreJson(result);
        assertEquals(Set.of("token"), fieldNames(result.body()));
        JsonNode token = tokenOf(result);
        assertEquals(Set.of("access_token", "expires_in", "token_type", "refresh_token"), fieldNames(token));
        assertEquals(86400, token.get("expires_in").asLong());
        assertEquals("Bearer", token.get("token_type").asText());
        assertTrue(token.get("access_token").asText().matches("[A-Za-z0-9]{76}"));
        assertFalse(token.get("refresh_token").asText().equals(user.refreshToken().value()));
    }

    @Test
    void acceptsTheFormEncodingOfRfc6749() {
        JsonNode token = tokenOf(refreshForm("grant_type=refresh_token&refresh_token=" + user.refreshToken().value()));
        assertTrue(works(token.get("access_token").asText()));
    }

    @Test
    void acceptsGrantTypeInJson() {
        tokenOf(refreshJson("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + user.refreshToken().value() + "\"}"));
    }

    @Test
    void otherGrantTypesAreUnsupported() {
        assertError(refreshForm("grant_type=password&refresh_token=" + user.refreshToken().value()), 400,
                "unsupported_grant_type");
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        assertError(refreshJson(null), 400, "invalid_request");
        assertError(refreshJson("{}"), 400, "invalid_request");
        assertError(refreshJson("{\"refresh_token\": 5}"), 400, "invalid_request");
        assertError(refreshForm("grant_type=refresh_token"), 400, "invalid_request");
        assertError(refreshForm("refresh_token=a&refresh_token=b"), 400, "invalid_request");
    }

    @Test
    void fullLifecycle() {
        assertTrue(works(user.accessToken().value()));

        JsonNode rotated = tokenOf(refresh(user.refreshToken().value()));
        String newAccess = rotated.get("access_token").asText();
        String newRefresh = rotated.get("refresh_token").asText();
        assertTrue(works(newAccess));
        assertFalse(works(user.accessToken().value()), "the old access token must stop working");

        signOut.revoke(newAccess, InvocationRecorder.NONE);
        assertFalse(works(newAccess));
        assertError(refresh(newRefresh), 400, "invalid_grant");
    }

    @Test
    void rotatedRefreshTokenStopsWorkingAfterTheRetryWindow() {
        tokenOf(refresh(user.refreshToken().value()));
        clock.advance(Duration.ofSeconds(10));

        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");
    }

    @Test
    void previousRefreshTokenWithinTheRetryWindowAnswersTheSamePairAgain() {
        JsonNode lost = tokenOf(refresh(user.refreshToken().value()));
        clock.advance(Duration.ofSeconds(9));

        JsonNode retried = tokenOf(refresh(user.refreshToken().value()));

        assertEquals(lost.get("access_token").asText(), retried.get("access_token").asText());
        assertEquals(lost.get("refresh_token").asText(), retried.get("refresh_token").asText());
        assertEquals(86400 - 9, retried.get("expires_in").asLong(), "expires_in is the pair's remaining lifetime");
        assertTrue(works(lost.get("access_token").asText()));
        JsonNode next = tokenOf(refresh(lost.get("refresh_token").asText()));
        assertTrue(works(next.get("access_token").asText()), "the answered pair goes on as usual, no theft");
    }

    @Test
    void answeringThePairAgainWritesNothing() {
        tokenOf(refresh(user.refreshToken().value()));
        SdkCallCounter.reset();

        tokenOf(refresh(user.refreshToken().value()));

        assertEquals(Map.of("GetItem", 1), SdkCallCounter.snapshot(), "the user (its client app is cached), no write");
    }

    @Test
    void retryingDoesNotExtendTheRetryWindow() {
        tokenOf(refresh(user.refreshToken().value()));
        clock.advance(Duration.ofSeconds(6));
        tokenOf(refresh(user.refreshToken().value()));
        clock.advance(Duration.ofSeconds(6));

        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");
    }

    @Test
    void reuseOutsideTheWindowRevokesEveryToken() {
        JsonNode rotated = tokenOf(refresh(user.refreshToken().value()));
        clock.advance(Duration.ofMinutes(5));

        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");

        assertFalse(works(rotated.get("access_token").asText()), "theft must revoke the current access token");
        assertError(refresh(rotated.get("refresh_token").asText()), 400, "invalid_grant");
        assertEquals("reuse_detected", table.user(user.userId()).get("revokedFor").s(), "recorded as theft");
    }

    @Test
    void reuseOfAnOlderRefreshTokenRevokesEveryToken() {
        JsonNode second = tokenOf(refresh(user.refreshToken().value()));
        JsonNode third = tokenOf(refresh(second.get("refresh_token").asText()));

        // The first token is two rotations old: not "the immediately previous", even inside the window.
        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");

        assertFalse(works(third.get("access_token").asText()));
    }

    @Test
    void unknownRefreshTokenIsInvalidGrantWithoutRevoking() {
        String value = user.refreshToken().value();
        char last = value.charAt(value.length() - 1);
        String wrongSecret = value.substring(0, value.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertError(refresh(wrongSecret), 400, "invalid_grant");
        assertError(refresh("R0123456789abcdef0123456789abcdef" + value.substring(33)), 400, "invalid_grant");

        assertTrue(works(user.accessToken().value()), "a guess must not sign the user out");
    }

    @Test
    void malformedRefreshTokenIsInvalidGrant() {
        assertError(refresh("not-a-token"), 400, "invalid_grant");
        assertError(refresh(user.accessToken().value()), 400, "invalid_grant");
    }

    @Test
    void revokedRefreshTokenIsInvalidGrant() {
        signOut.revoke(user.refreshToken().value(), InvocationRecorder.NONE);
        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");
    }

    @Test
    void refreshOfADeletedUserIsInvalidGrant() {
        table.clear();
        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");
    }

    @Test
    void refreshAfterTheUsersThirtyDaysIsRefused() {
        clock.advance(Duration.ofDays(30).plus(expiry.refreshInterval()));
        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");
    }

    @Test
    void refreshAfterTheAccessTokenExpiredWorks() {
        clock.advance(Duration.ofDays(20));
        assertFalse(works(user.accessToken().value()));

        assertTrue(works(tokenOf(refresh(user.refreshToken().value())).get("access_token").asText()));
    }

    @Test
    void refreshSlidesTheUsersLifetime() {
        clock.advance(Duration.ofDays(29));
        Instant day29 = clock.instant();

        tokenOf(refresh(user.refreshToken().value()));

        assertEquals(expiry.expiresAt(day29).getEpochSecond(), Long.parseLong(table.user(user.userId()).get("ttl").n()));
        assertEquals(day29.getEpochSecond(), Long.parseLong(table.user(user.userId()).get("lastSeenAt").n()));
    }

    @Test
    void refreshForADisabledClientIsRefused() {
        clients.disable(Users.CLIENT);
        assertError(refresh(user.refreshToken().value()), 400, "invalid_client");
    }

    @Test
    void browserRefreshFollowsTheClientsOrigins() {
        HttpResult allowed = http(httpEvent("POST", REFRESH_PATH, Map.of("content-type", "application/json", "origin",
                "https://app.example.com"), "{\"refresh_token\":\"" + user.refreshToken().value() + "\"}", false));
        assertEquals("https://app.example.com", allowed.header("Access-Control-Allow-Origin"));
        String next = tokenOf(allowed).get("refresh_token").asText();

        HttpResult refused = http(httpEvent("POST", REFRESH_PATH, Map.of("content-type", "application/json", "origin",
                "https://evil.example.net"), "{\"refresh_token\":\"" + next + "\"}", false));
        assertError(refused, 403, "origin_not_allowed");
        tokenOf(refresh(next)); // the refused attempt did not consume the token
    }

    @Test
    void refusalsAreReadableByBrowsersOfRegisteredOrigins() {
        HttpResult registered = http(httpEvent("POST", REFRESH_PATH, Map.of("content-type", "application/json",
                "origin", "https://app.example.com"), "{\"refresh_token\":\"not-a-token\"}", false));
        HttpResult unknown = http(httpEvent("POST", REFRESH_PATH, Map.of("content-type", "application/json", "origin",
                "https://evil.example.net"), "{\"refresh_token\":\"not-a-token\"}", false));

        assertError(registered, 400, "invalid_grant");
        assertEquals("https://app.example.com", registered.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", registered.header("Vary"));
        assertError(unknown, 400, "invalid_grant");
        assertEquals(null, unknown.header("Access-Control-Allow-Origin"));
    }

    @Test
    void failedRotationLeavesTheOldPairWorking() {
        SdkCallCounter.failNext("UpdateItem");

        HttpResult result = refresh(user.refreshToken().value());

        assertError(result, 503, "temporarily_unavailable");
        assertTrue(works(user.accessToken().value()));
        tokenOf(refresh(user.refreshToken().value()));
    }

    @Test
    void timedOutRotationLeavesAWorkingPair() {
        HttpResult result = MotoServer.frozenBeforeNext("UpdateItem", () -> refresh(user.refreshToken().value()));

        assertError(result, 503, "temporarily_unavailable");
        // Whether or not the timed-out write landed, the client's only pair still gets it a new one.
        assertTrue(works(tokenOf(refresh(user.refreshToken().value())).get("access_token").asText()));
    }

    /**
     * A refresh by the rules the function runs, for callers on many threads at once: the test's Lambda event server
     * runs one invocation at a time, so concurrent HTTP calls through it would not race.
     */
    IssuedTokens refreshDirectly(String refreshToken) {
        return rotation.refresh(refreshToken, Optional.empty(), InvocationRecorder.NONE);
    }

    @Test
    void twentyConcurrentRefreshesWithOneTokenAllGetTheSameWorkingPair() throws Exception {
        List<IssuedTokens> results = Concurrently.run(20, () -> refreshDirectly(user.refreshToken().value()));

        Set<String> accessTokens = new HashSet<>();
        Set<String> refreshTokens = new HashSet<>();
        for (IssuedTokens result : results) {
            accessTokens.add(result.accessToken().value());
            refreshTokens.add(result.refreshToken().value());
        }
        assertEquals(1, accessTokens.size(), "one pair for every caller");
        assertEquals(1, refreshTokens.size());
        assertTrue(works(accessTokens.iterator().next()));
        assertEquals(2L, Long.parseLong(table.user(user.userId()).get("version").n()), "exactly one rotation");
        clock.advance(Duration.ofMinutes(5));
        JsonNode next = tokenOf(refresh(refreshTokens.iterator().next()));
        assertTrue(works(next.get("access_token").asText()), "using the converged pair later is not theft");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aRotationThatLandedBeforeItFailedAnswersTheStoredPair(Fault fault) {
        MotoServer.proxy().inject("UpdateItem", fault, 1);

        JsonNode rotated = tokenOf(refresh(user.refreshToken().value()));

        assertEquals(2, MotoServer.proxy().calls("UpdateItem"), "the SDK retried the write that had landed");
        assertTrue(works(rotated.get("access_token").asText()));
        assertEquals(TokenHash.of(rotated.get("refresh_token").asText()),
                table.user(user.userId()).get("refreshTokenHash").s());
        JsonNode next = tokenOf(refresh(rotated.get("refresh_token").asText()));
        assertTrue(works(next.get("access_token").asText()));
    }

    @Test
    void aRotationThatNeverLandedIs503AndTheOldPairStillWorks() {
        // Every attempt the SDK makes fails (however many it makes), then the store is back.
        MotoServer.proxy().inject("UpdateItem", Fault.FAIL_BEFORE, 100);

        assertError(refresh(user.refreshToken().value()), 503, "temporarily_unavailable");
        MotoServer.proxy().reset();

        assertTrue(works(user.accessToken().value()));
        tokenOf(refresh(user.refreshToken().value()));
    }

    @ParameterizedTest
    @MethodSource("dev.anonymousaccess.testing.DamagedUsers#attributes")
    void aDamagedUserItemIsInvalidGrantNeverAServerError(String attribute, AttributeValue damage) {
        DamagedUsers.damage(table, user.userId(), attribute, damage);

        assertError(refresh(user.refreshToken().value()), 400, "invalid_grant");
    }

    @Test
    void sampleEventsAnswerAsDocumented() {
        assertError(Lambda.http(SampleEvents.read("refresh.json")), 400, "invalid_grant");
        JsonNode rotated = tokenOf(Lambda.http(SampleEvents.read("refresh.json",
                user.accessToken().value(), user.refreshToken().value(), user.userId())));
        tokenOf(Lambda.http(SampleEvents.read("refresh-form.json", "",
                rotated.get("refresh_token").asText(), "")));
    }

    @ParameterizedTest
    @EnumSource(StoreFault.class)
    void everyStoreFaultIsAnswered503NamingNoInternals(StoreFault fault) {
        assertUnavailableNamingNoInternals(fault.during(() -> refresh(user.refreshToken().value())));
    }

    @Test
    void afterItsAppsSunsetAnAnonymousUserStillRefreshesAndIsToldOfTheDeprecation() {
        clients.put(ClientDefinition.builder().clientId(Users.CLIENT).name("Test App")
                .allowedOrigins(List.of("https://app.example.com")).enabled(true).signupsPerIp(0)
                .deprecation(Deprecation.of("2025-12-31T00:00:00Z", "2026-01-02T00:00:00Z", null)).build());
        clock.advance(Duration.ofDays(2));

        HttpResult result = refresh(user.refreshToken().value());

        assertEquals(200, result.status(), result.rawBody());
        assertEquals("@" + Instant.parse("2025-12-31T00:00:00Z").getEpochSecond(), result.header("Deprecation"));
        assertEquals("Fri, 02 Jan 2026 00:00:00 GMT", result.header("Sunset"));
        assertNull(result.header("Link"));
    }

    @Test
    void afterTwentyFiveRotationsAUserIsStillOneWriteUnit() {
        IssuedTokens pair = user;
        for (int i = 0; i < 25; i++) {
            pair = rotation.refresh(pair.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        }

        int bytes = ItemSize.of(table.user(user.userId()));

        assertTrue(bytes <= 1024, "the user item has " + bytes + " bytes: every write of it would cost 2 units");
    }
}
