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
import dev.anonymousaccess.token.PresentedToken;

/**
 * Decides whether an access token is good, with one eventually consistent GetItem in the steady state, and keeps its
 * user alive (sliding expiry, with the inactivity period of the user's client app) with at most one conditional write
 * per refresh interval.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);

    private final AccessTokenReader tokens;
    private final UserRepository users;
    private final ClientRegistry clients;
    private final SlidingExpiry expiry;
    private final Clock clock;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public AccessTokenVerifier(AccessTokenReader tokens, UserRepository users, ClientRegistry clients,
            SlidingExpiry expiry,
            Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clients = clients;
        this.expiry = expiry;
        this.clock = clock;
    }

    /**
     * Reads the session eventually consistently (half the cost) and, only when that read would refuse the token, once
     * more strongly consistently before refusing: a token issued a moment ago by {@code create} or {@code refresh} is
     * never refused for a replica's lag. The price is the other way round: a token revoked a moment ago may pass for
     * that lag (well under a second in DynamoDB, far under the authorizer cache's bound).
     *
     * @throws StoreUnavailableException when DynamoDB cannot be read: the caller must neither allow nor call the
     *         token invalid
     */
    public AccessDecision verify(String accessToken, InvocationRecorder recorder) {
        return verify(accessToken, Optional.empty(), recorder);
    }

    /**
     * The same decision for the backend of client app {@code clientId} (an introspection): a good token of another
     * app is refused ({@link Refusal#OTHER_CLIENT}), and keeps its user alive no more than a bad one does.
     *
     * @throws StoreUnavailableException when DynamoDB cannot be read
     */
    public AccessDecision verifyFor(String clientId, String accessToken, InvocationRecorder recorder) {
        return verify(accessToken, Optional.of(clientId), recorder);
    }

    private AccessDecision verify(String accessToken, Optional<String> askingClient, InvocationRecorder recorder) {
        AccessTokenReader.Reading read = tokens.read(accessToken);
        if (read.token().isEmpty()) {
            // A malformed, forged or foreign token: refused without reading the store.
            return new AccessDecision.Denied(read.refusal(), read.detail());
        }
        PresentedToken token = read.token().get();
        Decided decided = decide(token, users.findRecentSession(token.sessionId()), recorder);
        if (decided.decision() instanceof AccessDecision.Denied denied && denied.refusal().dependsOnTheUsersItem()) {
            decided = decide(token, users.findSession(token.sessionId()), recorder);
        }
        if (decided.decision() instanceof AccessDecision.Granted granted) {
            if (askingClient.isPresent() && !askingClient.get().equals(granted.clientId())) {
                return new AccessDecision.Denied(Refusal.OTHER_CLIENT, "a token of client app " + granted.clientId());
            }
            keepAlive(decided.session(), decided.app(), clock.instant());
        }
        return decided.decision();
    }

    /** A decision, with what it was decided on (a granted user's lifetime may be due for a write). */
    private record Decided(AccessDecision decision, Session session, ClientApp app) {
    }

    private Decided decide(PresentedToken token, Optional<Session> found, InvocationRecorder recorder) {
        Instant now = clock.instant();
        if (found.isEmpty()) {
            return denied(Refusal.UNKNOWN_USER, "unknown session " + token.sessionId());
        }
        Session session = found.get();
        if (!token.matches(session.accessTokenHash())) {
            return denied(Refusal.SUPERSEDED_TOKEN, "access token does not match user " + session.userId());
        }
        // The user's own token: from here on, the log lines and the summary of this invocation are about this user.
        recorder.identifyUser(session.userId(), session.clientId());
        if (session.isGone(now)) {
            return denied(Refusal.USER_EXPIRED, "user " + session.userId() + " expired");
        }
        if (session.revoked()) {
            return denied(Refusal.REVOKED, "tokens of user " + session.userId() + " are revoked");
        }
        if (session.accessTokenExpired(now)) {
            return denied(Refusal.TOKEN_EXPIRED, "access token of user " + session.userId() + " expired");
        }
        Optional<ClientApp> client = clients.enabledRecently(session.clientId());
        if (client.isEmpty()) {
            return denied(Refusal.CLIENT_DISABLED, "client " + session.clientId() + " is unknown or disabled");
        }
        return new Decided(new AccessDecision.Granted(session.userId(), session.clientId(),
                client.get().settings().allowedOrigins(), session.subject(), session.accessTokenExpiresAt()), session,
                client.get());
    }

    private static Decided denied(Refusal refusal, String detail) {
        return new Decided(new AccessDecision.Denied(refusal, detail), null, null);
    }

    private void keepAlive(Session session, ClientApp app, Instant now) {
        SlidingExpiry rule = expiry.withInactivity(app.settings().inactivityPeriod());
        if (!rule.isDue(session, now)) {
            return;
        }
        try {
            users.extendLifetime(session.userId(), now, rule.expiresAt(now));
        } catch (StoreUnavailableException e) {
            // The token was verified; the next request retries the extension, which has a whole interval of slack.
            LOG.warnf("could not extend the lifetime of user %s: %s", session.userId(), e.logDetail());
        }
    }
}
