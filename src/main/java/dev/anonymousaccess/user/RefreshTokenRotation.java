package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.retry.OptimisticRetry;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;

/**
 * Refresh with rotation and reuse detection (RFC 9700 §4.14.2).
 * <ul>
 * <li>The current refresh token is exchanged for its successor pair, derived from it with the session's rotation key,
 * in one conditional write.</li>
 * <li>The immediately previous refresh token, within the client app's retry window, answers that same successor pair
 * again (with its remaining lifetime) and writes nothing: concurrent tabs, lost answers and the SDK's own retries all
 * converge on one pair, and no token anyone received is retired by a retry.</li>
 * <li>Any other earlier refresh token is theft and revokes every token of its session (a device of a claimed user
 * with several signs that device out).</li>
 * </ul>
 */
@ApplicationScoped
public class RefreshTokenRotation {

    /** Conflicting writes decided again before giving up (each one means the session changed under us). */
    static final int ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(RefreshTokenRotation.class);

    private final TokenCodec tokens;
    private final TokenPairs pairs;
    private final UserRepository users;
    private final ClientRegistry clients;
    private final SlidingExpiry expiry;
    private final AccessTokenIssuance issuance;
    private final Clock clock;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public RefreshTokenRotation(TokenCodec tokens, TokenPairs pairs, UserRepository users, ClientRegistry clients,
            SlidingExpiry expiry, AccessTokenIssuance issuance, Clock clock) {
        this.tokens = tokens;
        this.pairs = pairs;
        this.users = users;
        this.clients = clients;
        this.expiry = expiry;
        this.issuance = issuance;
        this.clock = clock;
    }

    /**
     * @throws OAuthException {@code invalid_grant} for a malformed, unknown, expired, revoked or reused refresh token
     * @throws OAuthException {@code invalid_client} when the user's client app was disabled
     * @throws OAuthException {@code origin_not_allowed} for a browser origin the client app does not allow
     * @throws dev.anonymousaccess.error.StoreUnavailableException when DynamoDB fails; the presented token still
     *         refreshes within the window
     * @throws dev.anonymousaccess.error.ContentionException when the session kept changing
     */
    public IssuedTokens refresh(String refreshToken, Optional<String> origin, InvocationRecorder recorder) {
        return refresh(refreshToken, origin, Optional.empty(), recorder);
    }

    /**
     * The same, for a client that names itself ({@code client_id}, RFC 6749 §6): a refresh token issued to another
     * client app is refused ({@code invalid_grant}) and stays as it was.
     */
    public IssuedTokens refresh(String refreshToken, Optional<String> origin, Optional<String> clientId,
            InvocationRecorder recorder) {
        BearerToken presented = tokens.parse(refreshToken).filter(t -> t.kind() == TokenKind.REFRESH)
                .orElseThrow(() -> OAuthException.invalidGrant("malformed refresh token"));
        issuance.anticipate();
        // What each attempt decides on: the session as last read (a failed write returns it as it is now).
        var attempt = new Object() {
            Optional<Session> read = users.findSession(presented.sessionId());
            ClientApp admitted;
        };
        return OptimisticRetry.decide(ATTEMPTS, "the refresh", recorder, () -> {
            Session session = attempt.read
                    .orElseThrow(() -> OAuthException.invalidGrant("unknown refresh token"));
            Instant now = clock.instant();
            ClientSettings settings = clients.settingsOf(session.clientId());
            Role role = roleOf(presented, session, settings, now);
            if (role != Role.UNKNOWN) {
                recorder.identifyUser(session.userId(), session.clientId());
            }
            if (role == Role.RETIRED) {
                if (!session.revoked()) {
                    revokeAfterReuse(session, now, recorder);
                }
                throw OAuthException.invalidGrant("refresh token was already used");
            }
            if (role == Role.UNKNOWN) {
                throw OAuthException.invalidGrant("unknown refresh token");
            }
            if (clientId.isPresent() && !clientId.get().equals(session.clientId())) {
                throw OAuthException.invalidGrant("the refresh token was issued to another client");
            }
            if (session.revoked()) {
                throw OAuthException.invalidGrant("refresh token revoked");
            }
            if (attempt.admitted == null) {
                attempt.admitted = clients.admit(session.clientId(), origin);
                // The new pair is written next; what signing its JWT needs is fetched meanwhile.
                issuance.prepareFor(attempt.admitted);
            }
            ClientApp app = attempt.admitted;
            if (role == Role.PREVIOUS) {
                IssuedTokens again = sameSuccessorAgain(presented, session, app, now);
                recorder.count(Metric.TOKENS_REFRESHED);
                return Optional.of(again.of(session.userId(), session.subject()).issuedFor(app));
            }
            IssuedTokens successor = successorOf(presented, session, app);
            Instant extended = expiry.withInactivity(app.settings().inactivityPeriod()).expiresAt(now);
            UserRepository.Replacement replacement = users.replaceTokens(session,
                    session.rotatedTo(successor, now, extended, session.rotationKey()));
            if (replacement.written()) {
                recorder.count(Metric.TOKENS_REFRESHED);
                return Optional.of(successor.of(session.userId(), session.subject()).issuedFor(app));
            }
            // Someone changed the session since it was read (a concurrent refresh, a revocation, or an earlier attempt
            // of this very write that the SDK retried): decide again on what is stored now.
            attempt.read = replacement.current();
            return Optional.empty();
        });
    }

    private enum Role {
        CURRENT, PREVIOUS, RETIRED, UNKNOWN
    }

    private static Role roleOf(BearerToken presented, Session session, ClientSettings settings, Instant now) {
        if (session.isGone(now)) {
            throw OAuthException.invalidGrant("refresh token expired");
        }
        if (presented.matches(session.refreshTokenHash())) {
            return Role.CURRENT;
        }
        if (presented.matches(session.previousRefreshTokenHash()) && session.refreshRotatedAt() != null
                && now.isBefore(session.refreshRotatedAt().plus(settings.refreshRetryWindow()))) {
            return Role.PREVIOUS;
        }
        return session.retired(presented.hash()) ? Role.RETIRED : Role.UNKNOWN;
    }

    /** The pair the presented (previous) token was already exchanged for, if the store still holds exactly it. */
    private IssuedTokens sameSuccessorAgain(BearerToken presented, Session session, ClientApp app, Instant now) {
        IssuedTokens successor = successorOf(presented, session, app);
        if (!successor.refreshToken().matches(session.refreshTokenHash())
                || !successor.accessToken().matches(session.accessTokenHash())) {
            // Rotated again since: the previous token's successor is itself superseded.
            throw OAuthException.invalidGrant("refresh token was already exchanged");
        }
        return successor.remainingUntil(session.accessTokenExpiresAt(), now);
    }

    private IssuedTokens successorOf(BearerToken presented, Session session, ClientApp app) {
        try {
            return pairs.successorOf(presented, session.rotationKey(), app.settings().accessTokenLifetime());
        } catch (IllegalArgumentException e) {
            LOG.warnf("damaged rotation key of user %s, refusing the refresh", session.userId());
            throw OAuthException.invalidGrant("unknown refresh token");
        }
    }

    private void revokeAfterReuse(Session session, Instant now, InvocationRecorder recorder) {
        LOG.warnf("refresh token reuse detected for user %s (client %s): revoking all its tokens", session.userId(),
                session.clientId());
        recorder.count(Metric.REFRESH_TOKEN_REUSE);
        users.revoke(session.sessionId(), now, Revocation.REUSE_DETECTED);
    }
}
