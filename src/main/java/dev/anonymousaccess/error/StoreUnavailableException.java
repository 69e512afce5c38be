package dev.anonymousaccess.error;

/**
 * The store could not be reached or refused the call (down, throttled, timed out): {@code temporarily_unavailable}.
 * Callers answer 503 (HTTP) or fail the invocation (authorizer); they never treat it as "not found". The answer's
 * description names no internals; which store operation failed, and how, is for the log line ({@link #logDetail()}).
 */
public class StoreUnavailableException extends OAuthException {

    /** What a client is told: nothing about the store, the operation or the SDK. */
    public static final String DESCRIPTION = "the service is temporarily unavailable; retry after the time"
            + " Retry-After gives";

    private final String operation;

    public StoreUnavailableException(String operation, Throwable cause) {
        super(OAuthError.TEMPORARILY_UNAVAILABLE, DESCRIPTION, cause);
        this.operation = operation;
    }

    @Override
    public String logDetail() {
        return "DynamoDB " + operation + " failed: " + getCause().getClass().getSimpleName();
    }
}
