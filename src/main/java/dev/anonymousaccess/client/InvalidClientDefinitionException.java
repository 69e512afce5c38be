package dev.anonymousaccess.client;

/** A client app definition that cannot be saved; the message says why. Nothing was written. */
public class InvalidClientDefinitionException extends IllegalArgumentException {

    public InvalidClientDefinitionException(String message) {
        super(message);
    }
}
