package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.List;

/**
 * A person's user: the session on its own item (an anonymous user's only one, whose id is the user's) and, once the
 * user is claimed, the ids of its further sessions, one per device merged into it. The own item's version guards
 * both: a claim, a merge, an erasure and an operator's revocation are each conditioned on it.
 *
 * @param own the session on the user's own item
 * @param furtherSessions the ids of the user's further sessions, oldest first
 */
public record User(Session own, List<String> furtherSessions) {

    public User {
        if (!own.onUsersOwnItem()) {
            throw new IllegalArgumentException("a user is read from its own item");
        }
        furtherSessions = List.copyOf(furtherSessions);
    }

    /** An anonymous user: its only session. */
    public static User anonymous(Session own) {
        return new User(own, List.of());
    }

    public String userId() {
        return own.userId();
    }

    public String clientId() {
        return own.clientId();
    }

    public String subject() {
        return own.subject();
    }

    public long version() {
        return own.version();
    }

    /** A claimed user is permanent: never deleted for inactivity. */
    public boolean claimed() {
        return own.claimed();
    }

    /** Expired means gone, even while DynamoDB has not yet deleted the item. A claimed user has no end of life. */
    public boolean isGone(Instant now) {
        return own.isGone(now);
    }

    /** This (anonymous) user claimed for {@code subject} at {@code now}: permanent from then on. */
    public User claimedFor(String subject, Instant now) {
        return new User(own.claimedFor(subject, now), furtherSessions);
    }

    /**
     * A further session of this (claimed) user, holding {@code pair} issued at {@code now} and derived with
     * {@code key}: what the device of anonymous user {@code mergedFrom} gets when it is merged into this one.
     */
    public Session newSession(IssuedTokens pair, Instant now, String key, String mergedFrom) {
        return Session.builder().mergedFrom(mergedFrom).sessionId(pair.sessionId()).userId(userId())
                .clientId(clientId()).createdAt(now).lastSeenAt(now).accessTokenHash(pair.accessToken().hash())
                .accessTokenExpiresAt(pair.accessTokenExpiresAt(now)).refreshTokenHash(pair.refreshToken().hash())
                .rotationKey(key).version(1).subject(subject()).claimedAt(own.claimedAt()).build();
    }
}
