package dev.anonymousaccess.store;

/** An item attribute that is missing or unreadable: the stores read such an item as absent (doubt fails closed). */
final class DamagedItemException extends RuntimeException {

    DamagedItemException(String attribute) {
        super("attribute " + attribute + " is missing or unreadable", null, false, false);
    }
}
