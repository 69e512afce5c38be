package dev.anonymousaccess.http;

/** A malformed request; the message is the {@code error_description} and never contains a token. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
