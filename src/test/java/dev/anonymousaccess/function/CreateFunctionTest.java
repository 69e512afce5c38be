package dev.anonymousaccess.function;

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
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.testing.DynamoCallCounter;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.TableContents;
import dev.anonymousaccess.testing.TestClock;
import dev.anonymousaccess.testing.TokenText;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.testing.Lambda;
import dev.anonymousaccess.testing.SampleEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(Exports.Create.class)
@WithTestResource(MotoServer.class)
class CreateFunctionTest {

    static final String PATH = "/auth/anonymous/create";

    @Inject
    ClientRegistry clients;

    @Inject
    TableContents table;

    @Inject
    TestClock clock;

    @BeforeEach
    void registerClients() {
        clock.reset();
        table.clear();
        clients.put(new ClientDefinition("web-app", "Web App",
                List.of("https://app.example.com", "https://*.example.org", "http://localhost:3000"), true));
        clients.put(new ClientDefinition("mobile-app", "Mobile App", List.of(), true));
        clients.put(new ClientDefinition("retired-app", "Retired", List.of("https://old.example.com"), true));
        clients.disable("retired-app");
    }

    static HttpResult create(String body) {
        return create(body, Map.of("content-type", "application/json"));
    }

    static HttpResult create(String body, Map<String, String> headers) {
        return http(httpEvent("POST", PATH, headers, body, false));
    }

    static HttpResult createFrom(String origin, String clientId) {
        return create("{\"clientId\":\"" + clientId + "\"}", Map.of("content-type", "application/json", "origin", origin));
    }

    static void assertError(HttpResult result, int status, String error) {
        assertEquals(status, result.status(), result.rawBody());
        assertEquals(error, result.body().path("error").asText(), result.rawBody());
        assertFalse(result.body().path("error_description").asText().isBlank(), "error_description is missing");
        assertEquals(Set.of("error", "error_description"), fieldNames(result.body()));
        assertNoStoreJson(result);
    }

    static void assertNoStoreJson(HttpResult result) {
        assertEquals("application/json", result.header("Content-Type"));
        assertEquals("no-store", result.header("Cache-Control"));
        assertEquals("no-cache", result.header("Pragma"));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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
        DynamoCallCounter.reset();

        create("{\"clientId\":\"mobile-app\"}");

        assertEquals(1, DynamoCallCounter.count("PutItem"));
        assertEquals(Map.of("GetItem", 1, "PutItem", 1), DynamoCallCounter.snapshot());
    }

    @Test
    void thousandCreatesGiveThousandDistinctUsersAndTokens() {
        Set<String> accessTokens = new HashSet<>();
        Set<String> refreshTokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            JsonNode token = create("{\"clientId\":\"mobile-app\"}").body().get("token");
            accessTokens.add(token.get("access_token").asText());
            refreshTokens.add(token.get("refresh_token").asText());
        }
        assertEquals(1000, accessTokens.size());
        assertEquals(1000, refreshTokens.size());
        Set<String> userIds = new HashSet<>();
        table.users().forEach(user -> userIds.add(user.get("userId").s()));
        assertEquals(1000, userIds.size());
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
        assertError(create("{\"clientId\":\"nobody\"}"), 401, "invalid_client");
    }

    @Test
    void refusalsAreReadableByBrowsersOfRegisteredOriginsOnly() {
        HttpResult registered = createFrom("https://app.example.com", "nobody");
        HttpResult unknown = createFrom("https://evil.example.net", "nobody");

        assertError(registered, 401, "invalid_client");
        assertEquals("https://app.example.com", registered.header("Access-Control-Allow-Origin"));
        assertError(unknown, 401, "invalid_client");
        assertNull(unknown.header("Access-Control-Allow-Origin"));
    }

    @Test
    void disabledClientIsRefused() {
        assertError(create("{\"clientId\":\"retired-app\"}"), 401, "invalid_client");
        assertTrue(table.users().isEmpty());
    }

    @Test
    void browserFromExactOriginGetsCorsHeaders() {
        HttpResult result = createFrom("https://app.example.com", "web-app");

        assertEquals(200, result.status());
        assertEquals("https://app.example.com", result.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", result.header("Vary"));
    }

    @Test
    void browserFromSubdomainOfWildcardIsAllowed() {
        assertEquals(200, createFrom("https://shop.example.org", "web-app").status());
        assertEquals(200, createFrom("https://a.b.example.org", "web-app").status());
    }

    @Test
    void wildcardDoesNotAdmitTheDomainItself() {
        assertError(createFrom("https://example.org", "web-app"), 403, "origin_not_allowed");
    }

    @Test
    void originsMustMatchSchemeHostAndPort() {
        assertError(createFrom("https://evil.example.net", "web-app"), 403, "origin_not_allowed");
        assertError(createFrom("http://app.example.com", "web-app"), 403, "origin_not_allowed");
        assertError(createFrom("https://app.example.com:8443", "web-app"), 403, "origin_not_allowed");
        assertError(createFrom("http://localhost:3001", "web-app"), 403, "origin_not_allowed");
        assertError(createFrom("https://app.example.com.evil.net", "web-app"), 403, "origin_not_allowed");
        assertError(createFrom("null", "web-app"), 403, "origin_not_allowed");
        assertEquals(200, createFrom("http://localhost:3000", "web-app").status());
        assertEquals(200, createFrom("https://app.example.com:443", "web-app").status());
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
        HttpResult result = http(httpEvent("OPTIONS", PATH, Map.of("origin", "https://shop.example.org",
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
            HttpResult result = http(httpEvent("OPTIONS", PATH, Map.of("origin", origin,
                    "access-control-request-method", "POST"), null, false));
            assertError(result, 403, "origin_not_allowed");
            assertNull(result.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void preflightIsRefusedForAnOriginOnlyADisabledClientAllows() {
        HttpResult result = http(httpEvent("OPTIONS", PATH, Map.of("origin", "https://old.example.com"), null, false));

        assertError(result, 403, "origin_not_allowed");
    }

    @Test
    void preflightIsAnsweredAgainOnceTheClientIsEnabledAgain() {
        clients.put(new ClientDefinition("retired-app", "Retired", List.of("https://old.example.com"), true));

        assertEquals(204,
                http(httpEvent("OPTIONS", PATH, Map.of("origin", "https://old.example.com"), null, false)).status());
    }

    @Test
    void unprocessedOriginKeysAreAskedAgainWithBackoff() {
        MotoServer.proxy().inject("BatchGetItem", Fault.UNPROCESSED, 2);

        HttpResult result = http(httpEvent("OPTIONS", PATH, Map.of("origin", "https://shop.example.org"), null, false));

        assertEquals(204, result.status());
        assertEquals(3, MotoServer.proxy().calls("BatchGetItem"));
    }

    @Test
    void keysThatStayUnprocessedEndIn503AfterBoundedRetries() {
        MotoServer.proxy().inject("BatchGetItem", Fault.UNPROCESSED, 1000);

        HttpResult result = http(httpEvent("OPTIONS", PATH, Map.of("origin", "https://shop.example.org"), null, false));

        assertError(result, 503, "temporarily_unavailable");
        assertEquals(4, MotoServer.proxy().calls("BatchGetItem"), "one call and three retries, no more");
    }

    @Test
    void preflightStopsWhenAnOriginIsRemovedFromItsClient() {
        clients.put(new ClientDefinition("web-app", "Web App", List.of("https://app.example.com"), true));

        HttpResult result = http(httpEvent("OPTIONS", PATH, Map.of("origin", "https://shop.example.org"), null, false));

        assertError(result, 403, "origin_not_allowed");
    }

    @Test
    void missingBodyIsInvalidRequest() {
        assertError(create(null), 400, "invalid_request");
        assertError(create(""), 400, "invalid_request");
    }

    @Test
    void bodyThatIsNotJsonIsInvalidRequest() {
        assertError(create("clientId=web-app"), 400, "invalid_request");
        assertError(create("{\"clientId\":"), 400, "invalid_request");
    }

    @Test
    void ambiguousJsonIsInvalidRequest() {
        HttpResult repeated = create("{\"clientId\":\"mobile-app\",\"clientId\":\"web-app\"}");
        assertError(repeated, 400, "invalid_request");
        assertTrue(repeated.body().get("error_description").asText().contains("repeats"));
        assertError(create("{\"clientId\":\"mobile-app\"} {\"clientId\":\"web-app\"}"), 400, "invalid_request");
    }

    @Test
    void bodyThatIsNotAnObjectIsInvalidRequest() {
        assertError(create("[\"web-app\"]"), 400, "invalid_request");
        assertError(create("\"web-app\""), 400, "invalid_request");
    }

    @Test
    void missingClientIdIsInvalidRequest() {
        HttpResult result = create("{\"client\":\"web-app\"}");
        assertError(result, 400, "invalid_request");
        assertTrue(result.body().get("error_description").asText().contains("clientId"));
    }

    @Test
    void clientIdThatIsNotAStringIsInvalidRequest() {
        assertError(create("{\"clientId\":42}"), 400, "invalid_request");
        assertError(create("{\"clientId\":[\"web-app\"]}"), 400, "invalid_request");
        assertError(create("{\"clientId\":null}"), 400, "invalid_request");
    }

    @Test
    void blankClientIdIsInvalidRequest() {
        assertError(create("{\"clientId\":\"   \"}"), 400, "invalid_request");
    }

    @Test
    void tooLongClientIdIsInvalidRequest() {
        assertError(create("{\"clientId\":\"" + "a".repeat(129) + "\"}"), 400, "invalid_request");
        assertError(create("{\"clientId\":\"" + "a".repeat(128) + "\"}"), 401, "invalid_client");
    }

    @Test
    void clientIdWithForbiddenCharactersIsInvalidRequest() {
        for (String id : List.of("web app", "web/app", "wéb", "web#app", "web\\u0000app")) {
            assertError(create("{\"clientId\":\"" + id + "\"}"), 400, "invalid_request");
        }
    }

    @Test
    void base64EncodedBodyIsDecoded() {
        String body = Base64.getEncoder().encodeToString("{\"clientId\":\"mobile-app\"}".getBytes(StandardCharsets.UTF_8));

        HttpResult result = http(httpEvent("POST", PATH, Map.of("content-type", "application/json"), body, true));

        assertEquals(200, result.status());
        assertNotNull(result.body().get("token"));
    }

    @Test
    void invalidBase64BodyIsInvalidRequest() {
        assertError(http(httpEvent("POST", PATH, Map.of(), "%%%not-base64%%%", true)), 400, "invalid_request");
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(200, create("{\"clientId\":\"mobile-app\",\"device\":{\"os\":\"x\"},\"n\":1}").status());
    }

    @Test
    void otherMethodsAreRefused() {
        HttpResult result = http(httpEvent("GET", PATH, Map.of(), null, false));
        assertError(result, 405, "invalid_request");
    }

    @Test
    void unavailableStoreGives503WithRetryAfter() {
        MotoServer.freeze();
        HttpResult result;
        try {
            result = create("{\"clientId\":\"mobile-app\"}");
        } finally {
            MotoServer.thaw();
        }
        assertError(result, 503, "temporarily_unavailable");
        assertEquals("1", result.header("Retry-After"));
    }

    @Test
    void failedUserWriteGives503AndLeavesNoPartialUser() {
        MotoServer.assumeOwnServer();
        DynamoCallCounter.beforeNext("PutItem", MotoServer::freeze);
        HttpResult result;
        try {
            result = create("{\"clientId\":\"mobile-app\"}");
        } finally {
            MotoServer.thaw();
        }
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
        assertError(http(httpEvent("POST", PATH, Map.of("content-type", "application/json"), body, true)), 400,
                "invalid_request");
        assertEquals(List.of(), table.users());
    }

    @Test
    void anEventWithoutAnHttpMethodIsNotServed() {
        Map<String, Object> event = httpEvent("POST", PATH, Map.of("content-type", "application/json"),
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
        clients.put(new ClientDefinition("demo-app", "Demo App", List.of("http://localhost:3000"), true));

        assertEquals(200, HttpResult.of(Lambda.invoke(SampleEvents.read("create.json")).asString()).status());
        HttpResult browser = HttpResult.of(Lambda.invoke(SampleEvents.read("create-browser.json")).asString());
        assertEquals("http://localhost:3000", browser.header("Access-Control-Allow-Origin"));
        assertEquals(204, HttpResult.of(Lambda.invoke(SampleEvents.read("create-preflight.json")).asString()).status());
    }
}
