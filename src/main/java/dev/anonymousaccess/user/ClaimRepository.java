package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where claims are kept: which user of a client app holds a subject, and the claims and merges that change it, each one
 * DynamoDB transaction whose conditions make a subject unique per client app and make retries and races harmless.
 * DynamoDB's implementation is the only real one, and its tests run against moto_server.
 *
 * @throws dev.anonymousaccess.error.StoreUnavailableException from every method when the store fails
 */
public interface ClaimRepository {

    /** The user of {@code clientId} that holds {@code subject} (strongly consistent), if any. */
    Optional<String> holderOf(String clientId, String subject);

    /**
     * Records {@code claimed} (the anonymous user {@code expected}, now holding a subject) and the subject's hold, in one
     * transaction: only if the subject is free in its client app and the user is still at {@code expected}'s version.
     *
     * @return false when either condition failed; nothing was written
     */
    boolean claim(User expected, User claimed);

    /**
     * Merges an anonymous user into a claimed one in one transaction: the anonymous user's item becomes a marker that
     * answers a retried claim until {@link Merge#forgetAt}, the new session is added to the claimed user, and the
     * oldest session is dropped when the user already holds the most it may.
     *
     * @return false when the anonymous user or the claimed user changed since they were read; nothing was written
     */
    boolean merge(Merge merge);

    /**
     * What the id a token carries names now (strongly consistent): a session, or the marker an anonymous user left when
     * it was merged (while it answers retried claims), or neither.
     */
    Located locate(String sessionId, Instant now);

    /**
     * Erases a claimed user: its own item, its further sessions and its subject's hold, in one transaction.
     *
     * @return false when the user changed since it was read; nothing was written
     */
    boolean erase(User user);

    /**
     * Revokes the tokens of every session of a claimed user, in one transaction; the user stays.
     *
     * @return false when the user changed since it was read; nothing was written
     */
    boolean revokeEverySession(User user, Instant now);

    /**
     * A merge as decided.
     *
     * @param merged the anonymous user as read, whose tokens stop working
     * @param into the claimed user as read
     * @param session the new session of {@code into}, holding the pair the merging device gets
     * @param sessionsAfter {@code into}'s further sessions after the merge, oldest first
     * @param dropped the sessions dropped to make room (deleted in the same transaction)
     * @param forgetAt until when a retried claim is answered again
     */
    record Merge(User merged, User into, User session, List<String> sessionsAfter, List<String> dropped,
            Instant forgetAt) {
        public Merge {
            if (merged.userId().equals(into.userId())) {
                throw new IllegalArgumentException("a user is never merged into itself");
            }
            sessionsAfter = List.copyOf(sessionsAfter);
            dropped = List.copyOf(dropped);
        }
    }

    /** The outcome of {@link #locate}: at most one of the two is present. */
    record Located(Optional<User> session, Optional<MergedUser> merged) {
    }

    /**
     * What is left of a merged anonymous user for a while: enough to recognise a retried claim (the hash of the access
     * token it presented) and to answer it again; no personal data.
     */
    record MergedUser(String userId, String clientId, String intoUserId, String sessionId, String accessTokenHash,
            Instant forgetAt) {
    }
}
