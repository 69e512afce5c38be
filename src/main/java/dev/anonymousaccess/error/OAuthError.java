package dev.anonymousaccess.error;

/**
 * Every error this service answers, with its OAuth {@code error} code (RFC 6749 §5.2, RFC 6750 §3.1, RFC 7009) and
 * HTTP status. Adding an error is adding a constant here.
 */
public enum OAuthError {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_GRANT("invalid_grant", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    CAPTCHA_REQUIRED("captcha_required", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    /**
     * A public request names a client app that is unknown or disabled: 400, as RFC 6749 §5.2 has it when the client
     * did not authenticate with an HTTP scheme (a 401 would need a {@code WWW-Authenticate} challenge to answer).
     */
    INVALID_CLIENT("invalid_client", 400),
    /** A backend's HTTP Basic client authentication failed: 401 with its {@code WWW-Authenticate: Basic} challenge. */
    CLIENT_AUTHENTICATION_FAILED("invalid_client", 401),
    INVALID_TOKEN("invalid_token", 401),
    ORIGIN_NOT_ALLOWED("origin_not_allowed", 403),
    CAPTCHA_FAILED("captcha_failed", 403),
    ALREADY_CLAIMED("already_claimed", 409),
    METHOD_NOT_ALLOWED("invalid_request", 405),
    /** A public document this deployment does not have (its JWT metadata, without a JWT issuer). */
    NOT_FOUND("not_found", 404),
    SIGNUP_RATE_LIMITED("signup_rate_limited", 429),
    SERVER_ERROR("server_error", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503);

    private final String code;
    private final int status;

    OAuthError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The {@code error} field of the answer. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
