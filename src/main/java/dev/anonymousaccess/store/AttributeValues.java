package dev.anonymousaccess.store;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reading and writing the few attribute types the stores use. Times are epoch numbers, never strings. Readers of
 * required attributes throw {@link DamagedItemException} for anything missing or of the wrong type, so a damaged item
 * can never be half-read.
 */
final class AttributeValues {

    private AttributeValues() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    static AttributeValue seconds(Instant instant) {
        return n(instant.getEpochSecond());
    }

    static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    /** A required string. */
    static String string(Map<String, AttributeValue> item, String name) {
        String value = optionalString(item, name);
        if (value == null) {
            throw new DamagedItemException(name);
        }
        return value;
    }

    /** An optional string: null when absent, damaged when present with another type. */
    static String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return null;
        }
        if (value.s() == null) {
            throw new DamagedItemException(name);
        }
        return value.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new DamagedItemException(name);
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            throw new DamagedItemException(name);
        }
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.bool() == null) {
            throw new DamagedItemException(name);
        }
        return value.bool();
    }

    /** A list of strings; absent reads as empty. */
    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return List.of();
        }
        if (!value.hasL() || value.l().stream().anyMatch(element -> element.s() == null)) {
            throw new DamagedItemException(name);
        }
        return value.l().stream().map(AttributeValue::s).toList();
    }

    static Instant seconds(Map<String, AttributeValue> item, String name) {
        return instant(name, () -> Instant.ofEpochSecond(number(item, name)));
    }

    static Instant optionalSeconds(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? seconds(item, name) : null;
    }

    static Instant optionalMillis(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? instant(name, () -> Instant.ofEpochMilli(number(item, name))) : null;
    }

    private static Instant instant(String name, java.util.function.Supplier<Instant> read) {
        try {
            return read.get();
        } catch (DateTimeException | ArithmeticException e) {
            throw new DamagedItemException(name);
        }
    }
}
