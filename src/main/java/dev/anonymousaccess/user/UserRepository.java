package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where users and their sessions are kept, and the claims that make a user permanent: each session found by the id its
 * tokens carry, each user by its own item. Every write is conditioned on exactly what was read, so retries and races
 * are harmless; where a change spans several items (a claimed user's revocation or erasure, a claim, a merge), the
 * repository makes it one transaction, and where it is one item, one single-item write: the rules never choose.
 * The DynamoDB implementation is production's; an in-memory one with the same conditions serves the fast tests, and
 * a contract test holds the two together.
 *
 * @throws dev.anonymousaccess.error.StoreUnavailableException from every method when the store fails
 */
public interface UserRepository {

    /**
     * Adds a new anonymous user (its only session), never overwriting anything. Idempotent: when an earlier attempt of
     * this very write landed, that is success.
     *
     * @return false when the id is taken; nothing was written
     */
    boolean insert(Session first);

    /** The session as stored (strongly consistent); empty when there is none, or its record is damaged or a marker. */
    Optional<Session> findSession(String sessionId);

    /**
     * The session as stored a moment ago (eventually consistent: half the read cost, and it may miss the last moment's
     * writes). A store without replicas reads as {@link #findSession}.
     */
    default Optional<Session> findRecentSession(String sessionId) {
        return findSession(sessionId);
    }

    /** The user whose own item has id {@code userId} (strongly consistent); empty for a further session's id. */
    Optional<User> findUser(String userId);

    /**
     * Moves an anonymous user's last-seen time and end of life forward, only forward, never for a user that is gone
     * (or merged away), never for a claimed user (which has no end of life).
     *
     * @return false when nothing was written
     */
    boolean extendLifetime(String userId, Instant now, Instant expiresAt);

    /**
     * Replaces the session's token state with {@code next} if it is still at {@code expected}'s version and not
     * revoked.
     *
     * @return written, or else the session as it is now (empty when gone)
     */
    Replacement replaceTokens(Session expected, Session next);

    /**
     * Revokes every token of one session, for {@code reason} (repeating it changes nothing); the user stays.
     *
     * @return false when there is no such session
     */
    boolean revoke(String sessionId, Instant now, Revocation reason);

    /**
     * Revokes every session of the user, if it is still as read: an operator's revocation. The user stays.
     *
     * @return false when the user changed since it was read (a device merged meanwhile); nothing was written
     */
    boolean revokeEverySession(User user, Instant now);

    /**
     * Erases the user, if it is still as read: its own item and, for a claimed user, its further sessions and its
     * subject's hold.
     *
     * @return false when the user changed since it was read or is gone; nothing was written
     */
    boolean erase(User user);

    /** The user of {@code clientId} that holds {@code subject} (strongly consistent), if any. */
    Optional<String> holderOf(String clientId, String subject);

    /**
     * Records {@code claimed} (the anonymous user {@code expected}, now holding a subject) and the subject's hold:
     * only if the subject is free in its client app and the user is still as read.
     *
     * @return false when either condition failed; nothing was written
     */
    boolean claim(User expected, User claimed);

    /**
     * Merges an anonymous user into a claimed one: the anonymous user's item becomes a marker that answers a retried
     * claim until {@link Merge#forgetAt}, the new session is added to the claimed user, and the oldest session is
     * dropped when the user already holds the most it may.
     *
     * @return false when the anonymous user or the claimed user changed since they were read; nothing was written
     */
    boolean merge(Merge merge);

    /**
     * What the id a token carries names now (strongly consistent): a session, or the marker an anonymous user left when
     * it was merged (while it answers retried claims), or neither.
     */
    Located locate(String sessionId, Instant now);

    /** The outcome of {@link #replaceTokens}: written, or not, with the session as the store holds it now. */
    record Replacement(boolean written, Optional<Session> current) {
    }

    /**
     * A merge as decided.
     *
     * @param merged the anonymous user as read, whose tokens stop working
     * @param into the claimed user as read
     * @param session the new session of {@code into}, holding the pair the merging device gets
     * @param sessionsAfter {@code into}'s further sessions after the merge, oldest first
     * @param dropped the sessions dropped to make room (deleted with the merge)
     * @param forgetAt until when a retried claim is answered again
     */
    record Merge(User merged, User into, Session session, List<String> sessionsAfter, List<String> dropped,
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
    record Located(Optional<Session> session, Optional<MergedUser> merged) {
    }

    /**
     * What is left of a merged anonymous user for a while: enough to recognise a retried claim (the hash of the access
     * token it presented) and to answer it again; no personal data.
     */
    record MergedUser(String userId, String clientId, String intoUserId, String sessionId, String accessTokenHash,
            Instant forgetAt) {
    }
}
