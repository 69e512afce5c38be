package dev.anonymousaccess.user;

import java.time.Duration;
import java.time.Instant;

/**
 * The rule "an anonymous user is deleted after {@code inactivity} without a request; every request extends that", with
 * the inactivity period of the user's client app.
 * <p>
 * Writing the lifetime on every request would cost a write per authorization, so it is written at most once per
 * {@code refreshInterval}, and every write reaches {@code inactivity + refreshInterval} ahead. API Gateway may also
 * answer requests from its authorizer cache for {@code authorizerCacheTtl} without calling the authorizer, so writes
 * reach that much further. A user is then never deleted earlier than {@code inactivity} after its last request, nor
 * later than {@code inactivity + refreshInterval + authorizerCacheTtl} after it.
 */
public record SlidingExpiry(Duration inactivity, Duration refreshInterval, Duration authorizerCacheTtl) {

    public SlidingExpiry {
        if (inactivity.isNegative() || inactivity.isZero() || refreshInterval.isNegative()
                || authorizerCacheTtl.isNegative()) {
            throw new IllegalArgumentException("inactivity must be positive, the intervals not negative");
        }
    }

    /** This rule for a client app whose users live {@code appInactivity} without a request. */
    public SlidingExpiry withInactivity(Duration appInactivity) {
        return appInactivity.equals(inactivity) ? this
                : new SlidingExpiry(appInactivity, refreshInterval, authorizerCacheTtl);
    }

    /** The end of life to write when a request at {@code now} is recorded. */
    public Instant expiresAt(Instant now) {
        return now.plus(inactivity).plus(refreshInterval).plus(authorizerCacheTtl);
    }

    /**
     * Whether a request at {@code now} must write the user's lifetime: when the write would move it at least one
     * interval further than stored (the last write is one interval old). A user whose stored lifetime already reaches
     * further (say, after its app's inactivity period was lowered) costs no write until the rule catches up with it.
     */
    public boolean isDue(Session session, Instant now) {
        // A claimed user has no end of life to move.
        return session.expiresAt() != null && !expiresAt(now).isBefore(session.expiresAt().plus(refreshInterval));
    }
}
