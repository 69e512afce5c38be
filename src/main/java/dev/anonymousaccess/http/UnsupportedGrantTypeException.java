package dev.anonymousaccess.http;

/** A {@code grant_type} other than the one the endpoint serves (RFC 6749 §5.2 unsupported_grant_type). */
public class UnsupportedGrantTypeException extends RuntimeException {

    public UnsupportedGrantTypeException(String message) {
        super(message, null, false, false);
    }
}
