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
     * Signs the user out everywhere: every session's tokens revoked; the user stays (a claimed user for good).
     *
     * @return the user after revocation, or empty when there is no such (live) user
     */
    public Optional<UserFacts> revokeAll(String userId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<User> user = live(userId);
            if (user.isEmpty()) {
                return Optional.empty();
            }
            boolean revoked = user.get().sessions().isEmpty() ? users.revoke(userId, clock.instant())
                    : claims.revokeEverySession(user.get(), clock.instant());
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
     * Erases the user at once (right to erasure); its tokens stop working immediately. A claimed user's further
     * sessions go with it, and its subject is free again.
     *
     * @return whether there was a user to erase; the read first keeps this true when the SDK retried a delete that
     *         had already landed
     */
    public boolean erase(String userId) {
        Optional<User> found = users.find(userId);
        if (found.isPresent() && !found.get().ownItem()) {
            return false;
        }
        boolean existed = found.isPresent();
        // A claimed user goes with its sessions and its subject's hold, in one transaction on the user as read.
        for (int attempt = 0; found.isPresent() && found.get().claimed(); attempt++) {
            if (attempt == ATTEMPTS) {
                throw new StoreUnavailableException("TransactWriteItems",
                        new IllegalStateException("the user kept changing during the erasure"));
            }
            if (claims.erase(found.get())) {
                LOG.infof("admin erased claimed user %s with its sessions", userId);
                return true;
            }
            found = users.find(userId);
        }
        existed = users.delete(userId) || existed;
        LOG.infof("admin erased user %s (existed: %s)", userId, existed);
        return existed;
    }
}
