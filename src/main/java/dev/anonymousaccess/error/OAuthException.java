package dev.anonymousaccess.error;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one failure type of the service: an {@link OAuthError} and a description for the client. The description is the
 * answer's {@code error_description}, so it never contains a token. Expected outcomes carry no stack trace.
 */
public class OAuthException extends RuntimeException {

    /** What every failed client authentication answers. */
    public static final String CLIENT_AUTHENTICATION_FAILED = "client authentication failed";

    private final OAuthError error;
    private final Duration retryAfter;
    private final Map<String, String> answerHeaders;
    private final String logDetail;

    public OAuthException(OAuthError error, String description) {
        this(error, description, (Duration) null);
    }

    /** @param retryAfter when the client may try again ({@code Retry-After}), or null */
    public OAuthException(OAuthError error, String description, Duration retryAfter) {
        this(error, description, retryAfter, Map.of());
    }

    /** @param answerHeaders headers the error answer carries besides its own (a deprecation notice, say) */
    public OAuthException(OAuthError error, String description, Duration retryAfter,
            Map<String, String> answerHeaders) {
        this(error, description, retryAfter, answerHeaders, null);
    }

    private OAuthException(OAuthError error, String description, Duration retryAfter,
            Map<String, String> answerHeaders, String logDetail) {
        super(description, null, false, false);
        this.error = error;
        this.retryAfter = retryAfter;
        this.answerHeaders = Map.copyOf(answerHeaders);
        this.logDetail = logDetail;
    }

    protected OAuthException(OAuthError error, String description, Throwable cause) {
        super(description, cause, false, false);
        this.error = error;
        this.retryAfter = null;
        this.answerHeaders = Map.of();
        this.logDetail = null;
    }

    /** Headers the error answer carries besides its own. */
    public Map<String, String> answerHeaders() {
        return answerHeaders;
    }

    public OAuthError error() {
        return error;
    }

    /** What the log line says of this failure: its description, or more where the description must say less. */
    public String logDetail() {
        return logDetail != null ? logDetail : getMessage();
    }

    /** When the client may try again, if this error says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }

    /**
     * A client whose authentication failed, answered the same whatever failed (RFC 6749 §5.2 leaves it to the
     * server; telling "no such app" from "wrong secret" would help an attacker); {@code why} is for the log only.
     */
    public static OAuthException invalidClient(String why) {
        return new OAuthException(OAuthError.CLIENT_AUTHENTICATION_FAILED, CLIENT_AUTHENTICATION_FAILED, null, Map.of(),
                why);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.INVALID_GRANT, description);
    }
}
