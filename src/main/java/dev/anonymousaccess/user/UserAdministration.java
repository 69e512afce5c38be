package dev.anonymousaccess.user;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.error.StoreUnavailableException;

/**
 * Operator actions on one user: inspect, find by subject, revoke all tokens, erase. A user past its end of life is
 * gone; a further session of a claimed user is not a user (its id is not a user id).
 */
@ApplicationScoped
public class UserAdministration {

    /** Transactions decided again when the user changed under them (a merge, a refresh). */
    static final int ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(UserAdministration.class);

    private final UserRepository users;
    private final ClaimRepository claims;
    private final Clock clock;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public UserAdministration(UserRepository users, ClaimRepository claims, Clock clock) {
        this.users = users;
        this.claims = claims;
        this.clock = clock;
    }

    public Optional<UserFacts> find(String userId) {
        return live(userId).map(UserFacts::of);
    }

    /** The user of {@code clientId} claimed for {@code subject}, if any. */
    public Optional<UserFacts> findBySubject(String clientId, String subject) {
        return claims.holderOf(clientId, subject).flatMap(this::find);
    }

    /**
     * Signs the user out everywhere: every session's tokens revoked; the user stays (a claimed user for good). A claimed
     * user's sessions are revoked in one transaction on the user as read, so a device merged meanwhile is decided
     * again rather than missed.
     *
     * @return the user after revocation, or empty when there is no such (live) user
     */
    public Optional<UserFacts> revokeAll(String userId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<User> user = live(userId);
            if (user.isEmpty()) {
                return Optional.empty();
            }
            boolean revoked = user.get().claimed() ? claims.revokeEverySession(user.get(), clock.instant())
                    : users.revoke(userId, clock.instant());
            if (revoked) {
                LOG.infof("admin revoked all tokens of user %s", userId);
                return user.map(UserFacts::of).map(UserFacts::asRevoked);
            }
        }
        throw new StoreUnavailableException("TransactWriteItems",
                new IllegalStateException("the user kept changing during the revocation"));
    }

    private Optional<User> live(String userId) {
        return users.find(userId).filter(User::ownItem).filter(user -> !user.isGone(clock.instant()));
    }

    /**
     * Erases the user at once (right to erasure); its tokens stop working immediately. A claimed user goes with its
     * further sessions and its subject's hold, in one transaction, and its subject is free again. Every write is
     * conditioned on the user as read, so a claim landing meanwhile is decided again instead of leaving a hold behind.
     *
     * @return whether there was a user to erase (true also when an earlier attempt of this erasure landed)
     */
    public boolean erase(String userId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<User> found = users.find(userId);
            if (found.isEmpty() || !found.get().ownItem()) {
                // Gone after a first look: an earlier attempt (or a concurrent erasure) took it.
                boolean existed = attempt > 0 && found.isEmpty();
                LOG.infof("admin erased user %s (existed: %s)", userId, existed);
                return existed;
            }
            User user = found.get();
            if (user.claimed() ? claims.erase(user) : users.delete(user)) {
                LOG.infof("admin erased user %s", userId);
                return true;
            }
        }
        throw new StoreUnavailableException("DeleteItem",
                new IllegalStateException("the user kept changing during the erasure"));
    }
}
