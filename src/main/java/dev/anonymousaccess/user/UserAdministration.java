package dev.anonymousaccess.user;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.retry.OptimisticRetry;

/**
 * Operator actions on one user: inspect, find by subject, revoke all tokens, erase. A user past its end of life is
 * gone; a further session of a claimed user is not a user (its id is not a user id). Every change is conditioned on
 * the user as read, so a claim or a merge landing meanwhile is decided again rather than missed.
 */
@ApplicationScoped
public class UserAdministration {

    /** Changes decided again when the user changed under them (a merge, a refresh). */
    static final int ATTEMPTS = 3;
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

    /** The user of {@code clientId} claimed for {@code subject}, if any. */
    public Optional<UserFacts> findBySubject(String clientId, String subject) {
        return users.holderOf(clientId, subject).flatMap(this::find);
    }

    /**
     * Signs the user out everywhere: every session's tokens revoked; the user stays (a claimed user for good).
     *
     * @return the user after revocation, or empty when there is no such (live) user
     * @throws dev.anonymousaccess.error.ContentionException when the user kept changing
     */
    public Optional<UserFacts> revokeAll(String userId, InvocationRecorder recorder) {
        return OptimisticRetry.decide(ATTEMPTS, "the revocation", recorder, () -> {
            Optional<User> user = live(userId);
            if (user.isEmpty()) {
                return Optional.of(Optional.<UserFacts>empty());
            }
            if (!users.revokeEverySession(user.get(), clock.instant())) {
                return Optional.empty();
            }
            LOG.infof("admin revoked all tokens of user %s", userId);
            return Optional.of(user.map(UserFacts::of).map(UserFacts::asRevoked));
        });
    }

    private Optional<User> live(String userId) {
        return users.findUser(userId).filter(user -> !user.isGone(clock.instant()));
    }

    /**
     * Erases the user at once (right to erasure); its tokens stop working immediately. A claimed user goes with its
     * further sessions and its subject's hold, and its subject is free again.
     *
     * @return whether there was a user to erase (true also when an earlier attempt of this erasure landed)
     * @throws dev.anonymousaccess.error.ContentionException when the user kept changing
     */
    public boolean erase(String userId, InvocationRecorder recorder) {
        var erasure = new Object() {
            boolean tried;
        };
        return OptimisticRetry.decide(ATTEMPTS, "the erasure", recorder, () -> {
            Optional<User> found = users.findUser(userId);
            if (found.isEmpty()) {
                // Gone after a first try: an earlier attempt (or a concurrent erasure) took it.
                LOG.infof("admin erased user %s (existed: %s)", userId, erasure.tried);
                return Optional.of(erasure.tried);
            }
            erasure.tried = true;
            if (!users.erase(found.get())) {
                return Optional.empty();
            }
            LOG.infof("admin erased user %s", userId);
            return Optional.of(true);
        });
    }
}
