package dev.anonymousaccess.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The cost benchmark's arithmetic: DynamoDB's published item-size rules and unit rounding. */
@Tag("rules")
class ItemSizeTest {

    @Test
    void attributesCountTheirNamesAndValues() {
        assertEquals(2 + 6, ItemSize.of(Map.of("pk", AttributeValue.fromS("USER#x"))));
        assertEquals(3 + 1, ItemSize.of(Map.of("rev", AttributeValue.fromBool(true))));
        assertEquals(3 + 5, ItemSize.of(Map.of("ttl", AttributeValue.fromN("1767225600"))), "8 significant digits");
        assertEquals(3 + 8, ItemSize.of(Map.of("ids", AttributeValue.fromSs(List.of("abcd", "efgh")))));
        assertEquals(1 + 3 + 2 * (1 + 2), ItemSize.of(Map.of("l", AttributeValue.fromL(List.of(AttributeValue.fromS("ab"),
                AttributeValue.fromS("cd"))))));
    }

    @Test
    void unitsArePerStartedKilobyteAndFourKilobytes() {
        assertEquals(1, ItemSize.writeUnits(300, 1024));
        assertEquals(2, ItemSize.writeUnits(1025, 900));
        assertEquals(0.5, ItemSize.readUnits(0, false));
        assertEquals(1.0, ItemSize.readUnits(4096, true));
        assertEquals(2.0, ItemSize.readUnits(4097, true));
    }
}
