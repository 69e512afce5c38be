package dev.anonymousaccess.lifecycle;

import java.time.Instant;

/**
 * One event for apps, its {@code detail} as published: the user, the app, the session where there is one, the
 * subject of a claimed user, the merged-away user of a merge, the reason of a revocation, when, and the idempotency
 * key a consumer drops duplicates by. Never a token, a hash of one, or a secret.
 */
public record LifecycleEvent(LifecycleEventType type, String idempotencyKey, String userId, String clientId,
        String sessionId, String subject, String mergedUserId, String reason, Instant occurredAt) {

    /** Never prints the subject (personal data). */
    @Override
    public String toString() {
        return "LifecycleEvent[" + type.detailType() + ", userId=" + userId + ", key=" + idempotencyKey + "]";
    }
}
