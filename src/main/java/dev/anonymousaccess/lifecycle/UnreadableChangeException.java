package dev.anonymousaccess.lifecycle;

/** A stream record that cannot be read as a change of an item (a damaged attribute, a shape never written). */
public class UnreadableChangeException extends RuntimeException {

    public UnreadableChangeException(String message) {
        super(message, null, false, false);
    }
}
