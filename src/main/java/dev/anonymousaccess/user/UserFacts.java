package dev.anonymousaccess.user;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an operator may see of a user: never a token, never a hash. Times are ISO-8601. A claimed user shows its
 * subject, when it was claimed and how many sessions (its own and the devices merged into it) it holds, and no end of
 * life.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserFacts(String userId, String clientId, String createdAt, String lastSeenAt, String expiresAt,
        boolean revoked, String subject, String claimedAt, Integer sessions) {

    static UserFacts of(User user) {
        Session own = user.own();
        return new UserFacts(user.userId(), user.clientId(), own.createdAt().toString(), own.lastSeenAt().toString(),
                own.expiresAt() == null ? null : own.expiresAt().toString(), own.revoked(), own.subject(),
                own.claimedAt() == null ? null : own.claimedAt().toString(),
                user.claimed() ? 1 + user.furtherSessions().size() : null);
    }

    /** These facts once every token of the user is revoked. */
    UserFacts asRevoked() {
        return new UserFacts(userId, clientId, createdAt, lastSeenAt, expiresAt, true, subject, claimedAt, sessions);
    }
}
