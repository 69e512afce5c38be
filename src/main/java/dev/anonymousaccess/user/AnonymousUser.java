package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.List;

/**
 * Everything about one anonymous user, kept in one item so that DynamoDB TTL removes the user and all its tokens at
 * once. Tokens appear only as SHA-256 hashes.
 *
 * @param expiresAt the user's end of life (the item's TTL); the user is gone from then on, deleted or not
 * @param previousRefreshTokenHash the refresh token replaced by the last rotation, accepted again within the retry
 *        window
 * @param refreshRotatedAt when the last rotation happened
 * @param retiredRefreshTokenHashes refresh tokens that were rotated away, newest first; presenting one is theft
 * @param version incremented by every rotation or revocation; rotations are conditional on it
 */
public record AnonymousUser(String userId, String clientId, Instant createdAt, Instant lastSeenAt,
        Instant expiresAt, String accessTokenHash, Instant accessTokenExpiresAt, String refreshTokenHash,
        String previousRefreshTokenHash, Instant refreshRotatedAt, List<String> retiredRefreshTokenHashes,
        boolean revoked, long version) {

    public AnonymousUser {
        retiredRefreshTokenHashes = List.copyOf(retiredRefreshTokenHashes);
    }

    /** Expired means gone, even while DynamoDB has not yet deleted the item (TTL deletion lags by up to days). */
    public boolean isGone(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean accessTokenExpired(Instant now) {
        return !now.isBefore(accessTokenExpiresAt);
    }
}
