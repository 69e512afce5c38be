package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.retry.OptimisticRetry;
import dev.anonymousaccess.signup.CaptchaCheck;
import dev.anonymousaccess.signup.SignupLimit;
import dev.anonymousaccess.signup.SourceAddress;
import dev.anonymousaccess.token.TokenCodec;

/** Creates a brand-new anonymous user for a client app and hands out its first token pair. */
@ApplicationScoped
public class UserRegistration {

    /** A fresh random UUID colliding is practically impossible; a second one is tried if it ever happens. */
    static final int ATTEMPTS = 2;

    private final ClientRegistry clients;
    private final UserRepository users;
    private final TokenCodec tokens;
    private final TokenPairs pairs;
    private final SlidingExpiry expiry;
    private final SignupLimit limit;
    private final CaptchaCheck captcha;
    private final AccessTokenIssuance issuance;
    private final Clock clock;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public UserRegistration(ClientRegistry clients, UserRepository users, TokenCodec tokens, TokenPairs pairs,
            SlidingExpiry expiry, SignupLimit limit, CaptchaCheck captcha, AccessTokenIssuance issuance, Clock clock) {
        this.clients = clients;
        this.users = users;
        this.tokens = tokens;
        this.pairs = pairs;
        this.expiry = expiry;
        this.limit = limit;
        this.captcha = captcha;
        this.issuance = issuance;
        this.clock = clock;
    }

    /** A sign-up as {@code create} receives it. */
    public record Signup(String clientId, Optional<String> origin, String sourceIp, Optional<String> captchaToken) {

        @Override
        public String toString() {
            return "Signup[clientId=" + clientId + "]"; // the captcha token must never reach a log
        }
    }

    /**
     * @throws OAuthException {@code invalid_client} for an unknown or disabled client app
     * @throws OAuthException {@code unauthorized_client} once the client app's anonymous access has reached its sunset;
     *         no user was written
     * @throws OAuthException {@code origin_not_allowed} for a browser origin it does not allow
     * @throws OAuthException {@code signup_rate_limited} when {@code sourceIp} has used up the client app's sign-ups
     *         for the window; no user was written
     * @throws OAuthException {@code captcha_required}, {@code captcha_failed}: the client app's bot check was not
     *         passed; no user was written
     * @throws dev.anonymousaccess.error.StoreUnavailableException when DynamoDB fails; no user was written
     */
    public IssuedTokens register(Signup signup, InvocationRecorder recorder) {
        issuance.anticipate();
        ClientApp app = clients.admit(signup.clientId(), signup.origin());
        issuance.prepareFor(app);
        ClientSettings settings = app.settings();
        recorder.identifyClient(app.clientId());
        Instant decidedAt = clock.instant();
        if (settings.deprecation() != null && settings.deprecation().sunsetReached(decidedAt)) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "anonymous sign-up ended for this client app on "
                    + settings.deprecation().sunsetAt(), null, app.deprecationHeadersAt(decidedAt));
        }
        captcha.verify(app, signup.captchaToken(), signup.origin(), signup.sourceIp(), recorder);
        SourceAddress source = SourceAddress.of(signup.sourceIp());
        Instant now = clock.instant();
        Instant expiresAt = expiry.withInactivity(settings.inactivityPeriod()).expiresAt(now);
        IssuedTokens first = OptimisticRetry.decide(ATTEMPTS, "the sign-up (a user id was taken)", recorder, () -> {
            IssuedTokens issued = pairs.issue(tokens.newUserId(), settings.accessTokenLifetime());
            // Counted before the user is written: a failed count writes no user, and a retried one counts once.
            limit.admit(app, source, issued.userId(), recorder);
            // Last: a JWT app's key was being read and decrypted meanwhile.
            issuance.requireReady(app);
            Session session = Session.registered(issued, app.clientId(), now, expiresAt, pairs.newRotationKey());
            return users.insert(session) ? Optional.of(issued) : Optional.empty();
        });
        recorder.identifyUser(first.userId(), app.clientId());
        recorder.count(Metric.USERS_CREATED);
        return first.issuedFor(app);
    }
}
