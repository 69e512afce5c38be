package dev.anonymousaccess.user;

/** A refresh token that cannot be used (RFC 6749 §5.2 invalid_grant); the message never contains the token. */
public class InvalidGrantException extends RuntimeException {

    public InvalidGrantException(String message) {
        super(message, null, false, false);
    }
}
