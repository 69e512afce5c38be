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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.Deprecation;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.StoreFault;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.TestClock;
import dev.anonymousaccess.testing.TokenText;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.SampleEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(Exports.Create.class)
class CreateFunctionTest extends FunctionTest {

    @BeforeEach
    void registerClients() {
        users.startWith(CLIENT_APPS);
    }

    static final List<ClientDefinition> CLIENT_APPS = List.of(
            ClientDefinition.builder().clientId("web-app").name("Web App")
                    .allowedOrigins(List.of("https://app.example.com", "https://*.example.org", "http://localhost:3000"))
                    .enabled(true).build(),
            // No sign-up limit: these tests create many users from one address (SignupLimitTest covers the limit).
            ClientDefinition.builder().clientId("mobile-app").name("Mobile App").allowedOrigins(List.of())
                    .enabled(true).signupsPerIp(0).build(),
            ClientDefinition.builder().clientId("retired-app").name("Retired")
                    .allowedOrigins(List.of("https://old.example.com")).enabled(false).build(),
            // Deprecated a day before the test clock starts, sign-up ends a day after.
            ClientDefinition.builder().clientId("sunset-app").name("Sunset App")
                    .allowedOrigins(List.of("https://sunset.example.com")).enabled(true).signupsPerIp(0)
                    .deprecation(Deprecation.of("2025-12-31T00:00:00Z", "2026-01-02T00:00:00Z",
                            "https://example.com/guest-access-ends")).build());

    static HttpResult create(String body) {
        return create(body, Map.of("content-type", "application/json"));
    }

    static HttpResult create(String body, Map<String, String> headers) {
        return http(httpEvent("POST", CREATE_PATH, headers, body, false));
    }

    /** A browser's preflight from {@code origin}, asking for nothing beyond the simple request. */
    static HttpResult preflight(String origin) {
        return http(httpEvent("OPTIONS", CREATE_PATH, Map.of("origin", origin), null, false));
    }

    static HttpResult createFrom(String origin, String clientId) {
        return create("{\"clientId\":\"" + clientId + "\"}", Map.of("content-type", "application/json", "origin", origin));
    }

    @Test
    void answersWithExactlyTheTokenShape() {
        HttpResult result = create("{\"clientId\":\"mobile-app\"}");

        assertEquals(200, result.status());
        assertNoStoreJson(result);
        JsonNode body = result.body();
        assertEquals(Set.of("token"), fieldNames(body));
        JsonNode token = body.get("token");
        assertEquals(Set.of("access_token", "expires_in", "token_type", "refresh_token"), fieldNames(token));
        assertEquals(86400, token.get("expires_in").asLong());
        assertTrue(token.get("expires_in").isIntegralNumber());
        assertEquals("Bearer", token.get("token_type").asText());
        assertTrue(token.get("access_token").asText().matches("[A-Za-z0-9]{76}"));
        assertTrue(token.get("refresh_token").asText().matches("[A-Za-z0-9]{76}"));
        assertFalse(token.get("access_token").asText().equals(token.get("refresh_token").asText()));
    }

    @Test
    void storesTheUserWithHashesExpiriesAndTtl() {
        JsonNode token = create("{\"clientId\":\"mobile-app\"}").body().get("token");
        String access = token.get("access_token").asText();
        String refresh = token.get("refresh_token").asText();

        List<Map<String, AttributeValue>> users = table.users();
        assertEquals(1, users.size());
        Map<String, AttributeValue> user = users.get(0);
        long now = TestClock.START.getEpochSecond();
        assertEquals("mobile-app", user.get("clientId").s());
        assertEquals(now, Long.parseLong(user.get("createdAt").n()));
        assertEquals(now, Long.parseLong(user.get("lastSeenAt").n()));
        assertEquals(TokenHash.of(access), user.get("accessTokenHash").s());
        assertEquals(TokenHash.of(refresh), user.get("refreshTokenHash").s());
        assertEquals(now + Duration.ofHours(24).toSeconds(), Long.parseLong(user.get("accessTokenExpiresAt").n()));
        // 30 days of inactivity, plus the lifetime refresh interval (see SlidingExpiry).
        assertEquals(now + Duration.ofDays(30).plusHours(1).toSeconds(), Long.parseLong(user.get("ttl").n()));
        assertEquals("USER#" + user.get("userId").s(), user.get("pk").s());
    }

    @Test
    void writesOneUserWithOneConditionalPut() {
        SdkCallCounter.reset();

        create("{\"clientId\":\"mobile-app\"}");

        assertEquals(1, SdkCallCounter.count("PutItem"));
        assertEquals(Map.of("GetItem", 1, "PutItem", 1), SdkCallCounter.snapshot());
    }

    @Test
    void everyCreateGivesADistinctUserAndTokens() {
        int creates = 100;
        Set<String> accessTokens = new HashSet<>();
        Set<String> refreshTokens = new HashSet<>();
        for (int i = 0; i < creates; i++) {
            JsonNode token = create("{\"clientId\":\"mobile-app\"}").body().get("token");
            accessTokens.add(token.get("access_token").asText());
            refreshTokens.add(token.get("refresh_token").asText());
        }
        assertEquals(creates, accessTokens.size());
        assertEquals(creates, refreshTokens.size());
        Set<String> userIds = new HashSet<>();
        table.users().forEach(user -> userIds.add(user.get("userId").s()));
        assertEquals(creates, userIds.size());
        accessTokens.forEach(access -> assertTrue(userIds.contains(TokenText.userIdOf(access)), "token locates no user"));
    }

    @Test
    void noTokenIsStoredInClear() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            JsonNode token = create("{\"clientId\":\"mobile-app\"}").body().get("token");
            tokens.add(token.get("access_token").asText());
            tokens.add(token.get("refresh_token").asText());
        }
        String everything = table.all().toString();
        for (String token : tokens) {
            assertFalse(everything.contains(token.substring(33)), "a token secret is stored in clear");
        }
    }

    @Test
    void unknownClientIsRefused() {
        assertError(create("{\"clientId\":\"nobody\"}"), 400, "invalid_client");
    }

    @Test
    void refusalsAreReadableByBrowsersOfRegisteredOriginsOnly() {
        HttpResult registered = createFrom("https://app.example.com", "nobody");
        HttpResult unknown = createFrom("https://evil.example.net", "nobody");

        assertError(registered, 400, "invalid_client");
        assertEquals("https://app.example.com", registered.header("Access-Control-Allow-Origin"));
        assertError(unknown, 400, "invalid_client");
        assertNull(unknown.header("Access-Control-Allow-Origin"));
    }

    @Test
    void disabledClientIsRefused() {
        assertError(create("{\"clientId\":\"retired-app\"}"), 400, "invalid_client");
        assertTrue(table.users().isEmpty());
    }

    @Test
    void browserFromExactOriginGetsCorsHeaders() {
        HttpResult result = createFrom("https://app.example.com", "web-app");

        assertEquals(200, result.status());
        assertEquals("https://app.example.com", result.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", result.header("Vary"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://evil.example.net", "http://app.example.com", "https://app.example.com:8443",
            "http://localhost:3001", "https://app.example.com.evil.net", "null", "https://example.org" })
    void originsMustMatchSchemeHostAndPort(String origin) {
        assertError(createFrom(origin, "web-app"), 403, "origin_not_allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:3000", "https://app.example.com:443", "https://shop.example.org",
            "https://a.b.example.org" })
    void allowedOriginsAndTheirSubdomainsAreAdmitted(String origin) {
        assertEquals(200, createFrom(origin, "web-app").status());
    }

    @Test
    void browserOfClientWithoutOriginsIsRefused() {
        assertError(createFrom("https://app.example.com", "mobile-app"), 403, "origin_not_allowed");
    }

    @Test
    void refusedOriginCreatesNoUser() {
        createFrom("https://evil.example.net", "web-app");
        assertTrue(table.users().isEmpty());
    }

    @Test
    void requestWithoutOriginGetsNoCorsHeaders() {
        HttpResult result = create("{\"clientId\":\"web-app\"}");

        assertEquals(200, result.status());
        assertNull(result.header("Access-Control-Allow-Origin"));
    }

    @Test
    void preflightFromAllowedOriginIsAnswered() {
        HttpResult result = http(httpEvent("OPTIONS", CREATE_PATH, Map.of("origin", "https://shop.example.org",
                "access-control-request-method", "POST", "access-control-request-headers", "content-type"), null, false));

        assertEquals(204, result.status());
        assertEquals("https://shop.example.org", result.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", result.header("Vary"));
        assertTrue(result.header("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(result.header("Access-Control-Allow-Headers").toLowerCase().contains("content-type"));
        assertEquals("600", result.header("Access-Control-Max-Age"));
        assertNull(result.rawBody());
    }

    @Test
    void preflightFromOtherOriginIsRefused() {
        for (String origin : List.of("https://evil.example.net", "https://example.org", "https://app.example.com:8443")) {
            HttpResult result = http(httpEvent("OPTIONS", CREATE_PATH, Map.of("origin", origin,
                    "access-control-request-method", "POST"), null, false));
            assertError(result, 403, "origin_not_allowed");
            assertNull(result.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void preflightIsRefusedForAnOriginOnlyADisabledClientAllows() {
        HttpResult result = preflight("https://old.example.com");

        assertError(result, 403, "origin_not_allowed");
    }

    @Test
    void preflightIsAnsweredAgainOnceTheClientIsEnabledAgain() {
        clients.put(ClientDefinition.builder().clientId("retired-app").name("Retired")
                .allowedOrigins(List.of("https://old.example.com")).enabled(true).build());

        assertEquals(204,
                preflight("https://old.example.com").status());
    }

    @Test
    void unprocessedOriginKeysAreAskedAgainWithBackoff() {
        MotoServer.proxy().inject("BatchGetItem", Fault.UNPROCESSED, 2);

        HttpResult result = preflight("https://shop.example.org");

        assertEquals(204, result.status());
        assertEquals(3, MotoServer.proxy().calls("BatchGetItem"));
    }

    @Test
    void keysThatStayUnprocessedEndIn503AfterBoundedRetries() {
        MotoServer.proxy().inject("BatchGetItem", Fault.UNPROCESSED, 1000);

        HttpResult result = preflight("https://shop.example.org");

        assertError(result, 503, "temporarily_unavailable");
        assertEquals(4, MotoServer.proxy().calls("BatchGetItem"), "one call and three retries, no more");
    }

    @Test
    void preflightStopsWhenAnOriginIsRemovedFromItsClient() {
        clients.put(ClientDefinition.builder().clientId("web-app").name("Web App")
                .allowedOrigins(List.of("https://app.example.com")).enabled(true).build());

        HttpResult result = preflight("https://shop.example.org");

        assertError(result, 403, "origin_not_allowed");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "clientId=web-app", "{\"clientId\":", "[\"web-app\"]", "\"web-app\"",
            "{\"clientId\":\"mobile-app\"} {\"clientId\":\"web-app\"}", "{\"client\":\"web-app\"}",
            "{\"clientId\":42}", "{\"clientId\":[\"web-app\"]}", "{\"clientId\":null}", "{\"clientId\":\"   \"}",
            "{\"clientId\":\"web app\"}", "{\"clientId\":\"web/app\"}", "{\"clientId\":\"w\u00e9b\"}",
            "{\"clientId\":\"web#app\"}", "{\"clientId\":\"web\\u0000app\"}" })
    void malformedBodiesAreInvalidRequestAndCreateNoUser(String body) {
        assertError(create(body), 400, "invalid_request");
        assertEquals(List.of(), table.users());
    }

    @Test
    void aRepeatedFieldIsNamedAsTheProblem() {
        HttpResult repeated = create("{\"clientId\":\"mobile-app\",\"clientId\":\"web-app\"}");

        assertError(repeated, 400, "invalid_request");
        assertTrue(repeated.body().get("error_description").asText().contains("repeats"));
    }

    @Test
    void aMissingClientIdIsNamedAsTheProblem() {
        HttpResult result = create("{\"client\":\"web-app\"}");

        assertTrue(result.body().get("error_description").asText().contains("clientId"));
    }

    @Test
    void clientIdsAreAtMost128Characters() {
        assertError(create("{\"clientId\":\"" + "a".repeat(129) + "\"}"), 400, "invalid_request");
        assertError(create("{\"clientId\":\"" + "a".repeat(128) + "\"}"), 400, "invalid_client");
    }

    @Test
    void base64EncodedBodyIsDecoded() {
        String body = Base64.getEncoder().encodeToString("{\"clientId\":\"mobile-app\"}".getBytes(StandardCharsets.UTF_8));

        HttpResult result = http(httpEvent("POST", CREATE_PATH, Map.of("content-type", "application/json"), body,
                true));

        assertEquals(200, result.status());
        assertNotNull(result.body().get("token"));
    }

    @Test
    void invalidBase64BodyIsInvalidRequest() {
        assertError(http(httpEvent("POST", CREATE_PATH, Map.of(), "%%%not-base64%%%", true)), 400, "invalid_request");
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(200, create("{\"clientId\":\"mobile-app\",\"device\":{\"os\":\"x\"},\"n\":1}").status());
    }

    @Test
    void otherMethodsAreRefused() {
        HttpResult result = http(httpEvent("GET", CREATE_PATH, Map.of(), null, false));
        assertError(result, 405, "invalid_request");
    }

    @Test
    void failedUserWriteGives503AndLeavesNoPartialUser() {
        HttpResult result = MotoServer.frozenBeforeNext("PutItem", () -> create("{\"clientId\":\"mobile-app\"}"));

        assertError(result, 503, "temporarily_unavailable");
        // A write that timed out may still land later; if it does, it is whole (one PutItem), never partial.
        for (Map<String, AttributeValue> user : table.users()) {
            assertTrue(user.keySet().containsAll(List.of("userId", "clientId", "createdAt", "lastSeenAt", "ttl",
                    "accessTokenHash", "accessTokenExpiresAt", "refreshTokenHash")), user.keySet().toString());
        }
    }

    @Test
    void storeRecoversAfterAnOutage() {
        MotoServer.freeze();
        try {
            create("{\"clientId\":\"mobile-app\"}");
        } finally {
            MotoServer.thaw();
        }
        assertEquals(200, create("{\"clientId\":\"mobile-app\"}").status());
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aCreateWhoseWriteLandedBeforeItFailedAnswersItsOneUser(Fault fault) {
        MotoServer.proxy().inject("PutItem", fault, 1);

        HttpResult result = create("{\"clientId\":\"mobile-app\"}");

        assertEquals(200, result.status(), result.rawBody());
        assertEquals(2, MotoServer.proxy().calls("PutItem"), "the SDK retried the write that had landed");
        List<Map<String, AttributeValue>> users = table.users();
        assertEquals(1, users.size(), "exactly one user, never an orphan");
        assertEquals(TokenHash.of(result.body().get("token").get("access_token").asText()),
                users.get(0).get("accessTokenHash").s());
    }

    @Test
    void aCreateWhoseWriteNeverLandedIs503AndWritesNothing() {
        MotoServer.proxy().inject("PutItem", Fault.FAIL_BEFORE, 10);

        assertError(create("{\"clientId\":\"mobile-app\"}"), 503, "temporarily_unavailable");
        assertEquals(List.of(), table.users());
    }

    @ParameterizedTest
    @ValueSource(strings = { "eyJjbGllbnRJZCI6Im1vYmlsZS1hcHAifQ==junk", "eyJjbGllbnRJZCI6Im1v YmlsZS1hcHAifQ==",
            "eyJjbGllbnRJZCI6Im1v\r\nYmlsZS1hcHAifQ==", "eyJjbGllbnRJZCI6Im1v*YmlsZS1hcHAifQ==" })
    void base64WithJunkInsideOrAfterIsInvalidRequest(String body) {
        assertError(http(httpEvent("POST", CREATE_PATH, Map.of("content-type", "application/json"), body, true)), 400,
                "invalid_request");
        assertEquals(List.of(), table.users());
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"SECRET\"", "[\"SECRET\"]", "{\"version\":\"2.0\",\"isBase64Encoded\":\"SECRET\"}",
            "{\"version\":\"2.0\",\"headers\":\"SECRET\"}", "SECRET SECRET" })
    void aPayloadThatIsNoHttpEventFailsWithoutQuotingItInTheLog(String payload) {
        String secret = "A0f3c8a2e9b7d4410a8c6e2f1b3d5a7c9Zq8XvR3nT6yW1pL4kM7bN2cF5hJ9dG0sA3eQ6uI8oYt";
        try (LogCapture log = new LogCapture()) {
            Response response = Lambda.invoke(payload.replace("SECRET", secret));

            assertFalse(response.statusCode() == 200 && response.asString().contains("\"statusCode\":200"));
            assertFalse(response.asString().contains(secret.substring(33)), "the payload was echoed");
            log.lines().forEach(line -> assertFalse(line.contains(secret.substring(33)), "logged: " + line));
        }
        assertEquals(List.of(), table.users());
    }

    @Test
    void anEventWithoutAnHttpMethodIsNotServed() {
        Map<String, Object> event = httpEvent("POST", CREATE_PATH, Map.of("content-type", "application/json"),
                "{\"clientId\":\"mobile-app\"}", false);
        event.put("requestContext", Map.of("requestId", "req-1"));

        assertError(http(event), 400, "invalid_request");
        assertEquals(List.of(), table.users());
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://\u212A.example.org", "https://sh\u0130p.example.org", "https://app.example.com\u0000",
            "https://xn--80ak6aa92e.example.org\u00a0" })
    void nonAsciiOriginsAreRefusedAndNeverEchoed(String origin) {
        HttpResult result = createFrom(origin, "web-app");

        assertError(result, 403, "origin_not_allowed");
        assertNull(result.header("Access-Control-Allow-Origin"));
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void sampleEventsAnswerAsDocumented() {
        clients.put(ClientDefinition.builder().clientId("demo-app").name("Demo App")
                .allowedOrigins(List.of("http://localhost:3000")).enabled(true).build());

        assertEquals(200, Lambda.http(SampleEvents.read("create.json")).status());
        HttpResult browser = Lambda.http(SampleEvents.read("create-browser.json"));
        assertEquals("http://localhost:3000", browser.header("Access-Control-Allow-Origin"));
        assertEquals(204, Lambda.http(SampleEvents.read("create-preflight.json")).status());
    }

    @ParameterizedTest
    @EnumSource(StoreFault.class)
    void everyStoreFaultIsAnswered503NamingNoInternals(StoreFault fault) {
        assertUnavailableNamingNoInternals(fault.during(() -> create("{\"clientId\":\"mobile-app\"}")));
    }

    @Test
    void aDeprecatedClientAppsAnswersCarryTheDeprecationSunsetAndLinkReadableByItsBrowsers() {
        HttpResult result = createFrom("https://sunset.example.com", "sunset-app");

        assertEquals(200, result.status(), result.rawBody());
        assertEquals("@" + Instant.parse("2025-12-31T00:00:00Z").getEpochSecond(), result.header("Deprecation"));
        assertEquals("Fri, 02 Jan 2026 00:00:00 GMT", result.header("Sunset"));
        assertEquals("<https://example.com/guest-access-ends>; rel=\"deprecation\"", result.header("Link"));
        assertTrue(result.header("Access-Control-Expose-Headers").contains("Deprecation"));
        assertTrue(result.header("Access-Control-Expose-Headers").contains("Sunset"));
        assertTrue(result.header("Access-Control-Expose-Headers").contains("Link"));
    }

    @Test
    void anAppThatIsNotDeprecatedAnswersNoDeprecationHeaders() {
        HttpResult result = create("{\"clientId\":\"mobile-app\"}");

        assertEquals(200, result.status());
        assertNull(result.header("Deprecation"));
        assertNull(result.header("Sunset"));
    }

    @Test
    void fromTheSunsetOnCreateMakesNoAnonymousUserAndSaysWhy() {
        clock.advance(Duration.ofDays(1));

        HttpResult result = createFrom("https://sunset.example.com", "sunset-app");

        assertError(result, 400, "unauthorized_client");
        assertTrue(result.body().get("error_description").asText().contains("anonymous sign-up ended"));
        assertEquals("Fri, 02 Jan 2026 00:00:00 GMT", result.header("Sunset"));
        assertEquals("https://sunset.example.com", result.header("Access-Control-Allow-Origin"));
        assertEquals(List.of(), table.users());
    }
}
