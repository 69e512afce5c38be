package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.testing.MotoTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * moto_server as {@link MotoLauncher} starts it: concurrent conditional writes to one item are each atomic; what a
 * cancelled transaction wrote is undone in the table and in its stream, whose readers go on reading.
 */
class MotoLauncherTest {

    static final String TABLE = "moto-launcher-test";

    @RegisterExtension
    static final MotoTable STORE = new MotoTable(TABLE, true);

    final DynamoDbClient dynamo = STORE.dynamo();
    TableStream stream;


    @BeforeEach
    void readStreamToItsEnd() throws IOException {
        stream = TableStream.of(STORE.endpoint(), TABLE);
        while (!stream.next(1000).isEmpty()) {
            // records of earlier tests
        }
    }

    @Test
    void theServerSaysItRunsWithTheLaunchersChanges() throws IOException {
        Assumptions.assumeTrue(System.getenv("MOTO_SERVER") == null, "MOTO_SERVER names another executable");
        String log = Files.readString(STORE.moto().log());
        assertTrue(log.contains(MotoLauncher.CHANGED), log);
        assertFalse(log.contains(MotoLauncher.AS_IT_IS), log);
    }

    @Test
    void aCancelledTransactionLeavesTheItemsItWroteAsTheyWere() {
        put("kept", "1");
        assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(
                update("kept", "2"), putNew("never"), checkExists("missing"))));
        assertEquals("1", value("kept"));
        assertTrue(item("never").isEmpty(), "the new item of the cancelled transaction is not there");
    }

    @Test
    void aCancelledTransactionAddsNoRecordToTheStream() throws IOException {
        put("streamed", "1");
        assertEquals(1, stream.next(1000).size());
        assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(
                update("streamed", "2"), checkExists("missing"))));
        assertEquals(List.of(), stream.next(1000));
    }

    @Test
    void theStreamsReadersSeeTheWritesAfterACancelledTransaction() throws IOException {
        assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(
                putNew("undone"), checkExists("missing"))));
        put("after", "1");
        dynamo.transactWriteItems(b -> b.transactItems(putNew("applied-1"), putNew("applied-2")));
        List<String> keys = stream.next(1000).stream()
                .map(record -> ((ObjectNode) record).path("dynamodb").path("Keys").path("pk").path("S").asText())
                .toList();
        assertEquals(List.of("after", "applied-1", "applied-2"), keys);
    }

    @Test
    void concurrentConditionalWritesToOneItemAreEachAtomic() throws Exception {
        int callers = 20;
        int limit = 5;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "counter-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> admitted = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    admitted.add(threads.submit(() -> {
                        start.await();
                        return countUpTo(key, limit);
                    }));
                }
                start.countDown();
                int passed = 0;
                for (Future<Boolean> caller : admitted) {
                    passed += caller.get() ? 1 : 0;
                }
                assertEquals(limit, passed, "round " + round + ": callers the condition admitted");
                assertEquals(String.valueOf(limit), item(key).get("n").n(), "round " + round + ": the count");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aTransactionThatSucceedsAppliesEveryWrite() {
        put("first", "1");
        dynamo.transactWriteItems(b -> b.transactItems(update("first", "2"), putNew("second")));
        assertEquals("2", value("first"));
        assertFalse(item("second").isEmpty());
    }

    /** One conditional ADD: whether the condition (the count below {@code limit}) admitted it. */
    boolean countUpTo(String key, int limit) {
        try {
            dynamo.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(key)))
                    .updateExpression("ADD n :one").conditionExpression("attribute_not_exists(n) OR n < :limit")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":limit",
                            AttributeValue.fromN(Integer.toString(limit)))));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    void put(String key, String value) {
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(key), "v",
                AttributeValue.fromS(value))));
    }

    static TransactWriteItem update(String key, String value) {
        return TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value))))
                .build();
    }

    static TransactWriteItem putNew(String key) {
        return TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(key)))
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    static TransactWriteItem checkExists(String key) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(TABLE)
                .key(Map.of("pk", AttributeValue.fromS(key))).conditionExpression("attribute_exists(pk)")).build();
    }

    Map<String, AttributeValue> item(String key) {
        return dynamo.getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key)))).item();
    }

    String value(String key) {
        return item(key).get("v").s();
    }
}
