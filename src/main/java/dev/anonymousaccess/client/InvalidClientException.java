package dev.anonymousaccess.client;

/** The client id names no registered, enabled client app. */
public class InvalidClientException extends RuntimeException {

    public InvalidClientException(String message) {
        super(message, null, false, false);
    }
}
