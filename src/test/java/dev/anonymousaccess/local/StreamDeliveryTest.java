package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.anonymousaccess.testing.ConsoleErrors;
import dev.anonymousaccess.testing.MotoTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local stand-in for Lambda's stream event source mapping, against moto_server's stream. */
class StreamDeliveryTest {

    static final String TABLE = "stream-delivery-test";

    @RegisterExtension
    static final MotoTable STORE = new MotoTable(TABLE, true);

    final DynamoDbClient dynamo = STORE.dynamo();


    /** A lifecycle function still working on a batch when the stack stops: its process ends under the call. */
    static final class BusyFunction implements LambdaFunction {
        final CountDownLatch invoked = new CountDownLatch(1);

        @Override
        public Invocation invoke(String event) {
            invoked.countDown();
            try {
                Thread.sleep(60_000);
                return new Invocation(true, "{}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("lifecycle exited while handling an event", e);
            }
        }
    }

    static Set<Thread> streamThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals("table-stream"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void closingDuringADeliveryEndsItQuietly(@TempDir Path work) throws Exception {
        BusyFunction function = new BusyFunction();
        Set<Thread> before = streamThreads();
        StreamDelivery delivery = new StreamDelivery(TableStream.of(STORE.endpoint(), TABLE), function,
                work.resolve("failures.jsonl"));
        Set<Thread> delivering = streamThreads();
        delivering.removeAll(before);
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("USER#1"))));
        assertTrue(function.invoked.await(10, TimeUnit.SECONDS), "the record was delivered");
        String printed;
        try (ConsoleErrors console = new ConsoleErrors()) {
            delivery.close();
            for (Thread thread : delivering) {
                thread.join(10_000); // whatever the thread prints as it ends, uncaught exceptions included
            }
            printed = console.text();
        }

        assertEquals(1, delivering.size(), "the delivery's own thread");
        assertEquals("", printed, "nothing printed, no stack trace");
        assertTrue(Files.notExists(work.resolve("failures.jsonl")), "a stopped delivery is no failed batch");
    }
}
