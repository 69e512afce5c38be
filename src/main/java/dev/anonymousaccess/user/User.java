package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.anonymousaccess.token.TokenHash;

/**
 * One session of a user: the user's facts and the token state of one device, kept in one item so that DynamoDB TTL
 * removes an anonymous user and all its tokens at once. An anonymous user has exactly one session, whose id is the
 * user's; a claimed user may gain further sessions (each with its own id) when other anonymous users are merged into
 * it. Tokens appear only as SHA-256 hashes. Built and changed by name ({@link #builder()}, {@link #toBuilder()}): a
 * new field touches the places that use it and no others.
 *
 * @param sessionId the id this session's tokens carry: the user's own id on the user's own item
 * @param userId the user the session belongs to
 * @param expiresAt the user's end of life (the item's TTL); the user is gone from then on, deleted or not. Null for a
 *        claimed user, which is permanent
 * @param previousRefreshTokenHash the refresh token replaced by the last rotation, accepted again within the retry
 *        window
 * @param refreshRotatedAt when the last rotation happened
 * @param retiredRefreshTokenHashes refresh tokens that were rotated away, newest first, in their short retired form
 *        ({@link TokenHash#retiredForm}; items written before it hold full hashes); presenting one is theft
 * @param rotationKey the random key that derives a refresh token's successor pair (base64url); null on items written
 *        before keys existed, which get one at their next rotation
 * @param version incremented by every rotation, revocation or claim; rotations and claims are conditional on it
 * @param subject the app's permanent id for the person, once the user is claimed; null while anonymous
 * @param claimedAt when the user was claimed; null while anonymous
 * @param sessions the ids of the user's further sessions (on the user's own item only), oldest first
 */
public record User(String sessionId, String userId, String clientId, Instant createdAt, Instant lastSeenAt,
        Instant expiresAt, String accessTokenHash, Instant accessTokenExpiresAt, String refreshTokenHash,
        String previousRefreshTokenHash, Instant refreshRotatedAt, List<String> retiredRefreshTokenHashes,
        String rotationKey, boolean revoked, long version, String subject, Instant claimedAt, List<String> sessions) {

    /** How many rotated-away refresh tokens are remembered for reuse detection. */
    private static final int RETIRED_TOKENS_KEPT = 20;

    public User {
        retiredRefreshTokenHashes = List.copyOf(retiredRefreshTokenHashes);
        sessions = List.copyOf(sessions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this user's every field, to change some by name. */
    public Builder toBuilder() {
        return new Builder().sessionId(sessionId).userId(userId).clientId(clientId).createdAt(createdAt).lastSeenAt(lastSeenAt)
                .expiresAt(expiresAt).accessTokenHash(accessTokenHash).accessTokenExpiresAt(accessTokenExpiresAt)
                .refreshTokenHash(refreshTokenHash).previousRefreshTokenHash(previousRefreshTokenHash)
                .refreshRotatedAt(refreshRotatedAt).retiredRefreshTokenHashes(retiredRefreshTokenHashes)
                .rotationKey(rotationKey).revoked(revoked).version(version).subject(subject).claimedAt(claimedAt)
                .sessions(sessions);
    }

    /** A brand-new user holding its first pair, issued at {@code now}. */
    public static User registered(IssuedTokens first, String clientId, Instant now, Instant expiresAt,
            String rotationKey) {
        return builder().userId(first.userId()).clientId(clientId).createdAt(now).lastSeenAt(now).expiresAt(expiresAt)
                .accessTokenHash(first.accessToken().hash()).accessTokenExpiresAt(first.accessTokenExpiresAt(now))
                .refreshTokenHash(first.refreshToken().hash()).rotationKey(rotationKey).version(1).build();
    }

    /**
     * This user after its current refresh token was exchanged for {@code next} at {@code now}: the exchanged token
     * becomes the previous one (retry window) and joins the retired ones (reuse detection); the lifetime only grows.
     */
    public User rotatedTo(IssuedTokens next, Instant now, Instant extendedExpiry, String key) {
        List<String> retired = new ArrayList<>(RETIRED_TOKENS_KEPT);
        retired.add(TokenHash.retiredForm(refreshTokenHash));
        retiredRefreshTokenHashes.stream().limit(RETIRED_TOKENS_KEPT - 1).forEach(retired::add);
        Instant lifetime = expiresAt == null || !extendedExpiry.isAfter(expiresAt) ? expiresAt : extendedExpiry;
        return toBuilder().lastSeenAt(now).expiresAt(lifetime)
                .accessTokenHash(next.accessToken().hash()).accessTokenExpiresAt(next.accessTokenExpiresAt(now))
                .refreshTokenHash(next.refreshToken().hash()).previousRefreshTokenHash(refreshTokenHash)
                .refreshRotatedAt(now).retiredRefreshTokenHashes(retired).rotationKey(key).revoked(false)
                .version(version + 1).build();
    }

    /** This user after a request at {@code now} moved its end of life to {@code expiresAt}. */
    public User withLifetime(Instant now, Instant newExpiresAt) {
        return toBuilder().lastSeenAt(now).expiresAt(newExpiresAt).build();
    }

    /** This user with every token revoked. */
    public User asRevoked() {
        return toBuilder().revoked(true).version(version + 1).build();
    }

    /**
     * This user claimed for {@code subject} at {@code now}: permanent from then on (no end of life), its tokens as
     * they were.
     */
    public User claimedFor(String claimedSubject, Instant now) {
        return toBuilder().subject(claimedSubject).claimedAt(now).expiresAt(null).version(version + 1).build();
    }

    /**
     * A further session of this (claimed) user, holding {@code pair} issued at {@code now}: what a merged device gets.
     */
    public User newSession(IssuedTokens pair, Instant now, String key) {
        return builder().sessionId(pair.userId()).userId(userId).clientId(clientId).createdAt(now).lastSeenAt(now)
                .accessTokenHash(pair.accessToken().hash()).accessTokenExpiresAt(pair.accessTokenExpiresAt(now))
                .refreshTokenHash(pair.refreshToken().hash()).rotationKey(key).version(1).subject(subject)
                .claimedAt(claimedAt).build();
    }

    /** Whether this is the user's own item (which holds its further sessions' ids), not a further session. */
    public boolean ownItem() {
        return sessionId.equals(userId);
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

    /** Builds a {@link User} field by field; unset fields are null, false, empty lists or 0. */
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
        private boolean revoked;
        private long version;
        private String subject;
        private Instant claimedAt;
        private List<String> sessions = List.of();

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

        public Builder revoked(boolean value) {
            revoked = value;
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

        public Builder sessions(List<String> value) {
            sessions = value;
            return this;
        }

        /** The user; a session id left unset is the user's own (its first session). */
        public User build() {
            return new User(sessionId != null ? sessionId : userId, userId, clientId, createdAt, lastSeenAt, expiresAt,
                    accessTokenHash, accessTokenExpiresAt, refreshTokenHash, previousRefreshTokenHash,
                    refreshRotatedAt, retiredRefreshTokenHashes, rotationKey, revoked, version, subject, claimedAt,
                    sessions);
        }
    }
}
