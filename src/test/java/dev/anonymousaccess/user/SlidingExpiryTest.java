package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("rules")
class SlidingExpiryTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final SlidingExpiry expiry = new SlidingExpiry(Duration.ofDays(30), Duration.ofHours(1), Duration.ZERO);

    static Session lastWrittenAt(Instant lastSeen, Instant expiresAt) {
        return Session.builder().userId("u").clientId("c").createdAt(T0).lastSeenAt(lastSeen).expiresAt(expiresAt)
                .accessTokenHash("h").accessTokenExpiresAt(T0).refreshTokenHash("r").version(1).build();
    }

    @Test
    void aWriteReachesInactivityPlusIntervalAhead() {
        assertEquals(T0.plus(Duration.ofDays(30)).plus(Duration.ofHours(1)), expiry.expiresAt(T0));
    }

    @Test
    void writesAreDueOncePerInterval() {
        Session user = lastWrittenAt(T0, expiry.expiresAt(T0));
        assertFalse(expiry.isDue(user, T0.plus(Duration.ofMinutes(59))));
        assertTrue(expiry.isDue(user, T0.plus(Duration.ofHours(1))));
    }

    @Test
    void noRequestWithinTheIntervalIsDeletedEarlierThanInactivityAfterIt() {
        Session user = lastWrittenAt(T0, expiry.expiresAt(T0));
        for (long minute = 0; minute < 60; minute++) {
            Instant request = T0.plus(Duration.ofMinutes(minute));
            assertFalse(expiry.isDue(user, request));
            assertFalse(user.expiresAt().isBefore(request.plus(Duration.ofDays(30))), "deleted too early");
            assertFalse(user.expiresAt().isAfter(request.plus(Duration.ofDays(30)).plus(Duration.ofHours(1))),
                    "deleted too late");
        }
    }

    @Test
    void requestsAnsweredFromTheAuthorizerCacheStillKeepTheUserAlive() {
        SlidingExpiry cached = new SlidingExpiry(Duration.ofDays(30), Duration.ofHours(1), Duration.ofMinutes(5));
        Instant lastAuthorizerCall = T0.plus(Duration.ofMinutes(59));
        Session user = lastWrittenAt(T0, cached.expiresAt(T0));
        Instant lastRequestFromCache = lastAuthorizerCall.plus(Duration.ofMinutes(5));

        assertFalse(cached.isDue(user, lastAuthorizerCall));
        assertFalse(user.expiresAt().isBefore(lastRequestFromCache.plus(Duration.ofDays(30))), "deleted too early");
    }

    @Test
    void aUserWhoseLifetimeAlreadyReachesFurtherCostsNoWrite() {
        SlidingExpiry shorter = new SlidingExpiry(Duration.ofDays(7), Duration.ofHours(1), Duration.ZERO);
        Session writtenUnderThirtyDays = lastWrittenAt(T0, expiry.expiresAt(T0));

        assertFalse(shorter.isDue(writtenUnderThirtyDays, T0.plus(Duration.ofDays(1))));
        assertFalse(shorter.isDue(writtenUnderThirtyDays, T0.plus(Duration.ofDays(22))));
        assertTrue(shorter.isDue(writtenUnderThirtyDays, T0.plus(Duration.ofDays(23)).plus(Duration.ofHours(1))));
    }

    @Test
    void theRuleCatchingUpNeverLetsAUserDieEarlierThanInactivityAfterARequest() {
        SlidingExpiry shorter = new SlidingExpiry(Duration.ofDays(7), Duration.ofHours(1), Duration.ZERO);
        Session user = lastWrittenAt(T0, expiry.expiresAt(T0));
        for (long hour = 0; hour < 30 * 24; hour += 7) {
            Instant request = T0.plus(Duration.ofHours(hour));
            if (!shorter.isDue(user, request)) {
                assertFalse(user.expiresAt().isBefore(request.plus(Duration.ofDays(7))), "deleted too early");
            }
        }
    }

    @Test
    void anAppsOwnInactivityPeriodMovesTheEndOfLife() {
        SlidingExpiry ninetyDays = expiry.withInactivity(Duration.ofDays(90));

        assertEquals(T0.plus(Duration.ofDays(90)).plus(Duration.ofHours(1)), ninetyDays.expiresAt(T0));
        assertEquals(expiry, expiry.withInactivity(Duration.ofDays(30)), "the deployment's own rule, unchanged");
    }

    @Test
    void expiredMeansGone() {
        Session user = lastWrittenAt(T0, T0.plus(Duration.ofDays(1)));
        assertFalse(user.isGone(T0.plus(Duration.ofDays(1)).minusSeconds(1)));
        assertTrue(user.isGone(T0.plus(Duration.ofDays(1))));
    }
}
