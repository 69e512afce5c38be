package dev.anonymousaccess.store;

/**
 * DynamoDB could not be reached or refused the call (down, throttled, timed out). Callers answer 503 (HTTP) or fail
 * the invocation (authorizer); they never treat it as "not found".
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String operation, Throwable cause) {
        super("DynamoDB " + operation + " failed: " + cause.getClass().getSimpleName(), cause);
    }
}
