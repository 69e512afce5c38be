package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.invoke;
import static dev.anonymousaccess.testing.Lambda.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Answers;
import dev.anonymousaccess.testing.DynamoDbProxy.Fault;
import dev.anonymousaccess.client.ClientCredentials;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.TestClock;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.token.TokenHash;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(Exports.Admin.class)
class AdminFunctionTest extends FunctionTest {

    @BeforeEach
    void emptyTable() {
        users.startClean();
    }

    @Test
    void theFixtureStartsEachTestFromTheSameTableWhateverTheLastTestLeft() {
        Map<AttributeValue, Map<String, AttributeValue>> fresh = byKey(table.all());
        users.create(); // an item added
        clients.disable(Users.CLIENT); // the client app changed, its origin index item gone
        assertNotEquals(fresh, byKey(table.all()));

        users.startClean();

        assertEquals(fresh, byKey(table.all()));
    }

    @Test
    void aStoreATestLeftFrozenRunsAgainAtTheNextStart() {
        MotoServer.freeze(); // as a test that ended before its thaw
        try {
            users.startClean();

            assertEquals(2, table.all().size(), "the test app and its origin index item");
        } finally {
            MotoServer.thaw();
        }
    }

    static Map<AttributeValue, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
        Map<AttributeValue, Map<String, AttributeValue>> byKey = new HashMap<>();
        items.forEach(item -> byKey.put(item.get("pk"), item));
        return byKey;
    }

    /** Only the fixture's client app (and its origin index item) exists. */
    long clientItems() {
        return table.all().stream().filter(item -> item.get("pk").s().startsWith("CLIENT#")).count();
    }

    static JsonNode admin(String request) {
        Response response = invoke(request);
        assertEquals(200, response.statusCode(), response.asString());
        return read(response.asString());
    }

    /** The invocation fails; returns the Lambda error message. */
    static String adminFails(String request) {
        Response response = invoke(request);
        assertTrue(response.statusCode() >= 400, "expected the invocation to fail: " + response.asString());
        String message = read(response.asString()).path("errorMessage").asText();
        assertFalse(message.isBlank(), response.asString());
        assertFalse(message.contains("Exception"), "error leaks an exception: " + message);
        return message;
    }

    static final String PUT_MY_APP = """
            {"action": "putClient", "clientId": "my-app", "name": "My App",
             "allowedOrigins": ["https://app.example.com", "https://*.example.org"], "enabled": true}""";

    @Test
    void putClientCreatesTheClientAndReturnsIt() {
        JsonNode client = admin(PUT_MY_APP);

        assertEquals("my-app", client.get("clientId").asText());
        assertEquals("My App", client.get("name").asText());
        assertEquals(List.of("https://app.example.com", "https://*.example.org"),
                List.of(client.get("allowedOrigins").get(0).asText(), client.get("allowedOrigins").get(1).asText()));
        assertTrue(client.get("enabled").asBoolean());
        assertEquals(TestClock.START.toString(), client.get("createdAt").asText());
        assertEquals(TestClock.START.toString(), client.get("updatedAt").asText());
    }

    @Test
    void putClientTakesADeprecationAndGetClientShowsIt() {
        admin("""
                {"action": "putClient", "clientId": "my-app", "deprecation": {"deprecatedAt": "2026-02-01T00:00:00Z",
                 "sunsetAt": "2026-08-01T00:00:00Z", "link": "https://example.com/guest-access"}}
                """);

        JsonNode deprecation = admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}").get("deprecation");

        assertEquals("2026-02-01T00:00:00Z", deprecation.get("deprecatedAt").asText());
        assertEquals("2026-08-01T00:00:00Z", deprecation.get("sunsetAt").asText());
        assertEquals("https://example.com/guest-access", deprecation.get("link").asText());
    }

    @Test
    void putClientRefusesADeprecationThatSaysNothingSound() {
        assertTrue(adminFails("""
                {"action": "putClient", "clientId": "my-app", "deprecation": {"deprecatedAt": "2026-08-01T00:00:00Z",
                 "sunsetAt": "2026-02-01T00:00:00Z"}}
                """).contains("must not be before"));
        assertTrue(adminFails("""
                {"action": "putClient", "clientId": "my-app", "deprecation": {"deprecatedAt": "2026-02-01T00:00:00Z",
                 "link": "http://example.com"}}
                """).contains("https"));
        assertTrue(adminFails("""
                {"action": "putClient", "clientId": "my-app", "deprecation": {"deprecatedAt": "2026-02-01T00:00:00Z",
                 "sunset": "2026-08-01T00:00:00Z"}}
                """).contains("unknown field 'deprecation.sunset'"));
    }

    @Test
    void rotateClientSecretShowsTheSecretOnceAndKeepsOnlyItsHash() {
        admin(PUT_MY_APP);

        JsonNode issued = admin("{\"action\": \"rotateClientSecret\", \"clientId\": \"my-app\"}");
        String secret = issued.get("clientSecret").asText();

        assertEquals("my-app", issued.get("clientId").asText());
        assertTrue(secret.startsWith("aas_") && secret.length() >= 4 + 43, "256 bits at least: " + secret.length());
        assertTrue(issued.get("previousSecretValidUntil").isNull(), "a first secret replaces none");
        String stored = table.all().stream().filter(item -> item.get("pk").s().equals("CLIENT#my-app")).findFirst()
                .orElseThrow().toString();
        assertFalse(stored.contains(secret), "the table holds no secret");
        assertTrue(stored.contains(TokenHash.of(secret)), "only its hash");
        String shown = admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}").toString();
        assertFalse(shown.contains(secret) || shown.contains(TokenHash.of(secret)), shown);
        assertEquals(issued.get("issuedAt").asText(),
                admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}").at("/backendSecret/issuedAt").asText());
    }

    @Test
    void rotatingAgainKeepsThePreviousSecretForTheGracePeriodAndSaysUntilWhen() {
        admin(PUT_MY_APP);
        String first = admin("{\"action\": \"rotateClientSecret\", \"clientId\": \"my-app\"}")
                .get("clientSecret").asText();
        clock.advance(Duration.ofMinutes(5));

        JsonNode second = admin("{\"action\": \"rotateClientSecret\", \"clientId\": \"my-app\"}");
        admin(PUT_MY_APP); // replacing the definition keeps the credentials

        ClientCredentials credentials = clients.find("my-app").orElseThrow().credentials();
        assertEquals(TestClock.START.plus(Duration.ofMinutes(5)).plus(Duration.ofHours(24)).toString(),
                second.get("previousSecretValidUntil").asText());
        assertNotEquals(first, second.get("clientSecret").asText());
        assertTrue(credentials.accepts(first, clock.instant()));
        assertTrue(credentials.accepts(second.get("clientSecret").asText(), clock.instant()));
        assertFalse(credentials.accepts(first, clock.instant().plus(Duration.ofHours(24))));
    }

    @Test
    void rotateClientSecretOfNoClientAppFails() {
        assertTrue(adminFails("{\"action\": \"rotateClientSecret\", \"clientId\": \"nobody\"}").contains("nobody"));
    }

    @Test
    void putClientReplacesAndKeepsCreationTime() {
        admin(PUT_MY_APP);
        clock.advance(Duration.ofHours(2));

        JsonNode client = admin("""
                {"action": "putClient", "clientId": "my-app", "name": "Renamed", "allowedOrigins": []}""");

        assertEquals("Renamed", client.get("name").asText());
        assertEquals(0, client.get("allowedOrigins").size());
        assertEquals(TestClock.START.toString(), client.get("createdAt").asText());
        assertEquals(TestClock.START.plus(Duration.ofHours(2)).toString(), client.get("updatedAt").asText());
        assertEquals("Renamed", admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}").get("name").asText());
    }

    @Test
    void putClientNormalizesOrigins() {
        JsonNode client = admin("""
                {"action": "putClient", "clientId": "my-app",
                 "allowedOrigins": ["HTTPS://App.Example.com:443", "https://app.example.com", "http://localhost:3000"]}""");

        assertEquals(2, client.get("allowedOrigins").size());
        assertEquals("https://app.example.com", client.get("allowedOrigins").get(0).asText());
        assertEquals("http://localhost:3000", client.get("allowedOrigins").get(1).asText());
        assertEquals("my-app", client.get("name").asText());
        assertTrue(client.get("enabled").asBoolean());
    }

    @Test
    void getClientReturnsTheStoredClient() {
        admin(PUT_MY_APP);

        JsonNode client = admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}");

        assertEquals("My App", client.get("name").asText());
        assertEquals(2, client.get("allowedOrigins").size());
    }

    @Test
    void getClientOfUnknownIdFails() {
        assertTrue(adminFails("{\"action\": \"getClient\", \"clientId\": \"nobody\"}").contains("nobody"));
    }

    @Test
    void disableClientDisablesIt() {
        admin(PUT_MY_APP);

        JsonNode client = admin("{\"action\": \"disableClient\", \"clientId\": \"my-app\"}");

        assertFalse(client.get("enabled").asBoolean());
        assertFalse(admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}").get("enabled").asBoolean());
    }

    @Test
    void disableClientOfUnknownIdFails() {
        adminFails("{\"action\": \"disableClient\", \"clientId\": \"nobody\"}");
        assertTrue(table.all().stream().noneMatch(item -> item.get("pk").s().contains("nobody")));
    }

    @Test
    void badOriginSyntaxFailsAndWritesNothing() {
        for (String origin : List.of("app.example.com", "https://app.example.com/", "https://app.example.com/path",
                "ftp://app.example.com", "https://*.com", "https://a.*.example.com", "https://app.example.com:70000",
                "")) {
            String message = adminFails("{\"action\": \"putClient\", \"clientId\": \"my-app\", \"allowedOrigins\": [\""
                    + origin + "\"]}");
            assertTrue(message.contains("origin"), message);
        }
        assertEquals(1, clientItems());
    }

    @Test
    void unknownActionFails() {
        assertTrue(adminFails("{\"action\": \"dropTable\"}").contains("unknown action"));
        assertTrue(adminFails("{\"clientId\": \"my-app\"}").contains("unknown action"));
    }

    @Test
    void missingOrInvalidClientIdFails() {
        assertTrue(adminFails("{\"action\": \"putClient\", \"name\": \"x\"}").contains("clientId"));
        assertTrue(adminFails("{\"action\": \"getClient\"}").contains("clientId"));
        assertTrue(adminFails("{\"action\": \"putClient\", \"clientId\": \"my app\"}").contains("clientId"));
        assertTrue(adminFails("{\"action\": \"putClient\", \"clientId\": 7}").contains("clientId"));
        assertEquals(1, clientItems());
    }

    @Test
    void invalidFieldsFail() {
        assertTrue(adminFails("{\"action\": \"putClient\", \"clientId\": \"a\", \"allowedOrigins\": \"https://a.com\"}")
                .contains("allowedOrigins"));
        assertTrue(adminFails("{\"action\": \"putClient\", \"clientId\": \"a\", \"enabled\": \"yes\"}").contains("enabled"));
        assertTrue(adminFails("{\"action\": \"putClient\", \"clientId\": \"a\", \"allowedOrigin\": []}")
                .contains("allowedOrigin"));
        assertTrue(adminFails("{\"action\": \"putClient\", \"clientId\": \"a\", \"name\": \"\"}").contains("name"));
        assertEquals(1, clientItems());
    }

    @Test
    void getUserReturnsPublicFactsOnly() {
        IssuedTokens user = users.create();

        JsonNode facts = admin("{\"action\": \"getUser\", \"userId\": \"" + user.userId() + "\"}");

        assertEquals(Set.of("userId", "clientId", "createdAt", "lastSeenAt", "expiresAt", "revoked"),
                Answers.fieldNames(facts));
        assertEquals(user.userId(), facts.get("userId").asText());
        assertEquals(Users.CLIENT, facts.get("clientId").asText());
        assertEquals(TestClock.START.toString(), facts.get("createdAt").asText());
        assertEquals(TestClock.START.toString(), facts.get("lastSeenAt").asText());
        assertEquals(expiry.expiresAt(TestClock.START).toString(), facts.get("expiresAt").asText());
        assertFalse(facts.get("revoked").asBoolean());
    }

    @Test
    void getUserOfUnknownOrExpiredUserFails() {
        IssuedTokens user = users.create();
        adminFails("{\"action\": \"getUser\", \"userId\": \"0a1b2c3d-0000-4000-8000-000000000000\"}");

        clock.advance(Duration.ofDays(31).plus(expiry.refreshInterval()));

        assertTrue(adminFails("{\"action\": \"getUser\", \"userId\": \"" + user.userId() + "\"}")
                .contains("no user"));
    }

    @Test
    void userActionsNeedAValidUserId() {
        assertTrue(adminFails("{\"action\": \"getUser\"}").contains("userId"));
        assertTrue(adminFails("{\"action\": \"deleteUser\", \"userId\": \"USER#x\"}").contains("userId"));
        assertTrue(adminFails("{\"action\": \"revokeUser\", \"userId\": 3}").contains("userId"));
    }

    @Test
    void revokeUserRevokesAllTokensButKeepsTheUser() {
        IssuedTokens user = users.create();

        JsonNode facts = admin("{\"action\": \"revokeUser\", \"userId\": \"" + user.userId() + "\"}");

        assertTrue(facts.get("revoked").asBoolean());
        assertTrue(verifier.verify(user.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Denied);
        assertThrows(OAuthException.class, () -> rotation.refresh(user.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE));
        assertTrue(admin("{\"action\": \"getUser\", \"userId\": \"" + user.userId() + "\"}").get("revoked").asBoolean());
    }

    @Test
    void revokeUserOfUnknownUserFails() {
        adminFails("{\"action\": \"revokeUser\", \"userId\": \"0a1b2c3d-0000-4000-8000-000000000000\"}");
        assertTrue(table.users().isEmpty());
    }

    @Test
    void deleteUserErasesItAndItsTokensStopWorking() {
        IssuedTokens user = users.create();

        JsonNode erased = admin("{\"action\": \"deleteUser\", \"userId\": \"" + user.userId() + "\"}");

        assertTrue(erased.get("deleted").asBoolean());
        assertTrue(table.user(user.userId()).isEmpty());
        assertTrue(verifier.verify(user.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Denied);
        assertThrows(OAuthException.class, () -> rotation.refresh(user.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE));
    }

    @Test
    void deleteUserIsIdempotent() {
        JsonNode erased = admin("{\"action\": \"deleteUser\", \"userId\": \"0a1b2c3d-0000-4000-8000-000000000000\"}");
        assertFalse(erased.get("deleted").asBoolean());
    }

    @Test
    void putClientAnswersWhatGetClientThenReturns() {
        clock.advance(Duration.ofNanos(123_456_789));

        JsonNode put = admin(PUT_MY_APP);

        assertEquals(put, admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://*.co.uk", "https://*.github.io", "https://*.com.au", "https://*.s3.amazonaws.com" })
    void wildcardsOverAPublicSuffixAreRefused(String origin) {
        String message = adminFails("{\"action\": \"putClient\", \"clientId\": \"my-app\", \"allowedOrigins\": [\""
                + origin + "\"]}");

        assertTrue(message.contains("public suffix"), message);
        assertEquals(1, clientItems());
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://*.example.co.uk", "https://*.myname.github.io" })
    void wildcardsUnderAPublicSuffixAreAccepted(String origin) {
        admin("{\"action\": \"putClient\", \"clientId\": \"my-app\", \"allowedOrigins\": [\"" + origin + "\"]}");
    }

    @Test
    void nonAsciiOriginsAreRefused() {
        String message = adminFails("{\"action\": \"putClient\", \"clientId\": \"my-app\","
                + " \"allowedOrigins\": [\"https://\u212Aelvin.example.org\"]}");

        assertTrue(message.contains("ASCII"), message);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aPutClientThatLandedBeforeItFailedSucceeds(Fault fault) {
        MotoServer.proxy().inject("TransactWriteItems", fault, 1);

        JsonNode client = admin(PUT_MY_APP);

        assertEquals("my-app", client.get("clientId").asText());
        assertTrue(MotoServer.proxy().calls("TransactWriteItems") >= 2, "the SDK retried the write that had landed");
        assertEquals(client, admin("{\"action\": \"getClient\", \"clientId\": \"my-app\"}"));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aDisableClientThatLandedBeforeItFailedSucceeds(Fault fault) {
        admin(PUT_MY_APP);
        MotoServer.proxy().inject("TransactWriteItems", fault, 1);

        assertFalse(admin("{\"action\": \"disableClient\", \"clientId\": \"my-app\"}").get("enabled").asBoolean());
        assertTrue(MotoServer.proxy().calls("TransactWriteItems") >= 2, "the SDK retried the write that had landed");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aRevokeUserThatLandedBeforeItFailedSucceeds(Fault fault) {
        IssuedTokens user = users.create();
        MotoServer.proxy().inject("UpdateItem", fault, 1);

        assertTrue(admin("{\"action\": \"revokeUser\", \"userId\": \"" + user.userId() + "\"}").get("revoked")
                .asBoolean());
        assertTrue(verifier.verify(user.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Denied);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "FAIL_AFTER", "APPLY_LATE" })
    void aDeleteUserThatLandedBeforeItFailedSaysTheUserWasDeleted(Fault fault) {
        IssuedTokens user = users.create();
        MotoServer.proxy().inject("DeleteItem", fault, 1);

        assertTrue(admin("{\"action\": \"deleteUser\", \"userId\": \"" + user.userId() + "\"}").get("deleted")
                .asBoolean());
        assertEquals(2, MotoServer.proxy().calls("DeleteItem"));
        assertEquals(List.of(), table.users());
    }

    @Test
    void aDamagedClientItemReadsAsNoClientApp() {
        IssuedTokens user = users.create();
        table.setAttribute("CLIENT#" + Users.CLIENT, "enabled", AttributeValue.fromS("yes"));

        adminFails("{\"action\": \"getClient\", \"clientId\": \"" + Users.CLIENT + "\"}");
        clock.advance(Duration.ofMinutes(1)); // past client-cache-ttl: the authorizer reads the client app again
        assertTrue(verifier.verify(user.accessToken().value(),
                InvocationRecorder.NONE) instanceof AccessDecision.Denied);
    }

    @Test
    void unavailableStoreFailsWithoutDetail() {
        MotoServer.proxy().startOutage();

        String message = adminFails(PUT_MY_APP);

        assertTrue(message.contains("unavailable"), message);
    }

    @Test
    void sampleEventsAnswerAsDocumented() {
        assertEquals("demo-app", admin(SampleEvents.read("admin-put-client.json")).get("clientId").asText());
        assertTrue(admin(SampleEvents.read("admin-get-client.json")).get("enabled").asBoolean());
        assertFalse(admin(SampleEvents.read("admin-disable-client.json")).get("enabled").asBoolean());
        adminFails(SampleEvents.read("admin-get-user.json"));
        adminFails(SampleEvents.read("admin-revoke-user.json"));
        assertFalse(admin(SampleEvents.read("admin-delete-user.json")).get("deleted").asBoolean());

        IssuedTokens user = users.create();
        String id = user.userId();
        assertEquals(id, admin(SampleEvents.read("admin-get-user.json", "", "", id)).get("userId").asText());
        assertTrue(admin(SampleEvents.read("admin-revoke-user.json", "", "", id)).get("revoked").asBoolean());
        assertTrue(admin(SampleEvents.read("admin-delete-user.json", "", "", id)).get("deleted").asBoolean());
    }
}
