package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.BackendCredentials.basic;
import static dev.anonymousaccess.testing.Answers.assertError;
import static dev.anonymousaccess.testing.Answers.assertNoStoreJson;
import static dev.anonymousaccess.testing.Answers.assertUnavailableNamingNoInternals;
import static dev.anonymousaccess.testing.Answers.fieldNames;
import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.http.TokenEndpoints;
import dev.anonymousaccess.jwt.AccessTokenJwts;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.StoreFault;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserClaim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code POST /oauth/introspect} (RFC 7662): an app's backend asks whether an access token is good, and whose. */
@QuarkusTest
@TestProfile(Exports.Introspect.class)
class IntrospectFunctionTest extends FunctionTest {

    /** Another app, without a secret until a test gives it one. */
    static final ClientDefinition OTHER_APP = ClientDefinition.builder().clientId("other-app").name("Other")
            .enabled(true).signupsPerIp(0).build();

    @Inject
    AccessTokenJwts jwts;

    @Inject
    UserClaim claims;

    IssuedTokens user;

    @BeforeEach
    void aUserOfAnAppWithABackendSecret() {
        users.startWith(List.of(Users.TEST_APP, OTHER_APP));
        users.giveBackendSecret();
        user = users.create();
    }

    static final String FORM = "application/x-www-form-urlencoded";

    static HttpResult introspectWith(Map<String, String> headers, String body) {
        return http(httpEvent("POST", TokenEndpoints.INTROSPECTION_ENDPOINT_PATH, headers, body, false));
    }

    static HttpResult introspectAs(String authorization, String token) {
        return introspectWith(Map.of("content-type", FORM, "authorization", authorization),
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token");
    }

    static HttpResult introspect(String token) {
        return introspectAs(basic(Users.CLIENT, Users.BACKEND_SECRET), token);
    }

    static JsonNode answer(HttpResult result) {
        assertEquals(200, result.status(), result.rawBody());
        assertNoStoreJson(result);
        return result.body();
    }

    /** Exactly {@code {"active": false}}: nothing says why, or whose. */
    static void assertInactive(HttpResult result) {
        JsonNode body = answer(result);
        assertEquals(Set.of("active"), fieldNames(body), result.rawBody());
        assertEquals(false, body.get("active").asBoolean());
    }

    @Test
    void aGoodAccessTokenIsActiveWithItsUserAppAndExpiry() {
        JsonNode body = answer(introspect(user.accessToken().value()));

        assertTrue(body.get("active").asBoolean());
        assertEquals(user.userId(), body.get("sub").asText());
        assertEquals(Users.CLIENT, body.get("client_id").asText());
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(Long.parseLong(table.user(user.userId()).get("accessTokenExpiresAt").n()),
                body.get("exp").asLong());
        assertEquals(MotoServer.ISSUER, body.get("iss").asText());
        assertEquals(Set.of("active", "sub", "client_id", "token_type", "exp", "iss"), fieldNames(body));
    }

    @Test
    void aClaimedUsersTokenCarriesItsSubject() {
        claims.claim(clients.authenticateBackend(Users.CLIENT, Users.BACKEND_SECRET), user.accessToken().value(),
                "auth0|4711", InvocationRecorder.NONE);

        JsonNode body = answer(introspect(user.accessToken().value()));

        assertEquals("auth0|4711", body.get("subject").asText());
        assertEquals(user.userId(), body.get("sub").asText());
    }

    @Test
    void aJwtAppsAccessTokenIsActive() {
        users.startWithJwtApp();
        users.giveBackendSecret(Users.JWT_CLIENT);
        IssuedTokens jwtUser = users.create(Users.JWT_CLIENT);

        JsonNode body = answer(introspectAs(basic(Users.JWT_CLIENT, Users.BACKEND_SECRET),
                jwts.accessTokenOf(jwtUser)));

        assertTrue(body.get("active").asBoolean());
        assertEquals(jwtUser.userId(), body.get("sub").asText());
    }

    @Test
    void theFormAndTheJsonBodyAreTheSame() {
        HttpResult json = introspectWith(Map.of("content-type", "application/json", "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET)), "{\"token\":\"" + user.accessToken().value() + "\"}");

        assertEquals(answer(introspect(user.accessToken().value())), answer(json));
    }

    @Test
    void aRefreshTokenIsInactive() {
        assertInactive(introspect(user.refreshToken().value()));
    }

    @Test
    void anAccessTokenRefreshedAwayIsInactive() {
        rotation.refresh(user.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);

        assertInactive(introspect(user.accessToken().value()));
    }

    @Test
    void aSignedOutUsersTokenIsInactive() {
        signOut.revoke(user.refreshToken().value(), InvocationRecorder.NONE);

        assertInactive(introspect(user.accessToken().value()));
    }

    @Test
    void anExpiredAccessTokenIsInactive() {
        clock.advance(Duration.ofDays(1));

        assertInactive(introspect(user.accessToken().value()));
    }

    @Test
    void aGoodTokenOfAnotherAppIsInactiveForThisAppsBackend() {
        users.giveBackendSecret(OTHER_APP.clientId());

        assertInactive(introspectAs(basic(OTHER_APP.clientId(), Users.BACKEND_SECRET), user.accessToken().value()));
    }

    /** The invocation's summary line (the metrics document in a deployment) as the test profile logs it. */
    static String summaryOf(Runnable introspection) {
        try (LogCapture log = new LogCapture()) {
            introspection.run();
            return log.records().stream().map(LogCapture.Captured::message)
                    .filter(line -> line.startsWith("invocation introspect")).findFirst().orElseThrow();
        }
    }

    @Test
    void anActiveAnswerIsCountedAsAnAuthorizationOfItsApp() {
        String summary = summaryOf(() -> introspect(user.accessToken().value()));

        assertTrue(summary.contains(": allow ") && summary.contains("client " + Users.CLIENT)
                && summary.endsWith("counted Authorizations"), summary);
    }

    @Test
    void anInactiveAnswerIsCountedAsARefusalWithItsReason() {
        users.giveBackendSecret(OTHER_APP.clientId());

        String summary = summaryOf(() -> introspectAs(basic(OTHER_APP.clientId(), Users.BACKEND_SECRET),
                user.accessToken().value()));

        assertTrue(summary.contains(": deny other_client ") && summary.endsWith("counted AuthorizationsRefused"),
                summary);
    }

    @Test
    void neitherATokenNorABackendsSecretIsEverLogged() {
        users.giveBackendSecret(OTHER_APP.clientId());
        List<String> lines;
        try (LogCapture log = new LogCapture()) {
            introspect(user.accessToken().value());
            introspectAs(basic(OTHER_APP.clientId(), Users.BACKEND_SECRET), user.accessToken().value());
            introspectAs(basic(Users.CLIENT, Users.BACKEND_SECRET.replace('t', 'u')), user.accessToken().value());
            introspect(user.refreshToken().value());
            signOut.revoke(user.refreshToken().value(), InvocationRecorder.NONE);
            introspect(user.accessToken().value());
            lines = log.lines();
        }

        assertTrue(lines.stream().filter(line -> line.contains("invocation introspect")).count() >= 5, "captured");
        for (String secret : List.of(user.accessToken().value().substring(33),
                user.refreshToken().value().substring(33), Users.BACKEND_SECRET.substring(4),
                Users.BACKEND_SECRET.replace('t', 'u').substring(4))) {
            for (String line : lines) {
                assertFalse(line.contains(secret), "a secret was logged: " + line);
            }
        }
    }

    @Test
    void aTokenOfAnUnknownUserIsInactive() {
        assertInactive(introspect(SampleEvents.SAMPLE_ACCESS_TOKEN));
    }

    @Test
    void aMalformedTokenIsInactiveWithoutReadingAnyUser() {
        SdkCallCounter.reset();

        assertInactive(introspect("not-a-token-" + "x".repeat(5000)));
        assertEquals(Map.of("GetItem", 1), SdkCallCounter.snapshot(), "the client app's read only");
    }

    @Test
    void anIntrospectionKeepsItsUserAliveAsAnAuthorizationDoes() {
        clock.advance(expiry.refreshInterval());

        answer(introspect(user.accessToken().value()));

        assertEquals(expiry.expiresAt(clock.instant()).getEpochSecond(),
                Long.parseLong(table.user(user.userId()).get("ttl").n()));
    }

    @Test
    void aMissingTokenIsInvalidRequest() {
        HttpResult result = introspectWith(Map.of("content-type", FORM, "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET)), "token_type_hint=access_token");

        assertError(result, 400, "invalid_request");
    }

    @Test
    void noCredentialsIsInvalidClientWithABasicChallenge() {
        HttpResult result = introspectWith(Map.of("content-type", FORM), "token=" + user.accessToken().value());

        assertError(result, 401, "invalid_client");
        assertTrue(result.header("WWW-Authenticate").startsWith("Basic "), result.headers().toString());
    }

    @Test
    void aWrongSecretIsInvalidClient() {
        HttpResult result = introspectAs(basic(Users.CLIENT, Users.BACKEND_SECRET + "x"), user.accessToken().value());

        assertError(result, 401, "invalid_client");
    }

    @Test
    void anAppWithoutASecretIsInvalidClient() {
        assertError(introspectAs(basic(OTHER_APP.clientId(), Users.BACKEND_SECRET), user.accessToken().value()), 401,
                "invalid_client");
    }

    @Test
    void aBrowsersRequestIsRefusedBeforeAnyStoreCall() {
        SdkCallCounter.reset();

        HttpResult result = introspectWith(Map.of("content-type", FORM, "authorization",
                basic(Users.CLIENT, Users.BACKEND_SECRET), "origin", "https://app.example.com"),
                "token=" + user.accessToken().value());

        assertError(result, 403, "origin_not_allowed");
        assertEquals(null, result.header("Access-Control-Allow-Origin"), "no page may read the answer");
        assertEquals(0, SdkCallCounter.total());
    }

    @Test
    void theSampleEventIsAnsweredWithTheSamplesCredentials() {
        String event = SampleEvents.read("introspect.json", user.accessToken().value(), "", user.userId())
                .replace(SampleEvents.SAMPLE_BACKEND_CREDENTIALS, basic(Users.CLIENT, Users.BACKEND_SECRET));

        assertTrue(answer(http(event)).get("active").asBoolean());
    }

    @ParameterizedTest
    @EnumSource(StoreFault.class)
    void everyStoreFaultIsAnswered503NamingNoInternals(StoreFault fault) {
        assertUnavailableNamingNoInternals(fault.during(() -> introspect(user.accessToken().value())));
    }
}
