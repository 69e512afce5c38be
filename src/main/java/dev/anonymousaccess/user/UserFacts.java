package dev.anonymousaccess.user;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What an operator may see of a user: never a token, never a hash. Times are ISO-8601. */
@RegisterForReflection
public record UserFacts(String userId, String clientId, String createdAt, String lastSeenAt, String expiresAt,
        boolean revoked) {

    static UserFacts of(User user) {
        return new UserFacts(user.userId(), user.clientId(), user.createdAt().toString(),
                user.lastSeenAt().toString(), user.expiresAt().toString(), user.revoked());
    }

    /** These facts once every token of the user is revoked. */
    UserFacts asRevoked() {
        return new UserFacts(userId, clientId, createdAt, lastSeenAt, expiresAt, true);
    }
}
