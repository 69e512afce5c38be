package dev.anonymousaccess.signup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.token.TokenHash;

/**
 * At most {@code signupsPerIp} new users per client app ({@link dev.anonymousaccess.client.ClientSettings}), source
 * address and fixed window
 * ({@code signup-window}, one hour by default). A fixed window admits up to twice the limit around a window's end;
 * in exchange, counting is one conditional write per sign-up and no read.
 */
@ApplicationScoped
public class SignupLimit {

    private static final Logger LOG = Logger.getLogger(SignupLimit.class);

    private final SignupCounter counter;
    private final Clock clock;
    private final Duration window;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public SignupLimit(SignupCounter counter, Clock clock, Window window) {
        this.counter = counter;
        this.clock = clock;
        this.window = window.length();
    }

    /** The fixed window sign-ups are counted in (the deployment's {@code signup-window}). */
    public record Window(Duration length) {
    }

    /**
     * Counts sign-up {@code signupId} (the id of the user about to be written) against its source.
     *
     * @throws OAuthException {@code signup_rate_limited} (429) with the time until the window ends, when the source
     *         has used up the client app's limit; nothing is counted then
     */
    public void admit(ClientApp app, SourceAddress source, String signupId, InvocationRecorder recorder) {
        int limit = app.settings().signupsPerIp();
        if (limit <= 0) {
            return;
        }
        Instant now = clock.instant();
        long windowSeconds = window.toSeconds();
        long windowStart = now.getEpochSecond() / windowSeconds * windowSeconds;
        Instant windowEnd = Instant.ofEpochSecond(windowStart + windowSeconds);
        String key = app.clientId() + "#" + source.key() + "#" + windowStart;
        if (!counter.countOnce(key, digestOf(signupId), limit, windowEnd)) {
            recorder.count(Metric.SIGNUPS_RATE_LIMITED);
            // The source address is personal data: it is never logged.
            LOG.infof("sign-up rate limited: client %s, %d per %s from one source address", app.clientId(), limit,
                    window);
            throw new OAuthException(OAuthError.SIGNUP_RATE_LIMITED, "too many new users from this address; retry"
                    + " after the time Retry-After gives", Duration.between(now, windowEnd));
        }
    }

    /**
     * What a counter remembers of a sign-up: 8 base64url characters (48 bits) of its id's SHA-256, so that a counter at
     * the default limit stays one write unit. Two sign-ups of one source and window sharing a digest (about 1 in 10^12
     * at 30) would count once: one sign-up more than the limit, nothing worse.
     */
    static String digestOf(String signupId) {
        return TokenHash.of(signupId).substring(0, 8);
    }
}
