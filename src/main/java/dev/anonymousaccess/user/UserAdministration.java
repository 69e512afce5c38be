package dev.anonymousaccess.user;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;


/** Operator actions on one user: inspect, revoke all tokens, erase. A user past its end of life is gone. */
@ApplicationScoped
public class UserAdministration {

    private static final Logger LOG = Logger.getLogger(UserAdministration.class);

    private final UserRepository users;
    private final Clock clock;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public UserAdministration(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    public Optional<UserFacts> find(String userId) {
        return live(userId).map(UserFacts::of);
    }

    /** @return the user after revocation, or empty when there is no such (live) user */
    public Optional<UserFacts> revokeAll(String userId) {
        Optional<User> user = live(userId);
        if (user.isEmpty() || !users.revoke(userId, clock.instant())) {
            return Optional.empty();
        }
        LOG.infof("admin revoked all tokens of user %s", userId);
        return user.map(UserFacts::of).map(UserFacts::asRevoked);
    }

    private Optional<User> live(String userId) {
        return users.find(userId).filter(user -> !user.isGone(clock.instant()));
    }

    /**
     * Erases the user at once (right to erasure); its tokens stop working immediately.
     *
     * @return whether there was a user to erase; the read first keeps this true when the SDK retried a delete that
     *         had already landed
     */
    public boolean erase(String userId) {
        boolean found = users.find(userId).isPresent();
        boolean existed = users.delete(userId) || found;
        LOG.infof("admin erased user %s (existed: %s)", userId, existed);
        return existed;
    }
}
