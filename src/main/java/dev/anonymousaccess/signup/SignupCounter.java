package dev.anonymousaccess.signup;

import java.time.Instant;

/** The counters of sign-ups per client app, source and window; implemented by the DynamoDB store. */
public interface SignupCounter {

    /**
     * Counts sign-up {@code signupId} in counter {@code key} unless the counter already holds {@code limit} others.
     * Idempotent: counting the same sign-up again (a retried write) is success and counts nothing more.
     *
     * @param expiresAt when the counter may be deleted (DynamoDB TTL)
     * @return false when the counter is full; nothing was counted
     * @throws dev.anonymousaccess.error.StoreUnavailableException when the store fails: no sign-up goes uncounted
     */
    boolean countOnce(String key, String signupId, int limit, Instant expiresAt);
}
