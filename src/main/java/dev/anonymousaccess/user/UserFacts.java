package dev.anonymousaccess.user;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an operator may see of a user: never a token, never a hash. Times are ISO-8601. A claimed user shows its
 * subject, when it was claimed and how many further sessions (devices merged into it) it holds, and no end of life.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserFacts(String userId, String clientId, String createdAt, String lastSeenAt, String expiresAt,
        boolean revoked, String subject, String claimedAt, Integer sessions) {

    static UserFacts of(User user) {
        return new UserFacts(user.userId(), user.clientId(), user.createdAt().toString(),
                user.lastSeenAt().toString(), user.expiresAt() == null ? null : user.expiresAt().toString(),
                user.revoked(), user.subject(), user.claimedAt() == null ? null : user.claimedAt().toString(),
                user.claimed() ? 1 + user.sessions().size() : null);
    }

    /** These facts once every token of the user is revoked. */
    UserFacts asRevoked() {
        return new UserFacts(userId, clientId, createdAt, lastSeenAt, expiresAt, true, subject, claimedAt, sessions);
    }
}
