package dev.anonymousaccess.error;

/**
 * The store could not be reached or refused the call (down, throttled, timed out): {@code temporarily_unavailable}.
 * Callers answer 503 (HTTP) or fail the invocation (authorizer); they never treat it as "not found".
 */
public class StoreUnavailableException extends OAuthException {

    public StoreUnavailableException(String operation, Throwable cause) {
        super(OAuthError.TEMPORARILY_UNAVAILABLE, "DynamoDB " + operation + " failed: "
                + cause.getClass().getSimpleName(), cause);
    }
}
