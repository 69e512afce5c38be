package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;

/**
 * Decides whether an access token is good, with one eventually consistent GetItem in the steady state, and keeps its
 * user alive (sliding expiry) with at most one conditional write per refresh interval.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);

    private final TokenCodec tokens;
    private final UserRepository users;
    private final ClientRegistry clients;
    private final SlidingExpiry expiry;
    private final Clock clock;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public AccessTokenVerifier(TokenCodec tokens, UserRepository users, ClientRegistry clients, SlidingExpiry expiry,
            Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clients = clients;
        this.expiry = expiry;
        this.clock = clock;
    }

    /**
     * Reads the user eventually consistently (half the cost) and, only when that read would refuse the token, once
     * more strongly consistently before refusing: a token issued a moment ago by {@code create} or {@code refresh} is
     * never refused for a replica's lag. The price is the other way round: a token revoked a moment ago may pass for
     * that lag (well under a second in DynamoDB, far under the authorizer cache's bound).
     *
     * @throws StoreUnavailableException when DynamoDB cannot be read: the caller must neither allow nor call the
     *         token invalid
     */
    public AccessDecision verify(String accessToken, InvocationRecorder recorder) {
        Optional<BearerToken> parsed = tokens.parse(accessToken);
        if (parsed.isEmpty() || parsed.get().kind() != TokenKind.ACCESS) {
            return new AccessDecision.Denied(Refusal.MALFORMED_TOKEN, "malformed access token");
        }
        BearerToken token = parsed.get();
        Decided decided = decide(token, users.findRecent(token.sessionId()), recorder);
        if (decided.decision() instanceof AccessDecision.Denied denied && denied.refusal().dependsOnTheUsersItem()) {
            decided = decide(token, users.find(token.sessionId()), recorder);
        }
        if (decided.decision() instanceof AccessDecision.Granted) {
            keepAlive(decided.user(), clock.instant());
        }
        return decided.decision();
    }

    /** A decision, with the user it was decided on (a granted user's lifetime may be due for a write). */
    private record Decided(AccessDecision decision, User user) {
    }

    private Decided decide(BearerToken token, Optional<User> found, InvocationRecorder recorder) {
        AccessDecision decision = decision(token, found, recorder);
        return new Decided(decision, found.orElse(null));
    }

    private AccessDecision decision(BearerToken token, Optional<User> found, InvocationRecorder recorder) {
        Instant now = clock.instant();
        if (found.isEmpty()) {
            return new AccessDecision.Denied(Refusal.UNKNOWN_USER, "unknown user " + token.sessionId());
        }
        User user = found.get();
        if (!token.matches(user.accessTokenHash())) {
            return new AccessDecision.Denied(Refusal.SUPERSEDED_TOKEN,
                    "access token does not match user " + user.userId());
        }
        // The user's own token: from here on, the log lines and the summary of this invocation are about this user.
        recorder.identifyUser(user.userId(), user.clientId());
        if (user.isGone(now)) {
            return new AccessDecision.Denied(Refusal.USER_EXPIRED, "user " + user.userId() + " expired");
        }
        if (user.revoked()) {
            return new AccessDecision.Denied(Refusal.REVOKED, "tokens of user " + user.userId() + " are revoked");
        }
        if (user.accessTokenExpired(now)) {
            return new AccessDecision.Denied(Refusal.TOKEN_EXPIRED,
                    "access token of user " + user.userId() + " expired");
        }
        Optional<ClientApp> client = clients.enabledRecently(user.clientId());
        if (client.isEmpty()) {
            return new AccessDecision.Denied(Refusal.CLIENT_DISABLED,
                    "client " + user.clientId() + " is unknown or disabled");
        }
        return new AccessDecision.Granted(user.userId(), user.clientId(), client.get().allowedOrigins(),
                user.subject());
    }

    private void keepAlive(User user, Instant now) {
        if (!expiry.isDue(user, now)) {
            return;
        }
        try {
            users.extendLifetime(user.sessionId(), now, expiry.expiresAt(now));
        } catch (StoreUnavailableException e) {
            // The token was verified; the next request retries the extension, which has a whole interval of slack.
            LOG.warnf("could not extend the lifetime of user %s: %s", user.userId(), e.logDetail());
        }
    }
}
