package dev.anonymousaccess.store;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item attribute that is missing or unreadable: the stores read such an item as absent (doubt fails closed). */
final class DamagedItemException extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(DamagedItemException.class);

    DamagedItemException(String attribute) {
        super("attribute " + attribute + " is missing or unreadable", null, false, false);
    }

    /**
     * What {@code read} makes of an item that {@code holds} says is one: empty for no item, another kind, or a damaged
     * one (logged, naming the item by {@code what}: doubt fails closed).
     */
    static <T> Optional<T> readOrNone(String what, Map<String, AttributeValue> item,
            Predicate<Map<String, AttributeValue>> holds, Function<Map<String, AttributeValue>, T> read) {
        if (item == null || item.isEmpty() || !holds.test(item)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read.apply(item));
        } catch (DamagedItemException e) {
            LOG.warnf("damaged item %s, read as none: %s", what, e.getMessage());
            return Optional.empty();
        }
    }
}
