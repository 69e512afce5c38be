package dev.anonymousaccess.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The one failure type of the service: an {@link OAuthError} and a description for the client. The description is the
 * answer's {@code error_description}, so it never contains a token. Expected outcomes carry no stack trace.
 */
public class OAuthException extends RuntimeException {

    private final OAuthError error;
    private final Duration retryAfter;

    public OAuthException(OAuthError error, String description) {
        this(error, description, (Duration) null);
    }

    /** @param retryAfter when the client may try again ({@code Retry-After}), or null */
    public OAuthException(OAuthError error, String description, Duration retryAfter) {
        super(description, null, false, false);
        this.error = error;
        this.retryAfter = retryAfter;
    }

    protected OAuthException(OAuthError error, String description, Throwable cause) {
        super(description, cause, false, false);
        this.error = error;
        this.retryAfter = null;
    }

    public OAuthError error() {
        return error;
    }

    /** What the log line says of this failure: its description, or more where the description must say less. */
    public String logDetail() {
        return getMessage();
    }

    /** When the client may try again, if this error says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.INVALID_GRANT, description);
    }
}
