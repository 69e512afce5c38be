package dev.anonymousaccess.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.lifecycle.Change;
import dev.anonymousaccess.lifecycle.ItemState;
import dev.anonymousaccess.lifecycle.UnreadableChangeException;
import dev.anonymousaccess.testing.StreamRecordJson;
import dev.anonymousaccess.user.Revocation;
import dev.anonymousaccess.user.Session;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stream records read as changes of the table's items, from images the store's own mappers write. */
@Tag("rules")
class StreamRecordsTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    final StreamRecords records = new StreamRecords();

    static Session anonymous(String id) {
        return Session.builder().userId(id).clientId("app").createdAt(NOW).lastSeenAt(NOW)
                .expiresAt(NOW.plus(Duration.ofDays(30))).accessTokenHash("access").accessTokenExpiresAt(NOW)
                .refreshTokenHash("refresh").retiredRefreshTokenHashes(List.of()).rotationKey("key").version(1)
                .build();
    }

    static Map<String, AttributeValue> item(Session session) {
        return SessionItem.of(session);
    }

    @Test
    void aUserItemIsReadWithItsFacts() {
        Session claimed = anonymous("u1").toBuilder().subject("auth0|4711").claimedAt(NOW).expiresAt(null).build();
        Change change = records.apply(StreamRecordJson.record("MODIFY", "100", item(anonymous("u1")), item(claimed)));

        ItemState after = change.after().orElseThrow();
        assertEquals(ItemState.Kind.USER, after.kind());
        assertEquals("u1", after.userId());
        assertEquals("auth0|4711", after.subject());
        assertEquals("event-100", change.eventId());
        assertEquals("100", change.sequenceNumber());
        assertFalse(change.byTtl());
    }

    @Test
    void aRevocationIsReadWithItsReason() {
        Session revoked = anonymous("u1").revoked(Revocation.REUSE_DETECTED);
        Change change = records.apply(StreamRecordJson.record("MODIFY", "100", item(anonymous("u1")), item(revoked)));

        assertEquals("reuse_detected", change.after().orElseThrow().revokedFor());
    }

    @Test
    void aDeletionWithTheServiceIdentityAwsDocumentsIsTtls() {
        Change change = records.apply(StreamRecordJson.ttlDeletion("101", item(anonymous("u1"))));

        assertTrue(change.byTtl());
        assertTrue(change.after().isEmpty());
    }

    @Test
    void anItemOfNoUserIsOther() {
        Map<String, AttributeValue> counter = Map.of("pk", AttributeValue.fromS("SIGNUPS#app#192.0.2.1#0"),
                "signupIds", AttributeValue.fromSs(List.of("abc")), "ttl", AttributeValue.fromN("1"));

        Change change = records.apply(StreamRecordJson.ttlDeletion("102", counter));

        assertEquals(ItemState.Kind.OTHER, change.before().orElseThrow().kind());
    }

    @Test
    void aDamagedUserItemIsUnreadable() {
        Map<String, AttributeValue> damaged = new HashMap<>(item(anonymous("u1")));
        damaged.put("revokedFor", AttributeValue.fromS("no-such-reason"));

        assertThrows(UnreadableChangeException.class,
                () -> records.apply(StreamRecordJson.record("MODIFY", "103", item(anonymous("u1")), damaged)));
    }

    @Test
    void aRecordWithoutItsImagesIsUnreadable() {
        ObjectNode record = StreamRecordJson.record("MODIFY", "104", item(anonymous("u1")), item(anonymous("u1")));
        ((ObjectNode) record.get("dynamodb")).remove("OldImage");

        assertThrows(UnreadableChangeException.class, () -> records.apply(record));
        assertEquals("104", records.sequenceNumberOf(record), "its sequence number is still read");
    }
}
