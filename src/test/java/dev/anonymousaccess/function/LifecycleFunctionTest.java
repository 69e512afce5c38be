package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.invoke;
import static dev.anonymousaccess.testing.Lambda.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.local.TableStream;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.LifecycleEventSchema;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.StreamRecordJson;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserAdministration;
import dev.anonymousaccess.user.UserClaim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lifecycle function on moto_server: transitions made by the rules on the table, its DynamoDB stream read as
 * Lambda's event source mapping reads it, the events as an EventBridge rule's target receives them.
 */
@QuarkusTest
@TestProfile(Exports.Lifecycle.class)
class LifecycleFunctionTest extends FunctionTest {

    static final String SUBJECT = "auth0|4711";

    @Inject
    UserClaim claims;

    @Inject
    UserAdministration administration;

    @ConfigProperty(name = "anonymous-access.table-name")
    String tableName;

    TableStream stream;
    ClientApp app;

    @BeforeEach
    void fromHereOn() throws IOException {
        users.startClean();
        users.giveBackendSecret();
        app = clients.find(Users.CLIENT).orElseThrow();
        stream = TableStream.of(MotoServer.directEndpoint(), tableName);
        drain();
        MotoServer.eventBus().forget();
    }

    /** Every record written since the last drain, in order. */
    List<ObjectNode> drain() throws IOException {
        List<ObjectNode> all = new ArrayList<>();
        for (List<ObjectNode> next = stream.next(1000); !next.isEmpty(); next = stream.next(1000)) {
            all.addAll(next);
        }
        return all;
    }

    static JsonNode publish(List<ObjectNode> records) {
        Response response = invoke(StreamRecordJson.batch(records.toArray(ObjectNode[]::new)));
        assertEquals(200, response.statusCode(), response.asString());
        return read(response.asString());
    }

    /** The events received, once there are {@code expected} (or two seconds passed). */
    static List<JsonNode> events(int expected) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(2);
        while (MotoServer.eventBus().events().size() < expected && Instant.now().isBefore(until)) {
            Thread.sleep(50);
        }
        Thread.sleep(300); // and nothing more arrives
        return LifecycleEventSchema.checked(MotoServer.eventBus().events());
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("detail-type").asText()).toList();
    }

    UserClaim.Claimed claim(IssuedTokens device) {
        return claims.claim(app, device.accessToken().value(), SUBJECT, InvocationRecorder.NONE);
    }

    @Test
    void everyTransitionIsExactlyOneEventOfItsType() throws Exception {
        IssuedTokens first = users.create();
        claim(first);
        IssuedTokens second = users.create();
        IssuedTokens merged = claim(second).tokens().orElseThrow();
        signOut.revoke(merged.accessToken().value(), InvocationRecorder.NONE);
        IssuedTokens revoked = users.create();
        administration.revokeAll(revoked.userId(), InvocationRecorder.NONE);
        IssuedTokens stolen = users.create();
        rotation.refresh(stolen.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
        clock.advance(Duration.ofMinutes(1));
        assertThrows(OAuthException.class, () -> rotation.refresh(stolen.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE));
        administration.erase(first.userId(), InvocationRecorder.NONE);
        IssuedTokens expired = users.create();
        List<ObjectNode> records = drain();
        records.add(StreamRecordJson.ttlDeletion("999999999999999999999", table.user(expired.userId())));

        JsonNode answer = publish(records);

        assertEquals(0, answer.path("batchItemFailures").size(), answer.toString());
        List<JsonNode> events = events(7);
        assertEquals(List.of("UserClaimed", "UsersMerged", "SessionSignedOut", "UserRevoked", "UserRevoked",
                "UserErased", "UserExpired"), types(events));
        assertEquals(first.userId(), events.get(0).at("/detail/userId").asText());
        assertEquals(SUBJECT, events.get(0).at("/detail/subject").asText());
        assertEquals(first.userId(), events.get(1).at("/detail/userId").asText());
        assertEquals(second.userId(), events.get(1).at("/detail/mergedUserId").asText());
        assertEquals(merged.sessionId(), events.get(2).at("/detail/sessionId").asText());
        assertEquals("operator", events.get(3).at("/detail/reason").asText());
        assertEquals(revoked.userId(), events.get(3).at("/detail/userId").asText());
        assertEquals("reuse_detected", events.get(4).at("/detail/reason").asText());
        assertEquals(first.userId(), events.get(5).at("/detail/userId").asText());
        assertEquals(expired.userId(), events.get(6).at("/detail/userId").asText());
        for (JsonNode event : events) {
            assertEquals("anonymous-access", event.path("source").asText());
            assertEquals(Users.CLIENT, event.at("/detail/clientId").asText());
            assertFalse(event.at("/detail/idempotencyKey").asText().isEmpty());
        }
    }

    @Test
    void refreshesAuthorizationsAndLifetimeWritesPublishNothing() throws Exception {
        IssuedTokens user = users.create();
        drain();
        IssuedTokens refreshed = rotation.refresh(user.refreshToken().value(), Optional.empty(),
                InvocationRecorder.NONE);
        clock.advance(expiry.refreshInterval());
        assertTrue(verifier.verify(refreshed.accessToken().value(), InvocationRecorder.NONE).toString()
                .startsWith("Granted"));
        List<ObjectNode> records = drain();
        assertTrue(records.size() >= 2, "the refresh and the lifetime write are in the stream: " + records.size());

        publish(records);

        assertEquals(List.of(), events(1));
    }

    @Test
    void aBatchDeliveredAgainPublishesTheSameIdempotencyKeys() throws Exception {
        claim(users.create());
        List<ObjectNode> records = drain();

        publish(records);
        publish(records);

        List<JsonNode> events = events(2);
        assertEquals(2, events.size());
        assertEquals(events.get(0).at("/detail/idempotencyKey"), events.get(1).at("/detail/idempotencyKey"));
    }

    @Test
    void anUnreadableRecordIsTheFailedItemAndTheRecordsBeforeItArePublished() throws Exception {
        claim(users.create());
        IssuedTokens other = users.create();
        List<ObjectNode> records = drain();
        ObjectNode damaged = records.get(records.size() - 1).deepCopy();
        ((ObjectNode) damaged.at("/dynamodb/NewImage")).putObject("revokedFor").put("S", "no-such-reason");
        ((ObjectNode) damaged.get("dynamodb")).put("SequenceNumber", "999999999999999999998");
        records.add(damaged);
        signOut.revoke(other.accessToken().value(), InvocationRecorder.NONE);
        records.addAll(drain());

        JsonNode answer = publish(records);

        assertEquals("999999999999999999998", answer.at("/batchItemFailures/0/itemIdentifier").asText());
        assertEquals(List.of("UserClaimed"), types(events(1)), "the sign-out after it waits for the batch again");
    }

    @Test
    void anAnsweredBatchIsLoggedAsAnsweredNotAsAnError() throws Exception {
        claim(users.create());
        List<ObjectNode> records = drain();
        ObjectNode damaged = records.get(records.size() - 1).deepCopy();
        ((ObjectNode) damaged.at("/dynamodb/NewImage")).putObject("revokedFor").put("S", "no-such-reason");
        records.add(damaged);

        try (LogCapture log = new LogCapture()) {
            publish(records.subList(0, records.size() - 1));
            publish(records);

            List<String> outcomes = log.records().stream()
                    .filter(r -> r.logger().equals("dev.anonymousaccess.observability.Invocations"))
                    .map(r -> r.mdc().get("outcome")).toList();
            assertEquals(List.of("ok", "ok"), outcomes, "a failed item is part of the answer");
        }
    }

    @Test
    void anEntryEventBridgeDidNotTakeIsPutAgain() throws Exception {
        IssuedTokens user = users.create();
        signOut.revoke(user.accessToken().value(), InvocationRecorder.NONE);
        List<ObjectNode> records = drain();
        MotoServer.eventBridge().refuseFirstEntry(1);

        JsonNode answer = publish(records);

        assertEquals(0, answer.path("batchItemFailures").size());
        assertEquals(List.of("SessionSignedOut"), types(events(1)));
        assertEquals(2, MotoServer.eventBridge().puts());
    }

    @Test
    void noEventCarriesATokenAHashOrASecret() throws Exception {
        IssuedTokens user = users.create();
        Map<String, AttributeValue> item = new HashMap<>(table.user(user.userId()));
        claim(user);
        publish(drain());

        String events = events(1).toString();
        for (String secret : List.of(user.accessToken().value(), user.refreshToken().value(),
                item.get("accessTokenHash").s(), item.get("refreshTokenHash").s(), item.get("rotationKey").s(),
                Users.BACKEND_SECRET)) {
            assertFalse(events.contains(secret), "an event holds " + secret);
        }
    }
}
