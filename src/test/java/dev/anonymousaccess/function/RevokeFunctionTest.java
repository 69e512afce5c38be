package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Answers.assertError;
import static dev.anonymousaccess.testing.Answers.assertNoStoreJson;
import static dev.anonymousaccess.testing.Answers.assertUnavailableNamingNoInternals;
import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.DamagedUsers;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.StoreFault;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(Exports.Revoke.class)
class RevokeFunctionTest extends FunctionTest {

    IssuedTokens user;

    @BeforeEach
    void freshUser() {
        user = users.startWithOneUser();
    }

    static HttpResult revokeJson(String body) {
        return http(httpEvent("POST", REVOKE_PATH, Map.of("content-type", "application/json"), body, false));
    }

    static HttpResult revoke(String token) {
        return revokeJson("{\"token\":\"" + token + "\"}");
    }

    void assertSignedOut() {
        assertTrue(verifier.verify(user.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Denied);
        assertThrows(OAuthException.class,
                () -> rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE));
    }

    void assertSignedOut(IssuedTokens pair) {
        assertTrue(verifier.verify(pair.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Denied);
        assertThrows(OAuthException.class,
                () -> rotation.refresh(pair.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE));
    }

    @Test
    void revokingThePreviousRefreshTokenWithinTheRetryWindowSignsOut() {
        IssuedTokens rotated = rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);

        assertEquals(200, revoke(user.refreshToken().value()).status());

        assertSignedOut(rotated);
    }

    @Test
    void revokingARetiredRefreshTokenSignsOut() {
        IssuedTokens second = rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        IssuedTokens third = rotation.refresh(second.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        clock.advance(Duration.ofHours(1));

        assertEquals(200, revoke(user.refreshToken().value()).status());

        assertSignedOut(third);
    }

    @Test
    void afterATheftTheVictimsOldTokenStillSignsEveryoneOut() {
        // The thief rotated the stolen token twice; the victim only ever had the first pair.
        IssuedTokens thiefs = rotation.refresh(
                rotation.refresh(user.refreshToken().value(), Optional.empty(),
                        InvocationRecorder.NONE).refreshToken().value(),
                Optional.empty(), InvocationRecorder.NONE);

        assertEquals(200, revoke(user.refreshToken().value()).status());

        assertSignedOut(thiefs);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aRevocationThatLandedBeforeItFailedAnswers200(Fault fault) {
        MotoServer.proxy().inject("UpdateItem", fault, 1);

        assertEquals(200, revoke(user.accessToken().value()).status());

        assertEquals(2, MotoServer.proxy().calls("UpdateItem"), "the SDK retried the write that had landed");
        assertSignedOut();
    }

    @ParameterizedTest
    @MethodSource("dev.anonymousaccess.testing.DamagedUsers#attributes")
    void aDamagedUserItemIsAcceptedSilently(String attribute, AttributeValue damage) {
        DamagedUsers.damage(table, user.userId(), attribute, damage);

        assertEquals(200, revoke(user.refreshToken().value()).status());
    }

    @Test
    void revokingTheAccessTokenSignsTheUserOut() {
        HttpResult result = revoke(user.accessToken().value());

        assertEquals(200, result.status());
        assertNoStoreJson(result);
        assertSignedOut();
    }

    @Test
    void revokingTheRefreshTokenSignsTheUserOut() {
        assertEquals(200, revoke(user.refreshToken().value()).status());
        assertSignedOut();
    }

    @Test
    void acceptsTheFormEncodingOfRfc7009WithAHint() {
        HttpResult result = http(httpEvent("POST", REVOKE_PATH,
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "token=" + user.refreshToken().value() + "&token_type_hint=refresh_token", false));

        assertEquals(200, result.status());
        assertSignedOut();
    }

    @Test
    void aWrongHintDoesNotMatter() {
        assertEquals(200, revokeJson("{\"token\":\"" + user.accessToken().value()
                + "\",\"token_type_hint\":\"refresh_token\"}").status());
        assertSignedOut();
    }

    @Test
    void unknownAndInvalidTokensAreAcceptedSilently() {
        String value = user.accessToken().value();
        assertEquals(200, revoke("A0123456789abcdef0123456789abcdef" + value.substring(33)).status());
        assertEquals(200, revoke("whatever").status());
        assertEquals(200, revoke(value.substring(0, 75) + (value.charAt(75) == 'a' ? 'b' : 'a')).status());

        assertTrue(verifier.verify(value,
                InvocationRecorder.NONE) instanceof AccessDecision.Granted, "guesses must not sign anyone out");
    }

    @Test
    void revokingTwiceIsFine() {
        revoke(user.accessToken().value());
        assertEquals(200, revoke(user.accessToken().value()).status());
        assertSignedOut();
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        assertError(revokeJson(null), 400, "invalid_request");
        assertError(revokeJson("[]"), 400, "invalid_request");
        assertError(revokeJson("{\"token\": 1}"), 400, "invalid_request");
        assertError(revokeJson("{\"access_token\": \"x\"}"), 400, "invalid_request");
    }

    @Test
    void browsersOfAllowedOriginsMayReadTheAnswer() {
        HttpResult allowed = http(httpEvent("POST", REVOKE_PATH, Map.of("content-type", "application/json", "origin",
                "https://app.example.com"), "{\"token\":\"" + user.accessToken().value() + "\"}", false));
        HttpResult other = http(httpEvent("POST", REVOKE_PATH, Map.of("content-type", "application/json", "origin",
                "https://evil.example.net"), "{\"token\":\"x\"}", false));

        assertEquals("https://app.example.com", allowed.header("Access-Control-Allow-Origin"));
        assertNull(other.header("Access-Control-Allow-Origin"));
        assertEquals(200, other.status());
    }

    @Test
    void aFailedOriginLookupDoesNotUndoTheSignOut() {
        SdkCallCounter.failNext("BatchGetItem");

        HttpResult result = http(httpEvent("POST", REVOKE_PATH, Map.of("content-type", "application/json", "origin",
                "https://app.example.com"), "{\"token\":\"" + user.accessToken().value() + "\"}", false));

        assertEquals(200, result.status());
        assertNull(result.header("Access-Control-Allow-Origin"));
        assertSignedOut();
    }

    @Test
    void sampleEventsAnswerAsDocumented() {
        assertEquals(200, Lambda.http(SampleEvents.read("revoke.json")).status());
        assertEquals(200, Lambda.http(SampleEvents.read("revoke.json", user.accessToken().value(),
                user.refreshToken().value(), user.userId())).status());
        assertSignedOut();
    }

    @ParameterizedTest
    @EnumSource(StoreFault.class)
    void everyStoreFaultIsAnswered503NamingNoInternals(StoreFault fault) {
        assertUnavailableNamingNoInternals(fault.during(() -> revoke(user.accessToken().value())));
    }
}
