package dev.anonymousaccess.error;

import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Metric;

/**
 * The store could not be reached or refused the call (down, throttled, timed out): {@code temporarily_unavailable}.
 * Callers answer 503 (HTTP) or fail the invocation (authorizer); they never treat it as "not found". Every one is
 * counted as a store failure of the invocation in progress, wherever it is caught: even a failure the caller
 * survives (a lifetime extension that could not be written) says that DynamoDB is failing.
 */
public class StoreUnavailableException extends OAuthException {

    public StoreUnavailableException(String operation, Throwable cause) {
        super(OAuthError.TEMPORARILY_UNAVAILABLE, "DynamoDB " + operation + " failed: "
                + cause.getClass().getSimpleName(), cause);
        Invocation.count(Metric.STORE_FAILURES);
    }
}
