package dev.anonymousaccess.client;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import dev.anonymousaccess.token.TokenHash;

/**
 * The secret of a client app's backend, kept only as its SHA-256: the current one, and the one it replaced while that
 * stays valid for a grace period, so that a backend can roll over without downtime.
 *
 * @param previousSecretHash null when there is none (the first secret), or once it has expired
 */
public record ClientCredentials(String secretHash, Instant issuedAt, String previousSecretHash,
        Instant previousValidUntil) {

    /** Every secret this service issues: {@code aas_} and 256 bits in 43 base64url characters. */
    private static final Pattern SECRET = Pattern.compile("aas_[A-Za-z0-9_-]{43}");

    /**
     * Whether {@code presented} has the shape of a secret this service issues: anything else cannot be one, and is
     * refused before any store is asked.
     */
    public static boolean isWellFormedSecret(String presented) {
        return presented != null && SECRET.matcher(presented).matches();
    }

    /** The first secret of an app, issued at {@code now}. */
    public static ClientCredentials first(String secretHash, Instant now) {
        return new ClientCredentials(secretHash, now, null, null);
    }

    /**
     * These credentials after a rotation at {@code now}: the new secret is current, the current one stays valid for
     * {@code grace} (a previous secret still in its grace period is dropped: only one roll-over at a time).
     */
    public ClientCredentials rotatedTo(String newSecretHash, Instant now, Duration grace) {
        return new ClientCredentials(newSecretHash, now, secretHash, now.plus(grace));
    }

    /** Whether {@code presented} is the current secret, or the previous one within its grace period. */
    public boolean accepts(String presented, Instant now) {
        if (TokenHash.matches(presented, secretHash)) {
            return true;
        }
        return previousSecretHash != null && previousValidUntil != null && now.isBefore(previousValidUntil)
                && TokenHash.matches(presented, previousSecretHash);
    }
}
