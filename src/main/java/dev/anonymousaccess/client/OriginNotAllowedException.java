package dev.anonymousaccess.client;

/** A browser request whose origin the client app does not allow. */
public class OriginNotAllowedException extends RuntimeException {

    public OriginNotAllowedException(String message) {
        super(message, null, false, false);
    }
}
