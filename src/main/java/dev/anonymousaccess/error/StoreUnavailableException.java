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

    private final String service;
    private final String operation;

    /** A DynamoDB {@code operation} failed. */
    public StoreUnavailableException(String operation, Throwable cause) {
        this("DynamoDB", operation, cause);
    }

    /** An {@code operation} of another store or service ({@code KMS}, the signing keys) failed. */
    public StoreUnavailableException(String service, String operation, Throwable cause) {
        super(OAuthError.TEMPORARILY_UNAVAILABLE, DESCRIPTION, cause);
        this.service = service;
        this.operation = operation;
    }

    @Override
    public String logDetail() {
        // Only this service's own messages are quoted (an SDK's could quote a request).
        String why = getCause() instanceof IllegalStateException own && own.getMessage() != null
                ? " (" + own.getMessage() + ")" : "";
        return service + " " + operation + " failed: " + getCause().getClass().getSimpleName() + why;
    }
}
