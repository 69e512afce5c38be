package dev.anonymousaccess.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB bills an item by, by its published rules ("Item sizes and formats"): per attribute, the UTF-8
 * length of its name plus its value's size. Strings count their UTF-8 bytes, binaries their bytes, numbers about one
 * byte per two significant digits plus one, booleans and nulls one byte, sets the sum of their members, lists and
 * maps three bytes plus one per element plus the elements. moto_server's own ConsumedCapacity is not DynamoDB's.
 */
public final class ItemSize {

    private ItemSize() {
    }

    /** Bytes; 0 for no item. */
    public static int of(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        return item.entrySet().stream().mapToInt(e -> utf8(e.getKey()) + value(e.getValue())).sum();
    }

    /** Read units of one read: per started 4 KB, half of it when eventually consistent. */
    public static double readUnits(int bytes, boolean consistent) {
        int units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2.0;
    }

    /** Write units of one write: per started 1 KB of the larger of the item before and after it. */
    public static int writeUnits(int bytesBefore, int bytesAfter) {
        return Math.max(1, (Math.max(bytesBefore, bytesAfter) + 1023) / 1024);
    }

    static int value(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToInt(ItemSize::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToInt(ItemSize::number).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream().mapToInt(b -> b.asByteArray().length).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToInt(v -> 1 + value(v)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToInt(e -> 1 + utf8(e.getKey()) + value(e.getValue())).sum();
        }
        return 0;
    }

    static int number(String text) {
        String digits = new BigDecimal(text).unscaledValue().abs().toString().replaceAll("^0+", "")
                .replaceAll("0+$", "");
        return (Math.max(1, digits.length()) + 1) / 2 + 1;
    }

    static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
