package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.anonymousaccess.token.TokenHash;

/**
 * The session a device holds: the token state of one device, with the facts of its user that every check of a token
 * needs (whose it is, whether the user is gone, claimed or revoked). An anonymous user has exactly one session, kept
 * in the user's own item (so that DynamoDB TTL removes the user and its tokens at once) and whose id is the user's; a
 * claimed user may gain further sessions (each its own item, with its own id) when other anonymous users are merged
 * into it ({@link User}). Tokens appear only as SHA-256 hashes. Built and changed by name ({@link #builder()},
 * {@link #toBuilder()}): a new field touches the places that use it and no others.
 *
 * @param sessionId the id this session's tokens carry: the user's own id on the user's own item
 * @param userId the user the session belongs to
 * @param expiresAt the user's end of life (the item's TTL); the user is gone from then on, deleted or not. Null for a
 *        claimed user, which is permanent
 * @param previousRefreshTokenHash the refresh token replaced by the last rotation, accepted again within the retry
 *        window
 * @param refreshRotatedAt when the last rotation happened
 * @param retiredRefreshTokenHashes refresh tokens that were rotated away, newest first, in their short retired form
 *        ({@link TokenHash#retiredForm}); presenting one is theft
 * @param rotationKey the random key that derives a refresh token's successor pair (base64url)
 * @param revokedFor why the session's tokens were revoked; null while they are not
 * @param version incremented by every rotation, revocation or claim; rotations and claims are conditional on it
 * @param subject the app's permanent id for the person, once the user is claimed; null while anonymous
 * @param claimedAt when the user was claimed; null while anonymous
 * @param mergedFrom on a session a merge made: the anonymous user merged away into it; null otherwise
 */
public record Session(String sessionId, String userId, String clientId, Instant createdAt, Instant lastSeenAt,
        Instant expiresAt, String accessTokenHash, Instant accessTokenExpiresAt, String refreshTokenHash,
        String previousRefreshTokenHash, Instant refreshRotatedAt, List<String> retiredRefreshTokenHashes,
        String rotationKey, Revocation revokedFor, long version, String subject, Instant claimedAt,
        String mergedFrom) {

    /** How many rotated-away refresh tokens are remembered for reuse detection. */
    private static final int RETIRED_TOKENS_KEPT = 20;

    public Session {
        retiredRefreshTokenHashes = List.copyOf(retiredRefreshTokenHashes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this session's every field, to change some by name. */
    public Builder toBuilder() {
        return new Builder().sessionId(sessionId).userId(userId).clientId(clientId).createdAt(createdAt).lastSeenAt(lastSeenAt)
                .expiresAt(expiresAt).accessTokenHash(accessTokenHash).accessTokenExpiresAt(accessTokenExpiresAt)
                .refreshTokenHash(refreshTokenHash).previousRefreshTokenHash(previousRefreshTokenHash)
                .refreshRotatedAt(refreshRotatedAt).retiredRefreshTokenHashes(retiredRefreshTokenHashes)
                .rotationKey(rotationKey).revokedFor(revokedFor).version(version).subject(subject)
                .claimedAt(claimedAt).mergedFrom(mergedFrom);
    }

    /** The only session of a brand-new anonymous user, holding its first pair, issued at {@code now}. */
    public static Session registered(IssuedTokens first, String clientId, Instant now, Instant expiresAt,
            String rotationKey) {
        return builder().userId(first.userId()).clientId(clientId).createdAt(now).lastSeenAt(now).expiresAt(expiresAt)
                .accessTokenHash(first.accessToken().hash()).accessTokenExpiresAt(first.accessTokenExpiresAt(now))
                .refreshTokenHash(first.refreshToken().hash()).rotationKey(rotationKey).version(1).build();
    }

    /**
     * This session after its current refresh token was exchanged for {@code next} at {@code now}: the exchanged token
     * becomes the previous one (retry window) and joins the retired ones (reuse detection); the lifetime only grows.
     */
    public Session rotatedTo(IssuedTokens next, Instant now, Instant extendedExpiry, String key) {
        List<String> retired = new ArrayList<>(RETIRED_TOKENS_KEPT);
        retired.add(TokenHash.retiredForm(refreshTokenHash));
        retiredRefreshTokenHashes.stream().limit(RETIRED_TOKENS_KEPT - 1).forEach(retired::add);
        Instant lifetime = expiresAt == null || !extendedExpiry.isAfter(expiresAt) ? expiresAt : extendedExpiry;
        return toBuilder().lastSeenAt(now).expiresAt(lifetime)
                .accessTokenHash(next.accessToken().hash()).accessTokenExpiresAt(next.accessTokenExpiresAt(now))
                .refreshTokenHash(next.refreshToken().hash()).previousRefreshTokenHash(refreshTokenHash)
                .refreshRotatedAt(now).retiredRefreshTokenHashes(retired).rotationKey(key).revokedFor(null)
                .version(version + 1).build();
    }

    /** This session after a request at {@code now} moved its user's end of life to {@code expiresAt}. */
    public Session withLifetime(Instant now, Instant newExpiresAt) {
        return toBuilder().lastSeenAt(now).expiresAt(newExpiresAt).build();
    }

    /** This session with every token revoked, for {@code reason}. */
    public Session revoked(Revocation reason) {
        return toBuilder().revokedFor(reason).version(version + 1).build();
    }

    /**
     * This (own) session claimed for {@code subject} at {@code now}: its user is permanent from then on (no end of
     * life), its tokens as they were.
     */
    Session claimedFor(String claimedSubject, Instant now) {
        return toBuilder().subject(claimedSubject).claimedAt(now).expiresAt(null).version(version + 1).build();
    }

    /** Whether this is the session on its user's own item (an anonymous user's only one), not a further one. */
    public boolean onUsersOwnItem() {
        return sessionId.equals(userId);
    }

    /** Whether the session's tokens are revoked. */
    public boolean revoked() {
        return revokedFor != null;
    }

    /** A claimed user is permanent: never deleted for inactivity. */
    public boolean claimed() {
        return subject != null;
    }

    /**
     * Expired means gone, even while DynamoDB has not yet deleted the item (TTL deletion lags by up to days). A claimed
     * user has no end of life.
     */
    public boolean isGone(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean accessTokenExpired(Instant now) {
        return !now.isBefore(accessTokenExpiresAt);
    }

    /**
     * Whether the refresh token whose hash is {@code tokenHash} ever belonged to the user and was rotated away: the
     * hash is computed once by the caller, and each kept entry (a short retired form, or a whole hash in items written
     * before retired forms existed) is compared as the prefix it is.
     */
    public boolean retired(String tokenHash) {
        return retiredRefreshTokenHashes.stream().anyMatch(kept -> TokenHash.hasPrefix(tokenHash, kept));
    }

    /** Builds a {@link Session} field by field; unset fields are null, empty lists or 0. */
    public static final class Builder {
        private String sessionId;
        private String userId;
        private String clientId;
        private Instant createdAt;
        private Instant lastSeenAt;
        private Instant expiresAt;
        private String accessTokenHash;
        private Instant accessTokenExpiresAt;
        private String refreshTokenHash;
        private String previousRefreshTokenHash;
        private Instant refreshRotatedAt;
        private List<String> retiredRefreshTokenHashes = List.of();
        private String rotationKey;
        private Revocation revokedFor;
        private long version;
        private String subject;
        private Instant claimedAt;
        private String mergedFrom;

        private Builder() {
        }

        public Builder sessionId(String value) {
            sessionId = value;
            return this;
        }

        public Builder userId(String value) {
            userId = value;
            return this;
        }

        public Builder clientId(String value) {
            clientId = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder lastSeenAt(Instant value) {
            lastSeenAt = value;
            return this;
        }

        public Builder expiresAt(Instant value) {
            expiresAt = value;
            return this;
        }

        public Builder accessTokenHash(String value) {
            accessTokenHash = value;
            return this;
        }

        public Builder accessTokenExpiresAt(Instant value) {
            accessTokenExpiresAt = value;
            return this;
        }

        public Builder refreshTokenHash(String value) {
            refreshTokenHash = value;
            return this;
        }

        public Builder previousRefreshTokenHash(String value) {
            previousRefreshTokenHash = value;
            return this;
        }

        public Builder refreshRotatedAt(Instant value) {
            refreshRotatedAt = value;
            return this;
        }

        public Builder retiredRefreshTokenHashes(List<String> value) {
            retiredRefreshTokenHashes = value;
            return this;
        }

        public Builder rotationKey(String value) {
            rotationKey = value;
            return this;
        }

        public Builder revokedFor(Revocation value) {
            revokedFor = value;
            return this;
        }

        public Builder version(long value) {
            version = value;
            return this;
        }

        public Builder subject(String value) {
            subject = value;
            return this;
        }

        public Builder claimedAt(Instant value) {
            claimedAt = value;
            return this;
        }

        public Builder mergedFrom(String value) {
            mergedFrom = value;
            return this;
        }

        /** The session; a session id left unset is the user's own (the session on the user's own item). */
        public Session build() {
            return new Session(sessionId != null ? sessionId : userId, userId, clientId, createdAt, lastSeenAt,
                    expiresAt, accessTokenHash, accessTokenExpiresAt, refreshTokenHash, previousRefreshTokenHash,
                    refreshRotatedAt, retiredRefreshTokenHashes, rotationKey, revokedFor, version, subject,
                    claimedAt, mergedFrom);
        }
    }
}
