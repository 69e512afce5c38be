package dev.anonymousaccess.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.anonymousaccess.user.Revocation;
import dev.anonymousaccess.user.Session;
import dev.anonymousaccess.user.User;
import dev.anonymousaccess.user.UserRepository;

/**
 * Users, sessions and claims in memory, with DynamoDB's conditions (not-exists, version, item type, only-forward),
 * its atomicity (every method is one synchronized step, as one conditional write or one transaction is) and its
 * precision (epoch seconds, rotation time in milliseconds). {@code RepositoryContract} runs the same cases against this
 * and DynamoDB.
 */
public final class InMemoryUsers implements UserRepository {

    /** What a {@code USER#} key holds: a session (with its user's further sessions on a user's own item), or a marker. */
    private sealed interface Item {
    }

    private record Held(Session session, List<String> furtherSessions) implements Item {
    }

    private record Marker(MergedUser merged) implements Item {
    }

    private final Map<String, Item> items = new HashMap<>();
    private final Map<String, String> holds = new HashMap<>();
    /** Every write conditioned on what was read finds it changed: persistent contention. */
    private volatile boolean everyRaceLost;

    /** From now on, every conditional change (rotation, revocation, claim, merge, erasure) loses its race. */
    public void loseEveryRace() {
        everyRaceLost = true;
    }

    @Override
    public synchronized boolean insert(Session first) {
        Item existing = items.get(first.sessionId());
        if (existing == null) {
            items.put(first.sessionId(), new Held(stored(first), List.of()));
            return true;
        }
        return existing instanceof Held held && held.session().accessTokenHash().equals(first.accessTokenHash());
    }

    @Override
    public synchronized Optional<Session> findSession(String sessionId) {
        return held(sessionId).map(Held::session);
    }

    @Override
    public synchronized Optional<User> findUser(String userId) {
        return held(userId).filter(held -> held.session().onUsersOwnItem())
                .map(held -> new User(held.session(), held.furtherSessions()));
    }

    private Optional<Held> held(String sessionId) {
        return items.get(sessionId) instanceof Held held ? Optional.of(held) : Optional.empty();
    }

    @Override
    public synchronized boolean extendLifetime(String userId, Instant now, Instant expiresAt) {
        Optional<Held> held = held(userId).filter(h -> h.session().onUsersOwnItem());
        if (held.isEmpty() || held.get().session().expiresAt() == null
                || held.get().session().expiresAt().getEpochSecond() >= expiresAt.getEpochSecond()) {
            return false;
        }
        replace(held.get(), held.get().session().withLifetime(now, expiresAt));
        return true;
    }

    @Override
    public synchronized Replacement replaceTokens(Session expected, Session next) {
        Optional<Held> held = held(expected.sessionId());
        Session current = held.map(Held::session).orElse(null);
        if (current == null || current.version() != expected.version() || current.revoked() || everyRaceLost) {
            return new Replacement(false, Optional.ofNullable(current));
        }
        replace(held.get(), next);
        return new Replacement(true, Optional.of(next));
    }

    @Override
    public synchronized boolean revoke(String sessionId, Instant now, Revocation reason) {
        Optional<Held> held = held(sessionId);
        held.ifPresent(h -> replace(h, h.session().revoked(reason)));
        return held.isPresent();
    }

    @Override
    public synchronized boolean revokeEverySession(User user, Instant now) {
        if (!unchanged(user)) {
            return false;
        }
        Held own = held(user.userId()).orElseThrow();
        replace(own, own.session().revoked(Revocation.OPERATOR));
        for (String session : user.furtherSessions()) {
            held(session).ifPresent(h -> replace(h, h.session().revoked(Revocation.OPERATOR)));
        }
        return true;
    }

    @Override
    public synchronized boolean erase(User user) {
        if (!unchanged(user)) {
            return false;
        }
        items.remove(user.userId());
        user.furtherSessions().forEach(items::remove);
        if (user.claimed()) {
            holds.remove(holdKey(user.clientId(), user.subject()), user.userId());
        }
        return true;
    }

    @Override
    public synchronized Optional<String> holderOf(String clientId, String subject) {
        return Optional.ofNullable(holds.get(holdKey(clientId, subject)));
    }

    @Override
    public synchronized boolean claim(User expected, User claimed) {
        String hold = holdKey(claimed.clientId(), claimed.subject());
        if (holds.containsKey(hold) || !unchanged(expected) || expected.claimed()) {
            return false;
        }
        holds.put(hold, claimed.userId());
        items.put(claimed.userId(), new Held(stored(claimed.own()), claimed.furtherSessions()));
        return true;
    }

    @Override
    public synchronized boolean merge(Merge merge) {
        if (!unchanged(merge.merged()) || merge.merged().claimed() || !unchanged(merge.into())
                || items.containsKey(merge.session().sessionId())) {
            return false;
        }
        Session into = merge.into().own();
        items.put(merge.merged().userId(), new Marker(new MergedUser(merge.merged().userId(),
                merge.merged().clientId(), into.userId(), merge.session().sessionId(),
                merge.merged().own().accessTokenHash(), seconds(merge.forgetAt()))));
        items.put(merge.session().sessionId(), new Held(stored(merge.session()), List.of()));
        items.put(into.userId(), new Held(into.toBuilder().version(into.version() + 1).build(),
                merge.sessionsAfter()));
        merge.dropped().forEach(items::remove);
        return true;
    }

    @Override
    public synchronized Located locate(String sessionId, Instant now) {
        Item item = items.get(sessionId);
        if (item instanceof Marker marker) {
            return new Located(Optional.empty(), now.isBefore(marker.merged().forgetAt())
                    ? Optional.of(marker.merged()) : Optional.empty());
        }
        return new Located(findSession(sessionId), Optional.empty());
    }

    /** Whether the user's own item is still at the version read. */
    private boolean unchanged(User user) {
        return !everyRaceLost && held(user.userId()).filter(h -> h.session().onUsersOwnItem())
                .map(h -> h.session().version() == user.version()).orElse(false);
    }

    private void replace(Held held, Session next) {
        items.put(next.sessionId(), new Held(stored(next), held.furtherSessions()));
    }

    private static String holdKey(String clientId, String subject) {
        return clientId + "#" + subject;
    }

    /** How many sessions are stored (markers not counted). */
    public synchronized int count() {
        return (int) items.values().stream().filter(Held.class::isInstance).count();
    }

    /** Writes a session as is, behind the rules' back (to age or damage it). */
    public synchronized void put(Session session) {
        Optional<Held> held = held(session.sessionId());
        items.put(session.sessionId(), new Held(session, held.map(Held::furtherSessions).orElse(List.of())));
    }

    /** The ids of every session and marker, for tests that look at what is kept. */
    public synchronized List<String> keys() {
        return new ArrayList<>(items.keySet());
    }

    private static Session stored(Session session) {
        return session.toBuilder().createdAt(seconds(session.createdAt())).lastSeenAt(seconds(session.lastSeenAt()))
                .expiresAt(session.expiresAt() == null ? null : seconds(session.expiresAt()))
                .accessTokenExpiresAt(seconds(session.accessTokenExpiresAt()))
                .claimedAt(session.claimedAt() == null ? null : seconds(session.claimedAt()))
                .refreshRotatedAt(session.refreshRotatedAt() == null ? null
                        : session.refreshRotatedAt().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static Instant seconds(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }
}
