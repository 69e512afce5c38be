package dev.anonymousaccess.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.lifecycle.LifecycleEventType;
import dev.anonymousaccess.testing.LifecycleEventSchema;

/**
 * docs/lifecycle-events.schema.json: it names every event the service publishes, and it is strict enough that the
 * check the lifecycle tests put every received event through can fail.
 */
@Tag("rules")
class LifecycleEventSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A merge as an EventBridge rule's target receives it. */
    static ObjectNode merge() throws IOException {
        return (ObjectNode) JSON.readTree("""
                {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "UsersMerged",
                 "source": "anonymous-access", "account": "111122223333", "time": "2026-12-07T10:00:00Z",
                 "region": "eu-west-1", "resources": [],
                 "detail": {"idempotencyKey": "c0a1e9f0d3b24b8f9e7a6c5d4b3a2f10",
                            "userId": "0f3c8a2e-9b7d-4410-a8c6-e2f1b3d5a7c9", "clientId": "my-app",
                            "sessionId": "5d2e7a91-3c4b-4f60-9e8d-1a2b3c4d5e6f", "subject": "auth0|4711",
                            "mergedUserId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                            "occurredAt": "2026-12-07T10:00:00.123Z"}}
                """);
    }

    static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    /** The same event as another {@code detail-type}, without a merged user. */
    static ObjectNode as(String detailType) throws IOException {
        ObjectNode event = merge().put("detail-type", detailType);
        detail(event).remove("mergedUserId");
        return event;
    }

    static ObjectNode revocation(String reason) throws IOException {
        ObjectNode event = as("UserRevoked");
        detail(event).put("reason", reason);
        return event;
    }

    @Test
    void itNamesExactlyTheDetailTypesTheServicePublishes() throws IOException {
        JsonNode schema = JSON.readTree(LifecycleEventSchema.FILE.toFile());
        Set<String> named = new TreeSet<>();
        schema.at("/properties/detail-type/enum").forEach(type -> named.add(type.asText()));

        Set<String> published = new TreeSet<>();
        Arrays.stream(LifecycleEventType.values()).forEach(type -> published.add(type.detailType()));

        assertEquals(published, named);
    }

    @Test
    void aMergeAsEventBridgeDeliversItPasses() throws IOException {
        assertEquals(List.of(), LifecycleEventSchema.errorsOf(merge()));
    }

    @Test
    void aMergeWithoutTheMergedUserIsRefused() throws IOException {
        ObjectNode event = merge();
        detail(event).remove("mergedUserId");

        assertFalse(LifecycleEventSchema.errorsOf(event).isEmpty());
    }

    @Test
    void aClaimWithoutItsSubjectIsRefused() throws IOException {
        ObjectNode event = as("UserClaimed");
        detail(event).remove("subject");

        assertFalse(LifecycleEventSchema.errorsOf(event).isEmpty());
    }

    @Test
    void aRevocationForAReasonTheDocsDoNotNameIsRefused() throws IOException {
        assertFalse(LifecycleEventSchema.errorsOf(revocation("sign_out")).isEmpty());
    }

    @Test
    void aDetailCarryingAnythingElseIsRefused() throws IOException {
        ObjectNode event = merge();
        detail(event).put("refreshToken", "R0123");

        assertFalse(LifecycleEventSchema.errorsOf(event).isEmpty());
    }

    @Test
    void anEventOfAnotherSourceIsRefused() throws IOException {
        assertFalse(LifecycleEventSchema.errorsOf(merge().put("source", "aws.dynamodb")).isEmpty());
    }

    @Test
    void aRevocationWithItsReasonPasses() throws IOException {
        assertEquals(List.of(), LifecycleEventSchema.errorsOf(revocation("reuse_detected")));
    }
}
