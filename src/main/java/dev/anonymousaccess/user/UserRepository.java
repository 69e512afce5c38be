package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.Optional;

/**
 * Where users' sessions are kept, each found by the session id its tokens carry (an anonymous user's only session has
 * the user's id): one record each, whose conditional writes make retries and races harmless. The
 * DynamoDB implementation is production's; an in-memory one with the same conditions serves fast tests, and a
 * contract test holds the two together.
 *
 * @throws dev.anonymousaccess.error.StoreUnavailableException from every method when the store fails
 */
public interface UserRepository {

    /**
     * Adds a new user, never overwriting an existing one. Idempotent: when an earlier attempt of this very write
     * landed, that is success.
     *
     * @return false when another session already has this id; nothing was written
     */
    boolean insert(User user);

    /** The session as stored (strongly consistent); empty when there is none or its record is damaged. */
    Optional<User> find(String sessionId);

    /**
     * The user as stored a moment ago (eventually consistent: half the read cost, and it may miss the last moment's
     * writes); empty when there is none or its record is damaged. A store without replicas reads as {@link #find}.
     */
    default Optional<User> findRecent(String sessionId) {
        return find(sessionId);
    }

    /**
     * Moves last-seen time and end of life forward, only forward, never for a user that is gone, never for a claimed
     * user (which has no end of life).
     *
     * @return false when nothing was written
     */
    boolean extendLifetime(String sessionId, Instant now, Instant expiresAt);

    /**
     * Replaces the user's token state with {@code next} if the user is still at {@code expected}'s version and not
     * revoked.
     *
     * @return written, or else the user as it is now (empty when gone)
     */
    Replacement replaceTokens(User expected, User next);

    /**
     * Revokes every token of the session (repeating it changes nothing); the user stays until its end of life.
     *
     * @return false when there is no such session
     */
    boolean revoke(String sessionId, Instant now);

    /**
     * Erases the session if it is still at {@code expected}'s version: nothing (a claim, above all) changed it since it
     * was read.
     *
     * @return false when it changed or is gone; nothing was written
     */
    boolean delete(User expected);

    /** The outcome of {@link #replaceTokens}: written, or not, with the user as the store holds it now. */
    record Replacement(boolean written, Optional<User> current) {
    }
}
