package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything about one anonymous user, kept in one item so that DynamoDB TTL removes the user and all its tokens at
 * once. Tokens appear only as SHA-256 hashes.
 *
 * @param expiresAt the user's end of life (the item's TTL); the user is gone from then on, deleted or not
 * @param previousRefreshTokenHash the refresh token replaced by the last rotation, accepted again within the retry
 *        window
 * @param refreshRotatedAt when the last rotation happened
 * @param retiredRefreshTokenHashes refresh tokens that were rotated away, newest first; presenting one is theft
 * @param rotationKey the random key that derives a refresh token's successor pair (base64url); null on items written
 *        before keys existed, which get one at their next rotation
 * @param version incremented by every rotation or revocation; rotations are conditional on it
 */
public record AnonymousUser(String userId, String clientId, Instant createdAt, Instant lastSeenAt,
        Instant expiresAt, String accessTokenHash, Instant accessTokenExpiresAt, String refreshTokenHash,
        String previousRefreshTokenHash, Instant refreshRotatedAt, List<String> retiredRefreshTokenHashes,
        String rotationKey, boolean revoked, long version) {

    /** How many rotated-away refresh tokens are remembered for reuse detection. */
    private static final int RETIRED_TOKENS_KEPT = 20;

    public AnonymousUser {
        retiredRefreshTokenHashes = List.copyOf(retiredRefreshTokenHashes);
    }

    /** A brand-new user holding its first pair, issued at {@code now}. */
    public static AnonymousUser registered(IssuedTokens first, String clientId, Instant now, Instant expiresAt,
            String rotationKey) {
        return new AnonymousUser(first.userId(), clientId, now, now, expiresAt, first.accessToken().hash(),
                first.accessTokenExpiresAt(now), first.refreshToken().hash(), null, null, List.of(), rotationKey,
                false, 1);
    }

    /**
     * This user after its current refresh token was exchanged for {@code next} at {@code now}: the exchanged token
     * becomes the previous one (retry window) and joins the retired ones (reuse detection); the lifetime only grows.
     */
    public AnonymousUser rotatedTo(IssuedTokens next, Instant now, Instant extendedExpiry, String key) {
        List<String> retired = new ArrayList<>(RETIRED_TOKENS_KEPT);
        retired.add(refreshTokenHash);
        retiredRefreshTokenHashes.stream().limit(RETIRED_TOKENS_KEPT - 1).forEach(retired::add);
        Instant lifetime = extendedExpiry.isAfter(expiresAt) ? extendedExpiry : expiresAt;
        return new AnonymousUser(userId, clientId, createdAt, now, lifetime, next.accessToken().hash(),
                next.accessTokenExpiresAt(now), next.refreshToken().hash(), refreshTokenHash, now, retired, key, false,
                version + 1);
    }

    /** This user after a request at {@code now} moved its end of life to {@code expiresAt}. */
    public AnonymousUser withLifetime(Instant now, Instant newExpiresAt) {
        return new AnonymousUser(userId, clientId, createdAt, now, newExpiresAt, accessTokenHash, accessTokenExpiresAt,
                refreshTokenHash, previousRefreshTokenHash, refreshRotatedAt, retiredRefreshTokenHashes, rotationKey,
                revoked, version);
    }

    /** This user with every token revoked. */
    public AnonymousUser asRevoked() {
        return new AnonymousUser(userId, clientId, createdAt, lastSeenAt, expiresAt, accessTokenHash,
                accessTokenExpiresAt, refreshTokenHash, previousRefreshTokenHash, refreshRotatedAt,
                retiredRefreshTokenHashes, rotationKey, true, version + 1);
    }

    /** Expired means gone, even while DynamoDB has not yet deleted the item (TTL deletion lags by up to days). */
    public boolean isGone(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean accessTokenExpired(Instant now) {
        return !now.isBefore(accessTokenExpiresAt);
    }

    /** Whether a refresh token with this hash ever belonged to the user and was rotated away. */
    public boolean retired(Predicate<String> matchesHash) {
        return retiredRefreshTokenHashes.stream().anyMatch(matchesHash);
    }
}
