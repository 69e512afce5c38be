package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.store.UserStore;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;

/**
 * Refresh with rotation and reuse detection (RFC 9700 §4.14.2): every refresh replaces both tokens in one conditional
 * write; the previous refresh token is accepted again only within the retry window (a client that lost the
 * response); any other earlier refresh token is theft and revokes every token of the user.
 */
@ApplicationScoped
public class RefreshTokenRotation {

    /** How many rotated-away refresh tokens are remembered for reuse detection. */
    static final int RETIRED_TOKENS_KEPT = 20;
    private static final Logger LOG = Logger.getLogger(RefreshTokenRotation.class);

    private final TokenCodec tokens;
    private final TokenPairs pairs;
    private final UserStore users;
    private final ClientRegistry clients;
    private final SlidingExpiry expiry;
    private final Clock clock;
    private final Duration retryWindow;

    RefreshTokenRotation(TokenCodec tokens, TokenPairs pairs, UserStore users, ClientRegistry clients,
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
     * @throws InvalidGrantException for a malformed, unknown, expired, revoked or reused refresh token
     * @throws dev.anonymousaccess.client.InvalidClientException when the user's client app was disabled
     * @throws dev.anonymousaccess.client.OriginNotAllowedException for a browser origin the client app does not allow
     * @throws dev.anonymousaccess.store.StoreUnavailableException when DynamoDB fails; the old pair still works
     */
    public IssuedTokens refresh(String refreshToken, Optional<String> origin) {
        BearerToken presented = tokens.parse(refreshToken).filter(t -> t.kind() == TokenKind.REFRESH)
                .orElseThrow(() -> new InvalidGrantException("malformed refresh token"));
        AnonymousUser user = users.find(presented.userId())
                .orElseThrow(() -> new InvalidGrantException("unknown refresh token"));
        Instant now = clock.instant();
        if (user.isGone(now)) {
            throw new InvalidGrantException("refresh token expired");
        }
        boolean current = presented.matches(user.refreshTokenHash());
        boolean retry = !current && presented.matches(user.previousRefreshTokenHash())
                && user.refreshRotatedAt() != null && now.isBefore(user.refreshRotatedAt().plus(retryWindow));
        if (!current && !retry) {
            if (user.retiredRefreshTokenHashes().stream().anyMatch(presented::matches)) {
                if (!user.revoked()) {
                    revokeAfterReuse(user, now);
                }
                throw new InvalidGrantException("refresh token was already used");
            }
            throw new InvalidGrantException("unknown refresh token");
        }
        if (user.revoked()) {
            throw new InvalidGrantException("refresh token revoked");
        }
        clients.admit(user.clientId(), origin);

        IssuedTokens issued = pairs.issue(user.userId());
        List<String> retired = new ArrayList<>();
        retired.add(user.refreshTokenHash());
        retired.addAll(user.retiredRefreshTokenHashes());
        Instant extended = expiry.expiresAt(now);
        AnonymousUser next = new AnonymousUser(user.userId(), user.clientId(), user.createdAt(), now,
                extended.isAfter(user.expiresAt()) ? extended : user.expiresAt(), issued.accessToken().hash(),
                issued.accessTokenExpiresAt(now), issued.refreshToken().hash(),
                // A retry keeps the retried token as "previous" and the window where it started: the window never
                // grows by retrying.
                retry ? user.previousRefreshTokenHash() : user.refreshTokenHash(),
                retry ? user.refreshRotatedAt() : now,
                retired.subList(0, Math.min(retired.size(), RETIRED_TOKENS_KEPT)), false, user.version() + 1);
        if (!users.replaceTokens(user, next)) {
            throw new InvalidGrantException("refresh token was used concurrently");
        }
        return issued;
    }

    private void revokeAfterReuse(AnonymousUser user, Instant now) {
        // template.yaml's RefreshTokenReuse metric filter matches this text.
        LOG.warnf("refresh token reuse detected for user %s (client %s): revoking all its tokens", user.userId(),
                user.clientId());
        users.revoke(user.userId(), now);
    }
}
