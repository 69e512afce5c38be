package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;
import dev.anonymousaccess.error.OAuthException;

/**
 * Refresh with rotation and reuse detection (RFC 9700 §4.14.2).
 * <ul>
 * <li>The current refresh token is exchanged for its successor pair, derived from it with the user's rotation key,
 * in one conditional write.</li>
 * <li>The immediately previous refresh token, within the retry window, answers that same successor pair again (with
 * its remaining lifetime) and writes nothing: concurrent tabs, lost answers and the SDK's own retries all converge on
 * one pair, and no token anyone received is retired by a retry.</li>
 * <li>Any other earlier refresh token is theft and revokes every token of its session (a device of a claimed user
 * with several signs that device out).</li>
 * </ul>
 */
@ApplicationScoped
public class RefreshTokenRotation {

    /** Conflicting writes re-decided before giving up (each one means the user changed under us). */
    static final int ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(RefreshTokenRotation.class);

    private final TokenCodec tokens;
    private final TokenPairs pairs;
    private final UserRepository users;
    private final ClientRegistry clients;
    private final SlidingExpiry expiry;
    private final Clock clock;
    private final Duration retryWindow;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public RefreshTokenRotation(TokenCodec tokens, TokenPairs pairs, UserRepository users, ClientRegistry clients,
            SlidingExpiry expiry, Clock clock, AnonymousAccessConfig config) {
        this.tokens = tokens;
        this.pairs = pairs;
        this.users = users;
        this.clients = clients;
        this.expiry = expiry;
        this.clock = clock;
        this.retryWindow = config.refreshRetryWindow();
    }

    /**
     * @throws OAuthException {@code invalid_grant} for a malformed, unknown, expired, revoked or reused refresh token
     * @throws OAuthException {@code invalid_client} when the user's client app was disabled
     * @throws OAuthException {@code origin_not_allowed} for a browser origin the client app does not allow
     * @throws StoreUnavailableException when DynamoDB fails; the presented token still refreshes within the window
     */
    public IssuedTokens refresh(String refreshToken, Optional<String> origin, InvocationRecorder recorder) {
        BearerToken presented = tokens.parse(refreshToken).filter(t -> t.kind() == TokenKind.REFRESH)
                .orElseThrow(() -> OAuthException.invalidGrant("malformed refresh token"));
        Optional<User> found = users.find(presented.sessionId());
        ClientApp admitted = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            User user = found.orElseThrow(() -> OAuthException.invalidGrant("unknown refresh token"));
            Instant now = clock.instant();
            Role role = roleOf(presented, user, now);
            if (role != Role.UNKNOWN) {
                recorder.identifyUser(user.userId(), user.clientId());
            }
            if (role == Role.RETIRED) {
                if (!user.revoked()) {
                    revokeAfterReuse(user, now, recorder);
                }
                throw OAuthException.invalidGrant("refresh token was already used");
            }
            if (role == Role.UNKNOWN) {
                throw OAuthException.invalidGrant("unknown refresh token");
            }
            if (user.revoked()) {
                throw OAuthException.invalidGrant("refresh token revoked");
            }
            if (admitted == null) {
                admitted = clients.admit(user.clientId(), origin);
            }
            if (role == Role.PREVIOUS) {
                IssuedTokens again = sameSuccessorAgain(presented, user, now);
                recorder.count(Metric.TOKENS_REFRESHED);
                return again.issuedFor(admitted);
            }
            String key = user.rotationKey() != null ? user.rotationKey() : pairs.newRotationKey();
            IssuedTokens successor = successorOf(presented, key, user);
            UserRepository.Replacement replacement = users.replaceTokens(user,
                    user.rotatedTo(successor, now, expiry.expiresAt(now), key));
            if (replacement.written()) {
                recorder.count(Metric.TOKENS_REFRESHED);
                return successor.issuedFor(admitted);
            }
            // Someone changed the user since it was read (a concurrent refresh, a revocation, or an earlier attempt of
            // this very write that the SDK retried): decide again on what is stored now.
            found = replacement.current();
        }
        recorder.count(Metric.STORE_FAILURES);
        throw new StoreUnavailableException("UpdateItem", new IllegalStateException(
                "the user kept changing during the refresh"));
    }

    private enum Role {
        CURRENT, PREVIOUS, RETIRED, UNKNOWN
    }

    private Role roleOf(BearerToken presented, User user, Instant now) {
        if (user.isGone(now)) {
            throw OAuthException.invalidGrant("refresh token expired");
        }
        if (presented.matches(user.refreshTokenHash())) {
            return Role.CURRENT;
        }
        if (presented.matches(user.previousRefreshTokenHash()) && user.refreshRotatedAt() != null
                && now.isBefore(user.refreshRotatedAt().plus(retryWindow))) {
            return Role.PREVIOUS;
        }
        return user.retired(presented.hash()) ? Role.RETIRED : Role.UNKNOWN;
    }

    /** The pair the presented (previous) token was already exchanged for, if the store still holds exactly it. */
    private IssuedTokens sameSuccessorAgain(BearerToken presented, User user, Instant now) {
        if (user.rotationKey() != null) {
            IssuedTokens successor = successorOf(presented, user.rotationKey(), user);
            if (successor.refreshToken().matches(user.refreshTokenHash())
                    && successor.accessToken().matches(user.accessTokenHash())) {
                return successor.remainingUntil(user.accessTokenExpiresAt(), now);
            }
        }
        // Rotated by a version that did not derive successors: the pair cannot be answered again.
        throw OAuthException.invalidGrant("refresh token was already exchanged");
    }

    private IssuedTokens successorOf(BearerToken presented, String key, User user) {
        try {
            return pairs.successorOf(presented, key);
        } catch (IllegalArgumentException e) {
            LOG.warnf("damaged rotation key of user %s, refusing the refresh", user.userId());
            throw OAuthException.invalidGrant("unknown refresh token");
        }
    }

    private void revokeAfterReuse(User user, Instant now, InvocationRecorder recorder) {
        LOG.warnf("refresh token reuse detected for user %s (client %s): revoking all its tokens", user.userId(),
                user.clientId());
        recorder.count(Metric.REFRESH_TOKEN_REUSE);
        users.revoke(user.sessionId(), now);
    }
}
