package dev.anonymousaccess.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.anonymousaccess.user.User;
import dev.anonymousaccess.user.UserRepository;

/**
 * The user store in memory, with DynamoDB's conditions (not-exists, version, only-forward) and its precision (epoch
 * seconds, rotation time in milliseconds). {@code RepositoryContract} runs the same cases against this and DynamoDB.
 */
public final class InMemoryUsers implements UserRepository {

    private final Map<String, User> users = new ConcurrentHashMap<>();

    @Override
    public synchronized boolean insert(User user) {
        User existing = users.get(user.sessionId());
        if (existing == null) {
            users.put(user.sessionId(), stored(user));
            return true;
        }
        return existing.accessTokenHash().equals(user.accessTokenHash());
    }

    @Override
    public Optional<User> find(String sessionId) {
        return Optional.ofNullable(users.get(sessionId));
    }

    @Override
    public synchronized boolean extendLifetime(String sessionId, Instant now, Instant expiresAt) {
        User user = users.get(sessionId);
        if (user == null || user.expiresAt() == null
                || user.expiresAt().getEpochSecond() >= expiresAt.getEpochSecond()) {
            return false;
        }
        users.put(sessionId, stored(user.withLifetime(now, expiresAt)));
        return true;
    }

    @Override
    public synchronized Replacement replaceTokens(User expected, User next) {
        User current = users.get(expected.sessionId());
        if (current == null || current.version() != expected.version() || current.revoked()) {
            return new Replacement(false, Optional.ofNullable(current));
        }
        users.put(next.sessionId(), stored(next));
        return new Replacement(true, Optional.of(next));
    }

    @Override
    public synchronized boolean revoke(String sessionId, Instant now) {
        User user = users.get(sessionId);
        if (user == null) {
            return false;
        }
        users.put(sessionId, user.asRevoked());
        return true;
    }

    @Override
    public synchronized boolean delete(User expected) {
        User current = users.get(expected.sessionId());
        if (current == null || current.version() != expected.version()) {
            return false;
        }
        users.remove(expected.sessionId());
        return true;
    }

    /** How many users are stored. */
    public int count() {
        return users.size();
    }

    /** Writes a user as is, behind the rules' back (to age or damage it). */
    public void put(User user) {
        users.put(user.sessionId(), user);
    }

    private static User stored(User user) {
        return user.toBuilder().createdAt(seconds(user.createdAt())).lastSeenAt(seconds(user.lastSeenAt()))
                .expiresAt(user.expiresAt() == null ? null : seconds(user.expiresAt())).accessTokenExpiresAt(seconds(user.accessTokenExpiresAt()))
                .refreshRotatedAt(
                        user.refreshRotatedAt() == null ? null : user.refreshRotatedAt().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static Instant seconds(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }
}
