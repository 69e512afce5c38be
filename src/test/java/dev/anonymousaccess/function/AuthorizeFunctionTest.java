package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.invoke;
import static dev.anonymousaccess.testing.Lambda.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.lambda.InvocationFailure;
import dev.anonymousaccess.lambda.RefusalLogFilter;
import dev.anonymousaccess.user.UserClaim;
import dev.anonymousaccess.user.UserRepository;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.AuthorizerEvents;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.DamagedUsers;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.TestClock;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.testing.SampleEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(Exports.Authorize.class)
class AuthorizeFunctionTest extends FunctionTest {

    @Inject
    UserRepository userStore;

    @Inject
    UserClaim claims;

    IssuedTokens user;

    @BeforeEach
    void freshUser() {
        user = users.startWithOneUser();
    }

    String bearer() {
        return "Bearer " + user.accessToken().value();
    }

    static JsonNode allowed(Object event) {
        Response response = invoke(event);
        assertEquals(200, response.statusCode(), response.asString());
        return read(response.asString());
    }

    /** The invocation fails with exactly this Lambda error message. */
    static void failsWith(Object event, String message) {
        Response response = invoke(event);
        assertNotEquals(200, response.statusCode(), response.asString());
        assertEquals(message, read(response.asString()).path("errorMessage").asText(), response.asString());
    }

    static void refused(Object event) {
        failsWith(event, "Unauthorized");
    }

    void assertAllowPolicy(JsonNode policy) {
        assertEquals(user.userId(), policy.get("principalId").asText());
        JsonNode statement = policy.get("policyDocument").get("Statement");
        assertEquals("2012-10-17", policy.get("policyDocument").get("Version").asText());
        assertEquals(1, statement.size());
        assertEquals("Allow", statement.get(0).get("Effect").asText());
        assertEquals("execute-api:Invoke", statement.get(0).get("Action").asText());
        assertEquals(AuthorizerEvents.STAGE_ARN, statement.get(0).get("Resource").asText());
        assertContext(policy.get("context"));
    }

    void assertContext(JsonNode context) {
        assertEquals(user.userId(), context.get("userId").asText());
        assertEquals(Users.CLIENT, context.get("clientId").asText());
        // The client app's origins, for downstream CORS (a string: REST API contexts hold no arrays).
        assertEquals("https://app.example.com", context.get("allowedOrigins").asText());
        assertEquals(3, context.size());
    }

    void expireAccessTokenFarAway() {
        table.setUserAttribute(user.userId(), "accessTokenExpiresAt", AttributeValue.fromN("4102444800"));
    }

    long ttl() {
        return Long.parseLong(table.user(user.userId()).get("ttl").n());
    }

    @Test
    void tokenEventGetsStageWidePolicy() {
        assertAllowPolicy(allowed(AuthorizerEvents.token(bearer())));
    }

    @Test
    void restRequestEventGetsStageWidePolicy() {
        assertAllowPolicy(allowed(AuthorizerEvents.restRequest(bearer())));
    }

    @Test
    void httpApiEventGetsSimpleResponse() {
        JsonNode response = allowed(AuthorizerEvents.httpV2(bearer()));

        assertTrue(response.get("isAuthorized").asBoolean());
        assertContext(response.get("context"));
        assertFalse(response.has("policyDocument"));
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        for (String scheme : List.of("bearer ", "BEARER ", "BeArEr ")) {
            assertAllowPolicy(allowed(AuthorizerEvents.token(scheme + user.accessToken().value())));
        }
    }

    @Test
    void otherSchemesAreRefused() {
        String token = user.accessToken().value();
        for (String credential : List.of("Basic " + token, "Token " + token, token, "Bearer", "Bearer ",
                "Bearer" + token, "Bearer " + token + " extra")) {
            refused(AuthorizerEvents.token(credential));
        }
    }

    @Test
    void absentTokenIsRefused() {
        refused(AuthorizerEvents.restRequest(null));
        JsonNode simple = allowed(AuthorizerEvents.httpV2(null));
        assertFalse(simple.get("isAuthorized").asBoolean());
    }

    @Test
    void malformedTokenIsRefused() {
        refused(AuthorizerEvents.token("Bearer not-a-token"));
        refused(AuthorizerEvents.token("Bearer " + user.accessToken().value().substring(1)));
        refused(AuthorizerEvents.token("Bearer " + user.accessToken().value() + "x"));
    }

    @Test
    void unknownUserIsRefused() {
        String value = user.accessToken().value();
        String otherUser = value.charAt(0) + "0123456789abcdef0123456789abcdef" + value.substring(33);
        refused(AuthorizerEvents.token("Bearer " + otherUser));
    }

    @Test
    void wrongSecretIsRefused() {
        String value = user.accessToken().value();
        char last = value.charAt(value.length() - 1);
        String tampered = value.substring(0, value.length() - 1) + (last == 'a' ? 'b' : 'a');
        refused(AuthorizerEvents.token("Bearer " + tampered));
    }

    @Test
    void refreshTokenIsNotAnAccessToken() {
        refused(AuthorizerEvents.token("Bearer " + user.refreshToken().value()));
    }

    @Test
    void refusalsOfHttpApiSimpleSayOnlyNo() {
        JsonNode response = allowed(AuthorizerEvents.httpV2("Bearer not-a-token"));

        assertEquals(1, response.size(), response.toString());
        assertFalse(response.get("isAuthorized").asBoolean());
    }

    @Test
    void accessTokenPast24HoursIsRefused() {
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        allowed(AuthorizerEvents.token(bearer()));
        clock.advance(Duration.ofSeconds(1));
        refused(AuthorizerEvents.token(bearer()));
    }

    @Test
    void userSilentFor30DaysIsRefusedWhileItsItemStillExists() {
        expireAccessTokenFarAway();
        clock.advance(Duration.ofDays(30).plus(expiry.refreshInterval()));

        refused(AuthorizerEvents.token(bearer()));
        assertFalse(table.user(user.userId()).isEmpty(), "the item should still exist (TTL deletion lags)");
    }

    @Test
    void userIsAliveUntil30DaysAfterItsLastRequest() {
        expireAccessTokenFarAway();
        clock.advance(Duration.ofDays(30).minusSeconds(1));

        allowed(AuthorizerEvents.token(bearer()));
    }

    @Test
    void requestOnDay29ExtendsTheLifetime() {
        expireAccessTokenFarAway();
        clock.advance(Duration.ofDays(29));
        Instant day29 = clock.instant();

        allowed(AuthorizerEvents.token(bearer()));

        assertEquals(expiry.expiresAt(day29).getEpochSecond(), ttl());
        assertEquals(day29.getEpochSecond(), Long.parseLong(table.user(user.userId()).get("lastSeenAt").n()));
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        allowed(AuthorizerEvents.token(bearer()));
    }

    @Test
    void authorizationsWithinTheRefreshIntervalWriteOnce() {
        clock.advance(expiry.refreshInterval());
        SdkCallCounter.reset();

        for (int i = 0; i < 10; i++) {
            allowed(AuthorizerEvents.token(bearer()));
            clock.advance(Duration.ofMinutes(5));
        }

        // One user read per authorization, plus one client read each (5 minutes apart > client-cache-ttl of 60 s).
        assertEquals(Map.of("GetItem", 20, "UpdateItem", 1), SdkCallCounter.snapshot());
    }

    @Test
    void aFailedLifetimeWriteStillAllowsAndIsRetriedByTheNextRequest() {
        clock.advance(expiry.refreshInterval());
        SdkCallCounter.failNext("UpdateItem");

        allowed(AuthorizerEvents.token(bearer()));
        assertEquals(TestClock.START.getEpochSecond(), Long.parseLong(table.user(user.userId()).get("lastSeenAt").n()));

        allowed(AuthorizerEvents.token(bearer()));
        assertEquals(expiry.expiresAt(clock.instant()).getEpochSecond(), ttl());
    }

    @Test
    void steadyStateAuthorizationIsExactlyOneGetItemAndNoWrite() {
        allowed(AuthorizerEvents.token(bearer())); // warms the client cache
        SdkCallCounter.reset();

        allowed(AuthorizerEvents.token(bearer()));

        assertEquals(Map.of("GetItem", 1), SdkCallCounter.snapshot());
    }

    @Test
    void aClaimedUsersContextCarriesItsSubjectFromOneReadAndNoWrite() {
        users.giveBackendSecret();
        claims.claim(clients.authenticateBackend(Users.CLIENT, Users.BACKEND_SECRET), user.accessToken().value(),
                "auth0|person-3", InvocationRecorder.NONE);
        clock.advance(Duration.ofHours(23)); // an anonymous user's lifetime write would be due
        MotoServer.proxy().reset();
        allowed(AuthorizerEvents.httpV2(bearer())); // also reads the client app again (its cache aged out)
        assertEquals(0, MotoServer.proxy().calls("UpdateItem"), "a claimed user has no lifetime to write");
        MotoServer.proxy().reset();

        JsonNode context = allowed(AuthorizerEvents.httpV2(bearer())).get("context");

        assertEquals(user.userId(), context.get("userId").asText());
        assertEquals("auth0|person-3", context.get("subject").asText());
        assertEquals(Map.of("GetItem", 1), MotoServer.proxy().calls());
    }

    @Test
    void theSteadyStateReadIsEventuallyConsistentAndNothingConfirmsIt() {
        allowed(AuthorizerEvents.token(bearer())); // warms the client cache
        MotoServer.proxy().reset();

        allowed(AuthorizerEvents.token(bearer()));

        assertEquals(1, MotoServer.proxy().calls("GetItem"));
        assertEquals(0, MotoServer.proxy().consistentReads(), "half a read unit: no strongly consistent read");
    }

    @Test
    void aTokenRefreshedAMomentAgoIsAcceptedWhenTheFirstReadStillShowsThePreviousItem() {
        allowed(AuthorizerEvents.token(bearer())); // warms the client cache
        MotoServer.proxy().lagReadsOf("USER#" + user.userId());
        allowed(AuthorizerEvents.token(bearer())); // what the lagging replica keeps answering: the first pair
        IssuedTokens refreshed = rotation.refresh(user.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE);
        int reads = MotoServer.proxy().calls("GetItem");
        int consistent = MotoServer.proxy().consistentReads();
        int stale = MotoServer.proxy().laggingAnswers();

        JsonNode policy = allowed(AuthorizerEvents.token("Bearer " + refreshed.accessToken().value()));

        assertEquals(user.userId(), policy.get("principalId").asText());
        assertEquals(1, MotoServer.proxy().laggingAnswers() - stale, "the first read saw the item before the refresh");
        assertEquals(2, MotoServer.proxy().calls("GetItem") - reads);
        assertEquals(1, MotoServer.proxy().consistentReads() - consistent, "one strongly consistent read confirmed");
    }

    @Test
    void aRefusalIsConfirmedByAStronglyConsistentRead() {
        allowed(AuthorizerEvents.token(bearer())); // warms the client cache
        signOut.revoke(user.accessToken().value(), InvocationRecorder.NONE);
        MotoServer.proxy().reset();

        refused(AuthorizerEvents.token(bearer()));

        assertEquals(2, MotoServer.proxy().calls("GetItem"));
        assertEquals(1, MotoServer.proxy().consistentReads());
    }

    @Inject
    SnapStartPriming priming;

    @Test
    void snapStartPrimingRunsTheHotPathWithoutTouchingTheStore() throws Exception {
        SdkCallCounter.reset();
        MotoServer.proxy().reset();

        String primed = priming.prime();

        assertTrue(primed.contains("\"isAuthorized\":true") && primed.contains("\"access_token\""), primed);
        assertEquals(0, SdkCallCounter.total());
        assertEquals(Map.of(), MotoServer.proxy().calls());
    }

    @Test
    void theSummaryLineCountsTheCallsTheSdkMade() {
        try (LogCapture log = new LogCapture()) {
            SdkCallCounter.reset();
            allowed(AuthorizerEvents.token(bearer()));

            LogCapture.Captured summary = log.records().stream()
                    .filter(r -> r.logger().equals("dev.anonymousaccess.observability.Invocations")).findFirst()
                    .orElseThrow();
            assertEquals(Integer.toString(SdkCallCounter.total()), summary.mdc().get("dynamodbCalls"));
            assertEquals("allow", summary.mdc().get("outcome"));
        }
    }

    @Test
    void concurrentAuthorizationsNeverShortenTheLifetime() throws Exception {
        expireAccessTokenFarAway();
        clock.advance(Duration.ofDays(2));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                // The rules the function runs, on many threads: the test's Lambda event server runs one at a time.
                calls.add(() -> verifier.verify(user.accessToken().value(), InvocationRecorder.NONE)
                        instanceof AccessDecision.Granted ? 200 : 403);
            }
            for (Future<Integer> status : pool.invokeAll(calls)) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long extended = ttl();
        assertEquals(expiry.expiresAt(clock.instant()).getEpochSecond(), extended);

        // A writer that read the user earlier and writes later must not move the end of life back.
        Instant stale = clock.instant().minus(Duration.ofHours(3));
        assertFalse(userStore.extendLifetime(user.userId(), stale, expiry.expiresAt(stale)));
        assertEquals(extended, ttl());
    }

    @Test
    void lifetimeIsNeverExtendedForADeletedUser() {
        userStore.erase(userStore.findUser(user.userId()).orElseThrow());
        clock.advance(Duration.ofDays(1));

        assertFalse(userStore.extendLifetime(user.userId(), clock.instant(), expiry.expiresAt(clock.instant())));
        assertTrue(table.user(user.userId()).isEmpty(), "a deleted user must not be resurrected");
    }

    @Test
    void erasedUserIsRefused() {
        userStore.erase(userStore.findUser(user.userId()).orElseThrow());
        refused(AuthorizerEvents.token(bearer()));
    }

    @Test
    void revokedUserIsRefused() {
        table.setUserAttribute(user.userId(), "revokedFor", AttributeValue.fromS("operator"));
        refused(AuthorizerEvents.token(bearer()));
    }

    @Test
    void userOfDisabledClientIsRefused() {
        clients.disable(Users.CLIENT);
        refused(AuthorizerEvents.token(bearer()));
    }

    @Test
    void clientDisabledByAnotherInstanceIsRefusedWithinTheClientCacheTtl() {
        allowed(AuthorizerEvents.token(bearer())); // this instance has read the client app
        table.setAttribute("CLIENT#" + Users.CLIENT, "enabled", AttributeValue.fromBool(false));

        clock.advance(Duration.ofSeconds(59));
        allowed(AuthorizerEvents.token(bearer()));
        clock.advance(Duration.ofSeconds(1));
        refused(AuthorizerEvents.token(bearer()));
    }

    @Test
    void unavailableStoreNeverAllowsAndNeverSaysUnauthorized() {
        MotoServer.proxy().startOutage();
        try (LogCapture log = new LogCapture()) {
            failsWith(AuthorizerEvents.token(bearer()), "authorizer temporarily unavailable");
            failsWith(AuthorizerEvents.restRequest(bearer()), "authorizer temporarily unavailable");
            failsWith(AuthorizerEvents.httpV2(bearer()), "authorizer temporarily unavailable");
            // The operator's line: why it failed closed.
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("failing closed")));
        }
        MotoServer.proxy().endOutage();
        allowed(AuthorizerEvents.token(bearer()));
    }

    @Test
    void aStoreThatDoesNotAnswerFailsClosedOnceTheCallTimesOut() {
        MotoServer.freeze();
        try {
            failsWith(AuthorizerEvents.httpV2(bearer()), "authorizer temporarily unavailable");
        } finally {
            MotoServer.thaw();
        }
        allowed(AuthorizerEvents.token(bearer()));
    }

    @Test
    void unsupportedEventFailsClosed() {
        failsWith(Map.of("foo", "bar"), "unsupported authorizer event");
    }

    @Test
    void aTokenEventWithoutMethodArnNeverAllows() {
        Map<String, Object> event = new LinkedHashMap<>(AuthorizerEvents.token(bearer()));
        event.remove("methodArn");

        failsWith(event, "unsupported authorizer event");
    }

    @Test
    void anHttpApiEventWithoutRouteArnNeverAllows() {
        Map<String, Object> event = new LinkedHashMap<>(AuthorizerEvents.httpV2(bearer()));
        event.remove("routeArn");

        failsWith(event, "unsupported authorizer event");
    }

    @Test
    void aBareStringPayloadFailsWithoutTheTokenReachingTheLog() {
        try (LogCapture log = new LogCapture()) {
            failsWith("\"" + bearer() + "\"", "unsupported authorizer event");
            failsWith("\"" + user.accessToken().value() + "\"", "unsupported authorizer event");

            String secret = user.accessToken().value().substring(33);
            log.lines().forEach(line -> assertFalse(line.contains(secret), "the token was logged: " + line));
        }
    }

    @Test
    void aPayloadThatIsNotJsonFailsWithoutTheTokenReachingTheLog() {
        try (LogCapture log = new LogCapture()) {
            Response response = invoke(user.accessToken().value() + " " + user.accessToken().value());
            assertNotEquals(200, response.statusCode());

            String secret = user.accessToken().value().substring(33);
            assertFalse(response.asString().contains(secret), "the token was echoed");
            log.lines().forEach(line -> assertFalse(line.contains(secret), "the token was logged: " + line));
        }
    }

    @Test
    void aRefusalLogsOneLineWithItsReason() {
        try (LogCapture log = new LogCapture()) {
            refused(AuthorizerEvents.token("Bearer " + user.refreshToken().value()));

            assertEquals(List.of("INFO dev.anonymousaccess.authorizer.Authorizer refused: malformed access token"),
                    log.lines().stream().filter(line -> line.contains("refused")).toList());
        }
    }

    @Test
    void theRuntimesStackTraceOfARefusalIsDroppedFromTheConsole() {
        RefusalLogFilter filter = new RefusalLogFilter();
        LogRecord refusal = new LogRecord(Level.SEVERE, "Failed to run lambda");
        refusal.setThrown(new IllegalStateException("wrapped", new InvocationFailure("Unauthorized")));
        LogRecord bug = new LogRecord(Level.SEVERE, "Failed to run lambda");
        bug.setThrown(new IllegalStateException("wrapped", new NullPointerException()));

        assertFalse(filter.isLoggable(refusal));
        assertTrue(filter.isLoggable(bug));
        assertTrue(filter.isLoggable(new LogRecord(Level.INFO, "no exception")));
    }

    @ParameterizedTest
    @MethodSource("dev.anonymousaccess.testing.DamagedUsers#attributes")
    void aDamagedUserItemIsRefusedNeverAServerError(String attribute, AttributeValue damage) {
        DamagedUsers.damage(table, user.userId(), attribute, damage);

        refused(AuthorizerEvents.token(bearer()));
        assertFalse(allowed(AuthorizerEvents.httpV2(bearer())).get("isAuthorized").asBoolean());
    }

    @Test
    void aUserWhoseLifetimeAlreadyReachesFurtherCostsNoWrite() {
        long farAway = TestClock.START.plus(Duration.ofDays(365)).getEpochSecond();
        table.setUserAttribute(user.userId(), "ttl", AttributeValue.fromN(Long.toString(farAway)));
        expireAccessTokenFarAway();
        clock.advance(Duration.ofDays(2));
        allowed(AuthorizerEvents.token(bearer())); // warms the client cache
        SdkCallCounter.reset();

        for (int i = 0; i < 5; i++) {
            allowed(AuthorizerEvents.token(bearer()));
            clock.advance(expiry.refreshInterval());
        }

        assertEquals(0, SdkCallCounter.count("UpdateItem"));
        assertEquals(farAway, ttl());
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aLifetimeWriteThatLandedBeforeItFailedStillAllows(Fault fault) {
        clock.advance(expiry.refreshInterval());
        MotoServer.proxy().inject("UpdateItem", fault, 1);

        allowed(AuthorizerEvents.token(bearer()));

        assertEquals(expiry.expiresAt(clock.instant()).getEpochSecond(), ttl());
        assertEquals(2, MotoServer.proxy().calls("UpdateItem"), "the SDK retried the write that had landed");
    }

    @Test
    void sampleEventsAnswerAsDocumented() {
        failsWith(read(SampleEvents.read("authorize-rest-token.json")), "Unauthorized");
        failsWith(read(SampleEvents.read("authorize-rest-request.json")), "Unauthorized");
        assertFalse(allowed(read(SampleEvents.read("authorize-http-api.json"))).get("isAuthorized").asBoolean());

        String token = user.accessToken().value();
        String refresh = user.refreshToken().value();
        assertEquals(user.userId(), allowed(read(SampleEvents.read("authorize-rest-token.json", token, refresh,
                user.userId()))).get("principalId").asText());
        assertEquals(user.userId(), allowed(read(SampleEvents.read("authorize-rest-request.json", token, refresh,
                user.userId()))).get("principalId").asText());
        assertTrue(allowed(read(SampleEvents.read("authorize-http-api.json", token, refresh, user.userId())))
                .get("isAuthorized").asBoolean());
    }
}
