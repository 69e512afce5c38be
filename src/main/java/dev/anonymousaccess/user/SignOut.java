package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.PresentedToken;
import dev.anonymousaccess.token.TokenKind;

/**
 * Token revocation (RFC 7009): any token the service recognises as the user's — the current access or refresh token,
 * the previous refresh token, a retired refresh token — revokes every token of its session: an anonymous user's only
 * one, or the one device of a claimed user that signs out. Unknown, invalid or already
 * revoked tokens are silently accepted (§2.2), so the answer tells an attacker nothing.
 */
@ApplicationScoped
public class SignOut {

    private static final Logger LOG = Logger.getLogger(SignOut.class);

    private final AccessTokenReader tokens;
    private final UserRepository users;
    private final Clock clock;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public SignOut(AccessTokenReader tokens, UserRepository users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    /** @throws dev.anonymousaccess.error.StoreUnavailableException when DynamoDB fails */
    public void revoke(String token, InvocationRecorder recorder) {
        Optional<PresentedToken> parsed = tokens.readToRevoke(token);
        if (parsed.isEmpty()) {
            return;
        }
        PresentedToken presented = parsed.get();
        Instant now = clock.instant();
        users.findSession(presented.sessionId()).filter(session -> !session.revoked() && !session.isGone(now))
                .filter(session -> belongsTo(presented, session))
                .ifPresent(session -> {
                    recorder.identifyUser(session.userId(), session.clientId());
                    users.revoke(session.sessionId(), now, Revocation.SIGN_OUT);
                    recorder.count(Metric.USERS_SIGNED_OUT);
                    LOG.infof("user %s signed out: all tokens of the session revoked", session.userId());
                });
    }

    private static boolean belongsTo(PresentedToken token, Session session) {
        if (token.kind() == TokenKind.ACCESS) {
            // An access token a refresh replaced is no longer the session's (keeping its hash would cost the item
            // its one write unit): revoking it changes nothing, as for any unknown token (RFC 7009 §2.2).
            return token.matches(session.accessTokenHash());
        }
        return token.matches(session.refreshTokenHash()) || token.matches(session.previousRefreshTokenHash())
                || (token instanceof BearerToken refresh && session.retired(refresh.hash()));
    }
}
